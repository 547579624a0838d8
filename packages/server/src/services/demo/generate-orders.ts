import type { OrderStatus } from '../../db/schema.ts';
import type { CatalogProduct } from './catalog.ts';
import { DISTRIBUTOR, RETAIL, type DemoNetwork } from './generate-network.ts';
import { DAY_MS, dateOf, endOfDay, monthStartBefore, startOfDay } from './kolkata-time.ts';
import { chance, pickWeighted, randomInt, randomStream, type Random } from './random.ts';

export interface OrderOptions {
  seed: number;
  /** How many calendar months of orders, the last being the month of `until`. */
  months: number;
  /** The last business date (YYYY-MM-DD) with orders. */
  until: string;
  /** Orders per batch. */
  batchSize?: number;
}

/** One calendar month of orders: [from, to) in epoch ms; the last month stops at the end of `until`. */
export interface OrderMonth {
  start: string;
  end: string;
  from: number;
  to: number;
}

/** Volumes are exact to the hundredth; money is paise. Indexes are 0-based; database ids are index + 1. */
export interface DemoOrderLine {
  index: number;
  order: number;
  lineNo: number;
  /** Index into the catalog. */
  product: number;
  quantity: number;
  unitPrice: number;
  unitWholesale: number;
  unitQv: number;
  unitCv: number;
  amount: number;
  wholesaleAmount: number;
  qv: number;
  cv: number;
  refundedQuantity: number;
}

export interface DemoOrder {
  index: number;
  buyer: number;
  /** The buyer if a distributor, else the buyer's sponsor. */
  credited: number;
  /** Index into the order months. */
  month: number;
  businessDate: string;
  /** Epoch ms. */
  createdAt: number;
  tier: 'retail' | 'distributor';
  status: OrderStatus;
  amount: number;
  wholesaleAmount: number;
  qv: number;
  cv: number;
  refundedAmount: number;
  lines: DemoOrderLine[];
}

export interface DemoRefundLine {
  refund: number;
  /** Index of the order line returned. */
  line: number;
  quantity: number;
  amount: number;
  qv: number;
  cv: number;
}

export interface DemoRefund {
  index: number;
  order: number;
  /** The month (period) the refund takes effect in: the one open on the day of the refund. */
  month: number;
  createdAt: number;
  reason: string;
  amount: number;
  qv: number;
  cv: number;
  lines: DemoRefundLine[];
}

export interface DemoOrderBatch {
  orders: DemoOrder[];
  refunds: DemoRefund[];
}

export interface DemoOrders {
  months: OrderMonth[];
  /** How many orders the batches hold in all. */
  total: number;
  /** The orders in time order, a batch at a time; each call starts again from the seed. */
  batches(): Generator<DemoOrderBatch>;
}

const SCHEDULE_STREAM = 1;
const CONTENTS_STREAM = 2;
const DEFAULT_BATCH_SIZE = 5_000;
/** Ten years; month indexes are kept in bytes. */
export const MAX_MONTHS = 120;

/**
 * Chance, per member type (MEMBER_TYPES order), of one more order in a month:
 * the count is geometric, so distributors average about 0.8 orders a month,
 * preferred customers 0.7 and retail customers 0.25.
 */
const REORDER_CHANCE = [0.45, 0.42, 0.2];
const MAX_ORDERS_PER_MONTH = 4;
/** Weights of 1, 2, 3 and 4 lines; of quantities 1, 2 and 3. */
const LINE_COUNT_WEIGHTS = [45, 30, 15, 10];
const QUANTITY_WEIGHTS = [60, 30, 10];
/** New distributors may buy the optional starter kit with their first order. */
const STARTER_KIT_WINDOW_MS = 30 * DAY_MS;
const STARTER_KIT_CHANCE = 0.5;
const REFUND_CHANCE = 0.02;
const WHOLE_REFUND_CHANCE = 0.6;
const REFUND_DELAY_SECONDS = { min: 3_600, max: 7 * 86_400 };
const REFUND_REASONS = [
  'Returned within the cooling-off period',
  'Damaged in transit',
  'Wrong item delivered',
  'Customer changed their mind',
  'Duplicate order',
];

/** Plans the orders of a network's members over the months ending with `until`. */
export function generateOrders(network: DemoNetwork, catalog: readonly CatalogProduct[], options: OrderOptions): DemoOrders {
  if (!Number.isInteger(options.months) || options.months < 1 || options.months > MAX_MONTHS) {
    throw new RangeError(`months must be a whole number from 1 to ${MAX_MONTHS}, not ${options.months}`);
  }
  const months = orderMonths(options.months, options.until);
  const schedule = scheduleOrders(network, months, randomStream(options.seed, SCHEDULE_STREAM));
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  return {
    months,
    total: schedule.buyer.length,
    batches: () => fillOrders(network, catalog, months, schedule, randomStream(options.seed, CONTENTS_STREAM), batchSize),
  };
}

/** The calendar months ending with the month of `until`, oldest first. */
export function orderMonths(count: number, until: string): OrderMonth[] {
  const last = endOfDay(until);
  return Array.from({ length: count }, (_, i) => {
    const start = monthStartBefore(until, count - 1 - i);
    const next = monthStartBefore(until, count - 2 - i);
    const end = dateOf(startOfDay(next) - DAY_MS);
    return { start, end, from: startOfDay(start), to: Math.min(startOfDay(next), last) };
  });
}

interface OrderSchedule {
  buyer: Int32Array;
  month: Uint8Array;
  /** Epoch ms, ascending. */
  at: Float64Array;
}

/** Who orders when: typed arrays in time order, so a million members' orders need no objects. */
function scheduleOrders(network: DemoNetwork, months: OrderMonth[], rng: Random): OrderSchedule {
  const buyers: number[] = [];
  const monthOfOrder: number[] = [];
  const instants: number[] = [];
  for (const [monthIndex, month] of months.entries()) {
    const monthBuyers: number[] = [];
    const monthInstants: number[] = [];
    for (let member = 0; member < network.size; member++) {
      // Never at the very second of joining: the order follows the enrolment.
      const from = Math.max(month.from, network.joinedAt[member]! + 1000);
      if (from >= month.to) break; // members join in index order, so nobody after this one is in yet
      const count = ordersThisMonth(rng, network.type[member]!);
      for (let n = 0; n < count; n++) {
        monthBuyers.push(member);
        monthInstants.push(from + randomInt(rng, 0, Math.floor((month.to - from) / 1000) - 1) * 1000);
      }
    }
    for (const i of indexesByTime(monthInstants, monthBuyers)) {
      buyers.push(monthBuyers[i]!);
      monthOfOrder.push(monthIndex);
      instants.push(monthInstants[i]!);
    }
  }
  return { buyer: Int32Array.from(buyers), month: Uint8Array.from(monthOfOrder), at: Float64Array.from(instants) };
}

function ordersThisMonth(rng: Random, type: number): number {
  let count = 0;
  while (count < MAX_ORDERS_PER_MONTH && chance(rng, REORDER_CHANCE[type]!)) count++;
  return count;
}

/** Positions sorted by instant; ties by buyer, so the order never depends on the sort algorithm. */
function indexesByTime(instants: readonly number[], buyers: readonly number[]): Uint32Array {
  const positions = Uint32Array.from({ length: instants.length }, (_, i) => i);
  return positions.sort((a, b) => instants[a]! - instants[b]! || buyers[a]! - buyers[b]!);
}

/** What fills the orders: the catalog as order lines need it, and what was drawn so far. */
interface OrderFiller {
  rng: Random;
  network: DemoNetwork;
  catalog: readonly CatalogProduct[];
  months: OrderMonth[];
  /** Catalog indexes of everything but the starter kit, shuffled in place as products are drawn. */
  regular: number[];
  starterKit: number | undefined;
  starterKitConsidered: Uint8Array;
  nextLine: number;
  nextRefund: number;
}

function* fillOrders(
  network: DemoNetwork,
  catalog: readonly CatalogProduct[],
  months: OrderMonth[],
  schedule: OrderSchedule,
  rng: Random,
  batchSize: number,
): Generator<DemoOrderBatch> {
  const starterKit = catalog.findIndex((product) => product.starterKit);
  const filler: OrderFiller = {
    rng,
    network,
    catalog,
    months,
    regular: catalog.flatMap((product, index) => (product.starterKit ? [] : [index])),
    starterKit: starterKit >= 0 ? starterKit : undefined,
    starterKitConsidered: new Uint8Array(network.size),
    nextLine: 0,
    nextRefund: 0,
  };
  if (filler.regular.length === 0) throw new RangeError('the catalog needs at least one product besides a starter kit');
  let batch: DemoOrderBatch = { orders: [], refunds: [] };
  for (let index = 0; index < schedule.buyer.length; index++) {
    const order = fillOrder(filler, index, schedule.buyer[index]!, schedule.month[index]!, schedule.at[index]!);
    batch.orders.push(order);
    const refund = maybeRefund(filler, order);
    if (refund) batch.refunds.push(refund);
    if (batch.orders.length === batchSize) {
      yield batch;
      batch = { orders: [], refunds: [] };
    }
  }
  if (batch.orders.length > 0) yield batch;
}

/**
 * Retail customers pay retail, distributors and preferred customers the
 * distributor price; the wholesale value is always the distributor price.
 */
function fillOrder(filler: OrderFiller, index: number, buyer: number, month: number, at: number): DemoOrder {
  const { network, catalog, rng } = filler;
  const type = network.type[buyer]!;
  const tier = type === RETAIL ? 'retail' : 'distributor';
  const lines = chooseProducts(filler, buyer, at).map((product, i) =>
    orderLine(catalog[product]!, product, tier, {
      index: filler.nextLine++,
      order: index,
      lineNo: i + 1,
      quantity: catalog[product]!.starterKit ? 1 : 1 + pickWeighted(rng, QUANTITY_WEIGHTS),
    }),
  );
  return {
    index,
    buyer,
    credited: type === DISTRIBUTOR ? buyer : network.sponsor[buyer]!,
    month,
    businessDate: dateOf(at),
    createdAt: at,
    tier,
    status: 'paid',
    amount: sumOf(lines, (line) => line.amount),
    wholesaleAmount: sumOf(lines, (line) => line.wholesaleAmount),
    qv: sumOfVolumes(lines, (line) => line.qv),
    cv: sumOfVolumes(lines, (line) => line.cv),
    refundedAmount: 0,
    lines,
  };
}

function orderLine(
  product: CatalogProduct,
  productIndex: number,
  tier: DemoOrder['tier'],
  line: { index: number; order: number; lineNo: number; quantity: number },
): DemoOrderLine {
  const unitPrice = tier === 'retail' ? product.retailPrice : product.distributorPrice;
  return {
    index: line.index,
    order: line.order,
    lineNo: line.lineNo,
    product: productIndex,
    quantity: line.quantity,
    unitPrice,
    unitWholesale: product.distributorPrice,
    unitQv: product.qv,
    unitCv: product.cv,
    amount: unitPrice * line.quantity,
    wholesaleAmount: product.distributorPrice * line.quantity,
    qv: timesQuantity(product.qv, line.quantity),
    cv: timesQuantity(product.cv, line.quantity),
    refundedQuantity: 0,
  };
}

/** One to four different products; a new distributor's first order may start with one starter kit. */
function chooseProducts(filler: OrderFiller, buyer: number, at: number): number[] {
  const { rng, regular } = filler;
  const chosen = choosesStarterKit(filler, buyer, at) ? [filler.starterKit!] : [];
  const wanted = Math.min(1 + pickWeighted(rng, LINE_COUNT_WEIGHTS) - chosen.length, regular.length);
  // A partial Fisher-Yates shuffle: the first `wanted` places end up a uniform draw without repeats.
  for (let i = 0; i < wanted; i++) {
    const j = randomInt(rng, i, regular.length - 1);
    [regular[i], regular[j]] = [regular[j]!, regular[i]!];
    chosen.push(regular[i]!);
  }
  return chosen;
}

function choosesStarterKit(filler: OrderFiller, buyer: number, at: number): boolean {
  const { network } = filler;
  if (filler.starterKit === undefined || network.type[buyer] !== DISTRIBUTOR || filler.starterKitConsidered[buyer]) return false;
  if (at - network.joinedAt[buyer]! > STARTER_KIT_WINDOW_MS) return false;
  filler.starterKitConsidered[buyer] = 1;
  return chance(filler.rng, STARTER_KIT_CHANCE);
}

/**
 * A few orders come back within a week: some whole, some one line in part.
 * The refund updates the order's refunded amount, status and line quantities.
 */
function maybeRefund(filler: OrderFiller, order: DemoOrder): DemoRefund | undefined {
  const { rng, months } = filler;
  if (!chance(rng, REFUND_CHANCE)) return undefined;
  const lastInstant = months.at(-1)!.to - 1000;
  const latestDelay = Math.min(REFUND_DELAY_SECONDS.max, Math.floor((lastInstant - order.createdAt) / 1000));
  if (latestDelay < REFUND_DELAY_SECONDS.min) return undefined; // would fall after `until`
  const createdAt = order.createdAt + randomInt(rng, REFUND_DELAY_SECONDS.min, latestDelay) * 1000;
  const returns = chance(rng, WHOLE_REFUND_CHANCE) ? wholeReturn(order) : partialReturn(rng, order);
  const index = filler.nextRefund++;
  const lines = returns.map(({ line, quantity }) => {
    line.refundedQuantity += quantity;
    return {
      refund: index,
      line: line.index,
      quantity,
      amount: line.unitPrice * quantity,
      qv: timesQuantity(line.unitQv, quantity),
      cv: timesQuantity(line.unitCv, quantity),
    };
  });
  const amount = sumOf(lines, (line) => line.amount);
  order.refundedAmount += amount;
  order.status = order.lines.every((line) => line.refundedQuantity === line.quantity) ? 'refunded' : 'partially_refunded';
  return {
    index,
    order: order.index,
    month: monthAt(months, createdAt),
    createdAt,
    reason: REFUND_REASONS[randomInt(rng, 0, REFUND_REASONS.length - 1)]!,
    amount,
    qv: sumOfVolumes(lines, (line) => line.qv),
    cv: sumOfVolumes(lines, (line) => line.cv),
    lines,
  };
}

interface LineReturn {
  line: DemoOrderLine;
  quantity: number;
}

function wholeReturn(order: DemoOrder): LineReturn[] {
  return order.lines.map((line) => ({ line, quantity: line.quantity }));
}

/** Part of one line, or one whole line of several; an order of a single unit can only come back whole. */
function partialReturn(rng: Random, order: DemoOrder): LineReturn[] {
  const line = order.lines[randomInt(rng, 0, order.lines.length - 1)]!;
  if (line.quantity > 1) return [{ line, quantity: randomInt(rng, 1, line.quantity - 1) }];
  if (order.lines.length > 1) return [{ line, quantity: line.quantity }];
  return wholeReturn(order);
}

/** The month an instant falls in: the period open at that moment. */
function monthAt(months: OrderMonth[], instant: number): number {
  const index = months.findIndex((month) => instant >= month.from && instant < month.to);
  if (index < 0) throw new RangeError(`instant ${new Date(instant).toISOString()} is outside the order months`);
  return index;
}

/** Volumes are exact to the hundredth: work in whole hundredths so binary floats never drift. */
const hundredths = (volume: number) => Math.round(volume * 100);

function timesQuantity(volume: number, quantity: number): number {
  return (hundredths(volume) * quantity) / 100;
}

export function sumOf<T>(items: readonly T[], pick: (item: T) => number): number {
  return items.reduce((total, item) => total + pick(item), 0);
}

export function sumOfVolumes<T>(items: readonly T[], pick: (item: T) => number): number {
  return sumOf(items, (item) => hundredths(pick(item))) / 100;
}
