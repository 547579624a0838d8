import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changePeriodStatus } from '../../src/services/periods/periods.ts';
import { closedMonthWithOrders, commitPeriod, ledgerProblems } from '../commissions/support.ts';
import { startServer, type TestServer } from '../support/http-client.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let database: TestDatabase;
let server: TestServer;
let company: Awaited<ReturnType<typeof closedMonthWithOrders>>;

const wallets = async () => {
  const { rows } = await sql<{ code: string; balance: number }>`
    SELECT m.code, -sum(e.amount)::bigint AS balance
      FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id JOIN members m ON m.id = a.member_id
     GROUP BY 1 ORDER BY 1`.execute(database.ctx.db);
  return Object.fromEntries(rows.map((row) => [row.code, row.balance]));
};
const runOf = async (periodId: number) =>
  database.ctx.db.selectFrom('commission_runs').select(['id', 'status', 'reversal_reason']).where('period_id', '=', periodId).orderBy('id').execute();
const counts = async () => {
  const { rows } = await sql<{ transactions: number; entries: number }>`
    SELECT (SELECT count(*) FROM ledger_transactions)::int AS transactions, (SELECT count(*) FROM ledger_entries)::int AS entries`.execute(database.ctx.db);
  return rows[0]!;
};

const calculateApproveCommit = (periodId: number) => commitPeriod(database, periodId);

beforeAll(async () => {
  database = await createTestDatabase();
  company = await closedMonthWithOrders(database.ctx);
  await sql`UPDATE members SET pan = 'ABCDE1234F', bank_account = '123456789012', bank_ifsc = 'HDFC0001234', kyc_status = 'verified' WHERE code = ${company.members.b.code}`.execute(database.ctx.db);
  await sql`UPDATE company SET minimum_payout = 300`.execute(database.ctx.db);
  await calculateApproveCommit(company.period.id);
  server = await startServer(database.handle);
});
afterAll(async () => {
  await server.close();
  await database.drop();
});

describe('reopening a committed period before it is paid', () => {
  let committed: Record<string, number>;
  const reopen = (body?: unknown) => server.request('POST', `/api/periods/${company.period.id}/reopen`, body === undefined ? {} : { body });

  it('asks for a reason, since it moves money back', async () => {
    committed = await wallets();
    expect(committed[company.members.b.code]).toBe(2450);
    const before = await counts();
    const response = await reopen();
    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe('REVERSAL_REASON_REQUIRED');
    expect(await counts()).toEqual(before);
  });

  it('is refused while a payout made since the commit is on its way, and allowed once it failed back', async () => {
    const batch = await server.request('POST', '/api/payout-batches');
    expect(batch.status).toBe(201);
    const refused = await reopen({ reason: 'Plan rates were entered wrong' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('PERIOD_PAYOUTS_MADE');
    expect((await runOf(company.period.id)).map((run) => run.status)).toEqual(['committed']);
    await server.request('GET', `/api/payout-batches/${batch.body.id}/bank-file.csv`);
    const failed = await server.request('POST', `/api/payouts/${batch.body.payouts[0].id}/failed`, { body: { reason: 'Account closed' } });
    expect(failed.status).toBe(200);
  });

  it('reverses every posting of the run once, keeps the run as reversed, and opens the period', async () => {
    const response = await reopen({ reason: 'Plan rates were entered wrong' });
    expect(response.status).toBe(200);
    expect(response.body.status).toBe('open');
    expect(await runOf(company.period.id)).toEqual([expect.objectContaining({ status: 'reversed', reversal_reason: 'Plan rates were entered wrong' })]);
    // Every wallet is back where it was before the commit: nothing.
    expect(Object.values(await wallets()).every((balance) => balance === 0)).toBe(true);
    const { rows } = await sql<{ commission: number; reversal: number; unmatched: number }>`
      SELECT count(*) FILTER (WHERE kind = 'commission')::int AS commission, count(*) FILTER (WHERE kind = 'reversal')::int AS reversal,
             (SELECT count(*) FROM ledger_transactions c WHERE c.kind = 'commission'
                 AND NOT EXISTS (SELECT 1 FROM ledger_transactions r WHERE r.reverses_transaction_id = c.id))::int AS unmatched
        FROM ledger_transactions`.execute(database.ctx.db);
    expect(rows[0]!.reversal).toBe(rows[0]!.commission);
    expect(rows[0]!.unmatched).toBe(0);
    expect(await ledgerProblems(database.ctx)).toEqual([]);
    const audit = await database.ctx.db.selectFrom('audit_log').select(['action', 'reason']).where('action', '=', 'run.reversed').execute();
    expect(audit).toEqual([{ action: 'run.reversed', reason: 'Plan rates were entered wrong' }]);
  });

  it('recommits to the same wallets from the same inputs, and never reverses a transaction twice', async () => {
    await changePeriodStatus(database.ctx, company.period.id, 'close');
    await calculateApproveCommit(company.period.id);
    expect(await wallets()).toEqual(committed);
    expect(await ledgerProblems(database.ctx)).toEqual([]);
    const first = await database.ctx.db.selectFrom('ledger_transactions').select('id').where('kind', '=', 'reversal').orderBy('id').executeTakeFirstOrThrow();
    const twice = sql`INSERT INTO ledger_transactions (kind, reference, memo, reverses_transaction_id)
      SELECT 'reversal', 'again', 'again', reverses_transaction_id FROM ledger_transactions WHERE id = ${first.id}`.execute(database.ctx.db);
    await expect(twice).rejects.toThrow(/duplicate key|unique/i);
  });

  it('is refused once a later period is committed on top of it', async () => {
    const next = await database.ctx.db.selectFrom('periods').select('id').where('start_date', '>', company.period.start_date).orderBy('start_date').executeTakeFirstOrThrow();
    await changePeriodStatus(database.ctx, next.id, 'close');
    await calculateApproveCommit(next.id);
    const before = await counts();
    const response = await reopen({ reason: 'Plan rates were entered wrong' });
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('LATER_PERIOD_COMMITTED');
    expect(await counts()).toEqual(before);
  });
});
