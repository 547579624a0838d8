import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyRate, formatPercent, parsePercent, tryParsePercent } from './rate.ts';

describe('parsePercent', () => {
  it('holds percentages exactly as parts per million', () => {
    expect(parsePercent('2.5%')).toBe(25_000); // 2.5 / 100 × 1 000 000
    expect(parsePercent('100%')).toBe(1_000_000);
    expect(parsePercent('0.0125%')).toBe(125);
    expect(parsePercent('7%')).toBe(70_000);
    expect(parsePercent('0%')).toBe(0);
  });

  it('refuses what is not a percentage with up to four decimals', () => {
    for (const text of ['2.5', '2,5%', '-1%', '0.00001%', '%', 'abc', '1e2%']) {
      expect(tryParsePercent(text)).toBeNull();
      expect(() => parsePercent(text)).toThrow(/expected a percentage/);
    }
  });

  it('round-trips through formatPercent', () => {
    expect(formatPercent(25_000)).toBe('2.5%');
    expect(formatPercent(125)).toBe('0.0125%');
    expect(formatPercent(1_000_000)).toBe('100%');
    fc.assert(fc.property(fc.integer({ min: 0, max: 1_000_000 }), (ppm) => parsePercent(formatPercent(ppm)) === ppm));
  });
});

describe('applyRate', () => {
  it('rounds the exact product once', () => {
    expect(applyRate(12_345, 25_000, 'half-up')).toBe(309); // 12 345 × 2.5% = 308.625 -> 309
    expect(applyRate(12_345, 25_000, 'down')).toBe(308);
    expect(applyRate(100, 5_000, 'half-up')).toBe(1); // 0.5 -> 1
    expect(applyRate(100, 5_000, 'half-even')).toBe(0); // 0.5 -> 0 (even)
    expect(applyRate(300, 5_000, 'half-even')).toBe(2); // 1.5 -> 2 (even)
  });

  it('stays exact beyond the float-safe range of the product', () => {
    // 9 000 000 000 000 × 33.3333% = 2 999 997 000 000 exactly.
    expect(applyRate(9_000_000_000_000, 333_333, 'half-up')).toBe(2_999_997_000_000);
  });
});
