import { sql } from 'kysely';
import type { TreeName } from '../../db/tree-queries.ts';
import { assertMayReadMembers, memberAccess } from '../auth/member-access.ts';
import type { RequestContext } from '../context.ts';
import { getCompany } from '../company/get-company.ts';
import { pageOf, type PageRequest } from '../paging.ts';
import { requireMember, type MemberRef } from './find-member.ts';
import { slotLabel } from './member-view.ts';

/**
 * A member's direct children in one tree, paged, each with the size of their
 * own frontline so a genealogy view knows which nodes can expand.
 */
export async function listFrontline(ctx: RequestContext, ref: MemberRef, tree: TreeName, page: PageRequest) {
  assertMayReadMembers(ctx);
  const member = await requireMember(ctx.db, ref);
  await memberAccess(ctx, member, { network: true });
  const company = await getCompany(ctx.db);
  const parentColumn = tree === 'sponsor' ? 'c.sponsor_id' : 'c.placement_parent_id';
  const rows = await ctx.db
    .selectFrom('members as c')
    .select(['c.id', 'c.code', 'c.name', 'c.type', 'c.status', 'c.joined_at', 'c.placement_slot'])
    .select(
      tree === 'sponsor'
        ? sql<number>`(SELECT count(*) FROM members g WHERE g.sponsor_id = c.id)`.as('children')
        : sql<number>`(SELECT count(*) FROM members g WHERE g.placement_parent_id = c.id)`.as('children'),
    )
    .where(parentColumn, '=', member.id)
    .orderBy(tree === 'sponsor' ? 'c.id' : 'c.placement_slot')
    .limit(page.limit + 1)
    .offset(page.offset)
    .execute();
  const items = rows.map((row) => ({
    id: row.id,
    code: row.code,
    name: row.name,
    type: row.type,
    status: row.status,
    joinedAt: row.joined_at.toISOString(),
    slot: tree === 'placement' ? slotLabel(company.placement_tree, row.placement_slot) : null,
    children: Number(row.children),
  }));
  return { member: { id: member.id, code: member.code }, tree, ...pageOf(items, page) };
}
