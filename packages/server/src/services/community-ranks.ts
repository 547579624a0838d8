import { SamoohError } from '../errors.ts';
import { planInForce } from './commissions/plan-versions.ts';
import type { Db } from './context.ts';

/** The ranks of the plan in force today, lowest first; none when no plan is stored yet. */
export async function rankOrder(db: Db): Promise<string[]> {
  const today = new Date().toISOString().slice(0, 10);
  try {
    return (await planInForce(db, today)).plan.ranks.map((rank) => rank.id);
  } catch (error) {
    if (error instanceof SamoohError && error.code === 'PLAN_NOT_IN_FORCE') return [];
    throw error;
  }
}

/** The ranks at or above `rank`, refusing a rank the plan does not have. */
export async function ranksAtLeast(db: Db, rank: string): Promise<string[]> {
  const order = await rankOrder(db);
  const index = order.indexOf(rank);
  if (index < 0) throw new SamoohError('RANK_UNKNOWN', { rank });
  return order.slice(index);
}

/**
 * Each member's recognition (highest) rank as of their last committed
 * commission run, as SQL yielding (member_id, highest_rank).
 */
export const HIGHEST_RANKS_SQL = `
  SELECT DISTINCT ON (r.member_id) r.member_id, r.highest_rank
    FROM commission_run_members r JOIN commission_runs c ON c.id = r.run_id AND c.status = 'committed'
   ORDER BY r.member_id, c.committed_at DESC, c.id DESC`;
