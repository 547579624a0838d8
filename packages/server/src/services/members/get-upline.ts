import { selectUpline, type TreeName } from '../../db/tree-queries.ts';
import { assertMayReadMembers, memberAccess } from '../auth/member-access.ts';
import type { RequestContext } from '../context.ts';
import { requireMember, type MemberRef } from './find-member.ts';

/** The member's ancestors in the sponsor or placement tree, from the parent up to the root. */
export async function getUpline(ctx: RequestContext, ref: MemberRef, tree: TreeName) {
  assertMayReadMembers(ctx);
  const member = await requireMember(ctx.db, ref);
  await memberAccess(ctx, member, { network: true });
  const upline = await selectUpline(ctx.db, member.id, tree);
  return { member: { id: member.id, code: member.code }, tree, depth: upline.length, upline };
}
