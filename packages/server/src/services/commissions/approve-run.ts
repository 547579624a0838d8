import { sql } from 'kysely';
import { assertCan } from '../auth/permissions.ts';
import { SamoohError } from '../../errors.ts';
import { writeAudit } from '../audit.ts';
import { inTransaction, type Actor, type RequestContext } from '../context.ts';
import { nextPeriodStatus } from '../periods/period-lifecycle.ts';
import { getRunView, type RunView } from './run-view.ts';

/**
 * A second person approves the latest preview of a period: the four-eyes rule
 * a payout of other people's money needs. The one who calculated it cannot.
 */
export async function approveRun(ctx: RequestContext, runId: number): Promise<RunView> {
  assertCan(ctx, 'commissions:run');
  const approver = requireSignedIn(ctx.actor, 'approve a commission run');
  return inTransaction(ctx, async (tx) => {
    const run = await lockRunAndPeriod(tx, runId);
    if (run.status !== 'preview') throw new SamoohError('RUN_NOT_CURRENT', { run: runId, status: run.status });
    if (run.created_by === approver) throw new SamoohError('RUN_SELF_APPROVAL', { run: runId });
    const periodStatus = nextPeriodStatus(run.period_status, 'approve');
    await tx.db.updateTable('commission_runs').set({ status: 'approved', approved_by: approver, approved_at: new Date() }).where('id', '=', runId).execute();
    await tx.db.updateTable('periods').set({ status: periodStatus }).where('id', '=', run.period_id).execute();
    await writeAudit(tx, { action: 'run.approved', entity: 'commission_run', entityId: runId, after: { periodId: run.period_id, approvedBy: approver } });
    return getRunView(tx.db, runId);
  });
}

export function requireSignedIn(actor: Actor, action: string): number {
  if (actor.kind !== 'user' || actor.id === null) throw new SamoohError('SIGNED_IN_USER_REQUIRED', { action });
  return actor.id;
}

export interface LockedRun {
  id: number;
  status: string;
  period_id: number;
  period_status: 'open' | 'closed' | 'calculated' | 'approved' | 'committed' | 'paid';
  created_by: number | null;
  netted_refunds: number;
}

/** Locks the period first, then the run, so approvals, commits and recalculations of a period queue up. */
export async function lockRunAndPeriod(ctx: RequestContext, runId: number): Promise<LockedRun> {
  const found = await ctx.db.selectFrom('commission_runs').select('period_id').where('id', '=', runId).executeTakeFirst();
  if (!found) throw new SamoohError('RUN_NOT_FOUND', { run: String(runId) });
  const { rows } = await sql<LockedRun>`
    SELECT r.id, r.status, r.period_id, p.status AS period_status, r.created_by, r.netted_refunds
      FROM periods p JOIN commission_runs r ON r.period_id = p.id
     WHERE p.id = ${found.period_id} AND r.id = ${runId}
       FOR UPDATE OF p, r`.execute(ctx.db);
  return rows[0]!;
}
