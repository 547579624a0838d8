/**
 * What a calculation worked out for every member, as columns indexed like the snapshot: the
 * form a server stores for a million members without building an object for each.
 */
import { assertCurrent, type Calculation } from './calculate.ts';
import { buildPlacementTree, legVolumes } from './core/placement.ts';
import type { Snapshot } from './snapshot/types.ts';

export interface MemberOutcomes {
  /** Hundredths of a point. */
  pv: Float64Array;
  gv: Float64Array;
  active: Uint8Array;
  /** Index into plan.ranks, or NONE. */
  paidRank: Int32Array;
  highestRank: Int32Array;
  /** Minor units after the cap. */
  earned: Float64Array;
  /** Binary carry out per leg in hundredths of a point; null when the plan has no binary bonus. */
  carryLeft: Float64Array | null;
  carryRight: Float64Array | null;
  /** Company commissionable volume in hundredths of a point, and its money value in minor units. */
  companyCv: number;
  companyCvMoney: number;
}

/** Views of the calculation's arrays: copy what must outlive the next calculation in the same workspace. */
export function memberOutcomes(calculation: Calculation): MemberOutcomes {
  assertCurrent(calculation);
  const { period } = calculation;
  const carry = calculation.runs.find((run) => run.carryOut !== undefined)?.carryOut;
  return {
    pv: period.volumes.pv,
    gv: period.volumes.gv,
    active: period.active,
    paidRank: period.paidRank,
    highestRank: period.highestRank,
    earned: calculation.earned,
    carryLeft: carry?.left ?? null,
    carryRight: carry?.right ?? null,
    companyCv: period.volumes.companyCommissionable,
    companyCvMoney: period.money.volumeToMinor(period.volumes.companyCommissionable),
  };
}



/** Volume below each member's left and right placement slot, from a volume per member (e.g. outcomes' pv). */
export function placementLegVolumes(snapshot: Snapshot, volume: Float64Array): { left: Float64Array; right: Float64Array } {
  const { left, right } = legVolumes(buildPlacementTree(snapshot), snapshot.placementLeg, volume);
  return { left, right };
}
