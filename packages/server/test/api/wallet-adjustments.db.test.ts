import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedMonthWithOrders, commitPeriod, ledgerProblems } from '../commissions/support.ts';
import { startServer, type TestServer } from '../support/http-client.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let database: TestDatabase;
let server: TestServer;
let company: Awaited<ReturnType<typeof closedMonthWithOrders>>;

const wallet = async (code: string) => (await server.request('GET', `/api/members/${code}/wallet`)).body;
const ledgerRows = async () => {
  const { rows } = await sql<{ transactions: number; entries: number; audits: number }>`
    SELECT (SELECT count(*) FROM ledger_transactions)::int AS transactions, (SELECT count(*) FROM ledger_entries)::int AS entries,
           (SELECT count(*) FROM audit_log WHERE action = 'wallet.adjust')::int AS audits`.execute(database.ctx.db);
  return rows[0]!;
};

beforeAll(async () => {
  database = await createTestDatabase();
  company = await closedMonthWithOrders(database.ctx);
  await commitPeriod(database, company.period.id);
  server = await startServer(database.handle);
});
afterAll(async () => {
  await server.close();
  await database.drop();
});

describe('manual wallet adjustments', () => {
  const key = 'adjust-bharat-october-1';

  it('posts a balanced correction with its reason, shown on the wallet and in the audit log', async () => {
    const before = await wallet(company.members.b.code);
    const response = await server.request('POST', `/api/members/${company.members.b.code}/wallet/adjustments`, {
      body: { amount: 750, reason: 'Order 1042 was credited to the wrong sponsor' }, headers: { 'idempotency-key': key },
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ amount: 750, reason: 'Order 1042 was credited to the wrong sponsor', balance: before.balance + 750 });
    const after = await wallet(company.members.b.code);
    expect(after.balance).toBe(before.balance + 750);
    expect(after.entries[0]).toMatchObject({ kind: 'adjustment', memo: 'Order 1042 was credited to the wrong sponsor', amount: 750, periodId: null });
    const { rows } = await sql<{ actor: string; reason: string; after: { amount: number } }>`
      SELECT actor, reason, after FROM audit_log WHERE action = 'wallet.adjust'`.execute(database.ctx.db);
    expect(rows).toEqual([expect.objectContaining({ actor: expect.stringContaining('owner@samooh.test'), reason: 'Order 1042 was credited to the wrong sponsor' })]);
    expect(rows[0]!.after.amount).toBe(750);
    expect(await ledgerProblems(database.ctx)).toEqual([]);
  });

  it('returns the first posting when the same key is repeated, and refuses the key for another adjustment', async () => {
    const counts = await ledgerRows();
    const path = `/api/members/${company.members.b.code}/wallet/adjustments`;
    const again = await server.request('POST', path, { body: { amount: 750, reason: 'Order 1042 was credited to the wrong sponsor' }, headers: { 'idempotency-key': key } });
    expect(again.status).toBe(200);
    const other = await server.request('POST', path, { body: { amount: 751, reason: 'Order 1042 was credited to the wrong sponsor' }, headers: { 'idempotency-key': key } });
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await ledgerRows()).toEqual(counts);
  });

  it('may take a wallet below zero, to be recovered from later earnings', async () => {
    const { balance } = await wallet(company.members.a.code);
    const response = await server.request('POST', `/api/members/${company.members.a.code}/wallet/adjustments`, {
      body: { amount: -(balance + 1_000), reason: 'Recovery of a bonus paid on a cancelled order' },
    });
    expect(response.status).toBe(201);
    expect(response.body.balance).toBe(-1_000);
    expect(await ledgerProblems(database.ctx)).toEqual([]);
  });

  it('refuses a zero amount, a missing reason and an unknown member, writing nothing', async () => {
    const counts = await ledgerRows();
    const post = (code: string, body: unknown) => server.request('POST', `/api/members/${code}/wallet/adjustments`, { body });
    const zero = await post(company.members.b.code, { amount: 0, reason: 'nothing at all' });
    expect(zero.status).toBe(400);
    expect(JSON.stringify(zero.body.error.details)).toContain('amount');
    const noReason = await post(company.members.b.code, { amount: 100, reason: '  ok ' });
    expect(noReason.status).toBe(400);
    expect(JSON.stringify(noReason.body.error.details)).toContain('reason');
    const fraction = await post(company.members.b.code, { amount: 10.5, reason: 'half a paisa' });
    expect(fraction.status).toBe(400);
    const unknown = await post('NOBODY', { amount: 100, reason: 'a member who is not there' });
    expect(unknown.status).toBe(404);
    expect(await ledgerRows()).toEqual(counts);
  });
});
