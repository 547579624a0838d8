/**
 * Percentiles by the nearest-rank method: the p-th percentile of n sorted values is the value
 * at rank ceil(p/100 × n) (1-based); 0 for no values. Exact values from the data, never
 * interpolated, so a percentile of amounts in minor units is itself an amount.
 */
export function percentiles(values: Float64Array | readonly number[], ps: readonly number[]): number[] {
  const sorted = Float64Array.from(values).sort();
  if (sorted.length === 0) return ps.map(() => 0);
  return ps.map((p) => sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1]!);
}
