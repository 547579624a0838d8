import { describe, expect, it } from 'vitest';
import { clawbackAmount } from './clawbacks.ts';

describe('clawbackAmount', () => {
  it('takes back the refunded share of a line, half-up', () => {
    // 370 paise on an order of 37 CV; 18.5 CV refunded → half: 185.
    expect(clawbackAmount(370, 0, 1850, 3700)).toBe(-185);
  });

  it('never takes back more than the line paid over several partial refunds', () => {
    // 5 paise, refunded in two halves: 2.5 → 3 on the first, then 5 − 3 = 2 on the second.
    expect(clawbackAmount(5, 0, 50, 100)).toBe(-3);
    expect(clawbackAmount(5, 50, 100, 100)).toBe(-2);
  });

  it('takes back exactly everything on a full refund, and nothing from an order without volume', () => {
    expect(clawbackAmount(12_345, 0, 999, 999)).toBe(-12_345);
    expect(clawbackAmount(100, 0, 0, 0)).toBe(0);
  });
});
