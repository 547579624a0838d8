/**
 * The sponsor tree as the period sees it. Terminated members leave it: their downline rolls
 * up to the nearest live ancestor (permanent, "classic" compression). Members are put in
 * depth order once so that every later pass is a flat loop: forwards for top-down passes
 * (parents before children), backwards for bottom-up ones (children before parents).
 */
import { DISTRIBUTOR, NONE, type Snapshot } from '../snapshot/types.ts';
import { FRESH_MEMORY, type Memory } from './workspace.ts';

export interface SponsorTree {
  /** Live sponsor, or NONE for roots and for terminated members. */
  parent: Int32Array;
  depth: Int32Array;
  /** All members, shallowest first. */
  topDown: Int32Array;
  /** The distributor whose PV a member's orders count for (the member itself, or the referrer of a customer), or NONE. */
  creditedTo: Int32Array;
}

export function buildSponsorTree(snapshot: Snapshot, memory: Memory = FRESH_MEMORY): SponsorTree {
  const parent = liveParents(snapshot.sponsor, snapshot.terminated, memory);
  const depth = depthsOf(parent, memory.int32('sponsor depth', parent.length));
  const topDown = orderByDepth(depth, memory.int32('sponsor top-down', parent.length));
  const creditedTo = memory.int32('credited to', parent.length);
  for (const member of topDown) {
    const isLiveDistributor = snapshot.memberType[member] === DISTRIBUTOR && snapshot.terminated[member] === 0;
    const up = parent[member]!;
    creditedTo[member] = isLiveDistributor ? member : snapshot.terminated[member] === 1 || up === NONE ? NONE : creditedTo[up]!;
  }
  return { parent, depth, topDown, creditedTo };
}

/** Each member's nearest live (not terminated) sponsor; terminated members get NONE. */
export function liveParents(sponsor: Int32Array, terminated: Uint8Array, memory: Memory = FRESH_MEMORY): Int32Array {
  const parent = memory.int32('live parent', sponsor.length);
  for (let member = 0; member < sponsor.length; member += 1) {
    if (terminated[member] === 1) { parent[member] = NONE; continue; }
    let up = sponsor[member]!;
    while (up !== NONE && terminated[up] === 1) up = sponsor[up]!;
    parent[member] = up;
  }
  return parent;
}

/** Depth of every node of a parent-pointer forest, without recursion: O(n). */
export function depthsOf(parent: Int32Array, into = new Int32Array(parent.length)): Int32Array {
  const depth = into.fill(-1);
  const path: number[] = [];
  for (let start = 0; start < parent.length; start += 1) {
    let node = start;
    while (node !== NONE && depth[node] === -1) { path.push(node); node = parent[node]!; }
    let known = node === NONE ? -1 : depth[node]!;
    while (path.length > 0) depth[path.pop()!] = ++known;
  }
  return depth;
}

/** Node indices sorted by depth (a counting sort, stable by index): O(n). */
export function orderByDepth(depth: Int32Array, into = new Int32Array(depth.length)): Int32Array {
  let maxDepth = 0;
  for (const d of depth) if (d > maxDepth) maxDepth = d;
  const start = new Int32Array(maxDepth + 2);
  for (const d of depth) start[d + 1]! += 1;
  for (let d = 1; d < start.length; d += 1) start[d]! += start[d - 1]!;
  const ordered = into;
  for (let node = 0; node < depth.length; node += 1) ordered[start[depth[node]!]!++] = node;
  return ordered;
}
