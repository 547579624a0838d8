import { SamoohError } from '../../errors.ts';
import { ownMemberId } from '../auth/member-access.ts';
import { assertCan, refusal } from '../auth/permissions.ts';
import { writeAudit } from '../audit.ts';
import { inTransaction, type RequestContext } from '../context.ts';
import { listEvents } from './list-events.ts';
import type { EventView } from './event-view.ts';

export interface EventInput {
  scope: 'company' | 'team';
  kind: 'meeting' | 'training' | 'launch';
  language: 'en' | 'hi';
  title: string;
  description?: string;
  onlineUrl?: string | null;
  place?: string | null;
  startsAt: string;
  endsAt: string;
  capacity?: number | null;
}

/** A company event (community:manage) or a team event of the actor's own (community:post:own), online or at a place. */
export async function createEvent(ctx: RequestContext, input: EventInput): Promise<EventView> {
  let organizer: number | null = null;
  if (input.scope === 'company') {
    assertCan(ctx, 'community:manage');
  } else {
    assertCan(ctx, 'community:post:own');
    organizer = ownMemberId(ctx);
    if (organizer === null) throw refusal(ctx.actor);
  }
  if (new Date(input.endsAt).getTime() <= new Date(input.startsAt).getTime()) throw new SamoohError('EVENT_ENDS_BEFORE_START');
  return inTransaction(ctx, async (tx) => {
    const row = await tx.db.insertInto('events').values({
      organizer_id: organizer, kind: input.kind, language: input.language, title: input.title, description: input.description ?? '',
      online_url: input.onlineUrl ?? null, place: input.place ?? null, starts_at: input.startsAt, ends_at: input.endsAt, capacity: input.capacity ?? null,
    }).returning('id').executeTakeFirstOrThrow();
    await writeAudit(tx, { action: 'event.created', entity: 'event', entityId: row.id, after: { ...input } });
    return (await listEvents(tx, { id: row.id, includePast: true })).items[0]!;
  });
}
