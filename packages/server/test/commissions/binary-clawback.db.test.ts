import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveRun } from '../../src/services/commissions/approve-run.ts';
import { calculatePeriod } from '../../src/services/commissions/calculate-period.ts';
import { commitRun } from '../../src/services/commissions/commit-run.ts';
import { savePlanVersion } from '../../src/services/commissions/plan-versions.ts';
import { enrollMember } from '../../src/services/members/enroll-member.ts';
import { placeOrder } from '../../src/services/orders/place-order.ts';
import { refundOrder } from '../../src/services/orders/refund-order.ts';
import { changePeriodStatus, openNextPeriod } from '../../src/services/periods/periods.ts';
import { smallCompany } from '../support/fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { as, ledgerProblems, moveToLastMonth, user } from './support.ts';

const BINARY_PLAN = `
plan: test-binary
version: 1
effectiveFrom: 2020-01-01
currency: INR
bonuses:
  - id: binary
    type: binary
    pay: { percentOfMatched: 10% }
`;

/**
 *        SM1               Last month: Bharat bought 2 × Tulsi (CV 37), Dev 1 × Tulsi (CV 18.5).
 *       /   \              SM1 matched 18.5 a side: 10% = ₹1.85; carries 18.5 on the left.
 *    Asha   Dev            Asha has 37 on the left and nothing on the right: carries 37.
 *     /
 *  Bharat
 */
let database: TestDatabase;
let codes: { asha: string; bharat: string; dev: string };
let bharatOrder: string;
let next: { id: number };
let firstRun: number;

const run = (runId: number) => sql<{ code: string; carry_left: string | null; carry_right: string | null }>`
  SELECT m.code, c.carry_left::text, c.carry_right::text FROM commission_run_members c JOIN members m ON m.id = c.member_id
   WHERE c.run_id = ${runId} AND m.code IN ('SM1', ${codes.asha}) ORDER BY m.code`.execute(database.ctx.db);
const lines = (runId: number) => sql<{ payee: string; bonus: string; amount: number; reverses_run_id: number | null; reversed: number | null }>`
  SELECT m.code AS payee, l.bonus, l.amount, l.reverses_run_id, r.amount AS reversed
    FROM commission_lines l JOIN members m ON m.id = l.payee_id
    LEFT JOIN commission_lines r ON r.run_id = l.reverses_run_id AND r.line_no = l.reverses_line_no
   WHERE l.run_id = ${runId} ORDER BY l.line_no`.execute(database.ctx.db);

beforeAll(async () => {
  database = await createTestDatabase();
  const ctx = database.ctx;
  const company = await smallCompany(ctx);
  await savePlanVersion(ctx, BINARY_PLAN);
  const asha = await enrollMember(ctx, { name: 'Asha', type: 'distributor', sponsor: 'SM1', placement: { parent: 'SM1', slot: 'L' } });
  const dev = await enrollMember(ctx, { name: 'Dev', type: 'distributor', sponsor: 'SM1', placement: { parent: 'SM1', slot: 'R' } });
  const bharat = await enrollMember(ctx, { name: 'Bharat', type: 'distributor', sponsor: asha.code, placement: { parent: asha.code, slot: 'L' } });
  codes = { asha: asha.code, bharat: bharat.code, dev: dev.code };
  bharatOrder = (await placeOrder(ctx, { buyer: bharat.code, items: [{ product: 'TULSI-60', quantity: 2 }] })).order.number;
  await placeOrder(ctx, { buyer: dev.code, items: [{ product: 'TULSI-60', quantity: 1 }] });
  const period = await moveToLastMonth(ctx, company.period.id);
  await changePeriodStatus(ctx, period.id, 'close');
  next = await openNextPeriod(ctx);
  ({ runId: firstRun } = await calculatePeriod(database.handle, user(1), period.id));
  await approveRun(as(ctx, 2), firstRun);
  await commitRun(as(ctx, 2), firstRun);
}, 60_000);
afterAll(() => database.drop());

describe('refunds of committed orders in a binary plan', () => {
  it('pays the committed period as the hand count says', async () => {
    expect((await lines(firstRun)).rows.map((line) => [line.payee, line.amount])).toEqual([['SM1', 185]]);
    expect((await run(firstRun)).rows).toEqual([
      { code: 'SM1', carry_left: '18.50', carry_right: '0.00' },
      { code: codes.asha, carry_left: '37.00', carry_right: '0.00' },
    ]);
  });

  it('takes a refund that the carry covers out of the carry, clawing nothing back', async () => {
    await refundOrder(database.ctx, bharatOrder, { reason: 'Returned one bottle', lines: [{ lineNo: 1, quantity: 1 }] });
    await changePeriodStatus(database.ctx, next.id, 'close');
    const { runId } = await calculatePeriod(database.handle, user(1), next.id);
    // 18.5 comes out of Asha's 37 and out of SM1's 18.5: nothing had been matched.
    expect((await lines(runId)).rows).toEqual([]);
    expect((await run(runId)).rows).toEqual([
      { code: codes.asha, carry_left: '18.50', carry_right: '0.00' },
    ]);
  });

  it('claws back at the binary rate what the carry cannot cover, pointing at the line that paid it', async () => {
    await changePeriodStatus(database.ctx, next.id, 'reopen');
    await refundOrder(database.ctx, bharatOrder, { reason: 'Returned the other bottle', lines: [{ lineNo: 1, quantity: 1 }] });
    await changePeriodStatus(database.ctx, next.id, 'close');
    const { runId } = await calculatePeriod(database.handle, user(1), next.id);
    // All 37 is gone: Asha's carry covers it; SM1's 18.5 covers half, the other 18.5 had been
    // matched against Dev's 18.5 and paid 10%: ₹1.85 comes back.
    expect((await lines(runId)).rows).toEqual([{ payee: 'SM1', bonus: 'binary', amount: -185, reverses_run_id: firstRun, reversed: 185 }]);
    // Both carries are used up; SM1 is listed for the clawback.
    expect((await run(runId)).rows).toEqual([{ code: 'SM1', carry_left: '0.00', carry_right: '0.00' }]);
    await approveRun(as(database.ctx, 2), runId);
    await commitRun(as(database.ctx, 2), runId);
    expect(await ledgerProblems(database.ctx)).toEqual([]);
    const wallet = await sql<{ balance: number }>`
      SELECT -sum(e.amount)::bigint AS balance FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id JOIN members m ON m.id = a.member_id
       WHERE m.code = 'SM1'`.execute(database.ctx.db);
    // 185 less 20% TDS (no PAN) = 148 paid in; the clawback takes 185 back.
    expect(wallet.rows[0]!.balance).toBe(148 - 185);
  });
});
