import type { MemberRow, PeriodRow } from '../../db/schema.ts';
import { SamoohError } from '../../errors.ts';
import { writeAudit } from '../audit.ts';
import { businessDate, getCompany } from '../company/get-company.ts';
import type { RequestContext } from '../context.ts';
import { openPeriodFor } from '../periods/periods.ts';

export type TreeChangeKind = 'sponsor_change' | 'placement_move' | 'termination' | 'reactivation' | 'merge';

/** Common to every administrative tree change: why, and from which period on. */
export interface TreeChangeRequest {
  reason: string;
  /** Period id the change takes effect in; default: the open period of today. Must be open. */
  effectivePeriod?: number | undefined;
}

/**
 * The period a tree change takes effect in. Only an open period qualifies:
 * periods already calculated, committed or paid keep the trees they were paid on.
 */
export async function effectivePeriod(ctx: RequestContext, requested: number | undefined): Promise<PeriodRow> {
  if (requested === undefined) {
    const today = businessDate(await getCompany(ctx.db), new Date());
    const period = await openPeriodFor(ctx.db, today);
    if (!period) throw new SamoohError('NO_OPEN_PERIOD', { date: today });
    return period;
  }
  const period = await ctx.db.selectFrom('periods').selectAll().where('id', '=', requested).executeTakeFirst();
  if (!period) throw new SamoohError('PERIOD_NOT_FOUND', { period: String(requested) });
  if (period.status !== 'open') throw new SamoohError('PERIOD_NOT_OPEN', { period: `${period.start_date}…${period.end_date}`, status: period.status });
  return period;
}

/** The root of both trees never moves. */
export function assertNotRoot(member: MemberRow): void {
  if (member.sponsor_id === null) throw new SamoohError('ROOT_TREE_CHANGE');
}

export interface TreeChange {
  member: MemberRow;
  kind: TreeChangeKind;
  period: PeriodRow;
  reason: string;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

/** Adds a change to the tree change log, with the period it takes effect in. */
export async function logTreeChange(ctx: RequestContext, change: TreeChange): Promise<void> {
  await ctx.db
    .insertInto('tree_changes')
    .values({
      member_id: change.member.id,
      kind: change.kind,
      effective_period_id: change.period.id,
      before: JSON.stringify(change.before),
      after: JSON.stringify(change.after),
      actor: ctx.actor.label,
      reason: change.reason,
    })
    .execute();
}

/** Records a tree change twice over: in the tree change log and in the audit log. */
export async function recordTreeChange(ctx: RequestContext, change: TreeChange): Promise<void> {
  await logTreeChange(ctx, change);
  await writeAudit(ctx, {
    action: `member.${change.kind}`,
    entity: 'member',
    entityId: change.member.id,
    reason: change.reason,
    before: change.before,
    after: { ...change.after, effectivePeriodId: change.period.id },
  });
}
