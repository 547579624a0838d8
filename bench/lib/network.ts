/**
 * A seeded synthetic company for benchmarks, generated straight into the engine's snapshot
 * columns (no per-member or per-order objects), so that millions of members and orders fit.
 *
 * Shape: members join one after another over three years. A new member's sponsor is mostly a
 * recent joiner (sponsor = i - 1 - floor((i - 1) × u^RECENCY)), which gives the deep, narrow
 * chains of real networks, and sometimes anyone at all, which gives the wide frontlines of a
 * few early leaders. Customers always hang under a distributor. 70% of distributors and 35%
 * of customers buy in the period; orders go to them at random, with QV from a small price
 * list. History holds two earlier periods, where a distributor with GV >= 250 was a manager
 * and one with GV >= 2500 a director.
 */
import {
  LEFT_LEG, NONE, RIGHT_LEG, VOLUME_SCALE, allocateMemberColumns, allocateOrderColumns, tryParseDay, type Snapshot,
} from '../../packages/engine/src/index.ts';
import { seededRandom } from './random.ts';

export interface NetworkOptions {
  members: number;
  orders: number;
  seed: number;
  periodStart?: string;
  /** Also place distributors in a binary placement tree, with carry in (see generateBinaryPlacement). */
  binaryPlacement?: boolean;
}

const RECENCY = 4;
const ANYONE_SHARE = 0.1;
const DISTRIBUTOR_SHARE = 0.6;
const PREFERRED_SHARE = 0.25;
const TERMINATED_SHARE = 0.005;
const DISTRIBUTOR_BUYER_SHARE = 0.7;
const CUSTOMER_BUYER_SHARE = 0.35;
const MANAGER_GV = 250 * VOLUME_SCALE;
const DIRECTOR_GV = 2_500 * VOLUME_SCALE;
const QV_PRICE_LIST = [10, 20, 25, 30, 50, 75];
const DAYS_OF_HISTORY = 3 * 365;
const PERIOD_DAYS = 31;
const HISTORY_PERIODS = 2;

export function generateNetwork(options: NetworkOptions): Snapshot {
  const random = seededRandom(options.seed);
  const memberCount = options.members;
  const periodStartDay = tryParseDay(options.periodStart ?? '2026-03-01')!;
  const members = allocateMemberColumns(memberCount);

  for (let member = 0; member < memberCount; member += 1) {
    const isDistributor = member === 0 || random() < DISTRIBUTOR_SHARE;
    members.memberType[member] = isDistributor ? 0 : random() < PREFERRED_SHARE / (1 - DISTRIBUTOR_SHARE) ? 1 : 2;
    members.terminated[member] = member > 0 && random() < TERMINATED_SHARE ? 1 : 0;
    members.joinedDay[member] = periodStartDay - DAYS_OF_HISTORY + Math.floor((member * (DAYS_OF_HISTORY + PERIOD_DAYS)) / memberCount);
    if (member === 0) continue;
    const earlier = member - 1;
    let sponsor = random() < ANYONE_SHARE ? Math.floor(random() * member) : earlier - Math.floor(earlier * random() ** RECENCY);
    if (members.memberType[sponsor] !== 0) sponsor = members.sponsor[sponsor]!; // customers do not recruit
    members.sponsor[member] = sponsor;
  }

  const orderColumns = generateOrders(options.orders, memberCount, members.memberType, periodStartDay, random);
  // A separate generator, so that the sponsor network and orders are the same with or without placement.
  const binary = options.binaryPlacement ? generateBinaryPlacement(members.sponsor, members.memberType, seededRandom(options.seed + 1)) : null;
  if (binary) {
    members.placement.set(binary.placement);
    members.placementLeg.set(binary.placementLeg);
  }
  return {
    periodStartDay,
    periodEndDay: periodStartDay + PERIOD_DAYS - 1,
    memberCount,
    memberId: (index) => `m${String(index).padStart(9, '0')}`,
    ...members,
    rankNames: ['associate', 'manager', 'director'],
    orderCount: options.orders,
    orderId: (index) => `o${String(index).padStart(10, '0')}`,
    ...orderColumns,
    carryLeft: binary?.carryLeft ?? null,
    carryRight: binary?.carryRight ?? null,
    history: generateHistory(members.sponsor, members.memberType, periodStartDay, random),
  };
}

function generateOrders(orderCount: number, memberCount: number, memberType: Uint8Array, periodStartDay: number, random: () => number) {
  const buyers: number[] = [];
  for (let member = 0; member < memberCount; member += 1) {
    if (random() < (memberType[member] === 0 ? DISTRIBUTOR_BUYER_SHARE : CUSTOMER_BUYER_SHARE)) buyers.push(member);
  }
  // Each order picks a buyer at random; the columns are then filled buyer by buyer (canonical order).
  const ordersOfBuyer = new Int32Array(buyers.length);
  for (let order = 0; order < orderCount; order += 1) ordersOfBuyer[Math.floor(random() * buyers.length)]! += 1;
  const orders = allocateOrderColumns(orderCount);
  let nextBuyer = 0;
  for (let order = 0; order < orderCount; order += 1) {
    while (ordersOfBuyer[nextBuyer] === 0) nextBuyer += 1;
    ordersOfBuyer[nextBuyer]! -= 1;
    const buyer = buyers[nextBuyer]!;
    const qv = QV_PRICE_LIST[Math.floor(random() * QV_PRICE_LIST.length)]!;
    orders.orderBuyer[order] = buyer;
    orders.orderDay[order] = periodStartDay + Math.floor(random() * PERIOD_DAYS);
    orders.orderQv[order] = qv * VOLUME_SCALE;
    orders.orderCv[order] = qv * 80; // CV is 80% of QV
    orders.orderWholesale[order] = qv * 200; // distributor price ₹2 per QV point, in paise
    orders.orderAmount[order] = memberType[buyer] === 0 ? qv * 200 : qv * 250; // customers pay retail
  }
  return orders;
}

const DIRECT_PLACEMENT_SHARE = 0.3;
const CARRY_SHARE = 0.3;
/** Spillover favours the left edge, as extreme-left placement does. */
const EXTREME_LEFT_SHARE = 0.8;
const MAX_CARRY_POINTS = 300;

/**
 * A binary placement tree over the sponsor network. 30% of distributors go straight into a
 * free slot of their sponsor (a random side); the rest spill over to the far end of the
 * sponsor's outer edge, mostly the left one (extreme-left placement), which makes the very
 * deep chains real binary trees have (depth ~6 000 at a million members, seed 20260301).
 * 30% of distributors get a carry in of up to
 * 300 points per leg. Each node caches the end of its two outer edges, so placing costs
 * amortised O(1), not the edge's length.
 */
export function generateBinaryPlacement(sponsor: Int32Array, memberType: Uint8Array, random: () => number) {
  const count = sponsor.length;
  const placement = new Int32Array(count).fill(NONE);
  const placementLeg = new Int32Array(count).fill(NONE);
  const child = [new Int32Array(count).fill(NONE), new Int32Array(count).fill(NONE)] as const;
  const edgeEnd = [Int32Array.from({ length: count }, (_, i) => i), Int32Array.from({ length: count }, (_, i) => i)] as const;
  const carryLeft = new Float64Array(count);
  const carryRight = new Float64Array(count);
  const endOfEdge = (node: number, side: 0 | 1): number => {
    let end = edgeEnd[side][node]!;
    while (child[side][end] !== NONE) end = child[side][end]!;
    edgeEnd[side][node] = end;
    return end;
  };
  for (let member = 1; member < count; member += 1) {
    if (memberType[member] !== 0) continue; // customers are not placed
    const up = sponsor[member]!;
    const direct = random() < DIRECT_PLACEMENT_SHARE;
    const side = random() < (direct ? 0.5 : EXTREME_LEFT_SHARE) ? 0 : 1;
    const parent = direct && child[side][up] === NONE ? up : endOfEdge(up, side);
    child[side][parent] = member;
    placement[member] = parent;
    placementLeg[member] = side === 0 ? LEFT_LEG : RIGHT_LEG;
    if (random() < CARRY_SHARE) {
      carryLeft[member] = Math.floor(random() * MAX_CARRY_POINTS) * VOLUME_SCALE;
      carryRight[member] = Math.floor(random() * MAX_CARRY_POINTS) * VOLUME_SCALE;
    }
  }
  return { placement, placementLeg, carryLeft, carryRight };
}

/** Earlier periods' PV and GV, so that rolling-volume ranks have something to count. */
function generateHistory(sponsor: Int32Array, memberType: Uint8Array, periodStartDay: number, random: () => number) {
  const memberCount = sponsor.length;
  return Array.from({ length: HISTORY_PERIODS }, (_, index) => {
    const pv = new Float64Array(memberCount);
    for (let member = 0; member < memberCount; member += 1) {
      pv[member] = memberType[member] === 0 && random() < DISTRIBUTOR_BUYER_SHARE ? Math.floor(random() * 300) * VOLUME_SCALE : 0;
    }
    const gv = Float64Array.from(pv);
    // Sponsors always come before the members they sponsor, so one backward sweep sums every subtree.
    for (let member = memberCount - 1; member > 0; member -= 1) gv[sponsor[member]!]! += gv[member]!;
    const rank = Int32Array.from(gv, (volume, member) => (memberType[member] !== 0 ? NONE : volume >= DIRECTOR_GV ? 2 : volume >= MANAGER_GV ? 1 : 0));
    return { startDay: periodStartDay - (HISTORY_PERIODS - index) * PERIOD_DAYS, pv, gv, rank };
  });
}
