import { assertMayReadMembers, limitMemberView, memberAccess } from '../auth/member-access.ts';
import type { RequestContext } from '../context.ts';
import { getCompany } from '../company/get-company.ts';
import { requireMember, type MemberRef } from './find-member.ts';
import { toMemberView, type MemberView } from './member-view.ts';

export async function getMember(ctx: RequestContext, ref: MemberRef): Promise<MemberView> {
  assertMayReadMembers(ctx);
  const member = await requireMember(ctx.db, ref);
  const access = await memberAccess(ctx, member);
  const company = await getCompany(ctx.db);
  const refIds = [member.sponsor_id, member.placement_parent_id].filter((id): id is number => id !== null);
  const codes = new Map<number, string>();
  if (refIds.length > 0) {
    for (const row of await ctx.db.selectFrom('members').select(['id', 'code']).where('id', 'in', refIds).execute()) codes.set(row.id, row.code);
  }
  const view = toMemberView(
    member,
    {
      sponsorCode: member.sponsor_id === null ? null : (codes.get(member.sponsor_id) ?? null),
      placementParentCode: member.placement_parent_id === null ? null : (codes.get(member.placement_parent_id) ?? null),
    },
    company.placement_tree,
  );
  return limitMemberView(view, access);
}
