import { sql } from 'kysely';
import { SamoohError } from '../../errors.ts';
import { assertOwnCommunity } from '../auth/member-access.ts';
import { assertCan } from '../auth/permissions.ts';
import { writeAudit } from '../audit.ts';
import { inTransaction, type RequestContext } from '../context.ts';
import type { MemberRef } from '../members/find-member.ts';

export interface Recognition {
  month: string;
  rankAdvancements: { code: string; name: string; rank: string }[];
  /** By sales to customers (orders bought by customers and credited to the distributor, net of refunds), never by recruiting. */
  topSellers: { code: string; name: string; customerSales: number; currency: string }[];
  newMembers: { code: string; name: string; joinedOn: string }[];
}

/**
 * The month's recognition for the whole company: rank advancements (a
 * recognition rank new against the member's previous committed run, in the
 * runs committed for periods starting that month), the ten top sellers by
 * customer sales, and new distributors welcomed. Members who opted out of
 * public recognition and terminated members are left out.
 */
export async function getRecognition(ctx: RequestContext, month: string): Promise<Recognition> {
  assertCan(ctx, 'members:read', 'community:own');
  const [year, mon] = month.split('-').map(Number);
  if (!year || !mon || mon > 12) throw new SamoohError('VALIDATION_FAILED', { summary: 'month must be YYYY-MM' });
  const from = `${month}-01`;
  const advancements = await sql<{ code: string; name: string; rank: string }>`
    WITH runs AS (
      SELECT c.id, c.committed_at,
             (SELECT p.id FROM commission_runs p WHERE p.status = 'committed' AND (p.committed_at, p.id) < (c.committed_at, c.id) ORDER BY p.committed_at DESC, p.id DESC LIMIT 1) AS previous
        FROM commission_runs c JOIN periods pe ON pe.id = c.period_id
       WHERE c.status = 'committed' AND pe.start_date >= ${from}::date AND pe.start_date < (${from}::date + interval '1 month')
    )
    SELECT DISTINCT ON (m.id) m.code, m.name, r.highest_rank AS rank
      FROM runs JOIN commission_run_members r ON r.run_id = runs.id
      LEFT JOIN commission_run_members b ON b.run_id = runs.previous AND b.member_id = r.member_id
      JOIN members m ON m.id = r.member_id
     WHERE r.highest_rank IS NOT NULL AND r.highest_rank IS DISTINCT FROM b.highest_rank
       AND NOT m.recognition_opt_out AND m.status <> 'terminated'
     ORDER BY m.id, runs.committed_at DESC`.execute(ctx.db);
  const sellers = await sql<{ code: string; name: string; sales: number; currency: string }>`
    SELECT m.code, m.name, sum(o.amount - o.refunded_amount)::bigint AS sales, min(o.currency) AS currency
      FROM orders o JOIN members m ON m.id = o.credited_id
     WHERE o.buyer_id <> o.credited_id AND o.business_date >= ${from}::date AND o.business_date < (${from}::date + interval '1 month')
       AND NOT m.recognition_opt_out AND m.status <> 'terminated'
     GROUP BY m.id, m.code, m.name
    HAVING sum(o.amount - o.refunded_amount) > 0
     ORDER BY sales DESC, m.code LIMIT 10`.execute(ctx.db);
  const joined = await sql<{ code: string; name: string; joined_on: string }>`
    SELECT m.code, m.name, to_char(m.joined_at AT TIME ZONE co.time_zone, 'YYYY-MM-DD') AS joined_on
      FROM members m CROSS JOIN (SELECT time_zone FROM company LIMIT 1) co
     WHERE m.type = 'distributor' AND m.sponsor_id IS NOT NULL AND NOT m.recognition_opt_out AND m.status <> 'terminated'
       AND (m.joined_at AT TIME ZONE co.time_zone) >= ${from}::date AND (m.joined_at AT TIME ZONE co.time_zone) < (${from}::date + interval '1 month')
     ORDER BY m.joined_at, m.id LIMIT 200`.execute(ctx.db);
  return {
    month,
    rankAdvancements: advancements.rows,
    topSellers: sellers.rows.map((row) => ({ code: row.code, name: row.name, customerSales: Number(row.sales), currency: row.currency })),
    newMembers: joined.rows.map((row) => ({ code: row.code, name: row.name, joinedOn: row.joined_on })),
  };
}

/**
 * Whether a member is opted out of public recognition: the member themselves,
 * or staff who read members.
 */
export async function getRecognitionChoice(ctx: RequestContext, ref: MemberRef) {
  const member = await assertOwnCommunity(ctx, ref, 'members:read');
  return { memberId: member.id, code: member.code, recognitionOptOut: member.recognition_opt_out };
}

/** A member opts out of public recognition (or back in); the company may set it too. */
export async function setRecognitionOptOut(ctx: RequestContext, ref: MemberRef, optOut: boolean) {
  const member = await assertOwnCommunity(ctx, ref, 'members:write');
  return inTransaction(ctx, async (tx) => {
    await tx.db.updateTable('members').set({ recognition_opt_out: optOut }).where('id', '=', member.id).execute();
    await writeAudit(tx, { action: 'member.recognition', entity: 'member', entityId: member.id, before: { recognitionOptOut: member.recognition_opt_out }, after: { recognitionOptOut: optOut } });
    return { memberId: member.id, code: member.code, recognitionOptOut: optOut };
  });
}
