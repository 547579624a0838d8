import type { Plan } from '@samooh/engine';
import { sql, type Selectable } from 'kysely';
import { assertMayReadEarnings } from '../auth/member-access.ts';
import { SamoohError } from '../../errors.ts';
import { planInForce } from '../commissions/plan-versions.ts';
import type { RequestContext } from '../context.ts';
import { requireMember, type MemberRef } from '../members/find-member.ts';
import { historyLength, usesAutoship } from '../commissions/load-snapshot.ts';
import { legStanding, rankProgress, type LegStanding, type RankProgress } from './rank-progress.ts';
import type { MemberVolumesTable } from '../../db/schema.ts';

export interface Projection {
  member: { id: number; code: string; name: string };
  period: { id: number; start: string; end: string };
  pv: number;
  gv: number;
  leftVolume: number;
  rightVolume: number;
  active: boolean;
  /** QV of the member's autoship orders placed in the period so far (refunds taken off). */
  autoshipQv: number;
  /** As of the last full refresh. */
  rank: string | null;
  projectedEarnings: number;
  /** Each bonus of the plan in force, in plan order, with what it would pay now (after the cap); as of the last full refresh. */
  projectedByBonus: { bonus: string; type: string; amount: number }[];
  updatedAt: string | null;
  progress: RankProgress;
}

/** A distributor's live standing in the open period and what they still need for the next rank. */
export async function getProjection(ctx: RequestContext, ref: MemberRef): Promise<Projection> {
  const member = await requireMember(ctx.db, ref);
  await assertMayReadEarnings(ctx, member, 'downline');
  const period = await ctx.db.selectFrom('periods').selectAll().where('status', '=', 'open').orderBy('start_date').limit(1).executeTakeFirst();
  if (!period) throw new SamoohError('NO_OPEN_PERIOD', { date: new Date().toISOString().slice(0, 10) });
  const { plan } = await planInForce(ctx.db, period.start_date);
  const own = await ctx.db.selectFrom('member_volumes').selectAll().where('period_id', '=', period.id).where('member_id', '=', member.id).executeTakeFirst();
  const earlier = await sql<{ gv: number }>`
    SELECT coalesce(rm.gv, 0) AS gv FROM commission_runs r JOIN periods p ON p.id = r.period_id
      LEFT JOIN commission_run_members rm ON rm.run_id = r.id AND rm.member_id = ${member.id}
     WHERE r.status = 'committed' AND p.start_date < ${period.start_date}
     ORDER BY p.start_date DESC LIMIT ${historyLength(plan)}`.execute(ctx.db);
  const autoshipQv = usesAutoship(plan) ? await autoshipVolumeNow(ctx, period.id, member.id) : 0;
  const pv = own?.pv ?? 0;
  const gv = own?.gv ?? 0;
  const rank = own?.rank ?? null;
  const legs = await frontlineStanding(ctx, plan, period.id, member.id, own);
  return {
    member: { id: member.id, code: member.code, name: member.name },
    period: { id: period.id, start: period.start_date, end: period.end_date },
    pv, gv, leftVolume: own?.left_volume ?? 0, rightVolume: own?.right_volume ?? 0,
    active: pv >= plan.activity.minPV && (plan.activity.autoshipQV === undefined || autoshipQv >= plan.activity.autoshipQV),
    autoshipQv,
    rank,
    projectedEarnings: own?.projected_earnings ?? 0,
    projectedByBonus: plan.bonuses.map((bonus) => ({ bonus: bonus.id, type: bonus.type, amount: Number(own?.projected_by_bonus?.[bonus.id] ?? 0) })),
    updatedAt: own ? new Date(own.updated_at).toISOString() : null,
    progress: rankProgress(plan, {
      pv, gv, rank, legs,
      earlierGv: earlier.rows.map((row) => row.gv),
      autoshipQv,
    }),
  };
}

/**
 * The member's frontline legs summed up. The projector keeps the sums in the
 * member's own row (no row: no leg counts for anything); a row not summed up
 * yet (since migration 0026, or after a tree change) reads the frontline.
 */
async function frontlineStanding(ctx: RequestContext, plan: Plan, periodId: number, memberId: number, own: Selectable<MemberVolumesTable> | undefined): Promise<LegStanding> {
  if (own === undefined) return legStanding(plan, null, []);
  if (own.legs_gv !== null && own.legs_capped_gv !== null && own.sponsored_active !== null) {
    return { gv: own.legs_gv, cappedGv: own.legs_capped_gv, sponsoredActive: own.sponsored_active, byRank: own.legs_by_rank ?? {} };
  }
  const frontline = await ctx.db
    .selectFrom('members as m')
    .leftJoin('member_volumes as v', (join) => join.onRef('v.member_id', '=', 'm.id').on('v.period_id', '=', periodId))
    .select(['v.pv', 'v.gv', 'v.rank'])
    .where('m.sponsor_id', '=', memberId)
    .where('m.type', '=', 'distributor')
    .where('m.status', '=', 'active')
    .execute();
  return legStanding(plan, own.rank, frontline.map((leg) => ({ pv: leg.pv ?? 0, gv: leg.gv ?? 0, rank: leg.rank ?? null })));
}

/** The QV a member's autoships placed in the period so far, net of refunds. */
async function autoshipVolumeNow(ctx: RequestContext, periodId: number, memberId: number): Promise<number> {
  const row = await sql<{ qv: number | null }>`
    SELECT sum(o.qv - coalesce((SELECT sum(r.qv) FROM refunds r WHERE r.order_id = o.id AND NOT r.clawback), 0)) AS qv
      FROM autoship_occurrences a JOIN orders o ON o.id = a.order_id
     WHERE o.period_id = ${periodId} AND o.buyer_id = ${memberId}`.execute(ctx.db);
  return Number(row.rows[0]?.qv ?? 0);
}
