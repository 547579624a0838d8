import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OUTSIDE, rowsOnOrUnderCycles } from './find-cycles.ts';

const links = (...parents: number[]) => Int32Array.from(parents);

describe('rowsOnOrUnderCycles', () => {
  it('finds nothing in a forest hanging from outside members', () => {
    expect(rowsOnOrUnderCycles(links(OUTSIDE, 0, 0, 2, OUTSIDE, 4))).toEqual([]);
  });

  it('finds a cycle, a self-loop and the rows hanging below them', () => {
    // 0 -> 1 -> 0 is a cycle; 2 hangs below it; 3 points at itself; 4 is fine.
    expect(rowsOnOrUnderCycles(links(1, 0, 1, 3, OUTSIDE))).toEqual([0, 1, 2, 3]);
  });

  it('handles a chain of a million rows without recursion', () => {
    const chain = new Int32Array(1_000_000).map((_, i) => i - 1);
    chain[0] = OUTSIDE;
    expect(rowsOnOrUnderCycles(chain)).toEqual([]);
    chain[0] = 999_999;
    expect(rowsOnOrUnderCycles(chain)).toHaveLength(1_000_000);
  });

  it('agrees with walking each row up step by step', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1, max: 29 }), { minLength: 1, maxLength: 30 }), (raw) => {
        const parent = Int32Array.from(raw.map((p) => (p >= raw.length ? OUTSIDE : p)));
        const reachesOutside = (row: number) => {
          for (let steps = 0, at = row; steps <= parent.length; steps++) {
            if (at === OUTSIDE) return true;
            at = parent[at]!;
          }
          return false;
        };
        const expected = [...parent.keys()].filter((row) => !reachesOutside(row));
        expect(rowsOnOrUnderCycles(parent)).toEqual(expected);
      }),
    );
  });
});
