import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { splitLargestRemainder } from './split.ts';

describe('splitLargestRemainder', () => {
  it('gives leftover units to the largest remainders', () => {
    // 100 over 1:1:1 -> 33.33 each; one unit left, remainders tie, the first gets it.
    expect(splitLargestRemainder(100, [1, 1, 1])).toEqual([34, 33, 33]);
    // 1000 over 1:3:3 -> 142.857, 428.571, 428.571: floors 142+428+428 = 998, two units left;
    // remainders 6/7, 4/7, 4/7 -> the first, then the second (tie goes to the earlier).
    expect(splitLargestRemainder(1000, [1, 3, 3])).toEqual([143, 429, 428]);
    expect(splitLargestRemainder(7, [0, 0])).toEqual([0, 0]);
    expect(splitLargestRemainder(0, [2, 5])).toEqual([0, 0]);
  });

  it('never loses or invents a minor unit and stays within one unit of the exact share', () => {
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 10 ** 12 }), fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 50 }),
      (total, weights) => {
        const parts = splitLargestRemainder(total, weights);
        const weightSum = weights.reduce((a, b) => a + b, 0);
        if (weightSum === 0) return parts.every((part) => part === 0);
        const sum = parts.reduce((a, b) => a + b, 0);
        return sum === total && parts.every((part, i) => Math.abs(part - (total * weights[i]!) / weightSum) < 1 + 1e-6 * total);
      }));
  });
});
