/**
 * Unilevel: a rate per level of the sponsor tree on each order's volume. Levels count from
 * the distributor whose PV the order is (the buyer, or the referrer of a customer): level 1
 * is that distributor's sponsor. An upline is qualified for level k when it meets the bonus's
 * qualify rule and its paid-as rank allows depth k.
 *
 * - compression none: level k is the k-th upline; if it is not qualified for k the share is
 *   breakage.
 * - compression dynamic: level k is the nearest upline above level k - 1 that is qualified
 *   for k; unqualified uplines are skipped without using up a level.
 *
 * Dynamic compression jumps with one pointer array per distinct depth threshold ("nearest
 * ancestor qualified for level k"), built once top-down, so an order costs O(levels).
 */
import { qualifiedMask, valueForRank, valuesByRank } from '../core/qualify.ts';
import { orderVolume, type PeriodState } from '../core/period.ts';
import { resolveFastStartWindow } from '../plan/references.ts';
import type { BonusOfType } from '../plan/schema.ts';
import { NONE } from '../snapshot/types.ts';
import { explainOrderRate, type BonusContext, type BonusRun } from './bonus-run.ts';
import { fastStartWindowOrders } from './fast-start.ts';

type Unilevel = BonusOfType<'unilevel'>;

export function unilevel(bonus: Unilevel, { period, bonusIndex }: BonusContext): BonusRun {
  const { snapshot, tree, money } = period;
  const basis = orderVolume(snapshot, bonus.basis ?? period.plan.volume.commissionable);
  const rates = bonus.levels;
  const depthAllowed = allowedDepths(bonus, period);
  const fastStart = resolveFastStartWindow(period.plan, bonus.skipFastStartWindow);
  const skipped = fastStart ? fastStartWindowOrders(fastStart, snapshot) : null;
  const fillChain = bonus.compression === 'dynamic'
    ? compressedChain(nearestQualifiedPointers(tree.parent, tree.topDown, depthAllowed, rates.length))
    : physicalChain(tree.parent, depthAllowed, rates.length);
  const { creditedTo } = tree;
  const { orderBuyer, orderCount } = snapshot;
  const rateOnVolume = money.rateOnVolume;
  const chainPayees = new Int32Array(rates.length);
  const chainLevels = new Int32Array(rates.length);

  return {
    emit(sink) {
      // Orders come grouped by buyer, so one owner's paid chain serves all their orders in a row.
      let chainOwner = NONE;
      let chainLength = 0;
      for (let order = 0; order < orderCount; order += 1) {
        const volume = basis[order]!;
        if (volume === 0 || (skipped !== null && skipped[order] === 1)) continue;
        const owner = creditedTo[orderBuyer[order]!]!;
        if (owner !== chainOwner) { chainLength = fillChain(owner, chainPayees, chainLevels); chainOwner = owner; }
        for (let i = 0; i < chainLength; i += 1) {
          const level = chainLevels[i]!;
          const amount = rateOnVolume(volume, rates[level - 1]!);
          if (amount > 0) sink.line(chainPayees[i]!, bonusIndex, level, order, amount);
        }
      }
    },
    explain: explainOrderRate(period, basis, rates, (payee, order) => tree.depth[creditedTo[orderBuyer[order]!]!]! - tree.depth[payee]!),
  };
}

/** Fills the uplines paid on an order of one owner (payee and level, lowest level first); returns how many. */
type FillChain = (owner: number, payees: Int32Array, levels: Int32Array) => number;

/** No compression: level k is the k-th upline, paid only when qualified for level k. */
function physicalChain(parent: Int32Array, depthAllowed: Int32Array, levelCount: number): FillChain {
  return (owner, payees, levels) => {
    let length = 0;
    let position = owner;
    for (let level = 1; level <= levelCount && position !== NONE; level += 1) {
      position = parent[position]!;
      if (position !== NONE && depthAllowed[position]! >= level) { payees[length] = position; levels[length] = level; length += 1; }
    }
    return length;
  };
}

/** Dynamic compression: level k is the nearest upline above level k - 1 qualified for level k. */
function compressedChain(pointers: Int32Array[]): FillChain {
  return (owner, payees, levels) => {
    let length = 0;
    let position = owner;
    for (let level = 1; level <= pointers.length && position !== NONE; level += 1) {
      position = pointers[level - 1]![position]!;
      if (position !== NONE) { payees[length] = position; levels[length] = level; length += 1; }
    }
    return length;
  };
}

/** Per member, the deepest level they may be paid on: 0 when the qualify rule fails. */
export function allowedDepths(bonus: Unilevel, period: PeriodState): Int32Array {
  const qualified = qualifiedMask(bonus.qualify, period);
  const allLevels = bonus.levels.length;
  const byRank = bonus.depthByRank ? valuesByRank(bonus.depthByRank, period.plan.ranks.map((rank) => rank.id), 0) : null;
  const depth = new Int32Array(qualified.length);
  for (let member = 0; member < depth.length; member += 1) {
    if (qualified[member] === 0) continue;
    depth[member] = byRank ? valueForRank(byRank, period.paidRank[member]!, 0) : allLevels;
  }
  return depth;
}

/**
 * pointers[k - 1][m]: the nearest strict ancestor of m that may be paid on level k, for all
 * levels in one top-down pass. Levels whose set of qualified members is the same share one
 * array (with depths 2, 4, 6, 7 by rank, seven levels need four arrays).
 */
export function nearestQualifiedPointers(parent: Int32Array, topDown: Int32Array, depthAllowed: Int32Array, levels: number): Int32Array[] {
  const membersAllowedExactly = new Int32Array(levels + 1);
  for (const depth of depthAllowed) membersAllowedExactly[Math.min(depth, levels)]! += 1;
  const thresholds: number[] = [];
  const pointers: Int32Array[] = [];
  for (let level = 1; level <= levels; level += 1) {
    const sameSetAsBefore = level > 1 && membersAllowedExactly[level - 1] === 0;
    if (!sameSetAsBefore) { thresholds.push(level); pointers.push(new Int32Array(parent.length).fill(NONE)); }
    else pointers.push(pointers[pointers.length - 1]!);
  }
  const distinct = thresholds.map((level) => pointers[level - 1]!);
  for (const member of topDown) {
    const up = parent[member]!;
    if (up === NONE) continue;
    const allowed = depthAllowed[up]!;
    for (let j = 0; j < distinct.length; j += 1) {
      const nearest = distinct[j]!;
      nearest[member] = allowed >= thresholds[j]! ? up : nearest[up]!;
    }
  }
  return pointers;
}

/** For every member, the nearest strict ancestor satisfying the test, in one top-down pass. */
export function nearestAncestorWhere(parent: Int32Array, topDown: Int32Array, test: (member: number) => boolean): Int32Array {
  const nearest = new Int32Array(parent.length).fill(NONE);
  for (const member of topDown) {
    const up = parent[member]!;
    if (up !== NONE) nearest[member] = test(up) ? up : nearest[up]!;
  }
  return nearest;
}
