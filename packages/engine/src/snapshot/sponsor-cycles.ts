import { NONE } from './types.ts';

/**
 * Finds every cycle in a parent-pointer graph (each node has at most one parent) without
 * recursion, in O(n): each cycle is returned once, as its node indices in upward order.
 */
export function findParentCycles(parent: Int32Array): number[][] {
  const UNSEEN = 0, ON_PATH = 1, DONE = 2;
  const state = new Uint8Array(parent.length);
  const cycles: number[][] = [];
  const path: number[] = [];
  for (let start = 0; start < parent.length; start += 1) {
    path.length = 0;
    let node = start;
    while (node !== NONE && state[node] === UNSEEN) {
      state[node] = ON_PATH;
      path.push(node);
      node = parent[node]!;
    }
    if (node !== NONE && state[node] === ON_PATH) cycles.push(path.slice(path.indexOf(node)));
    for (const visited of path) state[visited] = DONE;
  }
  return cycles;
}
