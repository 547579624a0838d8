/**
 * Forced matrix: a rate per level of the placement matrix on each order's volume. It is the
 * unilevel rule over another tree: levels count up the placement parents from the distributor
 * whose PV the order is, with the same qualification and optional dynamic compression, so
 * the matrix runs the unilevel bonus on the placement tree (and its fast totals path).
 *
 * The engine accepts any placement that fits the matrix (the network places new members by
 * spillover); a node with more than `width` members under it, or a position outside
 * 0..width - 1, is refused.
 */
import { EngineInputError, type InputIssue } from '../errors.ts';
import { buildPlacementTree } from '../core/placement.ts';
import { depthsOf } from '../core/tree.ts';
import type { BonusOfType } from '../plan/schema.ts';
import { NONE, type Snapshot } from '../snapshot/types.ts';
import type { BonusContext, BonusRun } from './bonus-run.ts';
import { unilevel } from './unilevel.ts';

type Matrix = BonusOfType<'matrix'>;

export function matrix(bonus: Matrix, context: BonusContext): BonusRun {
  const { period } = context;
  requireMatrixPlacement(period.snapshot, bonus.width);
  const placement = buildPlacementTree(period.snapshot);
  const tree = { ...period.tree, parent: placement.parent, topDown: placement.topDown, depth: depthsOf(placement.parent) };
  return unilevel(
    { id: bonus.id, type: 'unilevel', levels: bonus.levels, compression: bonus.compression, qualify: bonus.qualify, basis: bonus.basis, skipFastStartWindow: false },
    { ...context, period: { ...period, tree } },
  );
}

/** Refuses a placement position outside 0..width - 1 and a node with more than width members under it, naming the ids. */
export function requireMatrixPlacement(snapshot: Snapshot, width: number): void {
  const { placement, placementLeg, memberId } = snapshot;
  const children = new Int32Array(snapshot.memberCount);
  const issues: InputIssue[] = [];
  for (let member = 0; member < snapshot.memberCount; member += 1) {
    const up = placement[member]!;
    if (up === NONE) continue;
    children[up]! += 1;
    const position = placementLeg[member]!;
    if (position < 0 || position >= width) {
      const at = position === NONE ? 'without a position' : position < 0 ? 'at a binary leg' : `at position ${position}`;
      issues.push({ path: 'members', message: `member "${memberId(member)}" is placed under "${memberId(up)}" ${at}; a matrix of width ${width} has positions 0 to ${width - 1}`, ids: [memberId(member)] });
    }
  }
  children.forEach((count, node) => {
    if (count > width) issues.push({ path: 'members', message: `"${memberId(node)}" has ${count} members placed under it, over the matrix width ${width}`, ids: [memberId(node)] });
  });
  if (issues.length > 0) throw new EngineInputError('SCENARIO_INVALID', issues.slice(0, 20));
}
