import { describe, expect, it } from 'vitest';
import { earningsStatistics, sharePercent } from './earnings-statistics.ts';

describe('earnings statistics', () => {
  it('gives nearest-rank percentiles, the half-up median of an even count, and the half-up mean', () => {
    // Sorted: 0 0 0 100 250 251 1000 5000 (n = 8, total 6601).
    const stats = earningsStatistics([5000, 0, 251, 100, 0, 1000, 250, 0]);
    // p10: rank ⌈0.8⌉ = 1 → 0; p25: rank 2 → 0; p75: rank 6 → 251; p90: rank ⌈7.2⌉ = 8 → 5000.
    expect(stats.percentiles).toEqual({ p10: 0, p25: 0, p75: 251, p90: 5000 });
    // Median: (100 + 250) / 2 = 175; mean 6601 / 8 = 825.125 → 825.
    expect(stats).toMatchObject({ count: 8, earnedNothing: 3, total: 6601, median: 175, mean: 825, minimum: 0, maximum: 5000 });
  });

  it('takes the middle value of an odd count, rounds a half up, and counts a negative total as nothing earned', () => {
    expect(earningsStatistics([3, 1, 2]).median).toBe(2);
    expect(earningsStatistics([1, 2]).median).toBe(2); // 1.5 → 2
    expect(earningsStatistics([1, 2]).mean).toBe(2);
    expect(earningsStatistics([-50, 10]).earnedNothing).toBe(1);
    expect(earningsStatistics([])).toMatchObject({ count: 0, median: 0, mean: 0, minimum: 0, maximum: 0 });
  });

  it('states shares as percentages with two decimals', () => {
    expect(sharePercent(1, 3)).toBe(33.33);
    expect(sharePercent(2, 3)).toBe(66.67);
    expect(sharePercent(0, 0)).toBe(0);
  });
});
