import { describe, expect, it } from 'vitest';
import { LEFT_LEG, NONE, RIGHT_LEG } from '../snapshot/types.ts';
import { legVolumes, placementSlotClashes, subtreeIntervals } from './placement.ts';
import { depthsOf, orderByDepth } from './tree.ts';

// 0 <- L 1, R 2; 1 <- L 3, R 4; 3 <- L 5.
const parent = Int32Array.from([NONE, 0, 0, 1, 1, 3]);
const leg = Int32Array.from([NONE, LEFT_LEG, RIGHT_LEG, LEFT_LEG, RIGHT_LEG, LEFT_LEG]);
const tree = { parent, topDown: orderByDepth(depthsOf(parent)) };

describe('placement tree passes', () => {
  it('adds each node\'s volume into every leg above it', () => {
    // Node volumes 1, 2, 4, 8, 16, 32: 0's left = 2 + 8 + 16 + 32 = 58, right 4; 1's left 8 + 32 = 40, right 16; 3's left 32.
    const { left, right } = legVolumes(tree, leg, Float64Array.from([1, 2, 4, 8, 16, 32]));
    expect([...left]).toEqual([58, 40, 0, 32, 0, 0]);
    expect([...right]).toEqual([4, 16, 0, 0, 0, 0]);
  });

  it('numbers every subtree as one interval of pre-order positions', () => {
    const { first, size } = subtreeIntervals(tree);
    const inSubtree = (root: number, node: number): boolean => first[node]! >= first[root]! && first[node]! < first[root]! + size[root]!;
    expect([...size]).toEqual([6, 4, 1, 2, 1, 1]);
    expect([0, 1, 2, 3, 4, 5].filter((node) => inSubtree(1, node))).toEqual([1, 3, 4, 5]);
    expect([0, 1, 2, 3, 4, 5].filter((node) => inSubtree(3, node))).toEqual([3, 5]);
  });

  it('finds members sharing one slot', () => {
    expect(placementSlotClashes(Int32Array.from([NONE, 0, 0, 0]), Int32Array.from([NONE, 1, 0, 1]))).toEqual([[1, 3]]);
  });
});
