import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calculatePeriod } from '../../src/services/commissions/calculate-period.ts';
import { supersedePreviews } from '../../src/services/commissions/supersede-previews.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { closedMonthWithOrders, commitPeriod, ledgerProblems, user } from './support.ts';

let database: TestDatabase;
let company: Awaited<ReturnType<typeof closedMonthWithOrders>>;

beforeAll(async () => {
  database = await createTestDatabase();
  company = await closedMonthWithOrders(database.ctx);
});
afterAll(() => database.drop());

const errorCode = async (statement: Promise<unknown>): Promise<string | undefined> => {
  try {
    await statement;
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
};
const count = async (query: ReturnType<typeof sql<{ n: number }>>) => (await query.execute(database.ctx.db)).rows[0]!.n;
const entryCount = () => count(sql<{ n: number }>`SELECT count(*)::int AS n FROM ledger_entries`);

/** The partitions of commission_lines, by run. */
const linePartitions = async () => (await sql<{ name: string }>`
  SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
   WHERE i.inhparent = 'commission_lines'::regclass ORDER BY c.relname`.execute(database.ctx.db)).rows.map((row) => row.name);

describe('lines of a run', () => {
  it('live in a partition of their own that superseding drops, while the run keeps its member outcomes', async () => {
    const first = (await calculatePeriod(database.handle, user(1), company.period.id)).runId;
    const firstLines = await count(sql<{ n: number }>`SELECT count(*)::int AS n FROM commission_lines WHERE run_id = ${first}`);
    expect(firstLines).toBeGreaterThan(0);
    expect(await linePartitions()).toContain(`commission_lines_run_${first}`);

    const second = (await calculatePeriod(database.handle, user(1), company.period.id)).runId;
    expect(await linePartitions()).not.toContain(`commission_lines_run_${first}`);
    expect(await linePartitions()).toContain(`commission_lines_run_${second}`);
    expect(await count(sql<{ n: number }>`SELECT count(*)::int AS n FROM commission_lines WHERE run_id = ${second}`)).toBe(firstLines);
    expect(await count(sql<{ n: number }>`SELECT count(*)::int AS n FROM commission_run_members WHERE run_id = ${first}`)).toBeGreaterThan(0);
    // The run's index is the partition of the statement index: a payee's lines are found by it.
    const plan = (await sql<{ 'QUERY PLAN': string }>`EXPLAIN SELECT * FROM commission_lines WHERE run_id = ${second} AND payee_id = 1`.execute(database.ctx.db)).rows.map((row) => row['QUERY PLAN']).join('\n');
    expect(plan).toContain(`commission_lines_run_${second}`);
    expect(plan).not.toContain(`commission_lines_run_${first}`);

    // Superseding through a Kysely handle (reopening a period, reversing a run) drops the lines the same way.
    await database.ctx.db.transaction().execute(async (trx) => expect(await supersedePreviews(trx, [company.period.id])).toEqual([second]));
    expect(await linePartitions()).not.toContain(`commission_lines_run_${second}`);
    expect(await count(sql<{ n: number }>`SELECT count(*)::int AS n FROM commission_lines WHERE run_id = ${second}`)).toBe(0);
  });
});

describe('ledger entries', () => {
  let transactionId: number;
  let bank: number;
  let clearing: number;

  it('are posted by a commit with every reference and balance checked once per statement', async () => {
    const runId = await commitPeriod(database, company.period.id);
    expect(await count(sql<{ n: number }>`SELECT count(*)::int AS n FROM ledger_transactions WHERE commission_run_id = ${runId}`)).toBeGreaterThan(0);
    expect(await ledgerProblems(database.ctx)).toEqual([]);
    const rows = (await sql<{ id: number }>`
      INSERT INTO ledger_accounts (code, kind, currency) VALUES ('bank:reference-test', 'bank', 'INR'), ('clearing:reference-test', 'clearing', 'INR') RETURNING id`.execute(database.ctx.db)).rows;
    [bank, clearing] = rows.map((row) => Number(row.id)) as [number, number];
    transactionId = Number((await sql<{ id: number }>`
      INSERT INTO ledger_transactions (kind, reference, memo) VALUES ('adjustment', 'reference-test', 'test') RETURNING id`.execute(database.ctx.db)).rows[0]!.id);
    await sql`INSERT INTO ledger_entries (transaction_id, account_id, amount) VALUES (${transactionId}, ${bank}, 500), (${transactionId}, ${clearing}, -500)`.execute(database.ctx.db);
  });

  it('refuse a transaction or an account that does not exist, writing nothing', async () => {
    const before = await entryCount();
    expect(await errorCode(sql`INSERT INTO ledger_entries (transaction_id, account_id, amount) VALUES (${transactionId + 1000}, ${bank}, 100), (${transactionId + 1000}, ${clearing}, -100)`.execute(database.ctx.db))).toBe('23503');
    expect(await errorCode(sql`INSERT INTO ledger_entries (transaction_id, account_id, amount) VALUES (${transactionId}, ${bank}, 100), (${transactionId}, ${clearing + 1000}, -100)`.execute(database.ctx.db))).toBe('23503');
    expect(await entryCount()).toBe(before);
  });

  it('must balance: entries added to a transaction must sum to zero', async () => {
    const before = await entryCount();
    expect(await errorCode(sql`INSERT INTO ledger_entries (transaction_id, account_id, amount) VALUES (${transactionId}, ${bank}, 100)`.execute(database.ctx.db))).toBe('23514');
    await sql`INSERT INTO ledger_entries (transaction_id, account_id, amount) VALUES (${transactionId}, ${bank}, 70), (${transactionId}, ${clearing}, -70)`.execute(database.ctx.db);
    expect(await entryCount()).toBe(before + 2);
    expect(await ledgerProblems(database.ctx)).toEqual([]);
  });

  it('keep what they refer to: a transaction or an account with entries is not removed or renumbered', async () => {
    expect(await errorCode(sql`DELETE FROM ledger_transactions WHERE id = ${transactionId}`.execute(database.ctx.db))).toBe('23503');
    expect(await errorCode(sql`DELETE FROM ledger_accounts WHERE id = ${bank}`.execute(database.ctx.db))).toBe('23503');
    expect(await errorCode(sql`UPDATE ledger_transactions SET id = id + 100000 WHERE id = ${transactionId}`.execute(database.ctx.db))).toBe('55000');
    expect(await errorCode(sql`UPDATE ledger_accounts SET id = id + 100000 WHERE id = ${clearing}`.execute(database.ctx.db))).toBe('55000');
    // Without entries, removing is as before.
    const spare = (await sql<{ id: number }>`INSERT INTO ledger_accounts (code, kind, currency) VALUES ('bank:spare', 'bank', 'INR') RETURNING id`.execute(database.ctx.db)).rows[0]!.id;
    await sql`DELETE FROM ledger_accounts WHERE id = ${spare}`.execute(database.ctx.db);
    expect(await count(sql<{ n: number }>`SELECT count(*)::int AS n FROM ledger_accounts WHERE id = ${spare}`)).toBe(0);
  });
});
