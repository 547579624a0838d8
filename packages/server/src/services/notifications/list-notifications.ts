import { assertOwnCommunity } from '../auth/member-access.ts';
import type { RequestContext } from '../context.ts';
import type { MemberRef } from '../members/find-member.ts';
import type { NotificationKind } from './notification-kinds.ts';
import { renderNotification } from './render-notification.ts';

export interface NotificationView {
  id: number;
  kind: NotificationKind;
  subject: string;
  text: string;
  params: Record<string, unknown>;
  createdAt: string;
  readAt: string | null;
}

/** A member's notifications in the app, newest first, in the reader's language; staff may look (support answers "was I told?"). */
export async function listNotifications(ctx: RequestContext, ref: MemberRef, query: { unread?: boolean; limit: number; offset: number }) {
  const member = await assertOwnCommunity(ctx, ref, 'members:read');
  let select = ctx.db.selectFrom('notifications').selectAll().where('member_id', '=', member.id).where('in_app', '=', true);
  if (query.unread) select = select.where('read_at', 'is', null);
  const rows = await select.orderBy('id', 'desc').limit(query.limit + 1).offset(query.offset).execute();
  const unread = await ctx.db.selectFrom('notifications').select((eb) => eb.fn.countAll<number>().as('n')).where('member_id', '=', member.id).where('in_app', '=', true).where('read_at', 'is', null).executeTakeFirstOrThrow();
  const items: NotificationView[] = rows.slice(0, query.limit).map((row) => ({
    id: row.id,
    kind: row.kind as NotificationKind,
    ...renderNotification(ctx.language, row.kind as NotificationKind, row.params),
    params: row.params,
    createdAt: row.created_at.toISOString(),
    readAt: row.read_at?.toISOString() ?? null,
  }));
  return { items, unread: Number(unread.n), limit: query.limit, offset: query.offset, hasMore: rows.length > query.limit };
}
