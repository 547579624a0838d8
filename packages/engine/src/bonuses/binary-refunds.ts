/**
 * Volume refunded after its period was committed, taken back out of the binary legs it fed.
 *
 * Every placement ancestor of the volume's owner (the distributor whose PV the order was) had
 * the volume in the leg that holds the owner. Each loses it first from that leg's carry, as far
 * as the carry reaches: unmatched volume was never paid, so taking it costs nothing. Whatever the
 * carry cannot cover had been matched against the other leg, and paid: the caller claws that
 * back at the plan's binary pay.
 */
import { moneyRules } from '../core/money-rules.ts';
import type { BonusOfType, Plan } from '../plan/schema.ts';
import { LEFT_LEG, NONE, RIGHT_LEG, VOLUME_SCALE, type Snapshot } from '../snapshot/types.ts';

export interface RefundedVolume {
  /** Snapshot index of the distributor whose PV the order was (the buyer, or the referrer of a customer). */
  owner: number;
  /** Hundredths of a point, in the binary bonus's basis (QV or CV). */
  volume: number;
}

export interface CarryAfterRefunds {
  carryLeft: Float64Array;
  carryRight: Float64Array;
  /** Per member, the refunded volume the carry could not cover: it had been matched. */
  matched: Map<number, number>;
}

export function takeRefundsFromCarry(snapshot: Snapshot, refunds: readonly RefundedVolume[]): CarryAfterRefunds {
  const carryLeft = Float64Array.from(snapshot.carryLeft ?? new Float64Array(snapshot.memberCount));
  const carryRight = Float64Array.from(snapshot.carryRight ?? new Float64Array(snapshot.memberCount));
  const matched = new Map<number, number>();
  if (refunds.length === 0) return { carryLeft, carryRight, matched };
  const { placement, placementLeg } = snapshot;
  for (const { owner, volume } of refunds) {
    if (owner === NONE || volume <= 0) continue;
    for (let child = owner, up = placement[owner]!; up !== NONE; child = up, up = placement[up]!) {
      const leg = placementLeg[child];
      const carry = leg === LEFT_LEG ? carryLeft : leg === RIGHT_LEG ? carryRight : null;
      if (carry === null) continue;
      const fromCarry = Math.min(carry[up]!, volume);
      carry[up]! -= fromCarry;
      if (fromCarry < volume) matched.set(up, (matched.get(up) ?? 0) + volume - fromCarry);
    }
  }
  return { carryLeft, carryRight, matched };
}

/**
 * What matched volume had paid under a binary bonus, in minor units: the rate on it (rounded
 * as the plan rounds lines), or the whole cycles it made (never a part cycle: a clawback takes
 * back no more than certainly paid).
 */
export function paidOnMatchedVolume(plan: Plan, bonus: BonusOfType<'binary'>, matchedUnits: number): number {
  if ('percentOfMatched' in bonus.pay) return moneyRules(plan.rounding, plan.minorUnitsPerCV).rateOnVolume(matchedUnits, bonus.pay.percentOfMatched);
  const cycleUnits = Math.round(bonus.pay.perCycle.volume * VOLUME_SCALE);
  return Math.floor(matchedUnits / cycleUnits) * bonus.pay.perCycle.amount;
}
