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
 * Dynamic compression jumps with one pointer column per distinct depth threshold ("nearest
 * ancestor qualified for level k", all in one table), built once top-down, so an order costs
 * O(levels).
 */
import { qualifiedMask, valueForRank, valuesByRank } from '../core/qualify.ts';
import { orderVolume, type PeriodState } from '../core/period.ts';
import { resolveFastStartWindow } from '../plan/references.ts';
import type { BonusOfType } from '../plan/schema.ts';
import { NONE } from '../snapshot/types.ts';
import { explainOrderRate, type BonusContext, type BonusRun, type PayeeTotalsSink } from './bonus-run.ts';
import { OrderCursor } from './fast-start.ts';
import { scaleDown } from './cap.ts';
import { ChainRecord, type FillChain } from './chain-record.ts';

type Unilevel = BonusOfType<'unilevel'>;

export function unilevel(bonus: Unilevel, { period, bonusIndex, windowOrdersOf, workspace }: BonusContext): BonusRun {
  const { snapshot, tree, money } = period;
  const basis = orderVolume(snapshot, bonus.basis ?? period.plan.volume.commissionable);
  const rates = bonus.levels;
  const depthAllowed = allowedDepths(bonus, period);
  const fastStart = resolveFastStartWindow(period.plan, bonus.skipFastStartWindow);
  const windowOrders = fastStart ? windowOrdersOf(fastStart) : new Int32Array(0);
  const walkChain = bonus.compression === 'dynamic'
    ? compressedChain(nearestQualifiedPointers(tree.parent, tree.topDown, depthAllowed, rates.length, (length) => workspace.int32(`unilevel ${bonusIndex} pointers`, length)))
    : physicalChain(tree.parent, depthAllowed, rates.length);
  const { creditedTo } = tree;
  const { orderBuyer, orderCount } = snapshot;
  const rateOnVolume = money.rateOnVolume;
  const chainPayees = new Int32Array(rates.length);
  const chainLevels = new Int32Array(rates.length);
  const chains = new ChainRecord(workspace, `unilevel ${bonusIndex} chains`);
  // Owners change only between buyers, so there are at most as many runs as buyers.
  const maxRuns = Math.min(snapshot.memberCount, orderCount);
  const rateSlots = distinctRates(rates);

  return {
    emit(sink) {
      // Orders come grouped by buyer, so one owner's paid chain serves all their orders in a row.
      const fillChain = chains.pass(walkChain);
      const inFastStartWindow = new OrderCursor(windowOrders);
      let chainOwner = NONE;
      let chainLength = 0;
      for (let order = 0; order < orderCount; order += 1) {
        if (inFastStartWindow.has(order) || basis[order] === 0) continue;
        const owner = creditedTo[orderBuyer[order]!]!;
        if (owner !== chainOwner) { chainLength = fillChain(owner, chainPayees, chainLevels); chainOwner = owner; }
        const volume = basis[order]!;
        for (let i = 0; i < chainLength; i += 1) {
          const level = chainLevels[i]!;
          const amount = rateOnVolume(volume, rates[level - 1]!);
          if (amount > 0) sink.line(chainPayees[i]!, bonusIndex, level, order, amount);
        }
      }
      chains.finish();
    },
    addUp(sink) {
      // The same lines as emit. A run of one owner's orders pays the same chain, and chain
      // members on levels of the same rate get the same amount from each order, so a run
      // costs one amount per distinct volume and rate, and each chain member is handed its
      // run's total once.
      const factor = sink.factorOf(bonusIndex);
      const fillChain = chains.pass(walkChain, maxRuns, rates.length);
      const inFastStartWindow = new OrderCursor(windowOrders);
      const amountsOf = memoizedAmounts(rateSlots.rates, (volume, rate) => scaleDown(rateOnVolume(volume, rate), factor));
      const run = new RunTotals(rateSlots, amountsOf);
      let chainOwner = NONE;
      let chainLength = 0;
      for (let order = 0; order < orderCount; order += 1) {
        if (inFastStartWindow.has(order) || basis[order] === 0) continue;
        const owner = creditedTo[orderBuyer[order]!]!;
        if (owner !== chainOwner) {
          run.handOver(sink, bonusIndex, chainPayees, chainLength);
          chainLength = fillChain(owner, chainPayees, chainLevels);
          run.startChain(chainLevels, chainLength);
          chainOwner = owner;
        }
        run.add(basis[order]!);
      }
      run.handOver(sink, bonusIndex, chainPayees, chainLength);
      chains.finish();
    },
    explain: explainOrderRate(period, basis, rates, (payee, order) => tree.depth[creditedTo[orderBuyer[order]!]!]! - tree.depth[payee]!),
  };
}


/** Distinct volumes a run counts before it works out their amounts. */
const TALLY_SIZE = 16;

/**
 * The totals per rate slot of one run of an owner's orders along its chain. Orders repeat a
 * few volumes (price points), so the run counts its orders per distinct volume (a short list)
 * and adds count × amount per slot once, when the run ends or the list is full.
 */
class RunTotals {
  private readonly volumes = new Float64Array(TALLY_SIZE);
  private readonly counts = new Int32Array(TALLY_SIZE);
  private distinct = 0;
  /** Per chain member, the slot of its level's rate; and each slot the chain uses, once. */
  private readonly chainSlots: Int32Array;
  private readonly used: Int32Array;
  private usedCount = 0;
  private readonly sums: Float64Array;
  private readonly lines: Int32Array;

  constructor(private readonly rateSlots: { rates: Float64Array; slotOfLevel: Int32Array }, private readonly amountsOf: (volume: number) => Float64Array) {
    this.chainSlots = new Int32Array(rateSlots.slotOfLevel.length);
    this.used = new Int32Array(rateSlots.rates.length);
    this.sums = new Float64Array(rateSlots.rates.length);
    this.lines = new Int32Array(rateSlots.rates.length);
  }

  startChain(levels: Int32Array, length: number): void {
    this.usedCount = rateSlotsOfChain(this.rateSlots.slotOfLevel, levels, length, this.chainSlots, this.used);
  }

  add(volume: number): void {
    for (let i = 0; i < this.distinct; i += 1) {
      if (this.volumes[i] === volume) { this.counts[i]! += 1; return; }
    }
    if (this.distinct === TALLY_SIZE) this.addUpVolumes();
    this.volumes[this.distinct] = volume;
    this.counts[this.distinct] = 1;
    this.distinct += 1;
  }

  /** Hands each chain member the total of its slot, then starts the next run from zero. */
  handOver(sink: PayeeTotalsSink, bonusIndex: number, payees: Int32Array, length: number): void {
    this.addUpVolumes();
    for (let i = 0; i < length; i += 1) {
      const slot = this.chainSlots[i]!;
      if (this.lines[slot]! > 0) sink.add(payees[i]!, bonusIndex, this.sums[slot]!, this.lines[slot]!);
    }
    for (let u = 0; u < this.usedCount; u += 1) {
      this.sums[this.used[u]!] = 0;
      this.lines[this.used[u]!] = 0;
    }
  }

  private addUpVolumes(): void {
    for (let i = 0; i < this.distinct; i += 1) {
      const amounts = this.amountsOf(this.volumes[i]!);
      const count = this.counts[i]!;
      for (let u = 0; u < this.usedCount; u += 1) {
        const slot = this.used[u]!;
        const amount = amounts[slot]!;
        this.sums[slot]! += count * amount;
        if (amount > 0) this.lines[slot]! += count;
      }
    }
    this.distinct = 0;
  }
}

/** The distinct rates of the levels, and per level (level - 1) the index of its rate among them. */
export function distinctRates(levelRates: readonly number[]): { rates: Float64Array; slotOfLevel: Int32Array } {
  const distinct = [...new Set(levelRates)];
  return { rates: Float64Array.from(distinct), slotOfLevel: Int32Array.from(levelRates, (rate) => distinct.indexOf(rate)) };
}

/**
 * Per chain member, the slot of the rate of its level; fills `used` with each slot the chain
 * uses, once, and returns how many.
 */
export function rateSlotsOfChain(slotOfLevel: Int32Array, levels: Int32Array, length: number, slots: Int32Array, used: Int32Array): number {
  let usedCount = 0;
  for (let i = 0; i < length; i += 1) {
    const slot = slotOfLevel[levels[i]! - 1]!;
    slots[i] = slot;
    let seen = false;
    for (let u = 0; u < usedCount; u += 1) if (used[u] === slot) seen = true;
    if (!seen) { used[usedCount] = slot; usedCount += 1; }
  }
  return usedCount;
}

const MEMO_SIZE = 64;

/**
 * amountsOf(volume)[slot]: the amount of a line at each rate on one order's volume. Orders
 * repeat a few volumes (price points), so the amounts of recent volumes are kept in a small
 * direct-mapped table: a repeated volume costs a lookup instead of two rounded divisions per
 * rate. The returned view is valid until the next call.
 */
export function memoizedAmounts(rates: Float64Array, amount: (volume: number, rate: number) => number): (volume: number) => Float64Array {
  const slotCount = rates.length;
  const volumes = new Float64Array(MEMO_SIZE).fill(Number.NaN);
  const table = new Float64Array(MEMO_SIZE * slotCount);
  const rows = Array.from({ length: MEMO_SIZE }, (_, row) => table.subarray(row * slotCount, (row + 1) * slotCount));
  return (volume) => {
    const row = memoRow(volume);
    const amounts = rows[row]!;
    if (volumes[row] !== volume) {
      volumes[row] = volume;
      for (let slot = 0; slot < slotCount; slot += 1) amounts[slot] = amount(volume, rates[slot]!);
    }
    return amounts;
  };
}

/**
 * The table row of a volume: its low bits, with higher bits folded in, since volumes are
 * often round numbers (multiples of 16 or 80) whose low bits alone would share a few rows.
 */
function memoRow(volume: number): number {
  const bits = volume | 0;
  return (bits ^ (bits >>> 7) ^ (bits >>> 13)) & (MEMO_SIZE - 1);
}

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
function compressedChain({ nearest, columns, columnOfLevel }: QualifiedPointers): FillChain {
  return (owner, payees, levels) => {
    let length = 0;
    let position = owner;
    for (let level = 1; level <= columnOfLevel.length && position !== NONE; level += 1) {
      position = nearest[position * columns + columnOfLevel[level - 1]!]!;
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

/** For each member, its nearest qualified strict ancestor per level, in one table. */
export interface QualifiedPointers {
  /** nearest[m × columns + c]: the nearest strict ancestor of m that may be paid on the levels of column c, or NONE. */
  nearest: Int32Array;
  columns: number;
  /** Per level (index level - 1), its column. */
  columnOfLevel: Int32Array;
}

/**
 * The nearest ancestor that may be paid on level k, for every member and level, in one
 * top-down pass. Levels whose set of qualified members is the same share a column (with
 * depths 2, 4, 6, 7 by rank, seven levels need four). A member's columns sit side by side,
 * so reading or writing them all touches one cache line, not one per level.
 */
export function nearestQualifiedPointers(
  parent: Int32Array, topDown: Int32Array, depthAllowed: Int32Array, levels: number,
  allocate: (length: number) => Int32Array = (length) => new Int32Array(length),
): QualifiedPointers {
  const membersAllowedExactly = new Int32Array(levels + 1);
  for (const depth of depthAllowed) membersAllowedExactly[Math.min(depth, levels)]! += 1;
  const thresholds: number[] = [];
  const columnOfLevel = new Int32Array(levels);
  for (let level = 1; level <= levels; level += 1) {
    const sameSetAsBefore = level > 1 && membersAllowedExactly[level - 1] === 0;
    if (!sameSetAsBefore) thresholds.push(level);
    columnOfLevel[level - 1] = thresholds.length - 1;
  }
  const columns = thresholds.length;
  // Every member is in topDown, so every entry is written once: no fill beforehand.
  const nearest = allocate(parent.length * columns);
  for (const member of topDown) {
    const up = parent[member]!;
    const own = member * columns;
    if (up === NONE) { nearest.fill(NONE, own, own + columns); continue; }
    const allowed = depthAllowed[up]!;
    const above = up * columns;
    for (let column = 0; column < columns; column += 1) {
      nearest[own + column] = allowed >= thresholds[column]! ? up : nearest[above + column]!;
    }
  }
  return { nearest, columns, columnOfLevel };
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
