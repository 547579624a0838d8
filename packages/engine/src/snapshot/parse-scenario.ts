/**
 * parseScenario: the JSON scenario -> the compact snapshot. Every integrity rule is checked
 * before anything is built, and all problems are reported together with the ids involved.
 */
import { EngineInputError } from '../errors.ts';
import { tryParseDay } from '../dates.ts';
import { fromZodIssues } from '../plan/zod-issues.ts';
import { IssueCollector } from './issue-collector.ts';
import {
  ScenarioDocumentSchema, type ParsedScenarioDocument, type ScenarioMemberDocument, type ScenarioOrderDocument,
} from './scenario-schema.ts';
import { findParentCycles } from './sponsor-cycles.ts';
import { placementSlotClashes } from '../core/placement.ts';
import {
  LEFT_LEG, MEMBER_TYPES, NONE, RIGHT_LEG, allocateMemberColumns, allocateOrderColumns, toVolumeUnits,
  type HistoryPeriod, type Snapshot,
} from './types.ts';

/** The snapshot is the engine's scenario. */
export type Scenario = Snapshot;

interface Positioned<T> { item: T; position: number }

export function parseScenario(input: unknown): Scenario {
  const parsed = ScenarioDocumentSchema.safeParse(input, { reportInput: true });
  if (!parsed.success) throw new EngineInputError('SCENARIO_INVALID', fromZodIssues(parsed.error.issues));
  const document = parsed.data;
  const issues = new IssueCollector('SCENARIO_INVALID');

  const periodStartDay = tryParseDay(document.period.start)!;
  const periodEndDay = tryParseDay(document.period.end)!;
  if (periodEndDay < periodStartDay) issues.add('period', { path: 'period', message: 'expected period.end on or after period.start' });

  const members = sortById(document.members);
  const memberIndex = indexById(members, 'members', 'member', issues);
  const orders = sortById(document.orders);
  indexById(orders, 'orders', 'order', issues);
  sortByBuyer(orders, memberIndex);

  const memberColumns = buildMemberColumns(members, memberIndex, issues);
  const rankNames = new RankNameTable();
  members.forEach(({ item }, index) => { memberColumns.priorHighestRank[index] = rankNames.indexOf(item.highestRank); });
  const orderColumns = buildOrderColumns(orders, memberIndex, periodStartDay, periodEndDay, issues);
  const carry = buildCarry(document, memberIndex, issues);
  const history = buildHistory(document, memberIndex, rankNames, periodStartDay, issues);
  const autoshipQv = buildAutoship(members, issues);
  issues.throwIfAny();

  const memberIds = members.map(({ item }) => item.id);
  const orderIds = orders.map(({ item }) => item.id);
  return {
    periodStartDay,
    periodEndDay,
    memberCount: members.length,
    memberId: (index) => memberIds[index]!,
    ...memberColumns,
    rankNames: rankNames.names,
    orderCount: orders.length,
    orderId: (index) => orderIds[index]!,
    ...orderColumns,
    carryLeft: carry?.left ?? null,
    carryRight: carry?.right ?? null,
    history,
    autoshipQv,
  };
}

/** Members' autoship QV this period, or null when no member has any. */
function buildAutoship(members: Positioned<ScenarioMemberDocument>[], issues: IssueCollector): Float64Array | null {
  if (!members.some(({ item }) => item.autoshipQv !== undefined)) return null;
  const column = new Float64Array(members.length);
  members.forEach(({ item, position }, index) => {
    if (item.autoshipQv === undefined) return;
    const units = toVolumeUnits(item.autoshipQv);
    if (units === null || units < 0) issues.add('autoship volume', { path: `members[${position}].autoshipQv`, message: 'expected a volume of at least 0 with at most two decimals', ids: [item.id] });
    else column[index] = units;
  });
  return column;
}

function sortById<T extends { id: string }>(items: readonly T[]): Positioned<T>[] {
  return items.map((item, position) => ({ item, position }))
    .sort((a, b) => (a.item.id < b.item.id ? -1 : a.item.id > b.item.id ? 1 : a.position - b.position));
}

/** Canonical order of orders: by buyer index, then id (a stable sort keeps the id order). */
function sortByBuyer(orders: Positioned<ScenarioOrderDocument>[], memberIndex: Map<string, number>): void {
  orders.sort((a, b) => (memberIndex.get(a.item.buyer) ?? NONE) - (memberIndex.get(b.item.buyer) ?? NONE));
}

function indexById<T extends { id: string }>(sorted: Positioned<T>[], path: string, what: string, issues: IssueCollector): Map<string, number> {
  const index = new Map<string, number>();
  sorted.forEach(({ item, position }, i) => {
    if (index.has(item.id)) issues.add(`duplicate ${what} id`, { path: `${path}[${position}].id`, message: `duplicate ${what} id "${item.id}"`, ids: [item.id] });
    else index.set(item.id, i);
  });
  return index;
}

function buildMemberColumns(members: Positioned<ScenarioMemberDocument>[], memberIndex: Map<string, number>, issues: IssueCollector) {
  const columns = allocateMemberColumns(members.length);
  const resolve = (member: Positioned<ScenarioMemberDocument>, field: 'sponsor' | 'placement'): number => {
    const id = member.item[field];
    if (id === null) return NONE;
    const index = memberIndex.get(id);
    if (index !== undefined) return index;
    issues.add(`unknown ${field}`, {
      path: `members[${member.position}].${field}`, message: `unknown ${field} "${id}" of member "${member.item.id}"`, ids: [member.item.id, id],
    });
    return NONE;
  };
  members.forEach((member, index) => {
    const { item } = member;
    columns.memberType[index] = MEMBER_TYPES.indexOf(item.type);
    columns.terminated[index] = item.status === 'terminated' ? 1 : 0;
    columns.sponsor[index] = resolve(member, 'sponsor');
    columns.placement[index] = resolve(member, 'placement');
    columns.placementLeg[index] = item.leg === 'L' ? LEFT_LEG : item.leg === 'R' ? RIGHT_LEG : item.leg ?? NONE;
    columns.joinedDay[index] = tryParseDay(item.joined)!;
  });
  const idOf = (index: number): string => members[index]!.item.id;
  for (const clash of placementSlotClashes(columns.placement, columns.placementLeg)) {
    const ids = clash.map(idOf);
    const slot = members[clash[0]!]!.item;
    issues.add('two members in one slot', {
      path: 'members', message: `${ids.map((id) => `"${id}"`).join(' and ')} share slot ${String(slot.leg)} of "${String(slot.placement)}"`, ids,
    });
  }
  for (const [tree, parent] of [['sponsor', columns.sponsor], ['placement', columns.placement]] as const) {
    for (const cycle of findParentCycles(parent)) {
      const ids = cycle.map(idOf);
      issues.add(`${tree} cycle`, { path: `members`, message: `${tree} cycle: ${[...ids, ids[0]].join(' -> ')}`, ids });
    }
  }
  return columns;
}

function buildOrderColumns(
  orders: Positioned<ScenarioOrderDocument>[], memberIndex: Map<string, number>, startDay: number, endDay: number, issues: IssueCollector,
) {
  const columns = allocateOrderColumns(orders.length);
  orders.forEach(({ item, position }, index) => {
    const path = `orders[${position}]`;
    const buyer = memberIndex.get(item.buyer);
    if (buyer === undefined) {
      issues.add('order for an unknown member', { path: `${path}.buyer`, message: `order "${item.id}" names unknown buyer "${item.buyer}"`, ids: [item.id, item.buyer] });
    }
    const day = tryParseDay(item.date)!;
    if (day < startDay || day > endDay) {
      issues.add('order outside the period', { path: `${path}.date`, message: `order "${item.id}" dated ${item.date} is outside the period`, ids: [item.id] });
    }
    columns.orderBuyer[index] = buyer ?? NONE;
    columns.orderDay[index] = day;
    columns.orderQv[index] = volumeUnits(item.qv, `${path}.qv`, `order "${item.id}"`, [item.id], issues);
    columns.orderCv[index] = volumeUnits(item.cv, `${path}.cv`, `order "${item.id}"`, [item.id], issues);
    columns.orderAmount[index] = moneyUnits(item.amount, `${path}.amount`, item.id, issues);
    if (item.wholesale !== undefined) columns.orderWholesale[index] = moneyUnits(item.wholesale, `${path}.wholesale`, item.id, issues);
  });
  return columns;
}

function volumeUnits(points: number, path: string, owner: string, ids: string[], issues: IssueCollector): number {
  if (points < 0) {
    issues.add('negative volume', { path, message: `negative volume ${points} on ${owner}`, ids });
    return 0;
  }
  const units = toVolumeUnits(points);
  if (units === null) issues.add('volume with more than two decimals', { path, message: `volume ${points} on ${owner} has more than two decimals`, ids });
  return units ?? 0;
}

function moneyUnits(amount: number, path: string, orderId: string, issues: IssueCollector): number {
  if (amount < 0) issues.add('negative amount', { path, message: `negative amount ${amount} on order "${orderId}"`, ids: [orderId] });
  return amount;
}

function buildCarry(document: ParsedScenarioDocument, memberIndex: Map<string, number>, issues: IssueCollector) {
  if (!document.carry) return null;
  const left = new Float64Array(memberIndex.size);
  const right = new Float64Array(memberIndex.size);
  for (const [id, carry] of Object.entries(document.carry)) {
    const index = memberIndex.get(id);
    if (index === undefined) {
      issues.add('carry for an unknown member', { path: `carry["${id}"]`, message: `carry for unknown member "${id}"`, ids: [id] });
      continue;
    }
    left[index] = volumeUnits(carry.L, `carry["${id}"].L`, `carry of "${id}"`, [id], issues);
    right[index] = volumeUnits(carry.R, `carry["${id}"].R`, `carry of "${id}"`, [id], issues);
  }
  return { left, right };
}

function buildHistory(
  document: ParsedScenarioDocument, memberIndex: Map<string, number>, rankNames: RankNameTable, periodStartDay: number, issues: IssueCollector,
): HistoryPeriod[] {
  const periods = document.history.map((entry, position) => ({ entry, position, startDay: tryParseDay(entry.start)! }))
    .sort((a, b) => a.startDay - b.startDay);
  periods.forEach(({ entry, position, startDay }, i) => {
    if (startDay >= periodStartDay) issues.add('history not before the period', { path: `history[${position}].start`, message: `history period ${entry.start} does not start before the period` });
    if (i > 0 && periods[i - 1]!.startDay === startDay) issues.add('duplicate history period', { path: `history[${position}].start`, message: `two history periods start on ${entry.start}` });
  });
  return periods.map(({ entry, position, startDay }) => {
    const period: HistoryPeriod = {
      startDay,
      pv: new Float64Array(memberIndex.size).fill(Number.NaN),
      gv: new Float64Array(memberIndex.size).fill(Number.NaN),
      rank: new Int32Array(memberIndex.size).fill(NONE),
    };
    for (const [id, facts] of Object.entries(entry.members)) {
      const path = `history[${position}].members["${id}"]`;
      const index = memberIndex.get(id);
      if (index === undefined) {
        issues.add('history for an unknown member', { path, message: `history names unknown member "${id}"`, ids: [id] });
        continue;
      }
      period.pv[index] = volumeUnits(facts.pv, `${path}.pv`, `history of "${id}"`, [id], issues);
      period.gv[index] = volumeUnits(facts.gv, `${path}.gv`, `history of "${id}"`, [id], issues);
      period.rank[index] = rankNames.indexOf(facts.rank);
    }
    return period;
  });
}

/** Rank ids as the scenario names them; the plan resolves them when calculating. */
class RankNameTable {
  readonly names: string[] = [];
  private readonly index = new Map<string, number>();

  indexOf(name: string | null | undefined): number {
    if (name === null || name === undefined) return NONE;
    let index = this.index.get(name);
    if (index === undefined) {
      index = this.names.length;
      this.names.push(name);
      this.index.set(name, index);
    }
    return index;
  }
}
