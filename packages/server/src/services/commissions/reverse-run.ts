import { sql } from 'kysely';
import type { PeriodRow } from '../../db/schema.ts';
import { SamoohError } from '../../errors.ts';
import { writeAudit } from '../audit.ts';
import { assertCan } from '../auth/permissions.ts';
import type { RequestContext } from '../context.ts';
import { requireSignedIn } from './approve-run.ts';
import { supersedePreviews } from './supersede-previews.ts';

/**
 * Takes back what a committed run posted, so its period can be reopened before
 * it is paid. Every commission transaction of the run gets one reversal that
 * negates each of its entries (the ledger is never edited, and a transaction can
 * be reversed only once); the run keeps its lines as the record of what was
 * posted, marked reversed with who, when and why. Previews of later periods
 * were built on this period's ranks and carry, so they lapse.
 *
 * Refused once money may have left on the strength of the run (a payout made
 * after it was committed that is paid or still on its way) or once a later
 * period is committed on top of it. Runs inside the caller's transaction, which
 * holds the period row locked.
 */
export async function reverseCommittedRun(ctx: RequestContext, period: PeriodRow, reason: string | undefined): Promise<{ runId: number; transactions: number }> {
  assertCan(ctx, 'commissions:run');
  const actor = requireSignedIn(ctx.actor, 'reopen a committed period');
  const why = reason?.trim() ?? '';
  if (why.length < 5) throw new SamoohError('REVERSAL_REASON_REQUIRED', { period: period.id });
  const run = await ctx.db.selectFrom('commission_runs').select(['id', 'committed_at']).where('period_id', '=', period.id).where('status', '=', 'committed').forUpdate().executeTakeFirstOrThrow();

  const later = await sql<{ id: number }>`
    SELECT p.id FROM periods p JOIN commission_runs r ON r.period_id = p.id AND r.status = 'committed'
     WHERE p.start_date > ${period.start_date} ORDER BY p.start_date LIMIT 1`.execute(ctx.db);
  if (later.rows[0]) throw new SamoohError('LATER_PERIOD_COMMITTED', { period: period.id, later: later.rows[0].id });
  const payouts = await sql<{ count: number }>`
    SELECT count(*)::int AS count FROM payouts p JOIN payout_batches b ON b.id = p.batch_id
     WHERE p.status IN ('pending', 'paid') AND b.created_at >= ${run.committed_at}`.execute(ctx.db);
  if (payouts.rows[0]!.count > 0) throw new SamoohError('PERIOD_PAYOUTS_MADE', { period: period.id, payouts: payouts.rows[0]!.count });

  const reversals = await sql`
    INSERT INTO ledger_transactions (kind, reference, period_id, commission_run_id, member_id, memo, created_by, reverses_transaction_id)
    SELECT 'reversal', t.reference || ':reversal', t.period_id, t.commission_run_id, t.member_id, 'reversal: ' || ${why}, ${actor}, t.id
      FROM ledger_transactions t
     WHERE t.commission_run_id = ${run.id} AND t.kind = 'commission'`.execute(ctx.db);
  await sql`
    INSERT INTO ledger_entries (transaction_id, account_id, amount)
    SELECT r.id, e.account_id, -e.amount
      FROM ledger_transactions r JOIN ledger_entries e ON e.transaction_id = r.reverses_transaction_id
     WHERE r.commission_run_id = ${run.id} AND r.kind = 'reversal'`.execute(ctx.db);
  await ctx.db.updateTable('commission_runs')
    .set({ status: 'reversed', reversed_by: actor, reversed_at: new Date(), reversal_reason: why })
    .where('id', '=', run.id).execute();

  const laterPeriods = await ctx.db.selectFrom('periods').select('id').where('start_date', '>', period.start_date).execute();
  const lapsed = await supersedePreviews(ctx.db, laterPeriods.map((row) => row.id));
  await sql`UPDATE periods SET status = 'closed' WHERE start_date > ${period.start_date} AND status IN ('calculated', 'approved')`.execute(ctx.db);

  const transactions = Number(reversals.numAffectedRows ?? 0);
  await writeAudit(ctx, { action: 'run.reversed', entity: 'commission_run', entityId: run.id, reason: why, after: { periodId: period.id, transactions, lapsedPreviews: lapsed } });
  return { runId: run.id, transactions };
}
