import { sql } from 'kysely';
import { assertMayReadMembers, memberAccess } from '../auth/member-access.ts';
import { withoutJit, type TreeName } from '../../db/tree-queries.ts';
import type { RequestContext } from '../context.ts';
import { businessDate, getCompany } from '../company/get-company.ts';
import { openPeriodFor } from '../periods/periods.ts';
import { requireMember, type MemberRef } from './find-member.ts';

export interface DownlineStatisticsInput {
  tree: TreeName;
  /** How many levels down (1 = frontline). */
  maxLevels: number;
}

/**
 * A member's downline level by level: members, distributors, actives and
 * personal volume in the open period (from member_volumes). One walk down the
 * tree to maxLevels, so its cost grows with the members within those levels.
 */
export async function downlineStatistics(ctx: RequestContext, ref: MemberRef, input: DownlineStatisticsInput) {
  assertMayReadMembers(ctx);
  const member = await requireMember(ctx.db, ref);
  await memberAccess(ctx, member, { network: true });
  const company = await getCompany(ctx.db);
  const period = await openPeriodFor(ctx.db, businessDate(company, new Date()));
  const parent = sql.ref(input.tree === 'sponsor' ? 'sponsor_id' : 'placement_parent_id');
  const result = await withoutJit(ctx.db, (db) => sql<{ level: number; members: number; distributors: number; actives: number; volume: number }>`
    WITH RECURSIVE down (id, level) AS (
      SELECT id, 1 FROM members WHERE ${parent} = ${member.id}
      UNION ALL
      SELECT m.id, down.level + 1 FROM down JOIN members m ON m.${parent} = down.id WHERE down.level < ${input.maxLevels}
    )
    SELECT down.level, count(*)::int AS members,
           count(*) FILTER (WHERE m.type = 'distributor')::int AS distributors,
           count(*) FILTER (WHERE v.active)::int AS actives,
           coalesce(sum(v.pv), 0) AS volume
      FROM down
      JOIN members m ON m.id = down.id
      LEFT JOIN member_volumes v ON v.member_id = down.id AND v.period_id = ${period?.id ?? -1}
     GROUP BY down.level
     ORDER BY down.level`.execute(db));
  const levels = result.rows.map((row) => ({
    level: row.level,
    members: row.members,
    distributors: row.distributors,
    actives: row.actives,
    volume: Number(row.volume),
  }));
  const total = levels.reduce(
    (sum, level) => ({
      members: sum.members + level.members,
      distributors: sum.distributors + level.distributors,
      actives: sum.actives + level.actives,
      volume: sum.volume + level.volume,
    }),
    { members: 0, distributors: 0, actives: 0, volume: 0 },
  );
  return { member: { id: member.id, code: member.code }, tree: input.tree, period: period ? { id: period.id } : null, maxLevels: input.maxLevels, levels, total };
}
