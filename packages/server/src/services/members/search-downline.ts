import { levelsBelow, searchDownline, type TreeName } from '../../db/tree-queries.ts';
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
  const member = await requireMember(ctx.db, ref);
  const q = input.q?.trim();
  const digits = q?.replace(/[^0-9]/g, '') ?? '';
  const rows = await searchDownline(ctx.db, member.id, input.tree, {
    like: q ? `%${escapeLike(q.toLowerCase())}%` : null,
    code: q ? `${escapeLike(q.toUpperCase())}%` : null,
    digits: digits.length >= 4 ? `%${digits}` : null,
    maxLevels: input.maxLevels,
    limit: input.limit + 1,
    offset: input.offset,
  });
  return { member: { id: member.id, code: member.code }, tree: input.tree, ...pageOf(rows, input) };
}

/** Whether one member is in another's downline, and how many levels below. */
export async function checkDownline(ctx: RequestContext, ancestorRef: MemberRef, memberRef: MemberRef, tree: TreeName) {
  const ancestor = await requireMember(ctx.db, ancestorRef);
  const member = await requireMember(ctx.db, memberRef);
  const levels = await levelsBelow(ctx.db, ancestor.id, member.id, tree);
  return { ancestor: { id: ancestor.id, code: ancestor.code }, member: { id: member.id, code: member.code }, tree, inDownline: levels !== null, levels };
}
