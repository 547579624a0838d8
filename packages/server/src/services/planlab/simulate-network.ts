import {
  calculateSnapshot, formatDay, LEFT_LEG, memberOutcomes, NONE, RIGHT_LEG, tryParseDay, VOLUME_SCALE,
  type HistoryPeriod, type Plan, type Snapshot,
} from '@samooh/engine';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { chance, randomInt, randomStream, type Random } from '../demo/random.ts';
import { historyLength } from '../commissions/load-snapshot.ts';
import type { Assumptions } from './assumptions.ts';
import { percentiles } from './statistics.ts';

const DISTRIBUTOR = 0, PREFERRED = 1, RETAIL = 2;
const TYPE_NAMES = ['distributor', 'preferred', 'retail'] as const;

export interface SimulationMonth {
  month: number;
  start: string;
  end: string;
  /** Live members at the end of the month, and of them distributors and customers. */
  members: number;
  distributors: number;
  customers: number;
  joined: number;
  left: number;
  /** Active distributors (PV at least the plan's activity.minPV). */
  actives: number;
  orders: number;
  /** Company CV, points. */
  cv: number;
  paid: number;
  payoutRatio: number;
  capFactor: number;
  /** Over live distributors: earnings in minor units. */
  income: { median: number; p75: number; p90: number; p99: number; max: number; shareEarningNothing: number; shareEarningMoreThanSpent: number };
  /** Live distributors by paid-as rank ("none" for no rank). */
  ranks: Record<string, number>;
}

export interface SimulationOptions {
  plan: Plan;
  assumptions: Assumptions;
  months: number;
  seed: number;
  /** The first month's start (YYYY-MM-DD); default the plan's effective date. */
  start?: string;
  /** Refuse to grow beyond this many members (live or gone). */
  maxMembers?: number;
  onMonth?: (month: SimulationMonth) => void;
}

export class SimulationTooLarge extends Error {
  constructor(readonly members: number, readonly limit: number) {
    super(`the simulation would reach ${members} members; at most ${limit} are allowed`);
  }
}

/** A growable column of 32-bit integers. */
class Column {
  data: Int32Array;
  constructor(capacity: number, readonly fill = 0) { this.data = new Int32Array(capacity).fill(fill); }
  ensure(size: number): void {
    if (size <= this.data.length) return;
    const grown = new Int32Array(Math.max(size, this.data.length * 2)).fill(this.fill);
    grown.set(this.data);
    this.data = grown;
  }
}

/** The simulated network: members by index (= join order = canonical id order), never removed. */
class Network {
  size = 0;
  readonly type = new Column(1024);
  readonly gone = new Column(1024);
  readonly sponsor = new Column(1024, NONE);
  readonly placement = new Column(1024, NONE);
  readonly leg = new Column(1024, NONE);
  readonly joinedDay = new Column(1024);
  readonly highestRank = new Column(1024, NONE);
  readonly childCount = new Column(1024);
  readonly recruits = new Column(1024);
  /** Per placement node and slot, the child index (width slots a node), grown with the network. */
  slots: Int32Array = new Int32Array(0);

  constructor(readonly width: number) { this.slots = new Int32Array(1024 * Math.max(width, 1)).fill(NONE); }

  add(type: number, sponsor: number, day: number): number {
    const index = this.size++;
    for (const column of [this.type, this.gone, this.sponsor, this.placement, this.leg, this.joinedDay, this.highestRank, this.childCount, this.recruits]) column.ensure(this.size);
    if (this.slots.length < this.size * this.width) {
      const grown = new Int32Array(Math.max(this.size, this.slots.length / this.width * 2) * this.width).fill(NONE);
      grown.set(this.slots);
      this.slots = grown;
    }
    this.type.data[index] = type;
    this.sponsor.data[index] = sponsor;
    this.joinedDay.data[index] = day;
    if (this.width > 0 && type === DISTRIBUTOR && sponsor !== NONE) this.place(index, sponsor);
    return index;
  }

  /**
   * Places a distributor under the sponsor: the sponsor's first free slot, else down the slot
   * the sponsor's recruits take in turn, to the first node with a free slot.
   */
  private place(member: number, sponsor: number): void {
    const turn = this.recruits.data[sponsor]!++ % this.width;
    let node = sponsor;
    for (;;) {
      for (let slot = 0; slot < this.width; slot += 1) {
        if (this.slots[node * this.width + slot] === NONE) {
          this.slots[node * this.width + slot] = member;
          this.placement.data[member] = node;
          this.leg.data[member] = this.width === 2 ? (slot === 0 ? LEFT_LEG : RIGHT_LEG) : slot;
          return;
        }
      }
      node = this.slots[node * this.width + turn]!;
    }
  }
}

/** A Poisson draw (Knuth's method; the means here are small). */
function poisson(rng: Random, mean: number): number {
  if (mean <= 0) return 0;
  const limit = Math.exp(-mean);
  let count = 0;
  let product = uniformFloat64(rng);
  while (product > limit) {
    count += 1;
    product *= uniformFloat64(rng);
  }
  return count;
}

/** A size around a mean: 50% to 150% of it, in whole hundredths. */
const around = (rng: Random, mean: number, scale: number): number => Math.round(mean * scale * (0.5 + uniformFloat64(rng)));

function addMonths(day: number, months: number): number {
  const date = new Date(day * 86_400_000);
  return Math.round(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, date.getUTCDate()) / 86_400_000);
}

/**
 * Grows a network month by month from the assumptions and runs the real engine on each month:
 * members leave (churn), live distributors recruit, every live member orders; binary carry,
 * rank history and highest ranks flow from one month's result into the next month's snapshot
 * as the period runs read them from committed runs. The same seed gives the same months.
 *
 * Random streams: 0 churn, 1 recruiting, 2 orders, so one part's draws never shift another's.
 */
export function simulateNetwork(options: SimulationOptions): SimulationMonth[] {
  const { plan, assumptions } = options;
  const matrix = plan.bonuses.find((bonus) => bonus.type === 'matrix');
  const width = plan.bonuses.some((bonus) => bonus.type === 'binary') ? 2 : matrix ? matrix.width : 0;
  const network = new Network(width);
  const maxMembers = options.maxMembers ?? Number.MAX_SAFE_INTEGER;
  const churnRng = randomStream(options.seed, 0), recruitRng = randomStream(options.seed, 1), orderRng = randomStream(options.seed, 2);
  const rankNames = plan.ranks.map((rank) => rank.id);
  const keepHistory = historyLength(plan);
  const history: HistoryPeriod[] = [];
  let carryLeft: Float64Array | null = null, carryRight: Float64Array | null = null;
  const hasBinary = plan.bonuses.some((bonus) => bonus.type === 'binary');

  let monthStart = tryParseDay(options.start ?? plan.effectiveFrom)!;
  // Refused before anything is built: the root and the starting distributors alone may be too many.
  if (assumptions.initialDistributors + 1 > maxMembers) throw new SimulationTooLarge(assumptions.initialDistributors + 1, maxMembers);
  const root = network.add(DISTRIBUTOR, NONE, monthStart - 1);
  for (let i = 0; i < assumptions.initialDistributors; i += 1) network.add(DISTRIBUTOR, root, monthStart - 1);

  const months: SimulationMonth[] = [];
  for (let month = 1; month <= options.months; month += 1) {
    const monthEnd = addMonths(monthStart, 1) - 1;
    const days = monthEnd - monthStart + 1;
    // Churn, then recruiting by the distributors still there.
    let left = 0;
    for (let member = 1; member < network.size; member += 1) {
      if (network.gone.data[member] === 0 && chance(churnRng, assumptions.churn)) {
        network.gone.data[member] = 1;
        left += 1;
      }
    }
    const before = network.size;
    for (let member = 0; member < before; member += 1) {
      if (network.gone.data[member] === 1 || network.type.data[member] !== DISTRIBUTOR) continue;
      const count = poisson(recruitRng, assumptions.recruitsPerDistributor);
      for (let r = 0; r < count; r += 1) {
        const customer = chance(recruitRng, assumptions.customerShare);
        const type = customer ? (chance(recruitRng, assumptions.preferredShare) ? PREFERRED : RETAIL) : DISTRIBUTOR;
        network.add(type, member, monthStart + randomInt(recruitRng, 0, days - 1));
        if (network.size > maxMembers) throw new SimulationTooLarge(network.size, maxMembers);
      }
    }
    const joined = network.size - before;

    // Orders: grouped by buyer in member order, so the snapshot's canonical order holds.
    const orders = { buyer: [] as number[], day: [] as number[], qv: [] as number[], cv: [] as number[], amount: [] as number[], wholesale: [] as number[] };
    const spent = new Float64Array(network.size);
    for (let member = 0; member < network.size; member += 1) {
      if (network.gone.data[member] === 1) continue;
      const type = network.type.data[member]!;
      const buying = assumptions.buying[TYPE_NAMES[type]!];
      const joinedDay = network.joinedDay.data[member]!;
      const firstDay = Math.max(monthStart, joinedDay);
      const count = poisson(orderRng, buying.ordersPerMonth);
      for (let o = 0; o < count; o += 1) {
        const cv = around(orderRng, buying.cv, VOLUME_SCALE);
        const ratio = buying.cv === 0 ? 1 : cv / (buying.cv * VOLUME_SCALE);
        const qv = Math.round((buying.qv ?? buying.cv) * VOLUME_SCALE * ratio);
        const amount = Math.round((buying.amount ?? buying.cv * 100) * ratio);
        const wholesaleShare = buying.wholesaleShare ?? (type === DISTRIBUTOR ? 1 : 0.8);
        orders.buyer.push(member);
        orders.day.push(firstDay + randomInt(orderRng, 0, monthEnd - firstDay));
        orders.qv.push(qv);
        orders.cv.push(cv);
        orders.amount.push(amount);
        orders.wholesale.push(Math.round(amount * wholesaleShare));
        spent[member]! += amount;
      }
    }

    const snapshot = snapshotOf(network, monthStart, monthEnd, rankNames, orders, hasBinary ? carryLeft : null, hasBinary ? carryRight : null, history);
    const calculation = calculateSnapshot(plan, snapshot);
    const outcome = memberOutcomes(calculation);

    // What flows into the next month: highest ranks, carry, history.
    for (let member = 0; member < network.size; member += 1) {
      if (outcome.highestRank[member]! > network.highestRank.data[member]!) network.highestRank.data[member] = outcome.highestRank[member]!;
    }
    carryLeft = outcome.carryLeft ? Float64Array.from(outcome.carryLeft) : null;
    carryRight = outcome.carryRight ? Float64Array.from(outcome.carryRight) : null;
    if (keepHistory > 0) {
      history.push({ startDay: monthStart, pv: Float64Array.from(outcome.pv), gv: Float64Array.from(outcome.gv), rank: Int32Array.from(outcome.paidRank) });
      if (history.length > keepHistory) history.shift();
    }

    const report = monthReport(network, plan, month, monthStart, monthEnd, { joined, left, orders: orders.buyer.length }, outcome, calculation.paid, calculation.cap.factorPpm, spent);
    months.push(report);
    options.onMonth?.(report);
    monthStart = monthEnd + 1;
  }
  return months;
}

function snapshotOf(
  network: Network, start: number, end: number, rankNames: string[],
  orders: { buyer: number[]; day: number[]; qv: number[]; cv: number[]; amount: number[]; wholesale: number[] },
  carryLeft: Float64Array | null, carryRight: Float64Array | null, history: HistoryPeriod[],
): Snapshot {
  const n = network.size;
  const grow = (column: Float64Array | null): Float64Array | null => {
    if (!column) return null;
    const grown = new Float64Array(n);
    grown.set(column.subarray(0, Math.min(n, column.length)));
    return grown;
  };
  const growHistory = (period: HistoryPeriod): HistoryPeriod => {
    const pv = new Float64Array(n).fill(Number.NaN), gv = new Float64Array(n).fill(Number.NaN), rank = new Int32Array(n).fill(NONE);
    pv.set(period.pv.subarray(0, n)); gv.set(period.gv.subarray(0, n)); rank.set(period.rank.subarray(0, n));
    return { startDay: period.startDay, pv, gv, rank };
  };
  const orderCount = orders.buyer.length;
  return {
    periodStartDay: start,
    periodEndDay: end,
    memberCount: n,
    memberId: (index) => `M${String(index).padStart(9, '0')}`,
    memberType: Uint8Array.from(network.type.data.subarray(0, n)),
    terminated: Uint8Array.from(network.gone.data.subarray(0, n)),
    sponsor: network.sponsor.data.slice(0, n),
    placement: network.placement.data.slice(0, n),
    placementLeg: network.leg.data.slice(0, n),
    joinedDay: network.joinedDay.data.slice(0, n),
    priorHighestRank: network.highestRank.data.slice(0, n),
    rankNames,
    orderCount,
    orderId: (index) => `O${String(index).padStart(10, '0')}`,
    orderBuyer: Int32Array.from(orders.buyer),
    orderDay: Int32Array.from(orders.day),
    orderQv: Float64Array.from(orders.qv),
    orderCv: Float64Array.from(orders.cv),
    orderAmount: Float64Array.from(orders.amount),
    orderWholesale: Float64Array.from(orders.wholesale),
    carryLeft: grow(carryLeft) ?? null,
    carryRight: grow(carryRight) ?? null,
    history: history.map(growHistory),
  };
}

function monthReport(
  network: Network, plan: Plan, month: number, start: number, end: number,
  counts: { joined: number; left: number; orders: number },
  outcome: ReturnType<typeof memberOutcomes>, paid: number, capFactorPpm: number, spent: Float64Array,
): SimulationMonth {
  let members = 0, distributors = 0, actives = 0, nothing = 0, moreThanSpent = 0;
  const ranks: Record<string, number> = Object.fromEntries([...plan.ranks.map((rank) => [rank.id, 0]), ['none', 0]]);
  const earnings: number[] = [];
  for (let member = 0; member < network.size; member += 1) {
    if (network.gone.data[member] === 1) continue;
    members += 1;
    if (network.type.data[member] !== DISTRIBUTOR || member === 0) continue;
    distributors += 1;
    const earned = outcome.earned[member]!;
    earnings.push(earned);
    if (outcome.active[member] === 1) actives += 1;
    if (earned === 0) nothing += 1;
    if (earned > spent[member]!) moreThanSpent += 1;
    const rank = outcome.paidRank[member]!;
    ranks[rank === NONE ? 'none' : plan.ranks[rank]!.id]! += 1;
  }
  const [median, p75, p90, p99] = percentiles(earnings, [50, 75, 90, 99]);
  const share = (count: number) => (distributors === 0 ? 0 : Math.round((count / distributors) * 1e4) / 1e4);
  return {
    month,
    start: formatDay(start),
    end: formatDay(end),
    members,
    distributors,
    customers: members - distributors - 1,
    joined: counts.joined,
    left: counts.left,
    actives,
    orders: counts.orders,
    cv: outcome.companyCv / VOLUME_SCALE,
    paid,
    payoutRatio: outcome.companyCvMoney === 0 ? 0 : Math.round((paid / outcome.companyCvMoney) * 1e6) / 1e6,
    capFactor: capFactorPpm / 1_000_000,
    income: { median: median!, p75: p75!, p90: p90!, p99: p99!, max: earnings.reduce((max, value) => Math.max(max, value), 0), shareEarningNothing: share(nothing), shareEarningMoreThanSpent: share(moreThanSpent) },
    ranks,
  };
}
