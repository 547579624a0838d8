/**
 * Personal and group volume for the period, in hundredths of a point (exact integer sums,
 * so the order of the input cannot change a total).
 */
import { DISTRIBUTOR, NONE, type Snapshot } from '../snapshot/types.ts';
import type { SponsorTree } from './tree.ts';
import { FRESH_MEMORY, type Memory } from './workspace.ts';

export interface Volumes {
  /** Own orders plus the orders of the customers the member referred. */
  pv: Float64Array;
  /** PV of the member and their whole sponsor-tree downline. */
  gv: Float64Array;
  /** Company-wide commissionable volume of every order in the period. */
  companyCommissionable: number;
}

/** PV from the orders (each credited to its distributor), then GV bottom-up: O(orders + members). */
export function computeVolumes(
  snapshot: Snapshot, tree: SponsorTree, qualifying: Float64Array, commissionable: Float64Array, memory: Memory = FRESH_MEMORY,
): Volumes {
  const pv = memory.float64('pv', snapshot.memberCount);
  const { orderBuyer, orderCount } = snapshot;
  const { creditedTo, topDown, parent } = tree;
  let companyCommissionable = 0;
  for (let order = 0; order < orderCount; order += 1) {
    companyCommissionable += commissionable[order]!;
    const owner = creditedTo[orderBuyer[order]!]!;
    if (owner !== NONE) pv[owner]! += qualifying[order]!;
  }
  const gv = memory.float64('gv', pv.length);
  gv.set(pv);
  for (let i = topDown.length - 1; i >= 0; i -= 1) {
    const member = topDown[i]!;
    const up = parent[member]!;
    if (up !== NONE) gv[up]! += gv[member]!;
  }
  return { pv, gv, companyCommissionable };
}

/**
 * Active: a live distributor whose PV meets the plan's minimum and, when the plan asks for an
 * active autoship (minAutoshipUnits not null), whose autoship orders this period reach that QV.
 */
export function computeActivity(snapshot: Snapshot, pv: Float64Array, minPvUnits: number, minAutoshipUnits: number | null = null): Uint8Array {
  const active = new Uint8Array(snapshot.memberCount);
  const { memberType, terminated } = snapshot;
  const autoship = minAutoshipUnits === null ? null : autoshipVolume(snapshot);
  for (let member = 0; member < active.length; member += 1) {
    active[member] = memberType[member] === DISTRIBUTOR && terminated[member] === 0 && pv[member]! >= minPvUnits
      && (autoship === null || autoship[member]! >= minAutoshipUnits!) ? 1 : 0;
  }
  return active;
}

/** The snapshot's autoship QV per member, zero for everyone when it has none. */
export function autoshipVolume(snapshot: Snapshot): Float64Array {
  return snapshot.autoshipQv ?? new Float64Array(snapshot.memberCount);
}

/** Sum of a member's volume over this period and the periods - 1 latest history periods. */
export function rollingVolume(current: Float64Array, history: readonly Float64Array[], periods: number): Float64Array {
  const total = current.slice();
  for (const earlier of history.slice(Math.max(0, history.length - (periods - 1)))) {
    for (let member = 0; member < total.length; member += 1) {
      const value = earlier[member]!;
      if (!Number.isNaN(value)) total[member]! += value;
    }
  }
  return total;
}
