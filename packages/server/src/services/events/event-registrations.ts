import { sql } from 'kysely';
import { SamoohError } from '../../errors.ts';
import { ownMemberId } from '../auth/member-access.ts';
import { assertCan, refusal } from '../auth/permissions.ts';
import { inTransaction, type RequestContext } from '../context.ts';
import { assertMaySeeEvent, assertRunsEvent, requireEvent } from './event-view.ts';

/** The actor registers themselves for an event they may see, before it ends and while there is room; registering twice is one registration. */
export async function registerForEvent(ctx: RequestContext, eventId: number): Promise<{ eventId: number; memberId: number; registered: number }> {
  assertCan(ctx, 'community:own');
  const me = ownMemberId(ctx);
  if (me === null) throw refusal(ctx.actor);
  return inTransaction(ctx, async (tx) => {
    // Locked: concurrent registrations for the last seat queue here.
    const event = await requireEvent(tx, eventId, { forUpdate: true });
    await assertMaySeeEvent(tx, event);
    if (new Date(event.ends_at).getTime() < Date.now()) throw new SamoohError('EVENT_OVER', { event: eventId });
    const taken = await sql<{ n: number; mine: boolean }>`
      SELECT count(*)::int AS n, bool_or(member_id = ${me}) AS mine FROM event_registrations WHERE event_id = ${eventId}`.execute(tx.db);
    const { n, mine } = taken.rows[0]!;
    if (!mine) {
      if (event.capacity !== null && n >= event.capacity) throw new SamoohError('EVENT_FULL', { event: eventId });
      await tx.db.insertInto('event_registrations').values({ event_id: eventId, member_id: me }).execute();
    }
    return { eventId, memberId: me, registered: mine ? n : n + 1 };
  });
}

/** Who registered and who attended: for the organizer and the company. */
export async function listRegistrations(ctx: RequestContext, eventId: number) {
  assertCan(ctx, 'community:manage', 'community:post:own');
  const event = await requireEvent(ctx, eventId);
  assertRunsEvent(ctx, event);
  const rows = await ctx.db.selectFrom('event_registrations as r').innerJoin('members as m', 'm.id', 'r.member_id')
    .select(['m.id', 'm.code', 'm.name', 'r.registered_at', 'r.attended_at']).where('r.event_id', '=', eventId).orderBy('r.registered_at').execute();
  return {
    eventId,
    items: rows.map((row) => ({ id: row.id, code: row.code, name: row.name, registeredAt: row.registered_at.toISOString(), attended: row.attended_at !== null })),
  };
}

/** The organizer or the company records who came (by member code); only registered members can be marked, the rest are named back. */
export async function recordAttendance(ctx: RequestContext, eventId: number, codes: string[]) {
  assertCan(ctx, 'community:manage', 'community:post:own');
  const event = await requireEvent(ctx, eventId);
  assertRunsEvent(ctx, event);
  return inTransaction(ctx, async (tx) => {
    const wanted = codes.map((code) => code.trim().toUpperCase());
    const marked = await sql<{ code: string }>`
      UPDATE event_registrations r SET attended_at = coalesce(r.attended_at, now())
        FROM members m
       WHERE m.id = r.member_id AND r.event_id = ${eventId} AND upper(m.code) = ANY(${wanted}::text[])
      RETURNING m.code`.execute(tx.db);
    const markedCodes = new Set(marked.rows.map((row) => row.code.toUpperCase()));
    return { eventId, attended: marked.rows.length, notRegistered: wanted.filter((code) => !markedCodes.has(code)) };
  });
}
