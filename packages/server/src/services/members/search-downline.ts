import { levelsBelow, searchDownline, type TreeName } from '../../db/tree-queries.ts';
import { assertMayReadMembers, contactsVisible, memberAccess } from '../auth/member-access.ts';
import type { RequestContext } from '../context.ts';
import { pageOf, type PageRequest } from '../paging.ts';
import { requireMember, type MemberRef } from './find-member.ts';
import { escapeLike } from './search-members.ts';

export interface SearchDownlineInput extends PageRequest {
  tree: TreeName;
  /** Part of a name, the start of a member code, or phone digits; omitted lists everyone. */
  q?: string | undefined;
  /** How many levels down to look (1 = frontline). */
  maxLevels: number;
}

/** Searches a member's downline in one tree; each match says how many levels down it is. */
export async function searchMemberDownline(ctx: RequestContext, ref: MemberRef, input: SearchDownlineInput) {
  assertMayReadMembers(ctx);
  const member = await requireMember(ctx.db, ref);
  await memberAccess(ctx, member, { network: true });
  const q = input.q?.trim();
  // Only staff find members by phone: a search by digits would reveal a downline member's number.
  const digits = contactsVisible(ctx) ? (q?.replace(/[^0-9]/g, '') ?? '') : '';
  const rows = await searchDownline(ctx.db, member.id, input.tree, {
    term: q || null,
    like: q ? `%${escapeLike(q.toLowerCase())}%` : null,
    code: q ? `${escapeLike(q.toUpperCase())}%` : null,
    digits: digits.length >= 4 ? `%${digits}` : null,
    maxLevels: input.maxLevels,
    limit: input.limit + 1,
    offset: input.offset,
  });
  const shown = contactsVisible(ctx) ? rows : rows.map((row) => ({ ...row, phone: null }));
  return { member: { id: member.id, code: member.code }, tree: input.tree, ...pageOf(shown, input) };
}

/** Whether one member is in another's downline, and how many levels below. */
export async function checkDownline(ctx: RequestContext, ancestorRef: MemberRef, memberRef: MemberRef, tree: TreeName) {
  assertMayReadMembers(ctx);
  const ancestor = await requireMember(ctx.db, ancestorRef);
  const member = await requireMember(ctx.db, memberRef);
  await memberAccess(ctx, ancestor, { network: true });
  await memberAccess(ctx, member, { network: true });
  const levels = await levelsBelow(ctx.db, ancestor.id, member.id, tree);
  return { ancestor: { id: ancestor.id, code: ancestor.code }, member: { id: member.id, code: member.code }, tree, inDownline: levels !== null, levels };
}
