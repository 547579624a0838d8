import { createHash } from 'node:crypto';
import {
  allocateMemberColumns, allocateOrderColumns, LEFT_LEG, MEMBER_TYPES, NONE, RIGHT_LEG, takeRefundsFromCarry, tryParseDay,
  type HistoryPeriod, type Plan, type RefundedVolume, type Snapshot,
} from '@samooh/engine';
import type { RawSession } from '../../db/connection.ts';
import { COPY_NULL, copyRows } from '../../db/copy-text.ts';
import type { Company } from '../company/get-company.ts';

/**
 * A period's snapshot read from the database, in the engine's compact form,
 * with the database id of every member and order the engine names by index.
 */
export interface PeriodSnapshot {
  snapshot: Snapshot;
  memberDbId: Float64Array;
  /** The snapshot index of a member's database id, or NONE. */
  memberIndexOf(dbId: number): number;
  orderDbId: Float64Array;
  /** sha256 of everything the calculation reads: plan version, period, members, orders, carry, history. */
  inputHash: string;
  /** Refunds of the period's own orders taken off before calculating. */
  nettedRefunds: number;
  /**
   * Binary plans: per member index, volume (hundredths) refunded in this period from orders of
   * committed periods that the member's carry could not cover: it had been matched and paid.
   */
  binaryMatchedRefunds: Map<number, number>;
}

export interface SnapshotSource {
  period: { id: number; start_date: string; end_date: string };
  plan: Plan;
  planVersionId: number;
  company: Company;
  /** The committed run of each earlier period, newest first: rank history and binary carry come from them. */
  earlierRuns: { runId: number; periodStart: string }[];
}

const VOLUME_SCALE = 100;

/**
 * Reads the snapshot with COPY, which streams a million members and millions of
 * orders as text without a row object each. The caller runs this in a
 * REPEATABLE READ transaction, so every query sees the same moment.
 */
export async function loadPeriodSnapshot(session: RawSession, source: SnapshotSource): Promise<PeriodSnapshot> {
  const { period, plan } = source;
  const members = await loadMembers(session, source.company);
  const priorRuns = source.earlierRuns;
  const rankNames = new RankNames();
  const priorHighestRank = members.columns.priorHighestRank;
  if (priorRuns[0]) {
    for await (const [id, rank] of copyRows(session.copyOut(`SELECT member_id, highest_rank FROM commission_run_members WHERE run_id = ${priorRuns[0].runId} AND highest_rank IS NOT NULL`))) {
      priorHighestRank[members.indexOf(Number(id))] = rankNames.index(rank!);
    }
  }
  const history = await loadHistory(session, priorRuns.slice(0, historyLength(plan)), members, rankNames);
  const binary = plan.bonuses.find((bonus) => bonus.type === 'binary');
  const carry = binary ? await loadCarry(session, priorRuns[0]?.runId, members) : null;
  const orders = await loadOrders(session, period.id, members);
  const refundedVolume = binary ? await loadRefundedVolume(session, period.id, binary.basis ?? plan.volume.commissionable, members) : [];
  const autoshipQv = usesAutoship(plan) ? await loadAutoshipVolume(session, period.id, members) : null;

  const snapshot: Snapshot = {
    periodStartDay: tryParseDay(period.start_date)!,
    periodEndDay: tryParseDay(period.end_date)!,
    memberCount: members.count,
    memberId: (index) => members.codes[index]!,
    ...members.columns,
    rankNames: rankNames.names,
    orderCount: orders.count,
    orderId: (index) => orders.numbers[index]!,
    ...orders.columns,
    carryLeft: carry?.left ?? null,
    carryRight: carry?.right ?? null,
    history,
    autoshipQv,
  };
  // Refunds of committed orders come out of the carry they fed before this period pairs anything.
  const afterRefunds = carry ? takeRefundsFromCarry(snapshot, refundedVolume) : null;
  if (afterRefunds) Object.assign(snapshot, { carryLeft: afterRefunds.carryLeft, carryRight: afterRefunds.carryRight });
  return {
    snapshot, memberDbId: members.dbId, memberIndexOf: members.indexOf, orderDbId: orders.dbId,
    inputHash: hashInput(snapshot, source, refundedVolume), nettedRefunds: orders.nettedRefunds,
    binaryMatchedRefunds: afterRefunds?.matched ?? new Map(),
  };
}

interface LoadedMembers {
  count: number;
  codes: string[];
  dbId: Float64Array;
  columns: ReturnType<typeof allocateMemberColumns>;
  indexOf(dbId: number): number;
}

/** Members in canonical order (code, by code unit), with sponsor and placement as indices. */
async function loadMembers(session: RawSession, company: Company): Promise<LoadedMembers> {
  const { count, max_id } = (await session.query<{ count: number; max_id: number | null }>('SELECT count(*)::int AS count, max(id) AS max_id FROM members'))[0]!;
  const columns = allocateMemberColumns(count);
  const codes: string[] = new Array(count);
  const dbId = new Float64Array(count);
  const sponsorDb = new Float64Array(count).fill(NONE);
  const parentDb = new Float64Array(count).fill(NONE);
  const slot = new Int32Array(count);
  const zone = company.time_zone.replaceAll("'", "''");
  const query = `SELECT id, code, type, status, sponsor_id, placement_parent_id, placement_slot,
                        (joined_at AT TIME ZONE '${zone}')::date - DATE '1970-01-01'
                   FROM members ORDER BY code COLLATE "C"`;
  let index = 0;
  for await (const row of copyRows(session.copyOut(query))) {
    dbId[index] = Number(row[0]);
    codes[index] = row[1]!;
    columns.memberType[index] = MEMBER_TYPES.indexOf(row[2] as (typeof MEMBER_TYPES)[number]);
    columns.terminated[index] = row[3] === 'terminated' ? 1 : 0;
    if (row[4] !== COPY_NULL) sponsorDb[index] = Number(row[4]);
    if (row[5] !== COPY_NULL) {
      parentDb[index] = Number(row[5]);
      slot[index] = Number(row[6]);
    }
    columns.joinedDay[index] = Number(row[7]);
    index += 1;
  }
  // Ids are dense identity values: an array indexed by id finds a member's index in one step.
  const byDbId = new Int32Array((max_id ?? 0) + 1).fill(NONE);
  for (let i = 0; i < count; i += 1) byDbId[dbId[i]!] = i;
  const binary = company.placement_tree === 'binary';
  for (let i = 0; i < count; i += 1) {
    if (sponsorDb[i] !== NONE) columns.sponsor[i] = byDbId[sponsorDb[i]!]!;
    if (parentDb[i] !== NONE) {
      columns.placement[i] = byDbId[parentDb[i]!]!;
      columns.placementLeg[i] = binary ? (slot[i] === 0 ? LEFT_LEG : RIGHT_LEG) : slot[i]!;
    }
  }
  return { count, codes, dbId, columns, indexOf: (id) => byDbId[id] ?? NONE };
}

interface LoadedOrders {
  count: number;
  numbers: string[];
  dbId: Float64Array;
  columns: ReturnType<typeof allocateOrderColumns>;
  nettedRefunds: number;
}

/**
 * The period's orders net of the refunds taken while the period was not yet
 * committed (later refunds claw back instead); orders refunded whole drop out.
 * Canonical order: grouped by buyer index, by order number within a buyer.
 */
async function loadOrders(session: RawSession, periodId: number, members: LoadedMembers): Promise<LoadedOrders> {
  const { count, refunds } = (await session.query<{ count: number; refunds: number }>(
    `SELECT (SELECT count(*)::int FROM orders WHERE period_id = $1) AS count,
            (SELECT count(*)::int FROM refunds r JOIN orders o ON o.id = r.order_id WHERE o.period_id = $1 AND NOT r.clawback) AS refunds`,
    [periodId],
  ))[0]!;
  const query = `
    SELECT o.id, o.number, o.buyer_id, o.business_date - DATE '1970-01-01',
           o.qv - coalesce(r.qv, 0), o.cv - coalesce(r.cv, 0), o.amount - coalesce(r.amount, 0), o.wholesale_amount - coalesce(r.wholesale, 0)
      FROM orders o
      LEFT JOIN (
        SELECT rf.order_id, sum(rl.qv) AS qv, sum(rl.cv) AS cv, sum(rl.amount) AS amount, sum(rl.quantity * ol.unit_wholesale) AS wholesale
          FROM refunds rf
          JOIN orders ro ON ro.id = rf.order_id AND ro.period_id = ${periodId}
          JOIN refund_lines rl ON rl.refund_id = rf.id
          JOIN order_lines ol ON ol.id = rl.order_line_id
         WHERE NOT rf.clawback
         GROUP BY rf.order_id
      ) r ON r.order_id = o.id
     WHERE o.period_id = ${periodId}`;
  const read = { dbId: new Float64Array(count), number: new Array<string>(count), buyer: new Int32Array(count), day: new Int32Array(count), qv: new Float64Array(count), cv: new Float64Array(count), amount: new Float64Array(count), wholesale: new Float64Array(count) };
  let kept = 0;
  for await (const row of copyRows(session.copyOut(query))) {
    const qv = toUnits(row[4]!), cv = toUnits(row[5]!), amount = Number(row[6]), wholesale = Number(row[7]);
    if (qv === 0 && cv === 0 && amount === 0) continue;
    read.dbId[kept] = Number(row[0]);
    read.number[kept] = row[1]!;
    read.buyer[kept] = members.indexOf(Number(row[2]));
    read.day[kept] = Number(row[3]);
    read.qv[kept] = qv;
    read.cv[kept] = cv;
    read.amount[kept] = amount;
    read.wholesale[kept] = wholesale;
    kept += 1;
  }
  const order = canonicalOrderSequence(read.buyer, read.number, kept, members.count);
  const columns = allocateOrderColumns(kept);
  const dbId = new Float64Array(kept);
  const numbers = new Array<string>(kept);
  for (let to = 0; to < kept; to += 1) {
    const from = order[to]!;
    dbId[to] = read.dbId[from]!;
    numbers[to] = read.number[from]!;
    columns.orderBuyer[to] = read.buyer[from]!;
    columns.orderDay[to] = read.day[from]!;
    columns.orderQv[to] = read.qv[from]!;
    columns.orderCv[to] = read.cv[from]!;
    columns.orderAmount[to] = read.amount[from]!;
    columns.orderWholesale[to] = read.wholesale[from]!;
  }
  return { count: kept, numbers, dbId, columns, nettedRefunds: refunds };
}

/** Positions of the read orders in canonical order: a counting sort by buyer, then by number within a buyer. */
export function canonicalOrderSequence(buyer: Int32Array, number: readonly string[], count: number, memberCount: number): Int32Array {
  const start = new Int32Array(memberCount + 1);
  for (let i = 0; i < count; i += 1) start[buyer[i]! + 1]! += 1;
  for (let m = 0; m < memberCount; m += 1) start[m + 1]! += start[m]!;
  const next = start.slice(0, memberCount);
  const order = new Int32Array(count);
  for (let i = 0; i < count; i += 1) order[next[buyer[i]!]!++] = i;
  for (let m = 0; m < memberCount; m += 1) {
    if (start[m + 1]! - start[m]! > 1) {
      order.subarray(start[m]!, start[m + 1]!).sort((a, b) => (number[a]! < number[b]! ? -1 : number[a]! > number[b]! ? 1 : 0));
    }
  }
  return order;
}

/** True when the plan's activity or a rank asks for an active autoship. */
export function usesAutoship(plan: Plan): boolean {
  return plan.activity.autoshipQV !== undefined || plan.ranks.some((rank) => rank.requires?.autoshipQV !== undefined);
}

/**
 * Each member's autoship QV in the period: the QV of the orders their autoships
 * placed in it (autoship_occurrences), net of refunds taken before the period
 * was committed, credited to the buyer (the autoship's member).
 */
async function loadAutoshipVolume(session: RawSession, periodId: number, members: LoadedMembers): Promise<Float64Array> {
  const column = new Float64Array(members.count);
  const query = `
    SELECT o.buyer_id, sum(o.qv - coalesce(r.qv, 0))
      FROM autoship_occurrences a
      JOIN orders o ON o.id = a.order_id AND o.period_id = ${periodId}
      LEFT JOIN (SELECT order_id, sum(qv) AS qv FROM refunds WHERE NOT clawback GROUP BY order_id) r ON r.order_id = o.id
     GROUP BY o.buyer_id`;
  for await (const [buyer, qv] of copyRows(session.copyOut(query))) {
    const index = members.indexOf(Number(buyer));
    if (index !== NONE) column[index] = toUnits(qv!);
  }
  return column;
}

/** How many earlier periods rank rules look back (rolling volume over N periods reads N - 1 of them). */
export function historyLength(plan: Plan): number {
  let periods = 1;
  for (const rank of plan.ranks) {
    periods = Math.max(periods, rank.requires?.rollingPv?.periods ?? 1, rank.requires?.rollingGv?.periods ?? 1);
  }
  return periods - 1;
}

async function loadHistory(session: RawSession, runs: SnapshotSource['earlierRuns'], members: LoadedMembers, rankNames: RankNames): Promise<HistoryPeriod[]> {
  const history: HistoryPeriod[] = [];
  for (const run of runs) {
    const entry: HistoryPeriod = {
      startDay: tryParseDay(run.periodStart)!,
      pv: new Float64Array(members.count).fill(Number.NaN),
      gv: new Float64Array(members.count).fill(Number.NaN),
      rank: new Int32Array(members.count).fill(NONE),
    };
    for await (const [id, pv, gv, rank] of copyRows(session.copyOut(`SELECT member_id, pv, gv, rank FROM commission_run_members WHERE run_id = ${run.runId}`))) {
      const index = members.indexOf(Number(id));
      if (index === NONE) continue;
      entry.pv[index] = toUnits(pv!);
      entry.gv[index] = toUnits(gv!);
      if (rank !== COPY_NULL) entry.rank[index] = rankNames.index(rank!);
    }
    history.unshift(entry);
  }
  return history;
}

/** Volume refunded in this period from orders of periods already committed, per refund, with the distributor it was credited to. */
async function loadRefundedVolume(session: RawSession, periodId: number, basis: 'qv' | 'cv', members: LoadedMembers): Promise<RefundedVolume[]> {
  const rows = await session.query<{ credited_id: number; volume: string }>(
    `SELECT o.credited_id, r.${basis === 'qv' ? 'qv' : 'cv'}::text AS volume FROM refunds r JOIN orders o ON o.id = r.order_id
      WHERE r.period_id = $1 AND r.clawback ORDER BY r.id`,
    [periodId],
  );
  return rows.map((row) => ({ owner: members.indexOf(Number(row.credited_id)), volume: toUnits(row.volume) }));
}

async function loadCarry(session: RawSession, runId: number | undefined, members: LoadedMembers) {
  const left = new Float64Array(members.count);
  const right = new Float64Array(members.count);
  if (runId === undefined) return { left, right };
  const query = `SELECT member_id, carry_left, carry_right FROM commission_run_members WHERE run_id = ${runId} AND carry_left IS NOT NULL`;
  for await (const [id, carryLeft, carryRight] of copyRows(session.copyOut(query))) {
    const index = members.indexOf(Number(id));
    if (index === NONE) continue;
    left[index] = toUnits(carryLeft!);
    right[index] = toUnits(carryRight!);
  }
  return { left, right };
}

/** Rank ids as the snapshot names them: each distinct id once, in order of first sight. */
class RankNames {
  readonly names: string[] = [];
  readonly #index = new Map<string, number>();

  index(name: string): number {
    let index = this.#index.get(name);
    if (index === undefined) {
      index = this.names.push(name) - 1;
      this.#index.set(name, index);
    }
    return index;
  }
}

/** "12.50" points -> 1250 hundredths, exactly. */
function toUnits(points: string): number {
  return Math.round(Number(points) * VOLUME_SCALE);
}

function hashInput(snapshot: Snapshot, source: SnapshotSource, refundedVolume: readonly RefundedVolume[]): string {
  const hash = createHash('sha256');
  hash.update(`plan-version ${source.planVersionId}\n${JSON.stringify(source.plan)}\nperiod ${source.period.start_date} ${source.period.end_date}\n`);
  for (let i = 0; i < snapshot.memberCount; i += 1) hash.update(snapshot.memberId(i) + '\n');
  for (const column of [snapshot.memberType, snapshot.terminated, snapshot.sponsor, snapshot.placement, snapshot.placementLeg, snapshot.joinedDay, snapshot.priorHighestRank]) hash.update(bytes(column));
  hash.update(snapshot.rankNames.join(',') + '\n');
  for (let i = 0; i < snapshot.orderCount; i += 1) hash.update(snapshot.orderId(i) + '\n');
  for (const column of [snapshot.orderBuyer, snapshot.orderDay, snapshot.orderQv, snapshot.orderCv, snapshot.orderAmount, snapshot.orderWholesale]) hash.update(bytes(column));
  if (snapshot.carryLeft) hash.update(bytes(snapshot.carryLeft)).update(bytes(snapshot.carryRight!));
  for (const period of snapshot.history) hash.update(`history ${period.startDay}\n`).update(bytes(period.pv)).update(bytes(period.gv)).update(bytes(period.rank));
  for (const refund of refundedVolume) hash.update(`refunded ${refund.owner} ${refund.volume}\n`);
  if (snapshot.autoshipQv) hash.update('autoship\n').update(bytes(snapshot.autoshipQv));
  return hash.digest('hex');
}

function bytes(array: ArrayBufferView): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}
