import { sql } from 'kysely';
import type { Db } from '../context.ts';

/**
 * Moves a batch of recorded volume changes into the live volumes: PV of the
 * member, GV of the member and every sponsor above, and the left or right leg
 * volume of every placement ancestor. The events are deleted in the same
 * statement, so each counts exactly once; the table lock makes projectors in
 * several processes (and a full refresh) take turns. Returns how many events
 * were applied. Runs in the caller's transaction.
 */
export async function applyVolumeEvents(db: Db, limit = 5000): Promise<number> {
  await sql`LOCK TABLE member_volumes IN SHARE ROW EXCLUSIVE MODE`.execute(db);
  const { rows } = await sql<{ applied: number }>`
    WITH RECURSIVE batch AS (
      DELETE FROM volume_events WHERE id IN (SELECT id FROM volume_events ORDER BY id LIMIT ${limit})
      RETURNING period_id, member_id, qv
    ), own AS (
      SELECT period_id, member_id, sum(qv) AS qv, count(*) AS events FROM batch GROUP BY period_id, member_id
    ), sponsors AS (
      SELECT period_id, member_id, qv FROM own
      UNION ALL
      SELECT s.period_id, m.sponsor_id, s.qv FROM sponsors s JOIN members m ON m.id = s.member_id WHERE m.sponsor_id IS NOT NULL
    ), legs AS (
      SELECT o.period_id, m.placement_parent_id AS member_id, m.placement_slot AS slot, o.qv
        FROM own o JOIN members m ON m.id = o.member_id WHERE m.placement_parent_id IS NOT NULL
      UNION ALL
      SELECT l.period_id, m.placement_parent_id, m.placement_slot, l.qv FROM legs l JOIN members m ON m.id = l.member_id WHERE m.placement_parent_id IS NOT NULL
    ), changes AS (
      SELECT period_id, member_id, qv AS gv, 0 AS left_volume, 0 AS right_volume FROM sponsors
      UNION ALL
      SELECT period_id, member_id, 0, CASE WHEN slot = 0 THEN qv ELSE 0 END, CASE WHEN slot = 1 THEN qv ELSE 0 END FROM legs
    ), merged AS (
      SELECT period_id, member_id, sum(gv) AS gv, sum(left_volume) AS left_volume, sum(right_volume) AS right_volume FROM changes GROUP BY period_id, member_id
    ), upserted AS (
      INSERT INTO member_volumes AS v (period_id, member_id, pv, gv, left_volume, right_volume)
      SELECT c.period_id, c.member_id, coalesce(o.qv, 0), c.gv, c.left_volume, c.right_volume
        FROM merged c LEFT JOIN own o ON o.period_id = c.period_id AND o.member_id = c.member_id
      ON CONFLICT (period_id, member_id) DO UPDATE SET
        pv = v.pv + EXCLUDED.pv, gv = v.gv + EXCLUDED.gv,
        left_volume = v.left_volume + EXCLUDED.left_volume, right_volume = v.right_volume + EXCLUDED.right_volume,
        updated_at = now()
      RETURNING 1
    )
    SELECT coalesce((SELECT sum(events) FROM own), 0)::int AS applied, (SELECT count(*) FROM upserted) AS touched`.execute(db);
  return rows[0]!.applied;
}
