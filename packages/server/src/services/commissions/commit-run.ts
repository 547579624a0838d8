import { sql } from 'kysely';
import { assertCan } from '../auth/permissions.ts';
import { SamoohError } from '../../errors.ts';
import { writeAudit } from '../audit.ts';
import { emitEvent } from '../webhooks/events.ts';
import { inTransaction, type RequestContext } from '../context.ts';
import { nextPeriodStatus } from '../periods/period-lifecycle.ts';
import { lockRunAndPeriod, requireSignedIn } from './approve-run.ts';
import { companyAccounts } from '../ledger/accounts.ts';
import { getRunView, type RunView } from './run-view.ts';
import { notifyMembers } from '../notifications/notify.ts';

/**
 * Commits an approved run: each member's earnings of the run become one
 * balanced ledger transaction (commission expense to the wallet, then tax
 * withheld and the processing fee out of it), and the period is committed.
 * Everything happens in set-based statements in one transaction; a repeated
 * commit finds the run committed and posts nothing.
 */
export async function commitRun(ctx: RequestContext, runId: number): Promise<RunView> {
  assertCan(ctx, 'commissions:run');
  const committer = requireSignedIn(ctx.actor, 'commit a commission run');
  return inTransaction(ctx, async (tx) => {
    const run = await lockRunAndPeriod(tx, runId);
    if (run.status === 'committed') return getRunView(tx.db, runId);
    if (run.status !== 'approved') throw new SamoohError('RUN_NOT_APPROVED', { run: runId, status: run.status });
    await requireNoRefundSince(tx, run.id, run.period_id, run.netted_refunds);
    const periodStatus = nextPeriodStatus(run.period_status, 'commit');
    const company = await tx.db.selectFrom('company').select('currency').executeTakeFirstOrThrow();
    const accounts = await companyAccounts(tx.db, company.currency);

    await sql`
      INSERT INTO ledger_accounts (code, kind, member_id, currency)
      SELECT 'wallet:' || member_id || ':' || ${company.currency}, 'member_wallet', member_id, ${company.currency}
        FROM commission_run_members WHERE run_id = ${runId} AND earned <> 0
      ON CONFLICT DO NOTHING`.execute(tx.db);
    await sql`
      INSERT INTO ledger_transactions (kind, reference, period_id, commission_run_id, member_id, memo, created_by)
      SELECT 'commission', 'run:' || ${runId} || ':member:' || member_id, ${run.period_id}, ${runId}, member_id, 'commission', ${committer}
        FROM commission_run_members WHERE run_id = ${runId} AND earned <> 0`.execute(tx.db);
    await sql`
      INSERT INTO ledger_entries (transaction_id, account_id, amount)
      SELECT t.id, e.account_id, e.amount
        FROM commission_run_members r
        JOIN ledger_transactions t ON t.commission_run_id = ${runId} AND t.member_id = r.member_id AND t.kind = 'commission'
        JOIN ledger_accounts w ON w.member_id = r.member_id AND w.currency = ${company.currency}
       CROSS JOIN LATERAL (VALUES
         (${accounts.commissionExpense}::bigint, r.earned), (w.id, -r.earned),
         (w.id, r.tds), (${accounts.taxPayable}::bigint, -r.tds),
         (w.id, r.fee), (${accounts.fees}::bigint, -r.fee)
       ) AS e (account_id, amount)
       WHERE r.run_id = ${runId} AND r.earned <> 0 AND e.amount <> 0`.execute(tx.db);

    await tx.db.updateTable('commission_runs').set({ status: 'committed', committed_by: committer, committed_at: new Date() }).where('id', '=', runId).execute();
    await tx.db.updateTable('periods').set({ status: periodStatus }).where('id', '=', run.period_id).execute();
    await notifyCommitted(tx, runId, run.period_id);
    await writeAudit(tx, { action: 'run.committed', entity: 'commission_run', entityId: runId, after: { periodId: run.period_id, committedBy: committer } });
    const committed = await getRunView(tx.db, runId);
    const period = await tx.db.selectFrom('periods').select(['id', 'start_date', 'end_date']).where('id', '=', run.period_id).executeTakeFirstOrThrow();
    await emitEvent(tx.db, 'period.committed', { period: { id: period.id, start: period.start_date, end: period.end_date }, run: { id: committed.id, totals: committed.totals, committedAt: committed.committedAt } });
    return committed;
  });
}

/** A refund taken after the run was calculated would be paid on volume that is gone: calculate again. */
async function requireNoRefundSince(ctx: RequestContext, runId: number, periodId: number, netted: number): Promise<void> {
  const { rows } = await sql<{ refunds: number }>`
    SELECT count(*)::int AS refunds FROM refunds r JOIN orders o ON o.id = r.order_id WHERE o.period_id = ${periodId} AND NOT r.clawback`.execute(ctx.db);
  if (rows[0]!.refunds !== netted) throw new SamoohError('RUN_STALE', { run: runId });
}

/**
 * Everyone who earned in the run: their statement is ready. Everyone whose
 * recognition (highest) rank is new against their last committed run: they
 * reached a rank. Set-based, in the commit's transaction.
 */
async function notifyCommitted(ctx: RequestContext, runId: number, periodId: number): Promise<void> {
  const period = await ctx.db.selectFrom('periods').select(['start_date', 'end_date']).where('id', '=', periodId).executeTakeFirstOrThrow();
  const periodParams = JSON.stringify({ period: periodId, from: period.start_date, to: period.end_date });
  await notifyMembers(ctx.db, 'statement.ready', sql`
    SELECT member_id, ${periodParams}::jsonb || jsonb_build_object('amount', earned - tds - fee, 'currency', (SELECT currency FROM company LIMIT 1))
      FROM commission_run_members WHERE run_id = ${runId} AND earned <> 0`);
  const previous = await ctx.db.selectFrom('commission_runs').select('id').where('status', '=', 'committed').where('id', '<>', runId)
    .orderBy('committed_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
  await notifyMembers(ctx.db, 'rank.reached', sql`
    SELECT r.member_id, ${periodParams}::jsonb || jsonb_build_object('rank', r.highest_rank)
      FROM commission_run_members r
      LEFT JOIN commission_run_members p ON p.run_id = ${previous?.id ?? 0} AND p.member_id = r.member_id
     WHERE r.run_id = ${runId} AND r.highest_rank IS NOT NULL AND r.highest_rank IS DISTINCT FROM p.highest_rank`);
}
