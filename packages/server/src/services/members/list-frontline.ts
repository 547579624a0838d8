import { sql } from 'kysely';
import { teamSizes, type TreeName } from '../../db/tree-queries.ts';
import type { RequestContext } from '../context.ts';
import { businessDate, getCompany } from '../company/get-company.ts';
import { pageOf, type PageRequest } from '../paging.ts';
import { openPeriodFor } from '../periods/periods.ts';
import { requireMember, type MemberRef } from './find-member.ts';
import { slotLabel } from './member-view.ts';

export interface LegSummary {
  /** Members in the leg (the child in that slot and everyone below). */
  count: number;
  /** This period's volume below that slot, from member_volumes. */
  volume: number;
}

/**
 * A member's direct children in one tree, paged. For each child: the size of
 * their own frontline (can the node expand), their team size, their standing
 * in the open period (rank, PV, GV, active; zeros and null before any volume),
 * and in a binary company their left and right placement legs.
 */
export async function listFrontline(ctx: RequestContext, ref: MemberRef, tree: TreeName, page: PageRequest) {
  const member = await requireMember(ctx.db, ref);
  const company = await getCompany(ctx.db);
  const period = await openPeriodFor(ctx.db, businessDate(company, new Date()));
  const parentColumn = tree === 'sponsor' ? 'c.sponsor_id' : 'c.placement_parent_id';
  const rows = await ctx.db
    .selectFrom('members as c')
    .leftJoin('member_volumes as v', (join) => join.onRef('v.member_id', '=', 'c.id').on('v.period_id', '=', period?.id ?? -1))
    .select(['c.id', 'c.code', 'c.name', 'c.type', 'c.status', 'c.joined_at', 'c.placement_slot'])
    .select(['v.rank', 'v.pv', 'v.gv', 'v.active', 'v.left_volume', 'v.right_volume'])
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
  const ids = rows.map((row) => row.id);
  const teams = await teamSizes(ctx.db, ids, tree);
  const legs = company.placement_tree === 'binary' ? await legCounts(ctx, ids) : null;
  const items = rows.map((row) => ({
    id: row.id,
    code: row.code,
    name: row.name,
    type: row.type,
    status: row.status,
    joinedAt: row.joined_at.toISOString(),
    slot: tree === 'placement' ? slotLabel(company.placement_tree, row.placement_slot) : null,
    children: Number(row.children),
    teamSize: teams.get(row.id) ?? 0,
    rank: row.rank ?? null,
    pv: Number(row.pv ?? 0),
    gv: Number(row.gv ?? 0),
    active: row.active ?? false,
    legs: legs && {
      left: { count: legs.get(row.id)?.[0] ?? 0, volume: Number(row.left_volume ?? 0) },
      right: { count: legs.get(row.id)?.[1] ?? 0, volume: Number(row.right_volume ?? 0) },
    },
  }));
  return { member: { id: member.id, code: member.code }, tree, period: period ? { id: period.id } : null, ...pageOf(items, page) };
}

/** Members in the left and right placement leg of each member: the child in the slot plus its team. */
async function legCounts(ctx: RequestContext, ids: number[]): Promise<Map<number, [number, number]>> {
  const counts = new Map<number, [number, number]>();
  if (ids.length === 0) return counts;
  const children = await ctx.db
    .selectFrom('members')
    .select(['id', 'placement_parent_id', 'placement_slot'])
    .where('placement_parent_id', 'in', ids)
    .execute();
  const teams = await teamSizes(ctx.db, children.map((child) => child.id), 'placement');
  for (const child of children) {
    const legs = counts.get(child.placement_parent_id!) ?? [0, 0];
    legs[child.placement_slot === 0 ? 0 : 1] = 1 + (teams.get(child.id) ?? 0);
    counts.set(child.placement_parent_id!, legs);
  }
  return counts;
}
