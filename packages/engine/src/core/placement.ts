/**
 * The placement tree of binary and matrix plans, from the snapshot's placement parent and
 * leg. Unlike the sponsor tree it is positional: a terminated member keeps its place (its
 * own orders no longer count) so that no slot ever holds two members. Every pass is a flat
 * loop over members in depth order: no recursion, so chains thousands deep are fine.
 */
import { EngineInputError, type InputIssue } from '../errors.ts';
import { LEFT_LEG, NONE, RIGHT_LEG, type Snapshot } from '../snapshot/types.ts';
import { depthsOf, orderByDepth } from './tree.ts';

export interface PlacementTree {
  parent: Int32Array;
  /** All members, shallowest first. */
  topDown: Int32Array;
}

export function buildPlacementTree(snapshot: Snapshot): PlacementTree {
  return { parent: snapshot.placement, topDown: orderByDepth(depthsOf(snapshot.placement)) };
}

export interface BinarySlots {
  left: Int32Array;
  right: Int32Array;
}

/**
 * Each member's left and right child. Refuses (naming the ids) a placed member whose leg is
 * not L or R, and two members in one slot.
 */
export function binarySlots(snapshot: Snapshot): BinarySlots {
  const { placement, placementLeg, memberCount, memberId } = snapshot;
  const left = new Int32Array(memberCount).fill(NONE);
  const right = new Int32Array(memberCount).fill(NONE);
  const issues: InputIssue[] = [];
  for (let member = 0; member < memberCount; member += 1) {
    const up = placement[member]!;
    if (up === NONE) continue;
    const leg = placementLeg[member]!;
    const slots = leg === LEFT_LEG ? left : leg === RIGHT_LEG ? right : null;
    if (slots === null) {
      issues.push({ path: 'members', message: `member "${memberId(member)}" is placed under "${memberId(up)}" without leg L or R, which a binary plan needs`, ids: [memberId(member)] });
    } else if (slots[up] !== NONE) {
      const side = leg === LEFT_LEG ? 'L' : 'R';
      issues.push({ path: 'members', message: `two members in slot ${side} of "${memberId(up)}": "${memberId(slots[up]!)}" and "${memberId(member)}"`, ids: [memberId(slots[up]!), memberId(member)] });
    } else {
      slots[up] = member;
    }
  }
  if (issues.length > 0) throw new EngineInputError('SCENARIO_INVALID', issues.slice(0, 20));
  return { left, right };
}

export interface LegVolumes {
  left: Float64Array;
  right: Float64Array;
  /** Working space: the volume of each member's whole subtree. */
  subtree: Float64Array;
}

/**
 * New volume in each member's left and right leg: the volume of every node of the leg, where
 * a node's volume is given per member (the orders credited to it). One backward pass over
 * depth order: O(n). Pass `into` to reuse its arrays (a period paired day by day).
 */
export function legVolumes(tree: PlacementTree, placementLeg: Int32Array, nodeVolume: Float64Array, into?: LegVolumes): LegVolumes {
  const { parent, topDown } = tree;
  const volumes = into ?? { left: new Float64Array(parent.length), right: new Float64Array(parent.length), subtree: new Float64Array(parent.length) };
  const { left, right, subtree } = volumes;
  subtree.set(nodeVolume);
  left.fill(0);
  right.fill(0);
  for (let i = topDown.length - 1; i >= 0; i -= 1) {
    const member = topDown[i]!;
    const up = parent[member]!;
    if (up === NONE) continue;
    subtree[up]! += subtree[member]!;
    if (placementLeg[member] === LEFT_LEG) left[up]! += subtree[member]!;
    else if (placementLeg[member] === RIGHT_LEG) right[up]! += subtree[member]!;
  }
  return volumes;
}

/**
 * Pre-order intervals: d lies in the subtree of a exactly when first[a] <= first[d] <
 * first[a] + size[a]. Sizes come bottom-up, positions top-down (each parent hands its
 * children consecutive ranges), both over depth order.
 */
export function subtreeIntervals(tree: PlacementTree): { first: Int32Array; size: Int32Array } {
  const { parent, topDown } = tree;
  const size = new Int32Array(parent.length).fill(1);
  for (let i = topDown.length - 1; i >= 0; i -= 1) {
    const up = parent[topDown[i]!]!;
    if (up !== NONE) size[up]! += size[topDown[i]!]!;
  }
  const first = new Int32Array(parent.length);
  const next = new Int32Array(parent.length);
  let nextRoot = 0;
  for (const member of topDown) {
    const up = parent[member]!;
    if (up === NONE) { first[member] = nextRoot; nextRoot += size[member]!; }
    else { first[member] = next[up]!; next[up]! += size[member]!; }
    next[member] = first[member]! + 1;
  }
  return { first, size };
}

/** Groups of members placed in the same slot (leg or matrix position) of one parent. */
export function placementSlotClashes(placement: Int32Array, placementLeg: Int32Array): number[][] {
  const holders = new Map<string, number[]>();
  for (let member = 0; member < placement.length; member += 1) {
    if (placement[member] === NONE || placementLeg[member] === NONE) continue;
    const key = `${placement[member]}:${placementLeg[member]}`;
    const group = holders.get(key);
    if (group) group.push(member);
    else holders.set(key, [member]);
  }
  return [...holders.values()].filter((group) => group.length > 1);
}
