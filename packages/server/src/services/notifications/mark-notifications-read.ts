import { assertOwnCommunity } from '../auth/member-access.ts';
import type { RequestContext } from '../context.ts';
import type { MemberRef } from '../members/find-member.ts';

/** Marks the member's own notifications read: the listed ones, or all. Returns how many changed. */
export async function markNotificationsRead(ctx: RequestContext, ref: MemberRef, which: { ids?: number[]; all?: boolean }): Promise<{ marked: number }> {
  const member = await assertOwnCommunity(ctx, ref);
  let update = ctx.db.updateTable('notifications').set({ read_at: new Date() }).where('member_id', '=', member.id).where('read_at', 'is', null);
  if (!which.all) update = update.where('id', 'in', which.ids?.length ? which.ids : [0]);
  const result = await update.executeTakeFirst();
  return { marked: Number(result.numUpdatedRows) };
}
