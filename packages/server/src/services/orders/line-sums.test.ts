import { describe, expect, it } from 'vitest';
import { lineTotals, volumeTimes } from './line-sums.ts';

describe('line sums', () => {
  it('multiplies and adds volumes exactly to the hundredth', () => {
    expect(volumeTimes(0.1, 3)).toBe(0.3);
    expect(volumeTimes(18.5, 2)).toBe(37);
    expect(lineTotals([{ amount: 10, qv: 0.1, cv: 0.7 }, { amount: 5, qv: 0.2, cv: 0.1 }])).toEqual({ amount: 15, qv: 0.3, cv: 0.8 });
  });
});
