import { divRound } from '@samooh/engine';

/** The percentiles an income disclosure states, besides the median. */
export const PERCENTILES = [10, 25, 75, 90] as const;

export interface EarningsStatistics {
  count: number;
  /** Members whose gross earnings were zero or less. */
  earnedNothing: number;
  total: number;
  mean: number;
  median: number;
  /** Nearest-rank percentiles, keyed p10, p25, p75, p90. */
  percentiles: Record<`p${(typeof PERCENTILES)[number]}`, number>;
  minimum: number;
  maximum: number;
}

/**
 * Statistics of integer amounts (minor units), exact:
 * - mean: total ÷ count, rounded half-up to the minor unit;
 * - median: the middle value, or for an even count the two middle values' sum ÷ 2 rounded half-up;
 * - percentile P (nearest-rank): the value at rank ⌈P × n ÷ 100⌉ of the amounts in ascending order,
 *   so every percentile is an amount somebody actually earned.
 * An empty list gives zeros.
 */
export function earningsStatistics(amounts: readonly number[]): EarningsStatistics {
  const sorted = Float64Array.from(amounts).sort();
  const n = sorted.length;
  let total = 0;
  let earnedNothing = 0;
  for (const amount of sorted) {
    total += amount;
    if (amount <= 0) earnedNothing += 1;
  }
  if (n === 0) return { count: 0, earnedNothing: 0, total: 0, mean: 0, median: 0, percentiles: { p10: 0, p25: 0, p75: 0, p90: 0 }, minimum: 0, maximum: 0 };
  const median = n % 2 === 1 ? sorted[(n - 1) / 2]! : divRound(sorted[n / 2 - 1]! + sorted[n / 2]!, 2, 'half-up');
  const nearestRank = (p: number) => sorted[Math.max(1, Math.ceil((p * n) / 100)) - 1]!;
  return {
    count: n,
    earnedNothing,
    total,
    mean: divRound(total, n, 'half-up'),
    median,
    percentiles: { p10: nearestRank(10), p25: nearestRank(25), p75: nearestRank(75), p90: nearestRank(90) },
    minimum: sorted[0]!,
    maximum: sorted[n - 1]!,
  };
}

/** count ÷ total as a percentage with two decimals, rounded half-up (0 when total is 0). */
export function sharePercent(count: number, total: number): number {
  return total === 0 ? 0 : divRound(count * 10_000, total, 'half-up') / 100;
}
