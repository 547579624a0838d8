import { sql } from 'kysely';
import { ownMemberId } from '../auth/member-access.ts';
import { assertCan, can } from '../auth/permissions.ts';
import type { RequestContext } from '../context.ts';
import { toEventView, type EventRow, type EventView } from './event-view.ts';

/**
 * Events the actor may see, soonest first: staff managing the community see
 * all; a member sees company events and the team events of their own sponsor
 * upline (and their own). Past events only when asked.
 */
export async function listEvents(ctx: RequestContext, query: { includePast?: boolean; id?: number } = {}): Promise<{ items: (EventView & { myRegistration: { attended: boolean } | null })[] }> {
  const manager = can(ctx.actor, 'community:manage');
  if (!manager) assertCan(ctx, 'community:own');
  const me = ownMemberId(ctx) ?? 0;
  const { rows } = await sql<EventRow & { organizer_code: string | null; organizer_name: string | null; registered: number; my_attended: Date | null; mine: boolean }>`
    WITH RECURSIVE up (id) AS (
      SELECT ${me}::bigint
      UNION ALL
      SELECT m.sponsor_id FROM up JOIN members m ON m.id = up.id WHERE m.sponsor_id IS NOT NULL
    )
    SELECT e.*, o.code AS organizer_code, o.name AS organizer_name,
           (SELECT count(*)::int FROM event_registrations r WHERE r.event_id = e.id) AS registered,
           mine.registered_at IS NOT NULL AS mine, mine.attended_at AS my_attended
      FROM events e
      LEFT JOIN members o ON o.id = e.organizer_id
      LEFT JOIN event_registrations mine ON mine.event_id = e.id AND mine.member_id = ${me}
     WHERE (${manager} OR e.organizer_id IS NULL OR e.organizer_id IN (SELECT id FROM up))
       ${query.includePast ? sql`` : sql`AND e.ends_at >= now()`}
       ${query.id !== undefined ? sql`AND e.id = ${query.id}` : sql``}
     ORDER BY e.starts_at, e.id
     LIMIT 500`.execute(ctx.db);
  return { items: rows.map((row) => ({ ...toEventView(row), myRegistration: row.mine ? { attended: row.my_attended !== null } : null })) };
}
