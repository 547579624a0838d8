/**
 * Binary: pay on the volume matched between a member's left and right placement legs.
 *
 * Each period a leg holds its carry in plus the new volume of every order credited to a
 * member placed in it. Pay is a share of the volume matched 1:1, or a fixed amount per cycle
 * (a fixed volume taken from each leg); a member's first cycle may take double from one leg
 * (2:1 or 1:2). Caps limit the pay per period and per day, and the plan says whether volume
 * matched beyond a cap is used up or stays in the legs. What is not used carries to the next
 * period, up to a maximum per leg; the rest is flushed. For every member and leg:
 * carry in + new volume = used (matched) + carry out + flushed.
 *
 * Pairing happens in rounds: one for the period, or, with a daily cap, one per day of the
 * period in date order, each day adding the volume of the orders dated that day. A round
 * that pays gives one line.
 */
import { qualifiedMask } from '../core/qualify.ts';
import { orderVolume, type PeriodState } from '../core/period.ts';
import type { MoneyRules } from '../core/money-rules.ts';
import { binarySlots, buildPlacementTree, legVolumes, subtreeIntervals, type BinarySlots, type LegVolumes, type PlacementTree } from '../core/placement.ts';
import { formatDay } from '../dates.ts';
import { RATE_SCALE, formatPercent } from '../money/rate.ts';
import type { BonusOfType, FirstPairRatio } from '../plan/schema.ts';
import { DISTRIBUTOR, NONE, VOLUME_SCALE } from '../snapshot/types.ts';
import { memberSource, type BonusContext, type BonusRun } from './bonus-run.ts';

type Binary = BonusOfType<'binary'>;

export type PayRule = { kind: 'percent'; ppm: number } | { kind: 'cycle'; volume: number; amount: number };

/** The plan's binary rules, volumes in hundredths of a point. */
export interface BinaryRules {
  pay: PayRule;
  firstPair: FirstPairRatio;
  keepCarry: boolean;
  maxCarryPerLeg: number;
  flushWhenUnqualified: boolean;
  capPerPeriod: number | null;
  capPerDay: number | null;
  carryAboveCap: boolean;
  money: MoneyRules;
}

/** How a member stands in the binary: paid, not qualified this period, or out of it (terminated, a customer). */
export const QUALIFIED = 0;
export const UNQUALIFIED = 1;
export const OUT = 2;

/** One pairing of what the legs hold: what it uses from each leg and what it pays. */
export interface PayRound {
  usedLeft: number;
  usedRight: number;
  /** Volume matched on each leg (percent pay), or 0. */
  matched: number;
  /** Cycles (cycle pay), or 0. */
  cycles: number;
  /** The leg that gave the double side of the first pair, or null. */
  firstPairStrong: 'L' | 'R' | null;
  uncapped: number;
  amount: number;
}

export interface LegSettlement {
  usedLeft: number;
  usedRight: number;
  carryLeft: number;
  carryRight: number;
  flushedLeft: number;
  flushedRight: number;
  uncapped: number;
  amount: number;
  /** Each round, paying or not. */
  rounds: PayRound[];
}

export function binaryRules(bonus: Binary, money: MoneyRules): BinaryRules {
  const units = (points: number): number => Math.round(points * VOLUME_SCALE);
  return {
    pay: 'percentOfMatched' in bonus.pay
      ? { kind: 'percent', ppm: bonus.pay.percentOfMatched }
      : { kind: 'cycle', volume: units(bonus.pay.perCycle.volume), amount: bonus.pay.perCycle.amount },
    firstPair: bonus.firstPair,
    keepCarry: bonus.carry.keep,
    maxCarryPerLeg: bonus.carry.maxPerLeg === undefined ? Number.POSITIVE_INFINITY : units(bonus.carry.maxPerLeg),
    flushWhenUnqualified: bonus.carry.flushWhenUnqualified,
    capPerPeriod: bonus.cap?.perPeriod ?? null,
    capPerDay: bonus.cap?.perDay ?? null,
    carryAboveCap: bonus.cap?.volumeAboveCap === 'carry',
    money,
  };
}

/**
 * One member's period from the volume each round adds to each leg (round 0 includes the
 * carry in): the rounds' pay, then carry and flush of what is left. The calculation runs
 * the same steps (payRound, capLeft, settleCarry) member by member within each round.
 */
export function settleLegs(rules: BinaryRules, leftByRound: readonly number[], rightByRound: readonly number[], standing: number, firstPairDue: boolean): LegSettlement {
  let left = 0;
  let right = 0;
  const settled: LegSettlement = { usedLeft: 0, usedRight: 0, carryLeft: 0, carryRight: 0, flushedLeft: 0, flushedRight: 0, uncapped: 0, amount: 0, rounds: [] };
  let cycles = 0;
  leftByRound.forEach((added, round) => {
    left += added;
    right += rightByRound[round]!;
    if (standing !== QUALIFIED) return;
    const paid = payRound(rules, left - settled.usedLeft, right - settled.usedRight, capLeft(rules, settled.amount), firstPairDue && cycles === 0);
    settled.rounds.push(paid);
    settled.usedLeft += paid.usedLeft;
    settled.usedRight += paid.usedRight;
    settled.uncapped += paid.uncapped;
    settled.amount += paid.amount;
    cycles += paid.cycles;
  });
  const carry = settleCarry(rules, left - settled.usedLeft, right - settled.usedRight, standing);
  return { ...settled, ...carry };
}

/** What a round may still pay under the caps, or null without a cap. */
export function capLeft(rules: BinaryRules, paidBefore: number): number | null {
  const periodLeft = rules.capPerPeriod === null ? null : rules.capPerPeriod - paidBefore;
  if (rules.capPerDay === null) return periodLeft;
  return periodLeft === null ? rules.capPerDay : Math.min(rules.capPerDay, periodLeft);
}

/** Carry out and flush of what the legs hold after the last round. */
export function settleCarry(rules: BinaryRules, restLeft: number, restRight: number, standing: number) {
  const flushAll = standing === OUT || (standing === UNQUALIFIED && rules.flushWhenUnqualified) || !rules.keepCarry;
  const carryLeft = flushAll ? 0 : Math.min(restLeft, rules.maxCarryPerLeg);
  const carryRight = flushAll ? 0 : Math.min(restRight, rules.maxCarryPerLeg);
  return { carryLeft, carryRight, flushedLeft: restLeft - carryLeft, flushedRight: restRight - carryRight };
}

const NO_ROUND: PayRound = { usedLeft: 0, usedRight: 0, matched: 0, cycles: 0, firstPairStrong: null, uncapped: 0, amount: 0 };

/** Pairs what the legs hold now and pays it, up to `cap` (null: no cap). */
export function payRound(rules: BinaryRules, left: number, right: number, cap: number | null, firstPairDue: boolean): PayRound {
  if (rules.pay.kind === 'percent') {
    const { ppm } = rules.pay;
    let matched = Math.min(left, right);
    if (matched <= 0) return NO_ROUND;
    const uncapped = rules.money.rateOnVolume(matched, ppm);
    const amount = cap === null ? uncapped : Math.min(uncapped, cap);
    // Above the cap, keep in the legs what the cap did not pay for: use only the volume worth the cap.
    if (rules.carryAboveCap && amount < uncapped) matched = Math.min(matched, volumeWorth(amount, ppm, rules.money.minorUnitsPerCV));
    return { usedLeft: matched, usedRight: matched, matched, cycles: 0, firstPairStrong: null, uncapped, amount };
  }
  const { volume, amount: perCycle } = rules.pay;
  const pairing = pairCycles(left, right, volume, firstPairDue ? rules.firstPair : '1:1');
  let cycles = pairing.cycles;
  if (cycles === 0) return NO_ROUND;
  const uncapped = cycles * perCycle;
  const amount = cap === null ? uncapped : Math.min(uncapped, cap);
  // A cycle the cap pays only in part is used up; the cycles beyond it stay in the legs.
  if (rules.carryAboveCap && amount < uncapped) cycles = Math.min(cycles, Math.ceil(amount / perCycle));
  const strong = cycles > 0 ? pairing.strong : null;
  return {
    usedLeft: cycles * volume + (strong === 'L' ? volume : 0),
    usedRight: cycles * volume + (strong === 'R' ? volume : 0),
    matched: 0, cycles, firstPairStrong: strong, uncapped, amount,
  };
}

/**
 * Cycles of `volume` that two legs make. With a first pair of 2:1 (left strong), 1:2 (right
 * strong) or either, the first cycle takes double from the strong leg and needs it: without
 * it there is no cycle at all. Either way, the stronger leg (left on a tie) gives the double.
 */
export function pairCycles(left: number, right: number, volume: number, ratio: FirstPairRatio): { cycles: number; strong: 'L' | 'R' | null } {
  if (ratio === '1:1') return { cycles: Math.floor(Math.min(left, right) / volume), strong: null };
  const leftStrong = ratio !== '1:2' && left >= 2 * volume && right >= volume;
  const rightStrong = ratio !== '2:1' && right >= 2 * volume && left >= volume;
  if (!leftStrong && !rightStrong) return { cycles: 0, strong: null };
  const strong = leftStrong && (!rightStrong || left >= right) ? 'L' : 'R';
  const afterLeft = left - (strong === 'L' ? 2 * volume : volume);
  const afterRight = right - (strong === 'R' ? 2 * volume : volume);
  return { cycles: 1 + Math.floor(Math.min(afterLeft, afterRight) / volume), strong };
}

/** The least volume (hundredths) whose exact value at the rate is at least `amount` minor units. */
export function volumeWorth(amount: number, ppm: number, minorUnitsPerCV: number): number {
  if (ppm === 0) return 0;
  const numerator = BigInt(amount) * BigInt(VOLUME_SCALE * RATE_SCALE);
  const divisor = BigInt(minorUnitsPerCV) * BigInt(ppm);
  return Number((numerator + divisor - 1n) / divisor);
}

/** Every member's period in the binary: legs in and out, and the rounds that paid. */
export interface BinaryLedger {
  rules: BinaryRules;
  /** The first day of each round (the period's first day when there is one round). */
  roundDays: number[];
  /** QUALIFIED, UNQUALIFIED or OUT per member. */
  standing: Uint8Array;
  carryInLeft: Float64Array;
  carryInRight: Float64Array;
  newLeft: Float64Array;
  newRight: Float64Array;
  usedLeft: Float64Array;
  usedRight: Float64Array;
  carryLeft: Float64Array;
  carryRight: Float64Array;
  flushedLeft: Float64Array;
  flushedRight: Float64Array;
  /** Paying rounds, grouped by member (ascending), rounds ascending within a member. */
  payments: { member: number; round: number; paid: PayRound }[];
  /** Per member, the index of its first payment, or NONE. */
  firstPayment: Int32Array;
}

export function binaryLedger(bonus: Binary, period: PeriodState): BinaryLedger {
  const { snapshot } = period;
  const count = snapshot.memberCount;
  const rules = binaryRules(bonus, period.money);
  const placement = buildPlacementTree(snapshot);
  const standing = memberStanding(bonus, period, placement, binarySlots(snapshot));
  const roundDays = rules.capPerDay === null
    ? [snapshot.periodStartDay]
    : Array.from({ length: snapshot.periodEndDay - snapshot.periodStartDay + 1 }, (_, day) => snapshot.periodStartDay + day);
  const none = new Float64Array(count);
  const ledger: BinaryLedger = {
    rules, roundDays, standing,
    carryInLeft: snapshot.carryLeft ?? none, carryInRight: snapshot.carryRight ?? none,
    newLeft: new Float64Array(count), newRight: new Float64Array(count),
    usedLeft: new Float64Array(count), usedRight: new Float64Array(count),
    carryLeft: new Float64Array(count), carryRight: new Float64Array(count),
    flushedLeft: new Float64Array(count), flushedRight: new Float64Array(count),
    payments: [], firstPayment: new Int32Array(count).fill(NONE),
  };
  const pairing = roundPairing(ledger, snapshot);
  const freshOf = roundVolumes(bonus, period, placement, roundDays.length);
  for (let round = 0; round < roundDays.length; round += 1) pairing.pairRound(round, freshOf(round));
  settleAllCarry(ledger);
  // Rounds came day by day; lines go member by member, days in order.
  ledger.payments = groupByMember(pairing.payments, count, ledger.firstPayment);
  return ledger;
}

/** The new volume each round adds to every member's legs: orders of the round (its day, or the whole period), summed up the placement tree. */
function roundVolumes(bonus: Binary, period: PeriodState, placement: PlacementTree, roundCount: number): (round: number) => LegVolumes {
  const { snapshot, tree } = period;
  const basis = orderVolume(snapshot, bonus.basis ?? period.plan.volume.commissionable);
  const ordersOfRound = ordersByRound(snapshot.orderCount, roundCount, (order) => (roundCount === 1 ? 0 : snapshot.orderDay[order]! - snapshot.periodStartDay));
  const nodeVolume = new Float64Array(snapshot.memberCount);
  let fresh: LegVolumes | undefined;
  return (round) => {
    // Volume enters the placement tree at the distributor whose PV the order is.
    nodeVolume.fill(0);
    for (let i = ordersOfRound.start[round]!; i < ordersOfRound.start[round + 1]!; i += 1) {
      const order = ordersOfRound.orders[i]!;
      const owner = tree.creditedTo[snapshot.orderBuyer[order]!]!;
      if (owner !== NONE) nodeVolume[owner]! += basis[order]!;
    }
    fresh = legVolumes(placement, snapshot.placementLeg, nodeVolume, fresh);
    return fresh;
  };
}

/** Pairs every qualified member's legs round after round (payRound under capLeft), keeping the ledger's legs and the paying rounds. */
function roundPairing(ledger: BinaryLedger, snapshot: PeriodState['snapshot']) {
  const { rules, standing, carryInLeft, carryInRight, newLeft, newRight, usedLeft, usedRight } = ledger;
  const count = standing.length;
  const paidSoFar = new Float64Array(count);
  const cyclesSoFar = new Float64Array(count);
  // The scenario records no earlier pairs, so a member's first pair is due in the period they join.
  const firstPairDue = (member: number): boolean => snapshot.joinedDay[member]! >= snapshot.periodStartDay && cyclesSoFar[member] === 0;
  // Set while a member's legs hold volume that a cap kept back: it may pair in the next round without new volume.
  const heldBack = new Uint8Array(count);
  const payments: BinaryLedger['payments'] = [];
  const pairRound = (round: number, fresh: LegVolumes): void => {
    for (let member = 0; member < count; member += 1) {
      const addedLeft = fresh.left[member]!;
      const addedRight = fresh.right[member]!;
      newLeft[member]! += addedLeft;
      newRight[member]! += addedRight;
      // Nothing new and nothing held back: the legs pair as they did in the last round, that is not at all.
      if (standing[member] !== QUALIFIED || (round > 0 && addedLeft === 0 && addedRight === 0 && heldBack[member] === 0)) continue;
      const left = carryInLeft[member]! + newLeft[member]! - usedLeft[member]!;
      const right = carryInRight[member]! + newRight[member]! - usedRight[member]!;
      const paid = payRound(rules, left, right, capLeft(rules, paidSoFar[member]!), firstPairDue(member));
      heldBack[member] = rules.carryAboveCap && paid.amount < paid.uncapped ? 1 : 0;
      if (paid === NO_ROUND) continue;
      usedLeft[member]! += paid.usedLeft;
      usedRight[member]! += paid.usedRight;
      paidSoFar[member]! += paid.amount;
      cyclesSoFar[member]! += paid.cycles;
      if (paid.amount > 0) payments.push({ member, round, paid });
    }
  };
  return { pairRound, payments };
}

/** Carry out and flush for every member, from what the rounds left in the legs. */
function settleAllCarry(ledger: BinaryLedger): void {
  const { rules, standing, carryInLeft, carryInRight, newLeft, newRight, usedLeft, usedRight } = ledger;
  for (let member = 0; member < standing.length; member += 1) {
    const carry = settleCarry(rules, carryInLeft[member]! + newLeft[member]! - usedLeft[member]!, carryInRight[member]! + newRight[member]! - usedRight[member]!, standing[member]!);
    ledger.carryLeft[member] = carry.carryLeft;
    ledger.carryRight[member] = carry.carryRight;
    ledger.flushedLeft[member] = carry.flushedLeft;
    ledger.flushedRight[member] = carry.flushedRight;
  }
}

/**
 * Payments grouped by member in ascending order, keeping their order within a member (a
 * counting sort, O(payments + members)); fills firstOf[member] with the index of its first.
 */
export function groupByMember<T extends { member: number }>(items: readonly T[], memberCount: number, firstOf: Int32Array): T[] {
  const start = new Int32Array(memberCount + 1);
  for (const item of items) start[item.member + 1]! += 1;
  for (let member = 0; member < memberCount; member += 1) {
    firstOf[member] = start[member + 1] === 0 ? NONE : start[member]!;
    start[member + 1]! += start[member]!;
  }
  const grouped = new Array<T>(items.length);
  for (const item of items) grouped[start[item.member]!++] = item;
  return grouped;
}

/** Order indices grouped by round (a counting sort): round r's orders are orders[start[r]] .. orders[start[r + 1] - 1]. */
export function ordersByRound(orderCount: number, roundCount: number, roundOf: (order: number) => number): { start: Int32Array; orders: Int32Array } {
  const start = new Int32Array(roundCount + 1);
  for (let order = 0; order < orderCount; order += 1) start[roundOf(order) + 1]! += 1;
  for (let round = 1; round <= roundCount; round += 1) start[round]! += start[round - 1]!;
  const next = start.slice(0, roundCount);
  const orders = new Int32Array(orderCount);
  for (let order = 0; order < orderCount; order += 1) orders[next[roundOf(order)]!++] = order;
  return { start, orders };
}

/** QUALIFIED, UNQUALIFIED or OUT for every member. */
function memberStanding(bonus: Binary, period: PeriodState, placement: PlacementTree, slots: BinarySlots): Uint8Array {
  const { snapshot } = period;
  const qualified = qualifiedMask(bonus.qualify, period);
  const required = bonus.qualify?.sponsoredActiveEachLeg ?? 0;
  if (required > 0) requireSponsoredEachLeg(period, placement, slots, required, qualified);
  const standing = new Uint8Array(snapshot.memberCount);
  for (let member = 0; member < standing.length; member += 1) {
    const live = snapshot.memberType[member] === DISTRIBUTOR && snapshot.terminated[member] === 0;
    standing[member] = !live ? OUT : qualified[member] === 1 ? QUALIFIED : UNQUALIFIED;
  }
  return standing;
}

/** Clears `qualified` for members without `required` active personally sponsored members in each placement leg. */
function requireSponsoredEachLeg(period: PeriodState, placement: PlacementTree, slots: BinarySlots, required: number, qualified: Uint8Array): void {
  const { first, size } = subtreeIntervals(placement);
  const inSubtree = (root: number, member: number): boolean => root !== NONE && first[member]! >= first[root]! && first[member]! < first[root]! + size[root]!;
  const leftCount = new Int32Array(qualified.length);
  const rightCount = new Int32Array(qualified.length);
  for (let member = 0; member < qualified.length; member += 1) {
    const sponsor = period.tree.parent[member]!;
    if (sponsor === NONE || period.active[member] === 0) continue;
    if (inSubtree(slots.left[sponsor]!, member)) leftCount[sponsor]! += 1;
    else if (inSubtree(slots.right[sponsor]!, member)) rightCount[sponsor]! += 1;
  }
  for (let member = 0; member < qualified.length; member += 1) {
    if (leftCount[member]! < required || rightCount[member]! < required) qualified[member] = 0;
  }
}

/** Lines: one per paying round; step is the round + 1 (the day of the period with a daily cap), ref the member. */
export function binary(bonus: Binary, { period, bonusIndex }: BonusContext): BonusRun {
  const ledger = binaryLedger(bonus, period);
  const { rules, payments } = ledger;
  return {
    carryOut: { left: ledger.carryLeft, right: ledger.carryRight },
    emit(sink) {
      for (const { member, round, paid } of payments) sink.line(member, bonusIndex, round + 1, member, paid.amount);
    },
    describeMember(member) {
      const points = (units: number): number => units / VOLUME_SCALE;
      const leg = (carryIn: Float64Array, fresh: Float64Array, used: Float64Array, carry: Float64Array, flushed: Float64Array) => ({
        carryIn: points(carryIn[member]!), new: points(fresh[member]!), used: points(used[member]!), carryOut: points(carry[member]!), flushed: points(flushed[member]!),
      });
      return {
        standing: ['qualified', 'not qualified', 'not in the binary'][ledger.standing[member]!],
        left: leg(ledger.carryInLeft, ledger.newLeft, ledger.usedLeft, ledger.carryLeft, ledger.flushedLeft),
        right: leg(ledger.carryInRight, ledger.newRight, ledger.usedRight, ledger.carryRight, ledger.flushedRight),
      };
    },
    explain: (payee, step) => {
      let index = ledger.firstPayment[payee]!;
      while (payments[index]!.round !== step - 1) index += 1;
      const { paid } = payments[index]!;
      return {
        ...memberSource(payee),
        ...(rules.pay.kind === 'percent'
          ? { rate: formatPercent(rules.pay.ppm), base: rules.money.volumeToMinor(paid.matched) }
          : { rate: `${rules.pay.amount} per cycle of ${rules.pay.volume / VOLUME_SCALE}`, base: paid.cycles }),
        note: describeRound(ledger, payee, paid, ledger.roundDays.length > 1 ? ledger.roundDays[step - 1]! : null),
      };
    },
  };
}

function describeRound(ledger: BinaryLedger, member: number, paid: PayRound, day: number | null): string {
  const points = (units: number): number => units / VOLUME_SCALE;
  const leg = (carryIn: Float64Array, fresh: Float64Array): string =>
    `${points(carryIn[member]! + fresh[member]!)} (carry ${points(carryIn[member]!)} + new ${points(fresh[member]!)})`;
  const parts = day === null ? [] : [`pairs of ${formatDay(day)}`];
  parts.push(`left ${leg(ledger.carryInLeft, ledger.newLeft)}, right ${leg(ledger.carryInRight, ledger.newRight)}`);
  if (ledger.rules.pay.kind === 'percent') parts.push(`matched ${points(paid.matched)}`);
  else parts.push(`${paid.cycles} cycle(s)${paid.firstPairStrong ? `, first pair ${paid.firstPairStrong === 'L' ? '2:1' : '1:2'}` : ''}`);
  if (paid.amount < paid.uncapped) parts.push(`capped at ${paid.amount} (uncapped ${paid.uncapped})`);
  parts.push(`carry out L ${points(ledger.carryLeft[member]!)}, R ${points(ledger.carryRight[member]!)}; `
    + `flushed L ${points(ledger.flushedLeft[member]!)}, R ${points(ledger.flushedRight[member]!)}`);
  return parts.join('; ');
}
