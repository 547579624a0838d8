import { SamoohError } from '../../errors.ts';
import { ownMemberId } from '../auth/member-access.ts';
import { refusal } from '../auth/permissions.ts';
import type { RequestContext } from '../context.ts';
import { findMember, type MemberRef } from '../members/find-member.ts';
import { loadAutoshipView } from './autoship-view.ts';
import { assertMayUseAutoships, requireAccessibleAutoship } from './find-autoship.ts';

/** Autoships, newest first: staff see every member's (or one member's); a member sees their own. */
export async function listAutoships(ctx: RequestContext, query: { member?: MemberRef | undefined; status?: 'active' | 'paused' | 'cancelled' | undefined; limit: number; offset: number }) {
  const scope = assertMayUseAutoships(ctx, false);
  let memberId: number | null = null;
  if (query.member !== undefined) {
    const member = await findMember(ctx.db, query.member);
    if (!member) throw new SamoohError('MEMBER_NOT_FOUND', { member: String(query.member) });
    memberId = member.id;
  }
  if (scope === 'own') {
    const me = ownMemberId(ctx);
    if (me === null || (memberId !== null && memberId !== me)) throw refusal(ctx.actor);
    memberId = me;
  }
  let select = ctx.db.selectFrom('autoships').selectAll();
  if (memberId !== null) select = select.where('member_id', '=', memberId);
  if (query.status) select = select.where('status', '=', query.status);
  const rows = await select.orderBy('id', 'desc').limit(query.limit + 1).offset(query.offset).execute();
  const items = [];
  for (const row of rows.slice(0, query.limit)) items.push(await loadAutoshipView(ctx.db, row));
  return { items, limit: query.limit, offset: query.offset, hasMore: rows.length > query.limit };
}

export async function getAutoship(ctx: RequestContext, id: number) {
  return loadAutoshipView(ctx.db, await requireAccessibleAutoship(ctx, id, false));
}
