import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calculatePeriod } from '../../src/services/commissions/calculate-period.ts';
import { changePeriodStatus } from '../../src/services/periods/periods.ts';
import { closedMonthWithOrders, commitPeriod, ledgerProblems, user } from '../commissions/support.ts';
import { startServer, type TestServer } from '../support/http-client.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let database: TestDatabase;
let server: TestServer;
let company: Awaited<ReturnType<typeof closedMonthWithOrders>>;
let committedRun: number;

beforeAll(async () => {
  database = await createTestDatabase();
  company = await closedMonthWithOrders(database.ctx);
  committedRun = await commitPeriod(database, company.period.id);
  server = await startServer(database.handle);
});
afterAll(async () => {
  await server?.close();
  await database?.drop();
});

const refundRows = async () => (await sql<{ kind: string; amount: number }>`SELECT kind, amount FROM refunds ORDER BY id`.execute(database.ctx.db)).rows;
const settings = (body: Record<string, unknown>) => server.request('PATCH', '/api/compliance/settings', { body });

describe('buy-back policy configuration', () => {
  it('defaults to 90% within 365 days, and refuses a share or a window out of range, changing nothing', async () => {
    const current = await server.request('GET', '/api/compliance/settings');
    expect(current.status).toBe(200);
    expect(current.body).toMatchObject({ buyBackPercent: 90, buyBackDays: 365, coolingOffDays: null });
    for (const bad of [{ buyBackPercent: 0 }, { buyBackPercent: 100.5 }, { buyBackPercent: 'ninety' }, { buyBackDays: 0 }, { buyBackDays: 1.5 }, { buyBackDays: 4000 }]) {
      const response = await settings(bad);
      expect(response.status, JSON.stringify(bad)).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_FAILED');
    }
    expect((await server.request('GET', '/api/compliance/settings')).body).toMatchObject({ buyBackPercent: 90, buyBackDays: 365 });
  });
});

describe('a buy-back', () => {
  it('refuses a retail customer\'s order (customers get ordinary refunds) and an order older than the window', async () => {
    const customer = await server.request('POST', `/api/orders/${company.orders.c.number}/buy-back`, { body: { reason: 'Unsold stock' } });
    expect(customer.status).toBe(422);
    expect(customer.body.error.code).toBe('REFUND_POLICY_DISTRIBUTORS_ONLY');
    // The orders are from last month: a 7-day window has passed.
    expect((await settings({ buyBackDays: 7 })).status).toBe(200);
    const late = await server.request('POST', `/api/orders/${company.orders.b.number}/buy-back`, { body: { reason: 'Unsold stock' } });
    expect(late.status).toBe(422);
    expect(late.body.error.code).toBe('BUY_BACK_WINDOW_PASSED');
    expect(await refundRows()).toEqual([]);
  });

  it('refunds the policy share of the price, takes all the volume back and claws back the commissions paid on it', async () => {
    expect((await settings({ buyBackDays: 365, buyBackPercent: 87.5 })).status).toBe(200);
    // Bharat bought 2 × Tulsi at the distributor price, ₹399.00 each: 87.5% of ₹798.00 = ₹698.25.
    expect(company.orders.b.amount).toBe(79_800);
    const response = await server.request('POST', `/api/orders/${company.orders.b.number}/buy-back`, {
      body: { reason: 'Unsold, sealed stock returned' }, headers: { 'idempotency-key': 'buy-back-b' },
    });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body.order).toMatchObject({ status: 'refunded', refundedAmount: 69_825 });
    expect(response.body.order.refunds).toMatchObject([{ kind: 'buy_back', amount: 69_825, cv: 37 }]);
    const replay = await server.request('POST', `/api/orders/${company.orders.b.number}/buy-back`, {
      body: { reason: 'Unsold, sealed stock returned' }, headers: { 'idempotency-key': 'buy-back-b' },
    });
    expect(replay.status).toBe(200);
    expect(replay.body.refundId).toBe(response.body.refundId);
    expect(await refundRows()).toEqual([{ kind: 'buy_back', amount: 69_825 }]);

    // The period the order was paid in is committed: the next run claws back every line it paid, in full (all its CV went back).
    await changePeriodStatus(database.ctx, company.next.id, 'close');
    const runId = (await calculatePeriod(database.handle, user(1), company.next.id)).runId;
    const lines = (await sql<{ payee: string; amount: number; reversed_amount: number; reverses_run_id: number }>`
      SELECT p.code AS payee, l.amount, r.amount AS reversed_amount, l.reverses_run_id
        FROM commission_lines l JOIN members p ON p.id = l.payee_id
        JOIN commission_lines r ON r.run_id = l.reverses_run_id AND r.line_no = l.reverses_line_no
       WHERE l.run_id = ${runId} ORDER BY l.line_no`.execute(database.ctx.db)).rows;
    // Asha had 10% of Bharat's 37 CV (370), SM1 5% (185).
    expect(lines.map((line) => [line.payee, line.amount, line.reversed_amount])).toEqual([[company.members.a.code, -370, 370], ['SM1', -185, 185]]);
    for (const line of lines) expect(line.reverses_run_id).toBe(committedRun);
    await changePeriodStatus(database.ctx, company.next.id, 'reopen');
    expect(await ledgerProblems(database.ctx)).toEqual([]);
  });
});

describe('a cooling-off cancellation', () => {
  it('needs a configured window, a distributor, and the distributor to have joined within it', async () => {
    const unset = await server.request('POST', `/api/orders/${company.orders.a.number}/cooling-off-refund`, { body: { reason: 'Changed my mind' } });
    expect(unset.status).toBe(422);
    expect(unset.body.error.code).toBe('COOLING_OFF_NOT_CONFIGURED');
    expect((await settings({ coolingOffDays: 30 })).status).toBe(200);
    const customer = await server.request('POST', `/api/orders/${company.orders.c.number}/cooling-off-refund`, { body: { reason: 'Changed my mind' } });
    expect(customer.body.error.code).toBe('REFUND_POLICY_DISTRIBUTORS_ONLY');
    await sql`UPDATE members SET joined_at = now() - interval '45 days' WHERE code = ${company.members.a.code}`.execute(database.ctx.db);
    const late = await server.request('POST', `/api/orders/${company.orders.a.number}/cooling-off-refund`, { body: { reason: 'Changed my mind' } });
    expect(late.status).toBe(422);
    expect(late.body.error.code).toBe('COOLING_OFF_EXPIRED');
    expect(late.body.error.message).toContain('30');
    const hindi = await server.request('POST', `/api/orders/${company.orders.a.number}/cooling-off-refund`, { body: { reason: 'Changed my mind' }, headers: { 'accept-language': 'hi' } });
    expect(hindi.body.error.message).toContain('कूलिंग-ऑफ़');
    expect(await refundRows()).toHaveLength(1);
  });

  it('refunds a new distributor\'s order in full', async () => {
    await sql`UPDATE members SET joined_at = now() - interval '10 days' WHERE code = ${company.members.a.code}`.execute(database.ctx.db);
    const response = await server.request('POST', `/api/orders/${company.orders.a.number}/cooling-off-refund`, { body: { reason: 'Changed my mind' } });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body.order).toMatchObject({ status: 'refunded', refundedAmount: company.orders.a.amount });
    expect(response.body.order.refunds).toMatchObject([{ kind: 'cooling_off', amount: company.orders.a.amount }]);
    const again = await server.request('POST', `/api/orders/${company.orders.a.number}/cooling-off-refund`, { body: { reason: 'Changed my mind' } });
    expect(again.body.error.code).toBe('ORDER_FULLY_REFUNDED');
  });
});
