import { sql } from 'kysely';
import { assertCan } from '../auth/permissions.ts';
import type { RunStatus } from '../../db/schema.ts';
import { SamoohError } from '../../errors.ts';
import type { Db, RequestContext } from '../context.ts';
import type { RunTotals } from './calculate-period.ts';

export interface Earner {
  memberId: number;
  code: string;
  name: string;
  rank: string | null;
  earned: number;
}

export interface EarningsChange {
  memberId: number;
  code: string;
  before: number;
  after: number;
}

export interface RunView {
  id: number;
  periodId: number;
  sequence: number;
  status: RunStatus;
  planVersionId: number;
  inputHash: string;
  totals: RunTotals;
  createdBy: number | null;
  approvedBy: number | null;
  committedBy: number | null;
  createdAt: string;
  approvedAt: string | null;
  committedAt: string | null;
}

export interface RunPreview extends RunView {
  topEarners: Earner[];
  /** Against the period's run before this one, when there is one. */
  previous: null | {
    runId: number;
    paidChange: number;
    byBonusChange: Record<string, number>;
    membersChanged: number;
    largestChanges: EarningsChange[];
  };
}

export async function getRunView(db: Db, runId: number): Promise<RunView> {
  const row = await db.selectFrom('commission_runs').selectAll().where('id', '=', runId).executeTakeFirst();
  if (!row) throw new SamoohError('RUN_NOT_FOUND', { run: String(runId) });
  return {
    id: row.id,
    periodId: row.period_id,
    sequence: row.sequence,
    status: row.status,
    planVersionId: row.plan_version_id,
    inputHash: row.input_hash,
    totals: row.totals as RunTotals,
    createdBy: row.created_by,
    approvedBy: row.approved_by,
    committedBy: row.committed_by,
    createdAt: iso(row.created_at)!,
    approvedAt: iso(row.approved_at),
    committedAt: iso(row.committed_at),
  };
}

export async function listRuns(ctx: RequestContext, periodId: number): Promise<RunView[]> {
  assertCan(ctx, 'commissions:read');
  const ids = await ctx.db.selectFrom('commission_runs').select('id').where('period_id', '=', periodId).orderBy('sequence', 'desc').execute();
  return Promise.all(ids.map(({ id }) => getRunView(ctx.db, id)));
}

/** What a reviewer looks at before approving: totals, the top earners, and what changed since the last preview. */
export async function previewRun(ctx: RequestContext, runId: number, top = 10): Promise<RunPreview> {
  assertCan(ctx, 'commissions:read');
  const run = await getRunView(ctx.db, runId);
  const topEarners = await ctx.db
    .selectFrom('commission_run_members as r')
    .innerJoin('members as m', 'm.id', 'r.member_id')
    .select(['r.member_id as memberId', 'm.code', 'm.name', 'r.rank', 'r.earned'])
    .where('r.run_id', '=', runId)
    .where('r.earned', '>', 0)
    .orderBy('r.earned', 'desc')
    .orderBy('m.code')
    .limit(top)
    .execute();
  const before = await ctx.db
    .selectFrom('commission_runs')
    .select('id')
    .where('period_id', '=', run.periodId)
    .where('sequence', '<', run.sequence)
    .orderBy('sequence', 'desc')
    .limit(1)
    .executeTakeFirst();
  return { ...run, topEarners, previous: before ? await compareRuns(ctx.db, before.id, run, top) : null };
}

async function compareRuns(db: Db, previousId: number, run: RunView, top: number): Promise<NonNullable<RunPreview['previous']>> {
  const previous = await getRunView(db, previousId);
  const bonuses = new Set([...Object.keys(previous.totals.byBonus), ...Object.keys(run.totals.byBonus)]);
  const byBonusChange = Object.fromEntries([...bonuses].sort().map((bonus) => [bonus, (run.totals.byBonus[bonus] ?? 0) - (previous.totals.byBonus[bonus] ?? 0)]));
  const changed = sql<EarningsChange & { total: number }>`
    SELECT coalesce(a.member_id, b.member_id) AS "memberId", m.code, coalesce(a.earned, 0) AS before, coalesce(b.earned, 0) AS after,
           count(*) OVER () AS total
      FROM (SELECT member_id, earned FROM commission_run_members WHERE run_id = ${previousId} AND earned <> 0) a
      FULL JOIN (SELECT member_id, earned FROM commission_run_members WHERE run_id = ${run.id} AND earned <> 0) b ON a.member_id = b.member_id
      JOIN members m ON m.id = coalesce(a.member_id, b.member_id)
     WHERE coalesce(a.earned, 0) <> coalesce(b.earned, 0)
     ORDER BY abs(coalesce(b.earned, 0) - coalesce(a.earned, 0)) DESC, m.code
     LIMIT ${top}`;
  const rows = (await changed.execute(db)).rows;
  return {
    runId: previousId,
    paidChange: run.totals.paid - previous.totals.paid,
    byBonusChange,
    membersChanged: rows[0]?.total ?? 0,
    largestChanges: rows.map(({ memberId, code, before, after }) => ({ memberId, code, before, after })),
  };
}

function iso(value: Date | string | null): string | null {
  return value === null ? null : new Date(value).toISOString();
}
