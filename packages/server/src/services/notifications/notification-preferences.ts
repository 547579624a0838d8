import { SamoohError } from '../../errors.ts';
import { assertOwnCommunity } from '../auth/member-access.ts';
import { inTransaction, type RequestContext } from '../context.ts';
import type { MemberRef } from '../members/find-member.ts';
import { CHANNELS, DEFAULT_ENABLED, NOTIFICATION_KINDS, type Channel, type NotificationKind } from './notification-kinds.ts';

export interface NotificationPreferences {
  /** kind → channel → on/off, defaults filled in. */
  kinds: Record<NotificationKind, Record<Channel, boolean>>;
  /** Local times HH:MM; outside the app nothing is sent between them (it waits until the end). */
  quietHours: { start: string; end: string } | null;
  /** IANA time zone for the quiet hours; null: the company's. */
  timeZone: string | null;
}

export interface PreferencesChange {
  kinds?: Partial<Record<NotificationKind, Partial<Record<Channel, boolean>>>>;
  quietHours?: { start: string; end: string } | null;
  timeZone?: string | null;
}

export async function getNotificationPreferences(ctx: RequestContext, ref: MemberRef): Promise<NotificationPreferences> {
  const member = await assertOwnCommunity(ctx, ref, 'members:read');
  return readPreferences(ctx, member.id);
}

/** Changes the member's own preferences; channels not named keep their setting. */
export async function setNotificationPreferences(ctx: RequestContext, ref: MemberRef, change: PreferencesChange): Promise<NotificationPreferences> {
  const member = await assertOwnCommunity(ctx, ref);
  if (change.timeZone && !isTimeZone(change.timeZone)) throw new SamoohError('TIME_ZONE_UNKNOWN', { timeZone: change.timeZone });
  return inTransaction(ctx, async (tx) => {
    const rows = Object.entries(change.kinds ?? {}).flatMap(([kind, channels]) =>
      Object.entries(channels ?? {}).map(([channel, enabled]) => ({ member_id: member.id, kind, channel: channel as Channel, enabled: Boolean(enabled) })));
    if (rows.length > 0) {
      await tx.db.insertInto('notification_preferences').values(rows).onConflict((oc) => oc.columns(['member_id', 'kind', 'channel']).doUpdateSet((eb) => ({ enabled: eb.ref('excluded.enabled') }))).execute();
    }
    if (change.quietHours !== undefined || change.timeZone !== undefined) {
      await tx.db.updateTable('members').set({
        ...(change.quietHours !== undefined ? { quiet_start: change.quietHours?.start ?? null, quiet_end: change.quietHours?.end ?? null } : {}),
        ...(change.timeZone !== undefined ? { time_zone: change.timeZone } : {}),
      }).where('id', '=', member.id).execute();
    }
    return readPreferences(tx, member.id);
  });
}

async function readPreferences(ctx: RequestContext, memberId: number): Promise<NotificationPreferences> {
  const rows = await ctx.db.selectFrom('notification_preferences').selectAll().where('member_id', '=', memberId).execute();
  const member = await ctx.db.selectFrom('members').select(['quiet_start', 'quiet_end', 'time_zone']).where('id', '=', memberId).executeTakeFirstOrThrow();
  const kinds = Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, Object.fromEntries(CHANNELS.map((channel) => [channel, DEFAULT_ENABLED[channel]]))])) as NotificationPreferences['kinds'];
  for (const row of rows) if (row.kind in kinds) kinds[row.kind as NotificationKind][row.channel] = row.enabled;
  const hhmm = (time: string) => time.slice(0, 5);
  return {
    kinds,
    quietHours: member.quiet_start && member.quiet_end ? { start: hhmm(member.quiet_start), end: hhmm(member.quiet_end) } : null,
    timeZone: member.time_zone,
  };
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
