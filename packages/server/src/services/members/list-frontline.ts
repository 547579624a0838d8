import { sql } from 'kysely';
import { inOneSnapshot, pendingTeams, type TreeName } from '../../db/tree-queries.ts';
import { assertMayReadMembers, memberAccess } from '../auth/member-access.ts';
import type { RequestContext } from '../context.ts';
import { businessDate, getCompany } from '../company/get-company.ts';
import { pageOf, type PageRequest } from '../paging.ts';
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
 * and in a binary company their left and right placement legs. One query;
 * more only while enrollments wait to be added to the team sizes.
 */
export async function listFrontline(ctx: RequestContext, ref: MemberRef, tree: TreeName, page: PageRequest) {
  assertMayReadMembers(ctx);
  // Without enrollments waiting to be counted, the page's rows, team sizes and volumes come from
  // one statement, consistent by itself, outside a transaction. Otherwise the page is read again
  // in one snapshot, stored team sizes and the waiting enrollments as of the same moment.
  return (await frontlinePage(ctx, ref, tree, page, false)) ?? (await inOneSnapshot(ctx.db, (db) => frontlinePage({ ...ctx, db }, ref, tree, page, true)))!;
}

/** The page; null when enrollments wait to be counted and the read is not in one snapshot. */
async function frontlinePage(ctx: RequestContext, ref: MemberRef, tree: TreeName, page: PageRequest, inSnapshot: boolean) {
  const member = await requireMember(ctx.db, ref);
  await memberAccess(ctx, member, { network: true });
  const company = await getCompany(ctx.db);
  const binary = company.placement_tree === 'binary';
  const parent = sql.ref(tree === 'sponsor' ? 'c.sponsor_id' : 'c.placement_parent_id');
  const leg = (slot: number) => sql<number | null>`(
    SELECT l.id FROM members l WHERE l.placement_parent_id = c.id AND l.placement_slot = ${slot})`;
  const rows = (
    await sql<{
      id: number; code: string; name: string; type: 'distributor' | 'preferred' | 'retail'; status: 'active' | 'terminated'; joined_at: Date;
      placement_slot: number | null; children: number; team: number; period_id: number | null; rank: string | null; pv: number | null; gv: number | null;
      active: boolean | null; left_volume: number | null; right_volume: number | null; left_id: number | null; right_id: number | null;
      left_team: number | null; right_team: number | null; backlog: boolean;
    }>`
    WITH open_period AS (SELECT id FROM periods WHERE status = 'open' AND start_date <= ${businessDate(company, new Date())} AND end_date >= ${businessDate(company, new Date())} LIMIT 1),
    page AS (
      SELECT c.id, c.code, c.name, c.type, c.status, c.joined_at, c.placement_slot,
             (SELECT count(*) FROM members g WHERE g.${sql.ref(tree === 'sponsor' ? 'sponsor_id' : 'placement_parent_id')} = c.id)::int AS children,
             ${binary ? leg(0) : sql`NULL::bigint`} AS left_id, ${binary ? leg(1) : sql`NULL::bigint`} AS right_id
        FROM members c
       WHERE ${parent} = ${member.id}
       ORDER BY ${tree === 'sponsor' ? sql`c.id` : sql`c.placement_slot`}
       LIMIT ${page.limit + 1} OFFSET ${page.offset})
    SELECT page.*, coalesce(t.team, 0) AS team, (SELECT id FROM open_period) AS period_id,
           v.rank, v.pv, v.gv, v.active, v.left_volume, v.right_volume, lt.team AS left_team, rt.team AS right_team,
           EXISTS (SELECT 1 FROM genealogy_pending) AS backlog
      FROM page
      LEFT JOIN genealogy_counts t ON t.tree = ${tree} AND t.member_id = page.id
      LEFT JOIN genealogy_counts lt ON lt.tree = 'placement' AND lt.member_id = page.left_id
      LEFT JOIN genealogy_counts rt ON rt.tree = 'placement' AND rt.member_id = page.right_id
      LEFT JOIN member_volumes v ON v.member_id = page.id AND v.period_id = (SELECT id FROM open_period)
     ORDER BY ${tree === 'sponsor' ? sql`page.id` : sql`page.placement_slot`}`.execute(ctx.db)
  ).rows;
  const legIds = rows.flatMap((row) => [row.left_id, row.right_id]).filter((id): id is number => id !== null);
  // Enrollments not yet drained into the counts: add them (exact at any moment).
  const backlog = rows[0]?.backlog ?? false;
  if (backlog && !inSnapshot) return null;
  const pending = backlog ? await pendingTeams(ctx.db, rows.map((row) => row.id), tree) : new Map<number, number>();
  const legPending = backlog ? await pendingTeams(ctx.db, legIds, 'placement') : new Map<number, number>();
  const legCount = (id: number | null, team: number | null) => (id === null ? 0 : 1 + (team ?? 0) + (legPending.get(Number(id)) ?? 0));
  const items = rows.map((row) => ({
    id: Number(row.id),
    code: row.code,
    name: row.name,
    type: row.type,
    status: row.status,
    joinedAt: row.joined_at.toISOString(),
    slot: tree === 'placement' ? slotLabel(company.placement_tree, row.placement_slot) : null,
    children: Number(row.children),
    teamSize: Number(row.team) + (pending.get(Number(row.id)) ?? 0),
    rank: row.rank ?? null,
    pv: Number(row.pv ?? 0),
    gv: Number(row.gv ?? 0),
    active: row.active ?? false,
    legs: binary
      ? {
          left: { count: legCount(row.left_id, row.left_team), volume: Number(row.left_volume ?? 0) },
          right: { count: legCount(row.right_id, row.right_team), volume: Number(row.right_volume ?? 0) },
        }
      : null,
  }));
  const periodId = rows[0]?.period_id ?? null;
  return { member: { id: member.id, code: member.code }, tree, period: periodId === null ? null : { id: Number(periodId) }, ...pageOf(items, page) };
}
