import { describe, expect, it } from 'vitest';
import { findParentCycles } from './sponsor-cycles.ts';

describe('findParentCycles', () => {
  it('finds each cycle once, and nothing in a forest', () => {
    expect(findParentCycles(Int32Array.from([-1, 0, 1, 1]))).toEqual([]);
    // 0 -> 1 -> 2 -> 0 is a cycle; 3 hangs below it; 4 sponsors itself.
    expect(findParentCycles(Int32Array.from([1, 2, 0, 0, 4]))).toEqual([[0, 1, 2], [4]]);
  });
});
