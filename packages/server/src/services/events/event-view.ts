import type { Selectable } from 'kysely';
import type { EventsTable } from '../../db/schema.ts';
import { isInDownline } from '../../db/tree-queries.ts';
import { SamoohError } from '../../errors.ts';
import { ownMemberId } from '../auth/member-access.ts';
import { assertCan, can, refusal } from '../auth/permissions.ts';
import type { RequestContext } from '../context.ts';

export type EventRow = Selectable<EventsTable>;

export interface EventView {
  id: number;
  scope: 'company' | 'team';
  organizer: { id: number; code: string; name: string } | null;
  kind: 'meeting' | 'training' | 'launch';
  language: 'en' | 'hi';
  title: string;
  description: string;
  onlineUrl: string | null;
  place: string | null;
  startsAt: string;
  endsAt: string;
  capacity: number | null;
  registered: number;
}

export function toEventView(row: EventRow & { organizer_code: string | null; organizer_name: string | null; registered: number }): EventView {
  return {
    id: row.id,
    scope: row.organizer_id === null ? 'company' : 'team',
    organizer: row.organizer_id === null ? null : { id: row.organizer_id, code: row.organizer_code!, name: row.organizer_name! },
    kind: row.kind,
    language: row.language,
    title: row.title,
    description: row.description,
    onlineUrl: row.online_url,
    place: row.place,
    startsAt: new Date(row.starts_at).toISOString(),
    endsAt: new Date(row.ends_at).toISOString(),
    capacity: row.capacity,
    registered: Number(row.registered),
  };
}

export async function requireEvent(ctx: RequestContext, eventId: number, options: { forUpdate?: boolean } = {}): Promise<EventRow> {
  let select = ctx.db.selectFrom('events').selectAll().where('id', '=', eventId);
  if (options.forUpdate) select = select.forUpdate();
  const event = await select.executeTakeFirst();
  if (!event) throw new SamoohError('EVENT_NOT_FOUND', { event: eventId });
  return event;
}

/**
 * A company event is for every member; a team event for its organizer and
 * their sponsor downline. Staff managing the community see all.
 */
export async function assertMaySeeEvent(ctx: RequestContext, event: EventRow): Promise<void> {
  if (can(ctx.actor, 'community:manage')) return;
  assertCan(ctx, 'community:own');
  const me = ownMemberId(ctx);
  if (me === null) throw refusal(ctx.actor);
  if (event.organizer_id === null || event.organizer_id === me) return;
  if (await isInDownline(ctx.db, event.organizer_id, me, 'sponsor')) return;
  throw refusal(ctx.actor);
}

/** Who may run an event: its organizer, or staff managing the community. */
export function assertRunsEvent(ctx: RequestContext, event: EventRow): void {
  if (can(ctx.actor, 'community:manage')) return;
  assertCan(ctx, 'community:post:own');
  if (event.organizer_id === null || event.organizer_id !== ownMemberId(ctx)) throw refusal(ctx.actor);
}
