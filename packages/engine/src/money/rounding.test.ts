import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { divRound, mulDivRound, type RoundingMode } from './rounding.ts';

describe('divRound', () => {
  it('rounds halves by the mode', () => {
    expect(divRound(5, 2, 'half-up')).toBe(3); // 2.5
    expect(divRound(5, 2, 'half-even')).toBe(2);
    expect(divRound(7, 2, 'half-even')).toBe(4); // 3.5
    expect(divRound(5, 2, 'down')).toBe(2);
    expect(divRound(4, 3, 'half-up')).toBe(1); // 1.33
    expect(divRound(5, 3, 'half-up')).toBe(2); // 1.67
    expect(divRound(0, 7, 'half-up')).toBe(0);
  });

  it('agrees with exact BigInt arithmetic, also beyond the float-safe range', () => {
    const modes: RoundingMode[] = ['half-up', 'half-even', 'down'];
    const exact = (n: bigint, d: bigint, mode: RoundingMode): number => {
      const q = n / d;
      const twice = (n - q * d) * 2n;
      const up = mode === 'half-up' ? twice >= d : mode === 'half-even' ? twice > d || (twice === d && q % 2n === 1n) : false;
      return Number(up ? q + 1n : q);
    };
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 2 ** 40 }), fc.integer({ min: 0, max: 2 ** 30 }), fc.integer({ min: 1, max: 10 ** 9 }), fc.constantFrom(...modes),
      (a, b, d, mode) => mulDivRound(a, b, d, mode) === exact(BigInt(a) * BigInt(b), BigInt(d), mode)
        && divRound(a, d, mode) === exact(BigInt(a), BigInt(d), mode)));
  });
});
