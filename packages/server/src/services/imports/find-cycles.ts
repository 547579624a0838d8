/** Marks a parent link that leaves the file: the parent is a member already in the database. */
export const OUTSIDE = -1;

/**
 * The rows that never reach a member outside the file by following their
 * parent links: those on a cycle and those hanging below one. `parent[i]` is
 * the index of row i's parent in the file, or OUTSIDE. Linear time, no
 * recursion (chains may be very long), one byte of state per row.
 */
export function rowsOnOrUnderCycles(parent: Int32Array): number[] {
  const UNSEEN = 0;
  const ON_PATH = 1;
  const ROOTED = 2;
  const CYCLIC = 3;
  const state = new Uint8Array(parent.length);
  const path: number[] = [];
  for (let start = 0; start < parent.length; start++) {
    if (state[start] !== UNSEEN) continue;
    // Walk up until something already settled, or a row already on this walk (a cycle).
    let row = start;
    while (row !== OUTSIDE && state[row] === UNSEEN) {
      state[row] = ON_PATH;
      path.push(row);
      row = parent[row]!;
    }
    const outcome = row === OUTSIDE || state[row] === ROOTED ? ROOTED : CYCLIC;
    for (const visited of path) state[visited] = outcome;
    path.length = 0;
  }
  const cyclic: number[] = [];
  for (let row = 0; row < state.length; row++) if (state[row] === CYCLIC) cyclic.push(row);
  return cyclic;
}
