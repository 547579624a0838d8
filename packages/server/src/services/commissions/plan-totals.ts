import { memberOutcomes, VOLUME_SCALE, type Calculation, type Plan } from '@samooh/engine';
import type { RawSession } from '../../db/connection.ts';
import { historyLength } from './load-snapshot.ts';

/** What a calculation paid, as a period run and a what-if rerun both report it. */
export interface PlanTotals {
  paid: number;
  /** Company commissionable volume, points. */
  cv: number;
  byBonus: Record<string, number>;
  payoutRatio: number;
  capFactor: number;
}

export function planTotals(plan: Plan, calculation: Calculation): PlanTotals {
  const outcome = memberOutcomes(calculation);
  const paid = calculation.paid;
  return {
    paid,
    cv: outcome.companyCv / VOLUME_SCALE,
    byBonus: Object.fromEntries(plan.bonuses.map((bonus, index) => [bonus.id, calculation.paidByBonus[index]!])),
    payoutRatio: outcome.companyCvMoney === 0 ? 0 : Math.round((paid / outcome.companyCvMoney) * 1e6) / 1e6,
    capFactor: calculation.cap.factorPpm / 1_000_000,
  };
}

/** The committed runs of the periods before a date, newest first, as many as the plan's rank history needs (at least one, for carry). */
export async function earlierCommittedRuns(session: RawSession, periodStart: string, plan: Plan): Promise<{ runId: number; periodStart: string }[]> {
  return session.query<{ runId: number; periodStart: string }>(
    `SELECT r.id AS "runId", p.start_date AS "periodStart" FROM commission_runs r JOIN periods p ON p.id = r.period_id
      WHERE r.status = 'committed' AND p.start_date < $1 ORDER BY p.start_date DESC LIMIT $2`,
    [periodStart, Math.max(1, historyLength(plan))],
  );
}
