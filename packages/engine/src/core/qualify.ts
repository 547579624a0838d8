/** Who may be paid a bonus, as a flag per member computed once per bonus. */
import { VOLUME_SCALE, DISTRIBUTOR, NONE } from '../snapshot/types.ts';
import type { PeriodState } from './period.ts';
import type { Qualify } from '../plan/schema.ts';

export type QualifyInputs = Pick<PeriodState, 'snapshot' | 'volumes' | 'active' | 'paidRank' | 'rankIndex'>;

/** 1 for a live distributor meeting every condition of the bonus's qualify rule. */
export function qualifiedMask(rule: Qualify | undefined, inputs: QualifyInputs): Uint8Array {
  const { snapshot, active, paidRank } = inputs;
  const { pv } = inputs.volumes;
  const minPv = rule?.minPV === undefined ? 0 : Math.round(rule.minPV * VOLUME_SCALE);
  const minRank = rule?.rankAtLeast === undefined ? NONE : inputs.rankIndex.get(rule.rankAtLeast)!;
  const mask = new Uint8Array(snapshot.memberCount);
  const { memberType, terminated } = snapshot;
  const activeRequired = rule?.active === true;
  for (let member = 0; member < mask.length; member += 1) {
    mask[member] = memberType[member] === DISTRIBUTOR && terminated[member] === 0
      && (!activeRequired || active[member] === 1)
      && pv[member]! >= minPv
      && paidRank[member]! >= minRank ? 1 : 0;
  }
  return mask;
}

/**
 * Per rank index, the value a per-rank table gives: a rank the table does not list takes
 * the value of the nearest listed rank below it, and ranks below every listed one take
 * `below`. A member with no rank (NONE) takes `below` too: read it with valueForRank.
 */
export function valuesByRank(table: Readonly<Record<string, number>>, rankIds: readonly string[], below: number): Int32Array {
  const values = new Int32Array(rankIds.length);
  let current = below;
  rankIds.forEach((rankId, rank) => {
    current = table[rankId] ?? current;
    values[rank] = current;
  });
  return values;
}

export function valueForRank(values: Int32Array, rank: number, below: number): number {
  return rank === NONE ? below : values[rank]!;
}
