/**
 * The overall cap: total payout may not exceed a share of the period's commissionable volume.
 * When it would, every line of the capped bonuses is scaled by one factor, held exactly in
 * parts per million and rounded down, so the scaled total never exceeds the cap. Bonuses the
 * plan excludes are not scaled but still count against the cap.
 */
import type { PeriodState } from '../core/period.ts';
import { RATE_SCALE } from '../money/rate.ts';
import { mulDivRound } from '../money/rounding.ts';

export interface CapOutcome {
  /** Parts per million applied to capped lines; RATE_SCALE when nothing is scaled. */
  factorPpm: number;
  /** The most the period may pay, in minor units, or null without a cap. */
  limit: number | null;
  /** Per bonus (plan position): 1 when the cap leaves its lines as they are. */
  unscaled: Uint8Array;
}

/** The cap factor from the pre-cap total of each bonus. */
export function capOutcome(period: PeriodState, paidByBonus: Float64Array): CapOutcome {
  const { plan } = period;
  const unscaled = Uint8Array.from(plan.bonuses, (bonus) => (plan.cap?.exclude.includes(bonus.id) ? 1 : 0));
  if (!plan.cap) return { factorPpm: RATE_SCALE, limit: null, unscaled: unscaled.fill(1) };
  const limit = period.money.rateOnVolumeDown(period.volumes.companyCommissionable, plan.cap.totalPayoutMaxShareOfCV);
  let fixed = 0;
  let variable = 0;
  paidByBonus.forEach((amount, bonus) => { if (unscaled[bonus] === 1) fixed += amount; else variable += amount; });
  if (fixed + variable <= limit) return { factorPpm: RATE_SCALE, limit, unscaled: unscaled.fill(1) };
  const budget = Math.max(0, limit - fixed);
  return { factorPpm: mulDivRound(budget, RATE_SCALE, variable, 'down'), limit, unscaled };
}

/** A line's amount after the cap. */
export function cappedAmount(cap: CapOutcome, bonus: number, amount: number): number {
  return scaleDown(amount, lineFactor(cap, bonus));
}

/** The factor one bonus's lines are scaled by: RATE_SCALE when the cap leaves them as they are. */
export function lineFactor(cap: CapOutcome, bonus: number): number {
  return cap.unscaled[bonus] === 1 ? RATE_SCALE : cap.factorPpm;
}

/** Below this a float quotient of an integer by RATE_SCALE floors exactly (as in money-rules). */
const EXACT_FLOOR_LIMIT = Number.MAX_SAFE_INTEGER - RATE_SCALE;

/**
 * floor(amount × factorPpm / 10⁶), the cap's rule for one line: the same value as
 * mulDivRound(amount, factorPpm, RATE_SCALE, 'down'), without its remainder fix-up in the
 * common case, since it runs once per line.
 */
export function scaleDown(amount: number, factorPpm: number): number {
  if (factorPpm === RATE_SCALE) return amount;
  const product = amount * factorPpm;
  return product < EXACT_FLOOR_LIMIT ? Math.floor(product / RATE_SCALE) : mulDivRound(amount, factorPpm, RATE_SCALE, 'down');
}
