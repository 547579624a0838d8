import type { RawSession } from './connection.ts';
/**
 * The genealogy index of members loaded in bulk (imports, the demo seed),
 * worked out in memory instead of by the per-row triggers: the same depth,
 * jump pointer, outer-edge tops and team sizes the triggers keep (migration
 * 0008 and docs/network.md), in linear time, breadth first (no recursion, so
 * chains of any depth).
 */

/** Not in this tree (a customer in the placement tree). */
export const NOT_PLACED = -1;

/** One tree's links over rows 0..n-1, whose member ids are firstId + index. */
export interface BulkTreeLinks {
  /** Parent's row index, or -1 when the parent is outside the rows (or there is none). */
  parent: Int32Array;
  /** Parent's member id when it is outside the rows (a member already stored); 0 for none. */
  outsideParent?: Float64Array | undefined;
  /** Placement slot (0 left, 1 right, …); -1 where unplaced. Only for the placement tree. */
  slot?: Int8Array | undefined;
  /** Row index of the company's root (depth 0), if among the rows. */
  root?: number | undefined;
}

/** What the index holds for a member already stored, as far as the rows need it. */
export interface StoredNode {
  depth: number;
  jump: number;
  leftTop: number | null;
  rightTop: number | null;
}

export interface BulkTreeIndex {
  /** NOT_PLACED where the row is not in the tree. */
  depth: Int32Array;
  jump: Float64Array;
  leftTop: Float64Array;
  rightTop: Float64Array;
  /** Members below each row, within the rows. */
  team: Int32Array;
  /** For each stored parent: members the rows add below it (the row and its team). */
  addedBelowStored: Map<number, number>;
}

/**
 * Computes one tree's index for the rows. `stored` must hold every stored
 * parent of a row and every member reached from one along jump pointers.
 */
export function computeBulkTreeIndex(firstId: number, links: BulkTreeLinks, stored: ReadonlyMap<number, StoredNode>): BulkTreeIndex {
  const n = links.parent.length;
  const depth = new Int32Array(n).fill(NOT_PLACED);
  const jump = new Float64Array(n);
  const leftTop = new Float64Array(n);
  const rightTop = new Float64Array(n);
  const team = new Int32Array(n);
  const addedBelowStored = new Map<number, number>();
  const indexOf = (id: number) => id - firstId;
  const isRow = (id: number) => id >= firstId && id < firstId + n;
  const depthOf = (id: number) => (isRow(id) ? depth[indexOf(id)]! : stored.get(id)!.depth);
  const jumpOf = (id: number) => (isRow(id) ? jump[indexOf(id)]! : stored.get(id)!.jump);

  // Children as compressed lists: start[i]..start[i+1] in list.
  const start = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) if (links.parent[i]! >= 0) start[links.parent[i]! + 1]!++;
  for (let i = 0; i < n; i++) start[i + 1]! += start[i]!;
  const list = new Int32Array(start[n]!);
  const fill = start.slice(0, n);
  for (let i = 0; i < n; i++) if (links.parent[i]! >= 0) list[fill[links.parent[i]!]!++] = i;

  const order = new Int32Array(n);
  let length = 0;
  const place = (i: number, parentId: number | null, parentTops: [number | null, number | null]) => {
    const id = firstId + i;
    if (parentId === null) {
      depth[i] = 0;
      jump[i] = id;
      leftTop[i] = id;
      rightTop[i] = id;
    } else {
      const parentDepth = depthOf(parentId);
      const j = jumpOf(parentId);
      const jj = jumpOf(j);
      depth[i] = parentDepth + 1;
      jump[i] = parentDepth - depthOf(j) === depthOf(j) - depthOf(jj) ? jj : parentId;
      const slot = links.slot?.[i] ?? -1;
      leftTop[i] = slot === 0 ? parentTops[0]! : id;
      rightTop[i] = slot === 1 ? parentTops[1]! : id;
    }
    order[length++] = i;
  };
  for (let i = 0; i < n; i++) {
    const outside = links.outsideParent?.[i] ?? 0;
    if (links.parent[i]! >= 0) continue;
    if (i === links.root) place(i, null, [null, null]);
    else if (outside > 0) {
      const node = stored.get(outside)!;
      place(i, outside, [node.leftTop, node.rightTop]);
    }
  }
  for (let k = 0; k < length; k++) {
    const i = order[k]!;
    for (let c = start[i]!; c < start[i + 1]!; c++) place(list[c]!, firstId + i, [leftTop[i]!, rightTop[i]!]);
  }
  for (let k = length - 1; k >= 0; k--) {
    const i = order[k]!;
    const parent = links.parent[i]!;
    if (parent >= 0) team[parent]! += 1 + team[i]!;
    else if ((links.outsideParent?.[i] ?? 0) > 0) {
      const outside = links.outsideParent![i]!;
      addedBelowStored.set(outside, (addedBelowStored.get(outside) ?? 0) + 1 + team[i]!);
    }
  }
  return { depth, jump, leftTop, rightTop, team, addedBelowStored };
}

const COUNT_BATCH = 50_000;

/**
 * Stores the team sizes of the rows (members with a team only) and adds what
 * the rows bring to the teams of the stored members above them.
 */
export async function writeBulkTeams(session: RawSession, tree: 'sponsor' | 'placement', firstId: number, index: BulkTreeIndex): Promise<void> {
  const ids: number[] = [];
  const teams: number[] = [];
  const flush = async () => {
    if (ids.length === 0) return;
    await session.query(
      `INSERT INTO genealogy_counts (tree, member_id, team) SELECT $1, id, team FROM unnest($2::bigint[], $3::int[]) AS t (id, team)
       ON CONFLICT (tree, member_id) DO UPDATE SET team = genealogy_counts.team + EXCLUDED.team`,
      [tree, ids, teams],
    );
    ids.length = 0;
    teams.length = 0;
  };
  for (let i = 0; i < index.team.length; i++) {
    if (index.team[i]! === 0) continue;
    ids.push(firstId + i);
    teams.push(index.team[i]!);
    if (ids.length >= COUNT_BATCH) await flush();
  }
  await flush();
  for (const [parent, added] of index.addedBelowStored) await session.query('SELECT genealogy_add_upline($1, $2, $3)', [tree, parent, added]);
}

/** A row's stored value, or null where it is not in the tree. */
export function placedOrNull(index: BulkTreeIndex, values: Float64Array | Int32Array, i: number): number | null {
  return index.depth[i] === NOT_PLACED ? null : values[i]!;
}
