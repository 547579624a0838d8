import { sql } from 'kysely';
import type { Db } from '../context.ts';
import { applyVolumeChanges, legThresholdsOf } from './volume-changes.ts';

/**
 * Moves a batch of recorded volume changes of one period (the oldest waiting)
 * into the live volumes: PV of the member, GV of the member and every sponsor
 * above, the left or right leg volume of every placement ancestor, and the
 * frontline leg sums of each sponsor (volume-changes.ts). The events are
 * deleted in the same statement, so each counts exactly once; the table lock
 * makes projectors in several processes (and a full refresh) take turns.
 * Returns how many events were applied. Runs in the caller's transaction.
 */
export async function applyVolumeEvents(db: Db, limit = 5000): Promise<number> {
  await sql`LOCK TABLE member_volumes IN SHARE ROW EXCLUSIVE MODE`.execute(db);
  const oldest = await db.selectFrom('volume_events').select('period_id').orderBy('id').limit(1).executeTakeFirst();
  if (!oldest) return 0;
  const periodId = oldest.period_id;
  return applyVolumeChanges(db, periodId, await legThresholdsOf(db, periodId), sql`
    batch AS (
      DELETE FROM volume_events WHERE id IN (SELECT id FROM volume_events WHERE period_id = ${periodId} ORDER BY id LIMIT ${limit})
      RETURNING member_id, qv
    ), own AS (
      SELECT member_id, sum(qv) AS pv, sum(qv) AS gv, sum(qv) AS leg, count(*) AS events FROM batch GROUP BY member_id
    )`);
}
