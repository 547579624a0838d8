import { assertOwnCommunity } from '../auth/member-access.ts';
import { can } from '../auth/permissions.ts';
import type { RequestContext } from '../context.ts';
import { findMember, type MemberRef } from '../members/find-member.ts';
import { SamoohError } from '../../errors.ts';
import { toMessageView } from './message-view.ts';

/**
 * A member's messages, sent and received, newest first; optionally only those
 * with one other member. Reading marks the received ones read. The member sees
 * nothing the company hid; a moderator (community:manage) sees everything.
 */
export async function listMessages(ctx: RequestContext, ref: MemberRef, query: { with?: string; limit: number; offset: number }) {
  const member = await assertOwnCommunity(ctx, ref, 'community:manage');
  const moderator = can(ctx.actor, 'community:manage');
  let other: number | null = null;
  if (query.with !== undefined) {
    const found = await findMember(ctx.db, query.with);
    if (!found) throw new SamoohError('MEMBER_NOT_FOUND', { member: query.with });
    other = found.id;
  }
  let select = ctx.db.selectFrom('messages').selectAll().where((eb) => eb.or([eb('sender_id', '=', member.id), eb('recipient_id', '=', member.id)]));
  if (other !== null) select = select.where((eb) => eb.or([eb('sender_id', '=', other), eb('recipient_id', '=', other)]));
  if (!moderator) select = select.where('hidden_at', 'is', null);
  const rows = await select.orderBy('id', 'desc').limit(query.limit + 1).offset(query.offset).execute();
  const ids = [...new Set(rows.flatMap((row) => [row.sender_id, row.recipient_id]))];
  const people = ids.length ? await ctx.db.selectFrom('members').select(['id', 'code', 'name']).where('id', 'in', ids).execute() : [];
  const byId = Object.fromEntries(people.map((person) => [person.id, person]));
  if (!moderator && rows.some((row) => row.recipient_id === member.id && !row.read_at)) {
    await ctx.db.updateTable('messages').set({ read_at: new Date() }).where('recipient_id', '=', member.id).where('read_at', 'is', null)
      .where('id', 'in', rows.map((row) => row.id)).execute();
  }
  return { items: rows.slice(0, query.limit).map((row) => toMessageView(row, byId, moderator)), limit: query.limit, offset: query.offset, hasMore: rows.length > query.limit };
}
