import { sql } from 'kysely';
import { assertCan } from '../auth/permissions.ts';
import type { RequestContext } from '../context.ts';

export interface SelfRelianceRow {
  periodId: number;
  from: string;
  to: string;
  /** Members in the committed run (every distributor the engine saw). */
  participants: number;
  earnedSomething: number;
  /** Earned more (gross) than they spent on their own orders in the period, net of refunds. */
  earnedMoreThanSpent: number;
  /** Earned (gross) at least the threshold. */
  earnedAtLeastThreshold: number;
}

/**
 * Self-reliance per committed period: how many earned anything, how many
 * earned more than they spent on their own orders, and how many earned at
 * least `threshold` (minor units). Earnings are gross commission before TDS
 * and fees; spending is the amount of orders they bought themselves, less refunds.
 */
export async function selfRelianceReport(ctx: RequestContext, query: { threshold: number }): Promise<{ threshold: number; items: SelfRelianceRow[] }> {
  assertCan(ctx, 'reports:read');
  const { rows } = await sql<{ period_id: number; start_date: string; end_date: string; participants: number; earned: number; more: number; above: number }>`
    WITH runs AS (
      SELECT c.id, c.period_id FROM commission_runs c WHERE c.status = 'committed'
    ), spent AS (
      SELECT o.period_id, o.buyer_id, sum(o.amount - o.refunded_amount) AS spent
        FROM orders o WHERE o.period_id IN (SELECT period_id FROM runs) GROUP BY o.period_id, o.buyer_id
    )
    SELECT p.id AS period_id, p.start_date, p.end_date, count(*)::int AS participants,
           count(*) FILTER (WHERE r.earned > 0)::int AS earned,
           count(*) FILTER (WHERE r.earned > 0 AND r.earned > coalesce(s.spent, 0))::int AS more,
           count(*) FILTER (WHERE r.earned > 0 AND r.earned >= ${query.threshold})::int AS above
      FROM runs JOIN periods p ON p.id = runs.period_id
      JOIN commission_run_members r ON r.run_id = runs.id
      LEFT JOIN spent s ON s.period_id = runs.period_id AND s.buyer_id = r.member_id
     GROUP BY p.id, p.start_date, p.end_date
     ORDER BY p.start_date`.execute(ctx.db);
  return {
    threshold: query.threshold,
    items: rows.map((row) => ({ periodId: row.period_id, from: row.start_date, to: row.end_date, participants: row.participants, earnedSomething: row.earned, earnedMoreThanSpent: row.more, earnedAtLeastThreshold: row.above })),
  };
}
