import { sql } from 'kysely';
import type { Db } from '../context.ts';

/** One change of an open period's live volumes, applied the way the projector applies an order's volume. */
export interface VolumeShift {
  periodId: number;
  memberId: number;
  /** Added to the member's own PV. */
  pv: number;
  /** Added to the GV of the member and of every sponsor above. */
  gv: number;
  /** Added to the left or right leg volume of every placement ancestor, by the slot the path comes up through. */
  leg: number;
}

/**
 * Applies shifts to member_volumes along the trees as they are now, in the
 * caller's transaction (which holds the member_volumes lock: see
 * applyVolumeEvents). A tree change that moves volume (a merge) shifts it away
 * along the old uplines before changing the trees and onto the new uplines
 * after, so the live volumes stay what a full recompute would give.
 */
export async function shiftVolumes(db: Db, shifts: VolumeShift[]): Promise<void> {
  const moving = shifts.filter((shift) => shift.pv !== 0 || shift.gv !== 0 || shift.leg !== 0);
  if (moving.length === 0) return;
  await sql`
    WITH RECURSIVE own AS (
      SELECT * FROM unnest(${moving.map((s) => s.periodId)}::bigint[], ${moving.map((s) => s.memberId)}::bigint[],
                           ${moving.map((s) => s.pv)}::numeric[], ${moving.map((s) => s.gv)}::numeric[], ${moving.map((s) => s.leg)}::numeric[])
             AS s (period_id, member_id, pv, gv, leg)
    ), sponsors AS (
      SELECT period_id, member_id, gv FROM own WHERE gv <> 0
      UNION ALL
      SELECT s.period_id, m.sponsor_id, s.gv FROM sponsors s JOIN members m ON m.id = s.member_id WHERE m.sponsor_id IS NOT NULL
    ), legs AS (
      SELECT o.period_id, m.placement_parent_id AS member_id, m.placement_slot AS slot, o.leg
        FROM own o JOIN members m ON m.id = o.member_id WHERE o.leg <> 0 AND m.placement_parent_id IS NOT NULL
      UNION ALL
      SELECT l.period_id, m.placement_parent_id, m.placement_slot, l.leg FROM legs l JOIN members m ON m.id = l.member_id WHERE m.placement_parent_id IS NOT NULL
    ), changes AS (
      SELECT period_id, member_id, pv, 0 AS gv, 0 AS left_volume, 0 AS right_volume FROM own
      UNION ALL
      SELECT period_id, member_id, 0, gv, 0, 0 FROM sponsors
      UNION ALL
      SELECT period_id, member_id, 0, 0, CASE WHEN slot = 0 THEN leg ELSE 0 END, CASE WHEN slot = 1 THEN leg ELSE 0 END FROM legs
    )
    INSERT INTO member_volumes AS v (period_id, member_id, pv, gv, left_volume, right_volume)
    SELECT period_id, member_id, sum(pv), sum(gv), sum(left_volume), sum(right_volume) FROM changes GROUP BY period_id, member_id
    ON CONFLICT (period_id, member_id) DO UPDATE SET
      pv = v.pv + EXCLUDED.pv, gv = v.gv + EXCLUDED.gv,
      left_volume = v.left_volume + EXCLUDED.left_volume, right_volume = v.right_volume + EXCLUDED.right_volume,
      updated_at = now()`.execute(db);
}

/** The PV of a member's whole placement subtree (the member included) in a period: what its leg carries up. */
export async function placementSubtreeVolume(db: Db, periodId: number, memberId: number): Promise<number> {
  const { rows } = await sql<{ volume: string | number | null }>`
    WITH RECURSIVE down (id) AS (
      SELECT ${memberId}::bigint
      UNION ALL
      SELECT m.id FROM down JOIN members m ON m.placement_parent_id = down.id
    )
    SELECT sum(v.pv) AS volume FROM down JOIN member_volumes v ON v.member_id = down.id AND v.period_id = ${periodId}`.execute(db);
  return Number(rows[0]?.volume ?? 0);
}
