/**
 * Stairstep-breakaway. Each distributor's rate comes from a schedule by group PV: own PV plus
 * the group PV of every sponsored member who has not broken away. A member at the top rate
 * breaks away: their group leaves the upline's.
 *
 * Differential: on each order, going up from the distributor whose PV it is, each upline with
 * a higher rate than any paid so far earns the difference. Each line is the payee's rate on
 * the order, rounded, less the rounded amount already paid below, so the lines of one order
 * add up to the top rate paid on it, rounded once: never more than the top rate.
 *
 * Overrides: a member at the top rate earns a rate per breakaway generation on the group
 * volume of the breakaway groups below them: generation g is the g-th breakaway on the way up
 * from the group's leader (the leader's nearest breakaway upline is generation 1).
 *
 * Uplines with a higher rate are reached by jump pointers (one array per step: nearest
 * ancestor above that step), so an order costs at most one jump per step, not the tree's depth.
 */
import { qualifiedMask } from '../core/qualify.ts';
import { orderVolume, type PeriodState } from '../core/period.ts';
import { formatPercent } from '../money/rate.ts';
import type { BonusOfType } from '../plan/schema.ts';
import { NONE, VOLUME_SCALE } from '../snapshot/types.ts';
import type { BonusContext, BonusRun, LineDetail } from './bonus-run.ts';
import { nearestAncestorWhere } from './unilevel.ts';

type Stairstep = BonusOfType<'stairstep'>;

export interface StairstepGroups {
  /** Schedule step index per member, or NONE (below the first step, or not qualified). */
  step: Int32Array;
  brokeAway: Uint8Array;
  /** Own PV plus the group PV of sponsored members who have not broken away (hundredths). */
  groupPv: Float64Array;
  /** The same group on the bonus's basis: what overrides are paid on. */
  groupVolume: Float64Array;
}

/** Rates and groups, bottom-up: a member's group is complete once all their downline is visited. */
export function stairstepGroups(bonus: Stairstep, period: PeriodState, basis: Float64Array): StairstepGroups {
  const { snapshot, tree, volumes } = period;
  const thresholds = bonus.schedule.map((step) => Math.round(step.minGroupPV * VOLUME_SCALE));
  const top = thresholds.length - 1;
  const qualified = qualifiedMask(bonus.qualify, period);
  const groupPv = volumes.pv.slice();
  const groupVolume = new Float64Array(snapshot.memberCount);
  for (let order = 0; order < snapshot.orderCount; order += 1) {
    const owner = tree.creditedTo[snapshot.orderBuyer[order]!]!;
    if (owner !== NONE) groupVolume[owner]! += basis[order]!;
  }
  const step = new Int32Array(snapshot.memberCount).fill(NONE);
  const brokeAway = new Uint8Array(snapshot.memberCount);
  for (let i = tree.topDown.length - 1; i >= 0; i -= 1) {
    const member = tree.topDown[i]!;
    if (qualified[member] === 1) step[member] = stepOf(thresholds, groupPv[member]!);
    brokeAway[member] = bonus.breakaway !== undefined && step[member] === top ? 1 : 0;
    const up = tree.parent[member]!;
    if (up === NONE || brokeAway[member] === 1) continue;
    groupPv[up]! += groupPv[member]!;
    groupVolume[up]! += groupVolume[member]!;
  }
  return { step, brokeAway, groupPv, groupVolume };
}

/** The highest step whose threshold the group PV meets, or NONE. */
export function stepOf(thresholds: readonly number[], groupPv: number): number {
  let step = NONE;
  for (let s = 0; s < thresholds.length; s += 1) if (groupPv >= thresholds[s]!) step = s;
  return step;
}

/** Lines: a differential line's step is the payee's schedule step + 1 (ref: the order); an override's is -generation (ref: the group's leader). */
export function stairstep(bonus: Stairstep, { period, bonusIndex }: BonusContext): BonusRun {
  const { snapshot, tree, money } = period;
  const basis = orderVolume(snapshot, bonus.basis ?? period.plan.volume.commissionable);
  const groups = stairstepGroups(bonus, period, basis);
  const { step } = groups;
  const rates = bonus.schedule.map((entry) => entry.rate);
  const top = rates.length - 1;
  const rateOf = (member: number): number => (step[member] === NONE ? 0 : rates[step[member]!]!);
  // above[s + 1][x]: nearest strict ancestor of x whose step is above s (s = NONE: any step at all).
  const above = rates.map((_, index) => nearestAncestorWhere(tree.parent, tree.topDown, (member) => step[member]! >= index));
  const nextHigher = (member: number, currentStep: number): number => above[currentStep + 1]![member]!;

  /** Calls pay(payee, rate paid below) for each upline that earns a difference on an order of `owner`. */
  const walkDifferential = (owner: number, pay: (payee: number, below: number) => void): void => {
    let current = NONE;
    let payee = step[owner] !== NONE ? owner : nextHigher(owner, NONE);
    while (payee !== NONE) {
      pay(payee, current === NONE ? 0 : rates[current]!);
      current = step[payee]!;
      if (current === top) break;
      payee = nextHigher(payee, current);
    }
  };

  const overrides = bonus.breakaway?.overrides ?? [];
  const overrideQualified = qualifiedMask(bonus.breakaway?.qualify, period);
  const nearestBreakaway = nearestAncestorWhere(tree.parent, tree.topDown, (member) => groups.brokeAway[member] === 1);
  const overrideAmount = (leader: number, generation: number): number => {
    const amount = money.rateOnVolume(groups.groupVolume[leader]!, overrides[generation - 1]!);
    const minimum = bonus.breakaway?.minimumOverride ?? 0;
    return groups.groupVolume[leader]! > 0 ? Math.max(amount, minimum) : amount;
  };

  return {
    emit(sink) {
      for (let order = 0; order < snapshot.orderCount; order += 1) {
        const owner = tree.creditedTo[snapshot.orderBuyer[order]!]!;
        const volume = basis[order]!;
        if (owner === NONE || volume === 0) continue;
        walkDifferential(owner, (payee, below) => {
          const amount = money.rateOnVolume(volume, rateOf(payee)) - money.rateOnVolume(volume, below);
          if (amount > 0) sink.line(payee, bonusIndex, step[payee]! + 1, order, amount);
        });
      }
      if (overrides.length === 0) return;
      for (let leader = 0; leader < snapshot.memberCount; leader += 1) {
        if (groups.brokeAway[leader] === 0) continue;
        let upline = nearestBreakaway[leader]!;
        for (let generation = 1; generation <= overrides.length && upline !== NONE; generation += 1) {
          const amount = overrideQualified[upline] === 1 ? overrideAmount(leader, generation) : 0;
          if (amount > 0) sink.line(upline, bonusIndex, -generation, leader, amount);
          upline = nearestBreakaway[upline]!;
        }
      }
    },
    describeMember(member) {
      return { groupPv: groups.groupPv[member]! / VOLUME_SCALE, rate: formatPercent(rateOf(member)), brokeAway: groups.brokeAway[member] === 1 };
    },
    explain(payee, lineStep, ref): LineDetail {
      const points = (units: number): number => units / VOLUME_SCALE;
      if (lineStep < 0) {
        const generation = -lineStep;
        return {
          sourceMember: ref,
          sourceOrder: NONE,
          level: tree.depth[ref]! - tree.depth[payee]!,
          paidLevel: generation,
          rate: formatPercent(overrides[generation - 1]!),
          base: money.volumeToMinor(groups.groupVolume[ref]!),
          note: `override on the breakaway group of generation ${generation} (group PV ${points(groups.groupPv[ref]!)})`
            + (bonus.breakaway?.minimumOverride ? `, at least ${bonus.breakaway.minimumOverride}` : ''),
        };
      }
      const owner = tree.creditedTo[snapshot.orderBuyer[ref]!]!;
      let below = 0;
      walkDifferential(owner, (upline, paidBelow) => { if (upline === payee) below = paidBelow; });
      return {
        sourceMember: snapshot.orderBuyer[ref]!,
        sourceOrder: ref,
        level: tree.depth[owner]! - tree.depth[payee]!,
        rate: formatPercent(rateOf(payee) - below),
        base: money.volumeToMinor(basis[ref]!),
        note: `${formatPercent(rateOf(payee))} at group PV ${points(groups.groupPv[payee]!)}${below > 0 ? ` less ${formatPercent(below)} paid below` : ''}`,
      };
    },
  };
}
