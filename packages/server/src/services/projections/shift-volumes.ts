import { sql } from 'kysely';
import type { Db } from '../context.ts';
import { applyVolumeChanges, legThresholdsOf } from './volume-changes.ts';

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
  for (const periodId of new Set(moving.map((shift) => shift.periodId))) {
    const inPeriod = moving.filter((shift) => shift.periodId === periodId);
    await applyVolumeChanges(db, periodId, await legThresholdsOf(db, periodId), sql`
      own AS (
        SELECT member_id, sum(pv) AS pv, sum(gv) AS gv, sum(leg) AS leg, 0 AS events
          FROM unnest(${inPeriod.map((s) => s.memberId)}::bigint[], ${inPeriod.map((s) => s.pv)}::numeric[],
                      ${inPeriod.map((s) => s.gv)}::numeric[], ${inPeriod.map((s) => s.leg)}::numeric[]) AS s (member_id, pv, gv, leg)
         GROUP BY member_id
      )`);
  }
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
