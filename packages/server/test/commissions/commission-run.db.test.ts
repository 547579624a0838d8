import { calculate, parsePlan, parseScenario } from '@samooh/engine';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveRun } from '../../src/services/commissions/approve-run.ts';
import { calculatePeriod } from '../../src/services/commissions/calculate-period.ts';
import { commitRun } from '../../src/services/commissions/commit-run.ts';
import { previewRun } from '../../src/services/commissions/run-view.ts';
import { refundOrder } from '../../src/services/orders/refund-order.ts';
import { changePeriodStatus } from '../../src/services/periods/periods.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { as, closedMonthWithOrders, ledgerProblems, TWO_LEVEL_PLAN, user } from './support.ts';

let database: TestDatabase;
let company: Awaited<ReturnType<typeof closedMonthWithOrders>>;

beforeAll(async () => {
  database = await createTestDatabase();
  company = await closedMonthWithOrders(database.ctx);
});
afterAll(() => database.drop());

const linesOf = async (runId: number) =>
  (await sql<Record<string, unknown>>`
    SELECT l.line_no, p.code AS payee, l.bonus, l.amount, s.code AS source, o.number AS "order", l.level, l.rate, l.base
      FROM commission_lines l JOIN members p ON p.id = l.payee_id LEFT JOIN members s ON s.id = l.source_member_id LEFT JOIN orders o ON o.id = l.source_order_id
     WHERE l.run_id = ${runId} ORDER BY l.line_no`.execute(database.ctx.db)).rows;

describe('calculating a closed period', () => {
  let firstRun: number;

  it('pays retail profit and two unilevel levels, each line explained, as worked out by hand', async () => {
    const { a, b } = company.members;
    firstRun = (await calculatePeriod(database.handle, user(1), company.period.id)).runId;
    const lines = await linesOf(firstRun);
    // Retail: Chitra paid ₹120 for soap Bharat buys at ₹95 → ₹25 = 2500 paise to Bharat.
    // Unilevel on CV (1 CV = 100 paise): Bharat's 37 CV → Asha 10% = 370, SM1 5% = 185;
    // Chitra's 4 CV counts for Bharat → Asha 40, SM1 20; Asha's 18.5 CV → SM1 10% = 185.
    const paid = (payee: string) => lines.filter((line) => line.payee === payee).reduce((sum, line) => sum + Number(line.amount), 0);
    expect(lines.find((line) => line.bonus === 'retail')).toMatchObject({ payee: b.code, amount: 2500, order: company.orders.c.number });
    expect(paid(a.code)).toBe(410);
    expect(paid('SM1')).toBe(390);
    expect(paid(b.code)).toBe(2500);
    expect(lines.find((line) => line.payee === 'SM1' && line.source === a.code)).toMatchObject({ bonus: 'unilevel', level: 1, rate: '10%', amount: 185 });

    const preview = await previewRun(database.ctx, firstRun);
    expect(preview.totals).toMatchObject({ paid: 3300, cv: 59.5, byBonus: { retail: 2500, unilevel: 800 }, earners: 3, lines: lines.length });
    // 2% TDS is withheld from members with a PAN, 20% from those without (none has one here).
    expect(preview.totals.tds).toBe(500 + 82 + 78);
    expect(preview.topEarners.map((earner) => [earner.code, earner.earned])).toEqual([[b.code, 2500], [a.code, 410], ['SM1', 390]]);
    expect(preview.previous).toBeNull();
  });

  it('gives the same lines as `samooh calc` on the same facts written as a scenario', async () => {
    const { a, b, c } = company.members;
    const day = (await sql<{ d: string }>`SELECT start_date::text AS d FROM periods WHERE id = ${company.period.id}`.execute(database.ctx.db)).rows[0]!.d;
    const end = (await sql<{ d: string }>`SELECT end_date::text AS d FROM periods WHERE id = ${company.period.id}`.execute(database.ctx.db)).rows[0]!.d;
    const orders = await sql<{ number: string; buyer: string; date: string; qv: number; cv: number; amount: number; wholesale: number }>`
      SELECT o.number, m.code AS buyer, o.business_date::text AS date, o.qv, o.cv, o.amount, o.wholesale_amount AS wholesale
        FROM orders o JOIN members m ON m.id = o.buyer_id WHERE o.period_id = ${company.period.id}`.execute(database.ctx.db);
    const scenario = parseScenario({
      period: { start: day, end },
      members: [
        { id: 'SM1', type: 'distributor', sponsor: null, placement: null, leg: null, joined: day, status: 'active' },
        { id: a.code, type: 'distributor', sponsor: 'SM1', placement: 'SM1', leg: 'L', joined: day, status: 'active' },
        { id: b.code, type: 'distributor', sponsor: a.code, placement: a.code, leg: 'L', joined: day, status: 'active' },
        { id: c.code, type: 'retail', sponsor: b.code, placement: null, leg: null, joined: day, status: 'active' },
      ],
      orders: orders.rows.map((order) => ({ id: order.number, buyer: order.buyer, date: order.date, qv: order.qv, cv: order.cv, amount: order.amount, wholesale: order.wholesale })),
    });
    const expected = calculate(parsePlan(TWO_LEVEL_PLAN), scenario);
    const stored = await linesOf(firstRun);
    expect(stored.map((line) => ({ payee: line.payee, bonus: line.bonus, amount: Number(line.amount), order: line.order ?? undefined })))
      .toEqual(expected.lines.map((line) => ({ payee: line.payee, bonus: line.bonus, amount: line.amount, order: line.source.order })));
  });

  it('gives identical lines and the same input hash when run again, and compares with the previous preview', async () => {
    const again = (await calculatePeriod(database.handle, user(1), company.period.id)).runId;
    const [first, second] = await Promise.all([previewRun(database.ctx, firstRun), previewRun(database.ctx, again)]);
    expect(second.inputHash).toBe(first.inputHash);
    expect(second.sequence).toBe(2);
    expect(first.status).toBe('superseded');
    expect(second.previous).toMatchObject({ runId: firstRun, paidChange: 0, membersChanged: 0 });
    // The superseded preview's lines are gone; its member outcomes stay for the comparison.
    expect(await linesOf(firstRun)).toEqual([]);
    firstRun = again;
  });

  it('refuses approval without a signed-in person, and by the person who ran it', async () => {
    await expect(approveRun(database.ctx, firstRun)).rejects.toMatchObject({ code: 'SIGNED_IN_USER_REQUIRED' });
    await expect(approveRun(as(database.ctx, 1), firstRun)).rejects.toMatchObject({ code: 'RUN_SELF_APPROVAL' });
  });

  it('refuses to commit a run that is not approved', async () => {
    await expect(commitRun(as(database.ctx, 2), firstRun)).rejects.toMatchObject({ code: 'RUN_NOT_APPROVED' });
  });

  it('refuses to commit a run that a later refund made stale, and the recalculated run takes the refund off', async () => {
    await approveRun(as(database.ctx, 2), firstRun);
    await refundOrder(database.ctx, company.orders.a.number, { reason: 'Damaged in transit' });
    await expect(commitRun(as(database.ctx, 2), firstRun)).rejects.toMatchObject({ code: 'RUN_STALE' });
    const rerun = (await calculatePeriod(database.handle, user(1), company.period.id)).runId;
    const preview = await previewRun(database.ctx, rerun);
    // Asha's order is gone: SM1 loses its 185 from it.
    expect(preview.totals.paid).toBe(3300 - 185);
    expect(preview.previous).toMatchObject({ paidChange: -185, membersChanged: 1, largestChanges: [{ code: 'SM1', before: 390, after: 205 }] });
    firstRun = rerun;
  });

  it('commits an approved run to the ledger once, net of tax withheld, however often commit is asked', async () => {
    await approveRun(as(database.ctx, 2), firstRun);
    const committed = await commitRun(as(database.ctx, 2), firstRun);
    expect(committed.status).toBe('committed');
    const again = await commitRun(as(database.ctx, 3), firstRun);
    expect(again.committedBy).toBe(2);
    expect(await ledgerProblems(database.ctx)).toEqual([]);
    const wallets = await sql<{ code: string; balance: number }>`
      SELECT m.code, -sum(e.amount)::bigint AS balance FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id JOIN members m ON m.id = a.member_id
       GROUP BY m.code ORDER BY m.code`.execute(database.ctx.db);
    // No PAN on file: 20% withheld. Bharat 2500 − 500; Asha 410 − 82; SM1 205 − 41.
    expect(Object.fromEntries(wallets.rows.map((row) => [row.code, row.balance]))).toEqual({ [company.members.b.code]: 2000, [company.members.a.code]: 328, SM1: 164 });
    const period = await sql<{ status: string }>`SELECT status FROM periods WHERE id = ${company.period.id}`.execute(database.ctx.db);
    expect(period.rows[0]!.status).toBe('committed');
  });

  it('keeps ledger entries as facts: no entry can be changed or removed', async () => {
    await expect(sql`UPDATE ledger_entries SET amount = amount + 1`.execute(database.ctx.db)).rejects.toThrow(/never changed/);
    await expect(sql`DELETE FROM ledger_entries`.execute(database.ctx.db)).rejects.toThrow(/never changed/);
  });

  it('claws back a refund of a committed order in the next period, each negative line pointing at the line it reverses', async () => {
    const refund = await refundOrder(database.ctx, company.orders.b.number, { reason: 'Returned one bottle', lines: [{ lineNo: 1, quantity: 1 }] });
    const isClawback = await sql<{ clawback: boolean }>`SELECT clawback FROM refunds WHERE id = ${refund.refundId}`.execute(database.ctx.db);
    expect(isClawback.rows[0]!.clawback).toBe(true);
    await changePeriodStatus(database.ctx, company.next.id, 'close');
    const runId = (await calculatePeriod(database.handle, user(1), company.next.id)).runId;
    const lines = await sql<{ payee: string; amount: number; reverses_run_id: number; reverses_line_no: number; reversed_amount: number }>`
      SELECT p.code AS payee, l.amount, l.reverses_run_id, l.reverses_line_no, r.amount AS reversed_amount
        FROM commission_lines l JOIN members p ON p.id = l.payee_id
        JOIN commission_lines r ON r.run_id = l.reverses_run_id AND r.line_no = l.reverses_line_no
       WHERE l.run_id = ${runId} ORDER BY l.line_no`.execute(database.ctx.db);
    // Half of Bharat's order is refunded: Asha's 370 → −185; SM1's 185 → 92.5 → −93 (half-up).
    expect(lines.rows.map((line) => [line.payee, line.amount, line.reversed_amount])).toEqual([[company.members.a.code, -185, 370], ['SM1', -93, 185]]);
    for (const line of lines.rows) expect(line.reverses_run_id).toBe(firstRun);
    const preview = await previewRun(database.ctx, runId);
    expect(preview.totals).toMatchObject({ paid: 0, clawbacks: -278, tds: 0, net: -278 });

    await approveRun(as(database.ctx, 2), runId);
    await commitRun(as(database.ctx, 2), runId);
    expect(await ledgerProblems(database.ctx)).toEqual([]);
    const wallets = await sql<{ code: string; balance: number }>`
      SELECT m.code, -sum(e.amount)::bigint AS balance FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id JOIN members m ON m.id = a.member_id
       GROUP BY m.code ORDER BY m.code`.execute(database.ctx.db);
    expect(Object.fromEntries(wallets.rows.map((row) => [row.code, row.balance]))).toEqual({ [company.members.b.code]: 2000, [company.members.a.code]: 328 - 185, SM1: 164 - 93 });
  });
});
