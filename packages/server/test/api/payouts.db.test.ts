import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveRun } from '../../src/services/commissions/approve-run.ts';
import { calculatePeriod } from '../../src/services/commissions/calculate-period.ts';
import { commitRun } from '../../src/services/commissions/commit-run.ts';
import { as, closedMonthWithOrders, ledgerProblems, user } from '../commissions/support.ts';
import { startServer, type TestServer } from '../support/http-client.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let database: TestDatabase;
let server: TestServer;
let company: Awaited<ReturnType<typeof closedMonthWithOrders>>;

const balances = async () => {
  const { rows } = await sql<{ code: string; balance: number }>`
    SELECT coalesce(m.code, a.code) AS code, -sum(e.amount)::bigint AS balance
      FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id LEFT JOIN members m ON m.id = a.member_id
     GROUP BY 1 ORDER BY 1`.execute(database.ctx.db);
  return Object.fromEntries(rows.map((row) => [row.code, row.balance]));
};

beforeAll(async () => {
  database = await createTestDatabase();
  company = await closedMonthWithOrders(database.ctx);
  // Bharat has a PAN (2% TDS) and verified bank details; Asha's KYC is verified too; SM1's is not.
  await sql`UPDATE members SET pan = 'ABCDE1234F', bank_account = '123456789012', bank_ifsc = 'HDFC0001234', kyc_status = 'verified' WHERE code = ${company.members.b.code}`.execute(database.ctx.db);
  await sql`UPDATE members SET bank_account = '987654321', bank_ifsc = 'SBIN0000001', kyc_status = 'verified' WHERE code = ${company.members.a.code}`.execute(database.ctx.db);
  await sql`UPDATE company SET minimum_payout = 300`.execute(database.ctx.db);
  const { runId } = await calculatePeriod(database.handle, user(1), company.period.id);
  await approveRun(as(database.ctx, 2), runId);
  await commitRun(as(database.ctx, 2), runId);
  server = await startServer(database.handle);
});
afterAll(async () => {
  await server.close();
  await database.drop();
});

describe('payouts', () => {
  let batchId: number;
  let payouts: { id: number; code: string; amount: number }[];

  it('lists wallets with their holds: KYC not verified holds SM1', async () => {
    const response = await server.request('GET', '/api/payouts/wallets');
    expect(response.status).toBe(200);
    // Bharat 2500 − 2% = 2450; Asha 410 − 20% = 328; SM1 390 − 20% = 312.
    expect(response.body.items.map((wallet: { code: string; balance: number; hold: string | null; bankAccount: string | null }) => [wallet.code, wallet.balance, wallet.hold, wallet.bankAccount])).toEqual([
      ['SM1', 312, 'KYC not verified', null],
      [company.members.a.code, 328, null, '•••••4321'],
      [company.members.b.code, 2450, null, '••••••••9012'],
    ]);
  });

  it('refuses to pay a held wallet when it is named, with its own code', async () => {
    await server.request('PUT', `/api/members/${company.members.a.code}/payout-hold`, { body: { hold: 'Compliance review of October orders' } });
    const response = await server.request('POST', '/api/payout-batches', { body: { members: [company.members.a.code] } });
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('WALLET_ON_HOLD');
    expect(response.body.error.message).toContain('Compliance review');
  });

  it('builds a batch of the payable wallets only, moving each amount out of the wallet at once', async () => {
    const response = await server.request('POST', '/api/payout-batches');
    expect(response.status).toBe(201);
    payouts = response.body.payouts;
    batchId = response.body.id;
    expect(payouts.map((payout) => [payout.code, payout.amount])).toEqual([[company.members.b.code, 2450]]);
    expect((await balances())[company.members.b.code]).toBe(0);
    // A second batch finds nothing payable: Bharat's payout is under way, Asha is held, SM1 is not verified.
    const again = await server.request('POST', '/api/payout-batches');
    expect(again.status).toBe(422);
    expect(again.body.error.code).toBe('NOTHING_TO_PAY');
  });

  it('refuses to mark the period paid while a payout waits for the bank', async () => {
    const response = await server.request('POST', `/api/periods/${company.period.id}/pay`);
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('PAYOUTS_PENDING');
  });

  it('refuses to settle a payout before its batch went to the bank', async () => {
    const response = await server.request('POST', `/api/payouts/${payouts[0]!.id}/paid`);
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('PAYOUT_NOT_EXPORTED');
  });

  it('exports the bank file with account, IFSC, rupees and a reference', async () => {
    const response = await server.request('GET', `/api/payout-batches/${batchId}/bank-file.csv`);
    expect(response.headers.get('content-type')).toContain('text/csv');
    expect(parse(response.text)).toEqual([
      ['account_holder', 'account_number', 'ifsc', 'amount', 'reference'],
      ['Bharat', '123456789012', 'HDFC0001234', '24.50', `PO${batchId}-${payouts[0]!.id}`],
    ]);
    expect((await server.request('GET', `/api/payout-batches/${batchId}`)).body.status).toBe('exported');
  });

  it('returns a failed payout to the wallet, then pays it in a new batch, and never settles one twice', async () => {
    const failed = await server.request('POST', `/api/payouts/${payouts[0]!.id}/failed`, { body: { reason: 'Account closed' } });
    expect(failed.status).toBe(200);
    expect(failed.body.status).toBe('settled');
    expect((await balances())[company.members.b.code]).toBe(2450);
    const twice = await server.request('POST', `/api/payouts/${payouts[0]!.id}/paid`);
    expect(twice.body.error.code).toBe('PAYOUT_ALREADY_SETTLED');

    const next = await server.request('POST', '/api/payout-batches');
    const payout = next.body.payouts[0];
    await server.request('GET', `/api/payout-batches/${next.body.id}/bank-file.csv`);
    const paid = await server.request('POST', `/api/payouts/${payout.id}/paid`);
    expect(paid.body.payouts[0].status).toBe('paid');
    const after = await balances();
    expect(after[company.members.b.code]).toBe(0);
    expect(after[`bank:INR`]).toBe(2450);
    expect(after['payouts-clearing:INR']).toBe(0);
    expect(await ledgerProblems(database.ctx)).toEqual([]);
  });

  it('marks the period paid once every payout is answered, and then never reopens it', async () => {
    const paid = await server.request('POST', `/api/periods/${company.period.id}/pay`);
    expect([paid.status, paid.body.status]).toEqual([200, 'paid']);
    const reopen = await server.request('POST', `/api/periods/${company.period.id}/reopen`);
    expect(reopen.status).toBe(409);
    expect(reopen.body.error.code).toBe('PERIOD_ALREADY_PAID');
  });
});
