import { sql } from 'kysely';
import type { DatabaseHandle } from '../../src/db/connection.ts';
import { approveRun } from '../../src/services/commissions/approve-run.ts';
import { calculatePeriod } from '../../src/services/commissions/calculate-period.ts';
import { commitRun } from '../../src/services/commissions/commit-run.ts';
import type { Actor, RequestContext } from '../../src/services/context.ts';
import { enrollMember } from '../../src/services/members/enroll-member.ts';
import { placeOrder } from '../../src/services/orders/place-order.ts';
import { changePeriodStatus, openNextPeriod } from '../../src/services/periods/periods.ts';
import { savePlanVersion } from '../../src/services/commissions/plan-versions.ts';
import { smallCompany } from '../support/fixtures.ts';

/** Two level unilevel with retail profit: small enough to check by hand. */
export const TWO_LEVEL_PLAN = `
plan: test-unilevel
version: 1
effectiveFrom: 2020-01-01
currency: INR
bonuses:
  - id: retail
    type: retailProfit
  - id: unilevel
    type: unilevel
    levels: [10%, 5%]
    compression: none
`;

export const user = (id: number): Actor => ({ kind: 'user', id, label: `user:${id}`, roles: ['admin'] });
export const as = (ctx: RequestContext, id: number): RequestContext => ({ ...ctx, actor: user(id) });

/** Calculates a period as admin 1, approves and commits it as admin 2: the usual way to a committed run. Returns the run. */
export async function commitPeriod(database: { handle: DatabaseHandle; ctx: RequestContext }, periodId: number): Promise<number> {
  const { runId } = await calculatePeriod(database.handle, user(1), periodId);
  await approveRun(as(database.ctx, 2), runId);
  await commitRun(as(database.ctx, 2), runId);
  return runId;
}

/**
 * SM1 ← A ← B ← C (a retail customer of B). Orders: B 2 × Tulsi (QV 40, CV 37), C 1 × Neem Soap at
 * retail (₹120, distributor price ₹95, CV 4), A 1 × Tulsi (CV 18.5). The period is moved to last
 * month and closed, and this month's period opened, as at a real month end.
 */
export async function closedMonthWithOrders(ctx: RequestContext, plan = TWO_LEVEL_PLAN) {
  const company = await smallCompany(ctx);
  await savePlanVersion(ctx, plan);
  const a = await enrollMember(ctx, { name: 'Asha', type: 'distributor', sponsor: 'SM1' });
  const b = await enrollMember(ctx, { name: 'Bharat', type: 'distributor', sponsor: a.code });
  const c = await enrollMember(ctx, { name: 'Chitra', type: 'retail', sponsor: b.code });
  const orderB = await placeOrder(ctx, { buyer: b.code, items: [{ product: 'TULSI-60', quantity: 2 }] });
  const orderC = await placeOrder(ctx, { buyer: c.code, items: [{ product: 'NEEM-SOAP', quantity: 1 }] });
  const orderA = await placeOrder(ctx, { buyer: a.code, items: [{ product: 'TULSI-60', quantity: 1 }] });
  const period = await moveToLastMonth(ctx, company.period.id);
  await changePeriodStatus(ctx, period.id, 'close');
  const next = await openNextPeriod(ctx);
  return { ...company, period, next, members: { a, b, c }, orders: { a: orderA.order, b: orderB.order, c: orderC.order } };
}

/** Shifts a period and its orders back one month, so that today falls in the period after it. */
export async function moveToLastMonth(ctx: RequestContext, periodId: number) {
  await sql`UPDATE orders SET business_date = (business_date - interval '1 month')::date WHERE period_id = ${periodId}`.execute(ctx.db);
  await sql`UPDATE members SET joined_at = joined_at - interval '1 month'`.execute(ctx.db);
  const { rows } = await sql<{ id: number; start_date: string; end_date: string }>`
    UPDATE periods SET start_date = (start_date - interval '1 month')::date, end_date = (start_date - interval '1 day')::date
     WHERE id = ${periodId} RETURNING id, start_date, end_date`.execute(ctx.db);
  return rows[0]!;
}

/** The ledger's invariants: every transaction balances, and each committed run's earnings are posted once per payee. */
export async function ledgerProblems(ctx: RequestContext): Promise<string[]> {
  const problems: string[] = [];
  const unbalanced = await sql<{ id: number }>`SELECT transaction_id AS id FROM ledger_entries GROUP BY transaction_id HAVING sum(amount) <> 0`.execute(ctx.db);
  for (const row of unbalanced.rows) problems.push(`transaction ${row.id} does not balance`);
  const total = await sql<{ sum: number | null }>`SELECT sum(amount)::bigint AS sum FROM ledger_entries`.execute(ctx.db);
  if ((total.rows[0]?.sum ?? 0) !== 0) problems.push(`debits and credits differ by ${total.rows[0]!.sum}`);
  const postings = await sql<{ run: number; member: number; lines: number | null; earned: number | null; postings: number; posted: number | null }>`
    SELECT coalesce(l.run_id, t.run_id) AS run, coalesce(l.payee_id, t.member_id) AS member, l.lines, l.earned, coalesce(t.postings, 0)::int AS postings, t.posted
      FROM (SELECT cl.run_id, cl.payee_id, sum(cl.amount)::bigint AS earned, count(*)::int AS lines
              FROM commission_lines cl JOIN commission_runs r ON r.id = cl.run_id AND r.status = 'committed'
             GROUP BY cl.run_id, cl.payee_id) l
      FULL JOIN (SELECT t.commission_run_id AS run_id, t.member_id, count(DISTINCT t.id) AS postings, -sum(e.amount) FILTER (WHERE e.amount < 0 AND a.kind = 'member_wallet')::bigint AS posted
                   FROM ledger_transactions t JOIN ledger_entries e ON e.transaction_id = t.id JOIN ledger_accounts a ON a.id = e.account_id
                  WHERE t.kind = 'commission' GROUP BY t.commission_run_id, t.member_id) t
        ON t.run_id = l.run_id AND t.member_id = l.payee_id`.execute(ctx.db);
  for (const row of postings.rows) {
    if (row.postings !== 1) problems.push(`run ${row.run}, member ${row.member}: ${row.postings} postings for its lines`);
    else if (row.earned !== null && row.earned > 0 && row.posted !== row.earned) problems.push(`run ${row.run}, member ${row.member}: lines ${row.earned}, posted ${row.posted}`);
  }
  // A reversed run's postings are each taken back exactly, once.
  const unreversed = await sql<{ id: number }>`
    SELECT c.id FROM ledger_transactions c JOIN commission_runs r ON r.id = c.commission_run_id AND r.status = 'reversed'
     WHERE c.kind = 'commission' AND NOT EXISTS (SELECT 1 FROM ledger_transactions x WHERE x.reverses_transaction_id = c.id)`.execute(ctx.db);
  for (const row of unreversed.rows) problems.push(`transaction ${row.id} of a reversed run is not reversed`);
  const inexact = await sql<{ id: number }>`
    SELECT DISTINCT x.id FROM ledger_transactions x
      JOIN LATERAL (SELECT e.account_id FROM ledger_entries e WHERE e.transaction_id IN (x.id, x.reverses_transaction_id)
                     GROUP BY e.account_id HAVING sum(e.amount) <> 0) d ON true
     WHERE x.kind = 'reversal'`.execute(ctx.db);
  for (const row of inexact.rows) problems.push(`reversal ${row.id} does not negate what it reverses`);
  return problems;
}
