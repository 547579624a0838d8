import { sql } from 'kysely';
import { expect } from 'vitest';
import { drainGenealogy, levelsBelow, teamSizes, type TreeName } from '../../src/db/tree-queries.ts';
import type { Db } from '../../src/services/context.ts';

interface Row {
  id: number;
  sponsor_id: number | null;
  placement_parent_id: number | null;
  placement_slot: number | null;
  sponsor_depth: number | null;
  sponsor_jump: number | null;
  placement_depth: number | null;
  placement_jump: number | null;
  placement_left_top: number | null;
  placement_right_top: number | null;
}

/** What the genealogy index must hold, worked out from the parent links alone, in memory. */
function expected(rows: Row[], tree: TreeName) {
  const parentOf = new Map(rows.map((row) => [row.id, tree === 'sponsor' ? row.sponsor_id : row.placement_parent_id]));
  const root = rows.find((row) => row.sponsor_id === null)!.id;
  const depth = new Map<number, number>([[root, 0]]);
  const jump = new Map<number, number>([[root, root]]);
  const team = new Map<number, number>();
  const children = new Map<number, number[]>();
  for (const row of rows) {
    const parent = parentOf.get(row.id);
    if (parent != null) children.set(parent, [...(children.get(parent) ?? []), row.id]);
  }
  // Breadth first from the root: parents before children, any depth, no recursion.
  const order = [root];
  for (let i = 0; i < order.length; i++) {
    const node = order[i]!;
    for (const child of children.get(node) ?? []) {
      const j = jump.get(node)!;
      const jj = jump.get(j)!;
      depth.set(child, depth.get(node)! + 1);
      jump.set(child, depth.get(node)! - depth.get(j)! === depth.get(j)! - depth.get(jj)! ? jj : node);
      order.push(child);
    }
  }
  for (let i = order.length - 1; i > 0; i--) {
    const node = order[i]!;
    const parent = parentOf.get(node)!;
    team.set(parent, (team.get(parent) ?? 0) + 1 + (team.get(node) ?? 0));
  }
  return { depth, jump, team, placed: new Set(order) };
}

/**
 * Checks the whole genealogy index against the parent links: depths, jump
 * pointers, outer-edge tops, team sizes as read (pending members included),
 * downline checks for sampled pairs; then drains and checks the stored counts.
 */
export async function expectGenealogyConsistent(db: Db, samples = 200): Promise<void> {
  const rows = (
    await sql<Row>`SELECT id, sponsor_id, placement_parent_id, placement_slot, sponsor_depth, sponsor_jump, placement_depth, placement_jump,
                          placement_left_top, placement_right_top FROM members ORDER BY id`.execute(db)
  ).rows;
  const byId = new Map(rows.map((row) => [row.id, row]));
  for (const tree of ['sponsor', 'placement'] as const) {
    const want = expected(rows, tree);
    const ids = rows.map((row) => row.id);
    const got = rows.map((row) => [row.id, tree === 'sponsor' ? row.sponsor_depth : row.placement_depth, tree === 'sponsor' ? row.sponsor_jump : row.placement_jump]);
    expect(got).toEqual(rows.map((row) => [row.id, want.depth.get(row.id) ?? null, want.jump.get(row.id) ?? null]));
    const sizes = await teamSizes(db, ids, tree);
    expect(ids.filter((id) => want.placed.has(id)).map((id) => [id, sizes.get(id)])).toEqual(
      ids.filter((id) => want.placed.has(id)).map((id) => [id, want.team.get(id) ?? 0]),
    );
    for (let i = 0; i < samples; i++) {
      const a = ids[(i * 7919) % ids.length]!;
      const b = ids[(i * 104729 + 13) % ids.length]!;
      let levels: number | null = null;
      for (let node = b, steps = 0; ; steps++) {
        if (node === a && steps > 0) { levels = steps; break; }
        const parent = tree === 'sponsor' ? byId.get(node)!.sponsor_id : byId.get(node)!.placement_parent_id;
        if (parent === null) break;
        node = parent;
      }
      if (!want.placed.has(b)) levels = null;
      expect([a, b, tree, await levelsBelow(db, a, b, tree)]).toEqual([a, b, tree, levels]);
    }
    if (tree === 'placement') {
      // The top of each member's left (right) chain: walk up while the member is a left (right) child.
      for (const row of rows.filter((r) => want.placed.has(r.id))) {
        for (const [slot, column] of [[0, 'placement_left_top'], [1, 'placement_right_top']] as const) {
          let top = row;
          while (top.placement_parent_id !== null && top.placement_slot === slot) top = byId.get(top.placement_parent_id)!;
          expect([row.id, column, row[column]]).toEqual([row.id, column, top.id]);
        }
      }
    }
  }
  while ((await drainGenealogy(db)) !== 0);
  const counts = (await sql<{ tree: TreeName; member_id: number; team: number }>`SELECT tree, member_id, team FROM genealogy_counts WHERE team <> 0`.execute(db)).rows;
  for (const tree of ['sponsor', 'placement'] as const) {
    const want = expected(rows, tree);
    const stored = new Map(counts.filter((c) => c.tree === tree).map((c) => [Number(c.member_id), c.team]));
    expect(Object.fromEntries([...stored].sort((x, y) => x[0] - y[0]))).toEqual(Object.fromEntries([...want.team].filter(([, n]) => n > 0).sort((x, y) => x[0] - y[0])));
  }
}
