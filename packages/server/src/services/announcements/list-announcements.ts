import { sql } from 'kysely';
import { assertOwnCommunity } from '../auth/member-access.ts';
import { assertCan } from '../auth/permissions.ts';
import type { RequestContext } from '../context.ts';
import type { MemberRef } from '../members/find-member.ts';

export interface AnnouncementView {
  id: number;
  author: { id: number; code: string; name: string } | null;
  language: 'en' | 'hi';
  title: string;
  body: string;
  createdAt: string;
  readAt: string | null;
}

interface Row {
  id: number;
  author_id: number | null;
  author_code: string | null;
  author_name: string | null;
  language: 'en' | 'hi';
  title: string;
  body: string;
  created_at: Date;
  read_at: Date | null;
  audience: unknown;
  recipient_count: number;
}

const view = (row: Row): AnnouncementView => ({
  id: row.id,
  author: row.author_id === null ? null : { id: row.author_id, code: row.author_code!, name: row.author_name! },
  language: row.language,
  title: row.title,
  body: row.body,
  createdAt: new Date(row.created_at).toISOString(),
  readAt: row.read_at ? new Date(row.read_at).toISOString() : null,
});

/** The announcements addressed to a member, newest first, as written (Hindi or English). */
export async function listMemberAnnouncements(ctx: RequestContext, ref: MemberRef, page: { limit: number; offset: number }) {
  const member = await assertOwnCommunity(ctx, ref, 'members:read');
  const { rows } = await sql<Row>`
    SELECT a.*, r.read_at, m.code AS author_code, m.name AS author_name
      FROM announcement_recipients r JOIN announcements a ON a.id = r.announcement_id LEFT JOIN members m ON m.id = a.author_id
     WHERE r.member_id = ${member.id} AND a.hidden_at IS NULL
     ORDER BY a.id DESC LIMIT ${page.limit + 1} OFFSET ${page.offset}`.execute(ctx.db);
  return { items: rows.slice(0, page.limit).map(view), limit: page.limit, offset: page.offset, hasMore: rows.length > page.limit };
}

/** Every announcement with its audience and reach, for the company. */
export async function listAllAnnouncements(ctx: RequestContext, page: { limit: number; offset: number }) {
  assertCan(ctx, 'community:manage');
  const { rows } = await sql<Row>`
    SELECT a.*, NULL::timestamptz AS read_at, m.code AS author_code, m.name AS author_name
      FROM announcements a LEFT JOIN members m ON m.id = a.author_id
     ORDER BY a.id DESC LIMIT ${page.limit + 1} OFFSET ${page.offset}`.execute(ctx.db);
  return {
    items: rows.slice(0, page.limit).map((row) => ({ ...view(row), audience: row.audience as Record<string, unknown>, recipients: row.recipient_count })),
    limit: page.limit, offset: page.offset, hasMore: rows.length > page.limit,
  };
}

/** Marks an announcement read for the member it was addressed to. */
export async function markAnnouncementRead(ctx: RequestContext, ref: MemberRef, announcementId: number): Promise<{ marked: number }> {
  const member = await assertOwnCommunity(ctx, ref);
  const result = await ctx.db.updateTable('announcement_recipients').set({ read_at: new Date() })
    .where('member_id', '=', member.id).where('announcement_id', '=', announcementId).where('read_at', 'is', null).executeTakeFirst();
  return { marked: Number(result.numUpdatedRows) };
}
