import { readFileSync } from 'node:fs';
import { validatePlan } from '@samooh/engine';
import { parse as parseYaml } from 'yaml';
import { verifyOrderTotals } from '../../db/bulk-verify.ts';
import { computeBulkTreeIndex, placedOrNull, writeBulkTeams, type BulkTreeIndex } from '../../db/genealogy-fill.ts';
import type { DatabaseHandle, RawSession } from '../../db/connection.ts';
import { SYSTEM_ACTOR } from '../context.ts';
import { DEMO_CATALOG, type CatalogProduct } from './catalog.ts';
import { generateNetwork, memberEmail, memberLanguage, memberName, memberPhone, memberType, NO_MEMBER, type DemoNetwork } from './generate-network.ts';
import { generateOrders, type DemoOrder, type DemoOrderBatch, type DemoOrderLine, type DemoOrders, type DemoRefund, type DemoRefundLine, type OrderMonth } from './generate-orders.ts';
import { DEMO_TIME_ZONE, monthStartBefore, todayInIndia } from './kolkata-time.ts';
import { writeAuditInSession } from '../audit.ts';

export interface SeedDemoOptions {
  members?: number;
  months?: number;
  seed?: number;
  /** Last day with orders, YYYY-MM-DD; defaults to today in India. */
  until?: string;
  onProgress?: (done: number, total: number, stage: string) => void;
}

export interface SeedDemoResult {
  members: number;
  orders: number;
  refunds: number;
  periods: number;
}

export const DEMO_COMPANY = { name: 'Aarogya Naturals Pvt Ltd', rootName: 'Aarogya Naturals', currency: 'INR' } as const;
export const DEMO_DEFAULTS = { members: 2000, months: 3, seed: 42 } as const;

/** Members also join in the months before the first month of orders: the company has a history. */
const HISTORY_MONTHS = 9;
const MEMBER_BATCH = 10_000;
const ORDER_BATCH = 5_000;
const MEMBER_CODE_BASE = 100_000;
const ORDER_NUMBER_BASE = 1_000_000;

/**
 * Creates the demo company in an empty database: products, members in the
 * sponsor and binary trees, monthly periods (the last one open) and orders
 * with some refunds, all from the seed, so the same options give the same
 * rows. One transaction: a failure leaves the database as it was.
 */
export async function seedDemo(handle: DatabaseHandle, options: SeedDemoOptions = {}): Promise<SeedDemoResult> {
  const months = options.months ?? DEMO_DEFAULTS.months;
  const seed = options.seed ?? DEMO_DEFAULTS.seed;
  const until = options.until ?? todayInIndia();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(until) || Number.isNaN(Date.parse(until))) throw new RangeError(`until must be a date as YYYY-MM-DD, not ${until}`);
  const network = generateNetwork({
    members: options.members ?? DEMO_DEFAULTS.members,
    seed,
    joinedFrom: monthStartBefore(until, months - 1 + HISTORY_MONTHS),
    joinedUntil: until,
  });
  const orders = generateOrders(network, DEMO_CATALOG, { seed, months, until, batchSize: ORDER_BATCH });
  const progress = options.onProgress ?? (() => undefined);

  return handle.rawTransaction(async (session) => {
    // The total triggers step aside; verifyOrderTotals checks every order at once instead.
    await session.exec("SET LOCAL samooh.bulk_load = 'on'");
    await refuseUnlessEmpty(session);
    const foundedAt = isoTime(network.joinedAt[0]!);
    await insertCompany(session, foundedAt);
    await insertMembers(session, network, progress);
    await insertCatalog(session, DEMO_CATALOG, foundedAt);
    await insertPeriods(session, orders.months);
    await insertDemoPlan(session);
    const { refunds } = await insertOrders(session, orders, progress);
    await advanceSequences(session);
    progress(0, 1, 'checking');
    await verifyOrderTotals(session);
    progress(1, 1, 'checking');
    const result = { members: network.size, orders: orders.total, refunds, periods: months };
    await writeAuditInSession(session, SYSTEM_ACTOR.label, { action: 'demo.seeded', entity: 'company', entityId: 1, after: { ...result, seed, until } });
    return result;
  });
}

/** The example wellness plan, in force from the first demo period, so every period can be calculated. */
async function insertDemoPlan(session: RawSession): Promise<void> {
  const [{ start }] = (await session.query<{ start: string }>('SELECT min(start_date)::text AS start FROM periods')) as [{ start: string }];
  const source = readFileSync(new URL('../../../../../examples/plans/wellness-unilevel.yaml', import.meta.url), 'utf8').replace(/^effectiveFrom: .*$/m, `effectiveFrom: ${start}`);
  const plan = validatePlan(parseYaml(source));
  await session.query('INSERT INTO plan_versions (plan_id, version, effective_from, document, source) VALUES ($1, $2, $3, $4::jsonb, $5)', [plan.plan, plan.version, plan.effectiveFrom, JSON.stringify(parseYaml(source)), source]);
}

async function refuseUnlessEmpty(session: RawSession): Promise<void> {
  const [state] = await session.query<{ seeded: boolean }>(
    'SELECT EXISTS (SELECT 1 FROM company) OR EXISTS (SELECT 1 FROM members) AS seeded',
  );
  if (state?.seeded) {
    throw new Error('This database already has a company: the demo company can only be seeded into an empty database.');
  }
}

async function insertCompany(session: RawSession, foundedAt: string): Promise<void> {
  await session.query(
    `INSERT INTO company (id, name, currency, time_zone, placement_tree, created_at) VALUES (1, $1, $2, $3, 'binary', $4)`,
    [DEMO_COMPANY.name, DEMO_COMPANY.currency, DEMO_TIME_ZONE, foundedAt],
  );
}

/** A column of a multi-row insert: its name, its PostgreSQL type and how a row gives its value. */
interface Column<T> {
  name: string;
  type: string;
  value: (row: T) => unknown;
}

const column = <T>(name: string, type: string, value: (row: T) => unknown): Column<T> => ({ name, type, value });

/** Columns the database computes from the sent ones (SQL over their names): fewer values to send and parse. */
type Derived = Readonly<Record<string, string>>;

/** Inserts rows in one statement: one array per column, zipped by unnest(), fast on PostgreSQL and PGlite. */
async function insertRows<T>(session: RawSession, table: string, columns: readonly Column<T>[], rows: readonly T[], derived: Derived = {}): Promise<void> {
  if (rows.length === 0) return;
  const names = columns.map((c) => c.name);
  const arrays = columns.map((c, index) => `$${index + 1}::${c.type}[]`).join(', ');
  const targets = [...names, ...Object.keys(derived)].join(', ');
  const values = ['sent.*', ...Object.values(derived)].join(', ');
  await session.query(
    `INSERT INTO ${table} (${targets}) SELECT ${values} FROM unnest(${arrays}) AS sent (${names.join(', ')})`,
    columns.map((c) => rows.map(c.value)),
  );
}

const isoTime = (epochMs: number) => new Date(epochMs).toISOString();
const nullIfNone = (index: number) => (index === NO_MEMBER ? null : index + 1);

/** The root is the company's own account: it carries the company's name and no personal email. */
function memberColumns(network: DemoNetwork, trees: DemoTrees): Column<number>[] {
  const isRoot = (i: number) => i === 0;
  const { sponsor, placement } = trees;
  return [
    column('id', 'bigint', (i) => i + 1),
    column('name', 'text', (i) => (isRoot(i) ? DEMO_COMPANY.rootName : memberName(network, i))),
    column('phone', 'text', (i) => memberPhone(network, i)),
    column('email', 'text', (i) => (isRoot(i) ? null : memberEmail(network, i))),
    column('language', 'text', (i) => memberLanguage(network, i)),
    column('type', 'text', (i) => memberType(network, i)),
    column('sponsor_id', 'bigint', (i) => nullIfNone(network.sponsor[i]!)),
    column('placement_parent_id', 'bigint', (i) => nullIfNone(network.placementParent[i]!)),
    column('placement_slot', 'smallint', (i) => (network.placementSlot[i] === NO_MEMBER ? null : network.placementSlot[i])),
    column('joined_at', 'timestamptz', (i) => isoTime(network.joinedAt[i]!)),
    column('sponsor_depth', 'integer', (i) => placedOrNull(sponsor, sponsor.depth, i)),
    column('sponsor_jump', 'bigint', (i) => placedOrNull(sponsor, sponsor.jump, i)),
    column('placement_depth', 'integer', (i) => placedOrNull(placement, placement.depth, i)),
    column('placement_jump', 'bigint', (i) => placedOrNull(placement, placement.jump, i)),
    column('placement_left_top', 'bigint', (i) => placedOrNull(placement, placement.leftTop, i)),
    column('placement_right_top', 'bigint', (i) => placedOrNull(placement, placement.rightTop, i)),
  ];
}

interface DemoTrees {
  sponsor: BulkTreeIndex;
  placement: BulkTreeIndex;
}

/** The genealogy index of the whole network (ids are indexes + 1; the root is index 0). */
function demoTrees(network: DemoNetwork): DemoTrees {
  return {
    sponsor: computeBulkTreeIndex(1, { parent: network.sponsor, root: 0 }, new Map()),
    placement: computeBulkTreeIndex(1, { parent: network.placementParent, slot: network.placementSlot, root: 0 }, new Map()),
  };
}

/** Codes follow ids, as the code sequence would have given them; the record dates from joining. */
const MEMBER_DERIVED: Derived = {
  code: `'SM' || (${MEMBER_CODE_BASE} + id)`,
  created_at: 'joined_at',
  updated_at: 'joined_at',
};

/** In id order, so every sponsor and placement parent is in before the members under them. */
async function insertMembers(session: RawSession, network: DemoNetwork, progress: Progress): Promise<void> {
  const trees = demoTrees(network);
  const columns = memberColumns(network, trees);
  for (let first = 0; first < network.size; first += MEMBER_BATCH) {
    const indexes = Array.from({ length: Math.min(MEMBER_BATCH, network.size - first) }, (_, i) => first + i);
    await insertRows(session, 'members', columns, indexes, MEMBER_DERIVED);
    progress(first + indexes.length, network.size, 'members');
  }
  await writeBulkTeams(session, 'sponsor', 1, trees.sponsor);
  await writeBulkTeams(session, 'placement', 1, trees.placement);
}

type Progress = NonNullable<SeedDemoOptions['onProgress']>;
const indexesOf = (items: readonly unknown[]) => items.map((_, index) => index);

/** Products with ids 1..P in catalog order, each with its INR prices. */
async function insertCatalog(session: RawSession, catalog: readonly CatalogProduct[], createdAt: string): Promise<void> {
  const product = (i: number) => catalog[i]!;
  const productColumns: Column<number>[] = [
    column('id', 'bigint', (i) => i + 1),
    column('sku', 'text', (i) => product(i).sku),
    column('name_en', 'text', (i) => product(i).nameEn),
    column('name_hi', 'text', (i) => product(i).nameHi),
    column('description_en', 'text', (i) => product(i).descriptionEn),
    column('description_hi', 'text', (i) => product(i).descriptionHi),
    column('qv', 'numeric', (i) => product(i).qv),
    column('cv', 'numeric', (i) => product(i).cv),
    column('starter_kit', 'boolean', (i) => product(i).starterKit),
    column('created_at', 'timestamptz', () => createdAt),
    column('updated_at', 'timestamptz', () => createdAt),
  ];
  const priceColumns: Column<number>[] = [
    column('product_id', 'bigint', (i) => i + 1),
    column('currency', 'text', () => DEMO_COMPANY.currency),
    column('retail_price', 'bigint', (i) => product(i).retailPrice),
    column('distributor_price', 'bigint', (i) => product(i).distributorPrice),
  ];
  await insertRows(session, 'products', productColumns, indexesOf(catalog));
  await insertRows(session, 'product_prices', priceColumns, indexesOf(catalog));
}

/** Monthly periods with ids 1..M, oldest first: the earlier ones closed, the last one open. */
async function insertPeriods(session: RawSession, months: OrderMonth[]): Promise<void> {
  const month = (i: number) => months[i]!;
  const periodColumns: Column<number>[] = [
    column('id', 'bigint', (i) => i + 1),
    column('start_date', 'date', (i) => month(i).start),
    column('end_date', 'date', (i) => month(i).end),
    column('status', 'text', (i) => (i === months.length - 1 ? 'open' : 'closed')),
    column('created_at', 'timestamptz', (i) => isoTime(month(i).from)),
  ];
  await insertRows(session, 'periods', periodColumns, indexesOf(months));
}

const ORDER_COLUMNS: Column<DemoOrder>[] = [
  column('id', 'bigint', (o) => o.index + 1),
  column('buyer_id', 'bigint', (o) => o.buyer + 1),
  column('credited_id', 'bigint', (o) => o.credited + 1),
  column('period_id', 'bigint', (o) => o.month + 1),
  column('business_date', 'date', (o) => o.businessDate),
  column('status', 'text', (o) => o.status),
  column('price_tier', 'text', (o) => o.tier),
  column('amount', 'bigint', (o) => o.amount),
  column('wholesale_amount', 'bigint', (o) => o.wholesaleAmount),
  column('qv', 'numeric', (o) => o.qv),
  column('cv', 'numeric', (o) => o.cv),
  column('refunded_amount', 'bigint', (o) => o.refundedAmount),
  column('created_at', 'timestamptz', (o) => isoTime(o.createdAt)),
];

const orderLineColumns = (catalog: readonly CatalogProduct[]): Column<DemoOrderLine>[] => [
  column('id', 'bigint', (l) => l.index + 1),
  column('order_id', 'bigint', (l) => l.order + 1),
  column('line_no', 'smallint', (l) => l.lineNo),
  column('product_id', 'bigint', (l) => l.product + 1),
  column('sku', 'text', (l) => catalog[l.product]!.sku),
  column('quantity', 'integer', (l) => l.quantity),
  column('unit_price', 'bigint', (l) => l.unitPrice),
  column('unit_wholesale', 'bigint', (l) => l.unitWholesale),
  column('unit_qv', 'numeric', (l) => l.unitQv),
  column('unit_cv', 'numeric', (l) => l.unitCv),
  column('refunded_quantity', 'integer', (l) => l.refundedQuantity),
];

/** Numbers follow ids, as the number sequence would have given them. */
const ORDER_DERIVED: Derived = {
  number: `'SO' || (${ORDER_NUMBER_BASE} + id)`,
  currency: `'${DEMO_COMPANY.currency}'`,
};

/** A line's totals are its unit values times the quantity; verifyOrderTotals then holds the order to them. */
const ORDER_LINE_DERIVED: Derived = {
  amount: 'unit_price * quantity',
  wholesale_amount: 'unit_wholesale * quantity',
  qv: 'unit_qv * quantity',
  cv: 'unit_cv * quantity',
};

const REFUND_COLUMNS: Column<DemoRefund>[] = [
  column('id', 'bigint', (r) => r.index + 1),
  column('order_id', 'bigint', (r) => r.order + 1),
  column('period_id', 'bigint', (r) => r.month + 1),
  column('reason', 'text', (r) => r.reason),
  column('amount', 'bigint', (r) => r.amount),
  column('qv', 'numeric', (r) => r.qv),
  column('cv', 'numeric', (r) => r.cv),
  column('created_at', 'timestamptz', (r) => isoTime(r.createdAt)),
];

const REFUND_LINE_COLUMNS: Column<DemoRefundLine>[] = [
  column('refund_id', 'bigint', (l) => l.refund + 1),
  column('order_line_id', 'bigint', (l) => l.line + 1),
  column('quantity', 'integer', (l) => l.quantity),
  column('amount', 'bigint', (l) => l.amount),
  column('qv', 'numeric', (l) => l.qv),
  column('cv', 'numeric', (l) => l.cv),
];

/**
 * A batch at a time, headers before lines. The next batch is generated while
 * the database stores the one before, and only those two are ever in memory.
 */
async function insertOrders(session: RawSession, orders: DemoOrders, progress: Progress): Promise<{ refunds: number }> {
  const lineColumns = orderLineColumns(DEMO_CATALOG);
  let storing: Promise<void> = Promise.resolve();
  let done = 0;
  let refunds = 0;
  try {
    for (const batch of orders.batches()) {
      await storing;
      progress(done, orders.total, 'orders');
      storing = insertOrderBatch(session, batch, lineColumns);
      done += batch.orders.length;
      refunds += batch.refunds.length;
    }
  } catch (error) {
    // The failure that stopped the loop is the one to report; the batch in flight only has to settle.
    await storing.catch(() => undefined);
    throw error;
  }
  await storing;
  progress(done, orders.total, 'orders');
  return { refunds };
}

async function insertOrderBatch(session: RawSession, batch: DemoOrderBatch, lineColumns: readonly Column<DemoOrderLine>[]): Promise<void> {
  await insertRows(session, 'orders', ORDER_COLUMNS, batch.orders, ORDER_DERIVED);
  await insertRows(session, 'order_lines', lineColumns, batch.orders.flatMap((order) => order.lines), ORDER_LINE_DERIVED);
  await insertRows(session, 'refunds', REFUND_COLUMNS, batch.refunds);
  await insertRows(session, 'refund_lines', REFUND_LINE_COLUMNS, batch.refunds.flatMap((refund) => refund.lines));
}

const SEEDED_TABLES = ['members', 'products', 'periods', 'orders', 'order_lines', 'refunds'];

/** Moves every id and number sequence past the seeded rows, so later inserts never collide with them. */
async function advanceSequences(session: RawSession): Promise<void> {
  const nextId = (table: string) => `(SELECT coalesce(max(id), 0) + 1 FROM ${table})`;
  const settings = [
    ...SEEDED_TABLES.map((table) => `setval(pg_get_serial_sequence('${table}', 'id'), ${nextId(table)}, false)`),
    `setval('member_code_seq', ${MEMBER_CODE_BASE} + ${nextId('members')}, false)`,
    `setval('order_number_seq', ${ORDER_NUMBER_BASE} + ${nextId('orders')}, false)`,
  ];
  await session.query(`SELECT ${settings.join(', ')}`);
}
