import type { Plan } from '@samooh/engine';
import { sql, type RawBuilder } from 'kysely';
import { SamoohError } from '../../errors.ts';
import { planInForce } from '../commissions/plan-versions.ts';
import type { Db } from '../context.ts';
import { legCap } from './rank-progress.ts';

/** What the plan in force says about frontline legs, for keeping their sums (LegStanding) in SQL. */
export interface LegThresholds {
  minPv: number;
  /** The max-leg cap (legCap) of a member holding each rank, by rank id; -1 where the next rank has none. */
  ranks: string[];
  caps: number[];
  /** The same for a member with no rank yet. */
  capWithoutRank: number;
}

export function legThresholds(plan: Plan): LegThresholds {
  // -1 stands for "no cap" so the arrays carry no NULLs; SQL turns it back with NULLIF.
  const cap = (rank: string | null) => legCap(plan, rank) ?? -1;
  return { minPv: plan.activity.minPV, ranks: plan.ranks.map((rank) => rank.id), caps: plan.ranks.map((rank) => cap(rank.id)), capWithoutRank: cap(null) };
}

/** The thresholds of the plan in force for a period; null when no plan is (volumes still move, leg sums wait for one). */
export async function legThresholdsOf(db: Db, periodId: number): Promise<LegThresholds | null> {
  const period = await db.selectFrom('periods').select('start_date').where('id', '=', periodId).executeTakeFirstOrThrow();
  const inForce = await planInForce(db, period.start_date).catch((error: unknown) => {
    if (error instanceof SamoohError && error.code === 'PLAN_NOT_IN_FORCE') return null;
    throw error;
  });
  return inForce && legThresholds(inForce.plan);
}

/** Stands in for the thresholds when no plan is in force; the sums it gives are not stored. */
const NO_PLAN: LegThresholds = { minPv: 0, ranks: [], caps: [], capWithoutRank: -1 };

/**
 * Applies volume changes of one open period to member_volumes along the trees
 * as they are now. `ownCtes` defines the CTE `own (member_id, pv, gv, leg,
 * events)`: per member, what to add to their own PV, to the GV of them and
 * every sponsor above, and to the left or right leg volume of every placement
 * ancestor (by the slot the path comes up through). The sponsor of every
 * member whose volume changes gets their frontline leg sums (legs_gv,
 * legs_capped_gv, sponsored_active) moved by the same change, computed from
 * the member's volumes before it; the sums stay what a full refresh would
 * write. Ranks (and so legs_by_rank and each member's cap) change only in a
 * refresh. Without a plan in force (thresholds null) the sums of the rows
 * touched are set aside (NULL). The caller holds the member_volumes lock
 * (applyVolumeEvents).
 * Returns the events applied (the sum of own.events).
 */
export async function applyVolumeChanges(db: Db, periodId: number, planThresholds: LegThresholds | null, ownCtes: RawBuilder<unknown>): Promise<number> {
  const thresholds = planThresholds ?? NO_PLAN;
  const summed = planThresholds !== null;
  const { rows } = await sql<{ applied: number }>`
    WITH RECURSIVE ${ownCtes}, sponsors AS (
      SELECT member_id, gv FROM own WHERE gv <> 0
      UNION ALL
      SELECT m.sponsor_id, s.gv FROM sponsors s JOIN members m ON m.id = s.member_id WHERE m.sponsor_id IS NOT NULL
    ), legs AS (
      SELECT m.placement_parent_id AS member_id, m.placement_slot AS slot, o.leg
        FROM own o JOIN members m ON m.id = o.member_id WHERE o.leg <> 0 AND m.placement_parent_id IS NOT NULL
      UNION ALL
      SELECT m.placement_parent_id, m.placement_slot, l.leg FROM legs l JOIN members m ON m.id = l.member_id WHERE m.placement_parent_id IS NOT NULL
    ), volume_changes AS (
      SELECT member_id, sum(pv) AS pv, sum(gv) AS gv, sum(left_volume) AS left_volume, sum(right_volume) AS right_volume FROM (
        SELECT member_id, pv, 0 AS gv, 0 AS left_volume, 0 AS right_volume FROM own
        UNION ALL
        SELECT member_id, 0, gv, 0, 0 FROM sponsors
        UNION ALL
        SELECT member_id, 0, 0, CASE WHEN slot = 0 THEN leg ELSE 0 END, CASE WHEN slot = 1 THEN leg ELSE 0 END FROM legs
      ) c GROUP BY member_id
    ), leg_changes AS (
      SELECT m.sponsor_id AS member_id, c.gv AS legs_gv,
             -- least() ignores a NULL cap: without a max-leg rule a leg counts in full.
             least(coalesce(before.gv, 0) + c.gv, cap.value) - least(coalesce(before.gv, 0), cap.value) AS legs_capped_gv,
             (coalesce(before.pv, 0) + c.pv >= ${thresholds.minPv})::int - (coalesce(before.pv, 0) >= ${thresholds.minPv})::int AS sponsored_active
        FROM volume_changes c
        JOIN members m ON m.id = c.member_id AND m.type = 'distributor' AND m.status = 'active' AND m.sponsor_id IS NOT NULL
        LEFT JOIN member_volumes before ON before.period_id = ${periodId} AND before.member_id = c.member_id
        LEFT JOIN member_volumes sponsor ON sponsor.period_id = ${periodId} AND sponsor.member_id = m.sponsor_id
        CROSS JOIN LATERAL (
          SELECT nullif(CASE WHEN sponsor.rank IS NULL THEN ${thresholds.capWithoutRank}::numeric
                             ELSE (SELECT r.cap FROM unnest(${thresholds.ranks}::text[], ${thresholds.caps}::numeric[]) AS r (id, cap) WHERE r.id = sponsor.rank) END, -1) AS value
        ) cap
       WHERE c.gv <> 0 OR c.pv <> 0
    ), changes AS (
      SELECT member_id, pv, gv, left_volume, right_volume, 0 AS legs_gv, 0 AS legs_capped_gv, 0 AS sponsored_active FROM volume_changes
      UNION ALL
      SELECT member_id, 0, 0, 0, 0, legs_gv, legs_capped_gv, sponsored_active FROM leg_changes
    ), upserted AS (
      INSERT INTO member_volumes AS v (period_id, member_id, pv, gv, left_volume, right_volume, legs_gv, legs_capped_gv, sponsored_active)
      SELECT ${periodId}, member_id, sum(pv), sum(gv), sum(left_volume), sum(right_volume),
             CASE WHEN ${summed} THEN sum(legs_gv) END, CASE WHEN ${summed} THEN sum(legs_capped_gv) END, CASE WHEN ${summed} THEN sum(sponsored_active) END
        FROM changes GROUP BY member_id
      ON CONFLICT (period_id, member_id) DO UPDATE SET
        pv = v.pv + EXCLUDED.pv, gv = v.gv + EXCLUDED.gv,
        left_volume = v.left_volume + EXCLUDED.left_volume, right_volume = v.right_volume + EXCLUDED.right_volume,
        -- A row not summed up yet (NULL) stays so until the next refresh sums it.
        legs_gv = v.legs_gv + EXCLUDED.legs_gv, legs_capped_gv = v.legs_capped_gv + EXCLUDED.legs_capped_gv,
        sponsored_active = v.sponsored_active + EXCLUDED.sponsored_active,
        updated_at = now()
      RETURNING 1
    )
    SELECT coalesce((SELECT sum(events) FROM own), 0)::int AS applied, (SELECT count(*) FROM upserted) AS touched`.execute(db);
  return rows[0]!.applied;
}

/**
 * Marks the frontline leg sums of these members as not summed up, in every
 * open period: after a tree change gives them a leg or takes one away (a new
 * sponsor, a termination, a merge, an upgrade), which no volume change moves.
 * Their projection then reads the frontline itself until the next refresh
 * sums it again.
 */
export async function forgetFrontlineSums(db: Db, memberIds: readonly (number | null)[]): Promise<void> {
  const ids = memberIds.filter((id): id is number => id !== null);
  if (ids.length === 0) return;
  await db
    .updateTable('member_volumes')
    .set({ legs_gv: null, legs_capped_gv: null, sponsored_active: null, legs_by_rank: null })
    .where('member_id', 'in', ids)
    .where('period_id', 'in', (eb) => eb.selectFrom('periods').select('id').where('status', '=', 'open'))
    .execute();
}
