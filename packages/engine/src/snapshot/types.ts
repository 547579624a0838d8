/**
 * The compact snapshot the engine computes from: one period of the network and its orders in
 * typed arrays, members and orders addressed by index. parseScenario builds it from the JSON
 * scenario; a server or a benchmark can fill it straight from its own storage.
 *
 * Canonical order, which makes the result independent of the order of the input: members in
 * ascending id order (UTF-16 code units); orders grouped by buyer (ascending buyer index), and
 * by ascending id within a buyer. Grouping by buyer keeps the hot loops' memory access local:
 * a buyer's orders share one upline chain.
 */

/** Volumes are held in hundredths of a point, so sums stay exact integers whatever the order. */
export const VOLUME_SCALE = 100;

export const MEMBER_TYPES = ['distributor', 'preferred', 'retail'] as const;
export type MemberType = (typeof MEMBER_TYPES)[number];
export const DISTRIBUTOR = 0;

export const NONE = -1;
/** placementLeg codes: NONE, LEFT, RIGHT, or a matrix position n >= 0 stored as n. */
export const LEFT_LEG = -2;
export const RIGHT_LEG = -3;

export interface HistoryPeriod {
  startDay: number;
  /** Hundredths of a point; NaN where the member has no entry. */
  pv: Float64Array;
  gv: Float64Array;
  /** Index into Snapshot.rankNames, or NONE. */
  rank: Int32Array;
}

export interface Snapshot {
  periodStartDay: number;
  periodEndDay: number;

  memberCount: number;
  memberId: (index: number) => string;
  /** Index into MEMBER_TYPES. */
  memberType: Uint8Array;
  terminated: Uint8Array;
  /** Sponsor index or NONE; no cycles. */
  sponsor: Int32Array;
  placement: Int32Array;
  placementLeg: Int32Array;
  joinedDay: Int32Array;
  /** Highest rank reached before this period (recognition), as an index into rankNames, or NONE. */
  priorHighestRank: Int32Array;
  /** Rank ids named by priorHighestRank and history; the plan resolves them. */
  rankNames: readonly string[];

  orderCount: number;
  orderId: (index: number) => string;
  orderBuyer: Int32Array;
  orderDay: Int32Array;
  /** Hundredths of a point. */
  orderQv: Float64Array;
  orderCv: Float64Array;
  /** Integer minor units. */
  orderAmount: Float64Array;
  /** Integer minor units, or NONE where not given. */
  orderWholesale: Float64Array;

  /** Binary carry in, hundredths of a point, or null when the scenario has none. */
  carryLeft: Float64Array | null;
  carryRight: Float64Array | null;
  /** Earlier periods, oldest first. */
  history: HistoryPeriod[];
  /**
   * Per member, the QV of their autoship (recurring) orders placed this period, hundredths of a
   * point: what "an active autoship of at least X QV" reads. Absent or null: nobody has one.
   */
  autoshipQv?: Float64Array | null;
}

/** Typed arrays for a snapshot of the given size, filled with "none". */
export function allocateMemberColumns(memberCount: number) {
  return {
    memberType: new Uint8Array(memberCount),
    terminated: new Uint8Array(memberCount),
    sponsor: new Int32Array(memberCount).fill(NONE),
    placement: new Int32Array(memberCount).fill(NONE),
    placementLeg: new Int32Array(memberCount).fill(NONE),
    joinedDay: new Int32Array(memberCount),
    priorHighestRank: new Int32Array(memberCount).fill(NONE),
  };
}

export function allocateOrderColumns(orderCount: number) {
  return {
    orderBuyer: new Int32Array(orderCount),
    orderDay: new Int32Array(orderCount),
    orderQv: new Float64Array(orderCount),
    orderCv: new Float64Array(orderCount),
    orderAmount: new Float64Array(orderCount),
    orderWholesale: new Float64Array(orderCount).fill(NONE),
  };
}

/** Points (as written in a scenario) to hundredths; null when more than two decimals. */
export function toVolumeUnits(points: number): number | null {
  const units = Math.round(points * VOLUME_SCALE);
  return Math.abs(units - points * VOLUME_SCALE) < 1e-6 ? units : null;
}
