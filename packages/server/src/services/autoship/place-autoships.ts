import type {} from '../../db/schema-commerce-tax.ts'; // the tables and columns of migration 0015
import { sql, type Insertable, type Selectable } from 'kysely';
import type { AutoshipsTable, OrderLinesTable, ProductsTable } from '../../db/schema.ts';
import { SamoohError } from '../../errors.ts';
import { businessDate, getCompany, type Company } from '../company/get-company.ts';
import { now, type RequestContext } from '../context.ts';
import { notifyMembers } from '../notifications/notify.ts';
import { lineTotals, volumeTimes } from '../orders/line-sums.ts';
import { loadOrderViews } from '../orders/order-view.ts';
import { normalizedRef, requestHash } from '../orders/request-hash.ts';
import { openPeriodFor } from '../periods/periods.ts';
import { pricesOf } from '../products/get-product.ts';
import { firstShortage, unitsByProduct, type ShippingAddress } from '../stock/reserve-stock.ts';
import { documentNumber, financialYear, lineTax, sumTaxes, taxColumns } from '../tax/gst.ts';
import { emitEvents } from '../webhooks/events.ts';
import { dueDateAfterMonth, monthStart } from './autoship-dates.ts';
import { paymentGateway, type PaymentMethod } from './payment-methods.ts';

/** A declined payment (or an order that cannot be placed now) is tried again after these many hours; after the last, the month fails. */
export const AUTOSHIP_RETRY_HOURS = [1, 6, 24] as const;
export const AUTOSHIP_MAX_ATTEMPTS = AUTOSHIP_RETRY_HOURS.length + 1;

export type AutoshipOutcome = 'placed' | 'retrying' | 'failed' | 'missed' | 'waiting' | 'not-due';

type AutoshipRow = Selectable<AutoshipsTable>;
type ProductRow = Selectable<ProductsTable>;
type Line = Omit<Insertable<OrderLinesTable>, 'order_id'> & { product_id: number; sku: string; quantity: number; amount: number; unit_price: number; qv: number; cv: number; wholesale_amount: number };
type Failure = { code: string; message: string };

/** One due month of one autoship while a batch decides what becomes of it. */
interface Attempt {
  row: AutoshipRow;
  month: string;
  attempt: number;
  key: string;
  hash: string;
  buyerId: number;
  creditedId: number;
  buyerName: string;
  tier: 'retail' | 'distributor';
  lines: Line[];
  totals: { amount: number; qv: number; cv: number };
  failure?: Failure;
  /** An order already placed under this month's key (an earlier run that committed it). */
  existingOrderId?: number;
  /** Preallocated id and number of the order to insert. */
  orderId?: number;
  number?: string;
  warehouseId?: number | null;
  placed?: boolean;
}

const failureOf = (error: SamoohError): Failure => ({ code: error.code, message: error.message });

/**
 * Places the due months of a batch of autoships as orders, set-wise, inside
 * the caller's transaction: the same orders, lines, volume events, stock
 * reservations and movements, fulfilment records, order.placed events, tax
 * invoices and notifications as placing each one on its own through
 * placeOrder (in id order), in a fixed number of statements per batch instead
 * of about 25 per autoship. Docs: docs/commerce.md, docs/BENCHMARKS.md.
 *
 * Exactly once: the autoship rows are locked, then the month's row in
 * autoship_occurrences (unique per subscription and month) and the order's
 * idempotency key (autoship:<id>:<YYYY-MM>) tell what an earlier run already
 * did; the whole batch commits or none of it does, so a worker that dies
 * mid-batch leaves nothing behind and the retried job places the batch once.
 *
 * Each autoship is checked in id order as placeOrder would (terminated buyer,
 * inactive product, missing price, no open period, stock, GST data) and then
 * charged through its payment gateway; a refusal or a declined charge places
 * nothing for that autoship and schedules a retry with back-off
 * (AUTOSHIP_RETRY_HOURS), the last failure records a notification event. A
 * month whose first attempt would fall in a later month is recorded as missed,
 * never charged late.
 */
export async function placeAutoships(ctx: RequestContext, ids: readonly number[], company?: Company): Promise<Map<number, AutoshipOutcome>> {
  const outcomes = new Map<number, AutoshipOutcome>();
  if (ids.length === 0) return outcomes;
  const at = now(ctx);
  company ??= await getCompany(ctx.db);
  const today = businessDate(company, at);
  const rows = await ctx.db.selectFrom('autoships').selectAll().where('id', 'in', [...ids]).orderBy('id').forUpdate().execute();
  for (const id of ids) outcomes.set(id, 'not-due');
  const due = rows.filter((row) => row.status === 'active' && row.next_run_date !== null && row.next_run_date <= today);
  if (due.length === 0) return outcomes;

  const monthOf = (row: AutoshipRow) => monthStart(row.next_run_date!);
  const occurrences = new Map((await ctx.db.selectFrom('autoship_occurrences').selectAll()
    .where(sql<boolean>`(autoship_id, month) IN (SELECT * FROM unnest(${due.map((row) => row.id)}::bigint[], ${due.map(monthOf)}::date[]))`)
    .orderBy('autoship_id').forUpdate().execute()).map((occurrence) => [occurrence.autoship_id, occurrence]));

  const advance: AutoshipRow[] = [];
  const records: OccurrenceRecord[] = [];
  const candidates: AutoshipRow[] = [];
  for (const row of due) {
    const occurrence = occurrences.get(row.id);
    const month = monthOf(row);
    if (occurrence && occurrence.status !== 'retrying') {
      // Handled already (placed, skipped, …): only the next date was left behind.
      advance.push(row);
    } else if (occurrence && occurrence.next_attempt_at! > at) {
      outcomes.set(row.id, 'waiting');
    } else if (!occurrence && monthStart(today) > month) {
      records.push({ row, month, status: 'missed', attempts: 0, error: 'not placed within its month' });
      advance.push(row);
      outcomes.set(row.id, 'missed');
    } else candidates.push(row);
  }

  const { attempts, products } = await prepareAttempts(ctx, company, today, candidates, (id) => occurrences.get(id)?.attempts ?? 0);
  await allocateOrders(ctx, attempts.filter((a) => !a.failure && a.existingOrderId === undefined));
  await reserveAndCharge(ctx, company, attempts, products);
  await writeOrders(ctx, company, attempts.filter((a) => a.placed && a.existingOrderId === undefined), products, today);
  const notify: { memberId: number; payload: string }[] = [];
  for (const a of attempts) {
    if (a.placed) {
      records.push({ row: a.row, month: a.month, status: 'placed', attempts: a.attempt, orderId: a.existingOrderId ?? a.orderId! });
      advance.push(a.row);
      outcomes.set(a.row.id, 'placed');
      continue;
    }
    const failure = a.failure!;
    const error = `${failure.code}: ${failure.message}`.slice(0, 500);
    if (a.attempt < AUTOSHIP_MAX_ATTEMPTS) {
      const retryAt = new Date(at.getTime() + AUTOSHIP_RETRY_HOURS[a.attempt - 1]! * 3_600_000);
      records.push({ row: a.row, month: a.month, status: 'retrying', attempts: a.attempt, error, retryAt });
      outcomes.set(a.row.id, 'retrying');
    } else {
      records.push({ row: a.row, month: a.month, status: 'failed', attempts: a.attempt, error });
      notify.push({ memberId: a.row.member_id, payload: JSON.stringify({ autoshipId: a.row.id, month: a.month.slice(0, 7), attempts: a.attempt, code: failure.code, reason: failure.message }) });
      advance.push(a.row);
      outcomes.set(a.row.id, 'failed');
    }
  }
  await recordOccurrences(ctx, records);
  if (notify.length > 0) {
    await ctx.db.insertInto('notification_events').values(notify.map((n) => ({
      kind: JSON.parse(n.payload).code === 'PAYMENT_DECLINED' ? 'autoship.payment_failed' : 'autoship.failed', member_id: n.memberId, payload: n.payload,
    }))).execute();
  }
  if (advance.length > 0) {
    await sql`
      UPDATE autoships a SET next_run_date = v.next_run_date, updated_at = now()
        FROM unnest(${advance.map((row) => row.id)}::bigint[], ${advance.map((row) => dueDateAfterMonth(monthOf(row), row.day_of_month))}::date[]) AS v (id, next_run_date)
       WHERE a.id = v.id`.execute(ctx.db);
  }
  return outcomes;
}

/** Reads what the candidates' orders need in a few queries and checks each as placeOrder would, up to (not including) stock. */
async function prepareAttempts(ctx: RequestContext, company: Company, today: string, candidates: AutoshipRow[], attemptsSoFar: (id: number) => number): Promise<{ attempts: Attempt[]; products: Map<number, ProductRow> }> {
  if (candidates.length === 0) return { attempts: [], products: new Map() };
  const candidateIds = candidates.map((row) => row.id);
  const items = await ctx.db.selectFrom('autoship_items').select(['autoship_id', 'product_id', 'quantity']).where('autoship_id', 'in', candidateIds).orderBy('autoship_id').orderBy('line_no').execute();
  const itemsOf = new Map<number, { product_id: number; quantity: number }[]>();
  for (const item of items) itemsOf.set(item.autoship_id, [...(itemsOf.get(item.autoship_id) ?? []), item]);
  const members = new Map((await ctx.db.selectFrom('members').select(['id', 'code', 'name', 'type', 'status', 'sponsor_id'])
    .where('id', 'in', [...new Set(candidates.map((row) => row.member_id))]).execute()).map((member) => [member.id, member]));
  const productIds = [...new Set(items.map((item) => item.product_id))];
  const products = new Map(productIds.length === 0 ? [] : (await ctx.db.selectFrom('products').selectAll().where('id', 'in', productIds).execute()).map((product) => [product.id, product]));
  const prices = await pricesOf(ctx.db, productIds);
  const period = await openPeriodFor(ctx.db, today);
  const existing = new Map((await ctx.db.selectFrom('orders').select(['id', 'idempotency_key', 'request_hash'])
    .where('idempotency_key', 'in', candidates.map((row) => orderKey(row))).execute()).map((order) => [order.idempotency_key!, order]));
  const currency = company.currency.toUpperCase();

  const attempts = candidates.map((row): Attempt => {
    const month = monthStart(row.next_run_date!);
    const rowItems = itemsOf.get(row.id) ?? [];
    const key = orderKey(row);
    // The same fingerprint placeOrder keeps for an idempotency key.
    const hash = requestHash({
      buyer: normalizedRef(row.member_id),
      items: rowItems.map((item) => ({ product: normalizedRef(item.product_id), quantity: item.quantity })),
      currency: undefined, referral: undefined, billingState: undefined,
      fulfilment: [row.shipping_address as ShippingAddress, row.warehouse_id ?? undefined, undefined],
    });
    const buyer = members.get(row.member_id)!;
    const attempt: Attempt = {
      row, month, key, hash, attempt: attemptsSoFar(row.id) + 1, buyerId: buyer.id, buyerName: buyer.name,
      creditedId: buyer.type === 'distributor' ? buyer.id : buyer.sponsor_id!, tier: buyer.type === 'retail' ? 'retail' : 'distributor',
      lines: [], totals: { amount: 0, qv: 0, cv: 0 },
    };
    const earlier = existing.get(key);
    if (earlier) {
      if (earlier.request_hash !== hash) attempt.failure = failureOf(new SamoohError('IDEMPOTENCY_KEY_REUSED', { key }));
      else attempt.existingOrderId = earlier.id;
      return attempt;
    }
    try {
      if (buyer.status === 'terminated') throw new SamoohError('MEMBER_TERMINATED', { member: buyer.code });
      for (const item of rowItems) {
        const product = products.get(item.product_id)!;
        if (!product.active) throw new SamoohError('PRODUCT_INACTIVE', { product: product.sku });
      }
      for (const [index, item] of rowItems.entries()) {
        const product = products.get(item.product_id)!;
        const price = prices.get(product.id)?.find((p) => p.currency === currency);
        if (!price) throw new SamoohError('PRICE_MISSING', { product: product.sku, currency });
        const unitPrice = attempt.tier === 'retail' ? price.retailPrice : price.distributorPrice;
        attempt.lines.push({
          line_no: index + 1, product_id: product.id, sku: product.sku, quantity: item.quantity,
          unit_price: unitPrice, unit_wholesale: price.distributorPrice, unit_qv: product.qv, unit_cv: product.cv,
          amount: unitPrice * item.quantity, wholesale_amount: price.distributorPrice * item.quantity,
          qv: volumeTimes(product.qv, item.quantity), cv: volumeTimes(product.cv, item.quantity),
        });
      }
      if (!period) throw new SamoohError('NO_OPEN_PERIOD', { date: today });
      attempt.totals = lineTotals(attempt.lines);
    } catch (error) {
      if (!(error instanceof SamoohError)) throw error;
      attempt.failure = failureOf(error);
    }
    return attempt;
  });
  return { attempts, products };
}

const orderKey = (row: AutoshipRow) => `autoship:${row.id}:${row.next_run_date!.slice(0, 7)}`;

/** Takes the ids and numbers of the orders about to be placed, in autoship order, as inserting them one by one would. */
async function allocateOrders(ctx: RequestContext, attempts: Attempt[]): Promise<void> {
  if (attempts.length === 0) return;
  const { rows } = await sql<{ id: string; number: string }>`
    SELECT nextval(pg_get_serial_sequence('orders', 'id')) AS id, 'SO' || nextval('order_number_seq')::text AS number
      FROM generate_series(1, ${attempts.length}) g ORDER BY g`.execute(ctx.db);
  const allocated = rows.map((row) => ({ id: Number(row.id), number: row.number })).sort((a, b) => a.id - b.id);
  const numbers = rows.map((row) => Number(row.number.slice(2))).sort((a, b) => a - b);
  attempts.forEach((a, i) => {
    a.orderId = allocated[i]!.id;
    a.number = `SO${numbers[i]}`;
  });
}

/**
 * Reserves stock and charges each attempt in autoship order. Stock rows of
 * every warehouse the batch may draw from are locked once (in warehouse and
 * product order, so batches never deadlock); the reservations are worked out
 * here exactly as one order after the other would take them (the named
 * warehouse, else the first active one by id that holds every line), and a
 * declined charge gives its units back for the autoships after it.
 */
async function reserveAndCharge(ctx: RequestContext, company: Company, attempts: Attempt[], products: Map<number, ProductRow>): Promise<void> {
  const invoiced = company.gstin !== null && company.state_code !== null;
  const open = attempts.filter((a) => !a.failure && a.existingOrderId === undefined);
  const namedIds = [...new Set(open.map((a) => a.row.warehouse_id).filter((id): id is number => id !== null))];
  const warehouses = open.length === 0 ? [] : await ctx.db.selectFrom('warehouses').selectAll()
    .where((eb) => eb.or([eb('active', '=', true), ...(namedIds.length > 0 ? [eb('id', 'in', namedIds)] : [])])).orderBy('id').execute();
  const active = warehouses.filter((w) => w.active);
  const byId = new Map(warehouses.map((w) => [w.id, w]));
  const productIds = [...new Set(open.flatMap((a) => a.lines.map((line) => line.product_id)))];
  const available = new Map<string, number>();
  const slot = (warehouseId: number, productId: number) => `${warehouseId}:${productId}`;
  let backorder = new Set<number>();
  if (warehouses.length > 0 && productIds.length > 0) {
    const levels = await ctx.db.selectFrom('stock_levels').select(['warehouse_id', 'product_id', 'on_hand', 'reserved'])
      .where('warehouse_id', 'in', warehouses.map((w) => w.id)).where('product_id', 'in', productIds)
      .orderBy('warehouse_id').orderBy('product_id').forUpdate().execute();
    for (const level of levels) available.set(slot(level.warehouse_id, level.product_id), level.on_hand - level.reserved);
    backorder = new Set((await ctx.db.selectFrom('products').select('id').where('id', 'in', productIds).where('allow_backorder', '=', true).execute()).map((p) => p.id));
  }

  for (const a of attempts) {
    if (a.existingOrderId !== undefined) {
      // Placed by an earlier run under the same key: not charged again.
      a.placed = true;
      continue;
    }
    if (a.failure) continue;
    const wanted = unitsByProduct(a.lines);
    const taken = new Map<string, number>();
    try {
      const named = a.row.warehouse_id !== null ? byId.get(a.row.warehouse_id)! : undefined;
      if (named && !named.active) throw new SamoohError('WAREHOUSE_INACTIVE', { warehouse: named.code });
      const candidates = named ? [named] : active;
      a.warehouseId = null;
      if (candidates.length > 0) {
        let refusal: SamoohError | undefined;
        for (const warehouse of candidates) {
          const shortage = firstShortage(wanted, backorder, (p) => available.get(slot(warehouse.id, p)) ?? 0);
          if (!shortage) { a.warehouseId = warehouse.id; break; }
          refusal ??= shortage;
        }
        if (a.warehouseId === null) throw refusal!;
        for (const [productId, { quantity }] of wanted) {
          const key = slot(a.warehouseId, productId);
          available.set(key, (available.get(key) ?? 0) - quantity);
          taken.set(key, quantity);
        }
      }
      if (invoiced) {
        const untaxed = a.lines.find((line) => products.get(line.product_id)!.hsn_code === null || products.get(line.product_id)!.gst_rate_bp === null);
        if (untaxed) throw new SamoohError('PRODUCT_TAX_UNSET', { product: untaxed.sku });
      }
    } catch (error) {
      if (!(error instanceof SamoohError)) throw error;
      a.failure = failureOf(error);
      continue;
    }
    const method = a.row.payment_method as PaymentMethod;
    let failure: Failure | undefined;
    try {
      const charge = await paymentGateway(method.type).charge({
        method, amount: a.totals.amount, currency: company.currency.toUpperCase(),
        idempotencyKey: `autoship-${a.row.id}-${a.month.slice(0, 7)}-${a.attempt}`, description: `Autoship ${a.row.id} ${a.month.slice(0, 7)}, order ${a.number}`,
      });
      if (!charge.ok) failure = { code: 'PAYMENT_DECLINED', message: charge.reason };
    } catch (error) {
      if (!(error instanceof SamoohError)) throw error;
      failure = failureOf(error);
    }
    if (failure) {
      a.failure = failure;
      for (const [key, quantity] of taken) available.set(key, available.get(key)! + quantity);
    } else a.placed = true;
  }
}

/** Writes the placed orders and everything placing each would have written, a statement per table. */
async function writeOrders(ctx: RequestContext, company: Company, placed: Attempt[], products: Map<number, ProductRow>, today: string): Promise<void> {
  if (placed.length === 0) return;
  const period = (await openPeriodFor(ctx.db, today))!;
  const currency = company.currency.toUpperCase();
  const actor = (a: Attempt) => `autoship:${a.row.id}`;
  await ctx.db.insertInto('orders').values(placed.map((a) => ({
    id: a.orderId!, number: a.number!, buyer_id: a.buyerId, credited_id: a.creditedId, period_id: period.id, business_date: today,
    currency, price_tier: a.tier, amount: a.totals.amount, wholesale_amount: a.lines.reduce((total, line) => total + line.wholesale_amount, 0),
    qv: a.totals.qv, cv: a.totals.cv, idempotency_key: a.key, request_hash: a.hash, billing_state: null,
  }))).execute();
  const lineIds = new Map((await ctx.db.insertInto('order_lines')
    .values(placed.flatMap((a) => a.lines.map((line) => ({ ...line, order_id: a.orderId! }))))
    .returning(['id', 'order_id', 'line_no']).execute()).map((line) => [`${line.order_id}:${line.line_no}`, line.id]));
  const volumes = placed.filter((a) => a.totals.qv !== 0 || a.totals.cv !== 0);
  if (volumes.length > 0) {
    await ctx.db.insertInto('volume_events').values(volumes.map((a) => ({ period_id: period.id, member_id: a.creditedId, qv: a.totals.qv, cv: a.totals.cv, order_id: a.orderId!, refund_id: null }))).execute();
  }

  // Stock: one upsert of the summed reservations, and each order's movements.
  const stocked = placed.filter((a) => a.warehouseId !== null && a.warehouseId !== undefined);
  if (stocked.length > 0) {
    const reserved = new Map<string, { warehouse_id: number; product_id: number; reserved: number }>();
    const movements = [];
    for (const a of stocked) {
      for (const [productId, { quantity }] of unitsByProduct(a.lines)) {
        const key = `${a.warehouseId}:${productId}`;
        const entry = reserved.get(key) ?? { warehouse_id: a.warehouseId!, product_id: productId, reserved: 0 };
        entry.reserved += quantity;
        reserved.set(key, entry);
        movements.push({ warehouse_id: a.warehouseId!, product_id: productId, kind: 'reserve' as const, order_id: a.orderId!, actor: actor(a), reason: null, on_hand_change: 0, reserved_change: quantity });
      }
    }
    const levels = [...reserved.values()].sort((x, y) => x.warehouse_id - y.warehouse_id || x.product_id - y.product_id);
    await ctx.db.insertInto('stock_levels').values(levels)
      .onConflict((oc) => oc.columns(['warehouse_id', 'product_id']).doUpdateSet({ reserved: sql`stock_levels.reserved + excluded.reserved`, updated_at: sql`now()` }))
      .execute();
    await ctx.db.insertInto('stock_movements').values(movements).execute();
  }
  await ctx.db.insertInto('order_fulfilments').values(placed.map((a) => ({
    order_id: a.orderId!, warehouse_id: a.warehouseId ?? null, state: 'paid' as const,
    shipping_address: JSON.stringify(a.row.shipping_address), reserved: a.warehouseId !== null && a.warehouseId !== undefined,
  }))).execute();
  await ctx.db.insertInto('order_fulfilment_events').values(placed.flatMap((a) => [
    { order_id: a.orderId!, from_state: null, to_state: 'placed' as const, actor: actor(a), note: null },
    { order_id: a.orderId!, from_state: 'placed' as const, to_state: 'paid' as const, actor: actor(a), note: 'paid on placing' },
  ])).execute();

  // The order.placed events (the same body placeOrder's hook writes), then the tax invoices.
  await emitEvents(ctx.db, 'order.placed', (await loadOrderViews(ctx.db, placed.map((a) => a.orderId!))).map((order) => ({ order })));
  if (company.gstin !== null && company.state_code !== null) await writeInvoices(ctx, company, placed, products, lineIds);

  // A customer's autoship is credited to their sponsor: tell the sponsor, as a shop order does.
  const toSponsor = placed.filter((a) => a.creditedId !== a.buyerId);
  if (toSponsor.length > 0) {
    const params = toSponsor.map((a) => JSON.stringify({ customer: a.buyerName, order: a.number, amount: a.totals.amount, currency }));
    await notifyMembers(ctx.db, 'shop.customer-ordered', sql`SELECT t.m, t.p::jsonb FROM unnest(${toSponsor.map((a) => a.creditedId)}::bigint[], ${params}::text[]) WITH ORDINALITY AS t (m, p, n) ORDER BY t.n`);
  }
}

/**
 * The tax invoices of the placed orders, numbered in autoship order from one
 * take of the year's counter (its row stays locked until the batch commits, so
 * numbers stay without gaps or duplicates). Dated as issueInvoice dates them.
 */
async function writeInvoices(ctx: RequestContext, company: Company, placed: Attempt[], products: Map<number, ProductRow>, lineIds: Map<string, number>): Promise<void> {
  const issuedAt = new Date();
  const issueDate = businessDate(company, issuedAt);
  const fy = financialYear(issueDate);
  const { rows } = await sql<{ last_number: number }>`
    INSERT INTO document_counters (series, financial_year, last_number) VALUES ('invoice', ${fy}, ${placed.length})
    ON CONFLICT (series, financial_year) DO UPDATE SET last_number = document_counters.last_number + ${placed.length}
    RETURNING last_number`.execute(ctx.db);
  const first = Number(rows[0]!.last_number) - placed.length + 1;
  const placeOfSupply = company.state_code!;
  const taxed = placed.map((a) => a.lines.map((line) => {
    const product = products.get(line.product_id)!;
    return { line, product, tax: lineTax(line.amount, product.gst_rate_bp!, false, company.prices_include_tax) };
  }));
  const invoices = await ctx.db.insertInto('invoices').values(placed.map((a, i) => ({
    issue_date: issueDate, issued_at: issuedAt, financial_year: fy, sequence: first + i, number: documentNumber('INV', fy, first + i),
    order_id: a.orderId!, seller_gstin: company.gstin!, seller_state: company.state_code!, place_of_supply: placeOfSupply, inter_state: false,
    prices_include_tax: company.prices_include_tax, currency: company.currency.toUpperCase(), ...taxColumns(sumTaxes(taxed[i]!.map((t) => t.tax))),
  }))).returning(['id', 'order_id']).execute();
  const invoiceOf = new Map(invoices.map((invoice) => [invoice.order_id, invoice.id]));
  await ctx.db.insertInto('invoice_lines').values(placed.flatMap((a, i) => taxed[i]!.map(({ line, product, tax }) => ({
    invoice_id: invoiceOf.get(a.orderId!)!, line_no: line.line_no, order_line_id: lineIds.get(`${a.orderId}:${line.line_no}`)!,
    sku: line.sku, name_en: product.name_en, name_hi: product.name_hi, hsn_code: product.hsn_code!, gst_rate_bp: product.gst_rate_bp!,
    quantity: line.quantity, unit_price: line.unit_price, ...taxColumns(tax),
  })))).execute();
}

interface OccurrenceRecord {
  row: AutoshipRow;
  month: string;
  status: 'placed' | 'missed' | 'retrying' | 'failed';
  attempts: number;
  orderId?: number;
  error?: string;
  retryAt?: Date;
}

async function recordOccurrences(ctx: RequestContext, records: OccurrenceRecord[]): Promise<void> {
  if (records.length === 0) return;
  const sorted = [...records].sort((a, b) => a.row.id - b.row.id);
  await ctx.db.insertInto('autoship_occurrences').values(sorted.map((r) => ({
    autoship_id: r.row.id, month: r.month, due_date: r.row.next_run_date!, status: r.status, attempts: r.attempts,
    order_id: r.orderId ?? null, last_error: r.error ?? null, next_attempt_at: r.retryAt ?? null,
  }))).onConflict((oc) => oc.columns(['autoship_id', 'month']).doUpdateSet({
    status: sql`excluded.status`, attempts: sql`excluded.attempts`, order_id: sql`excluded.order_id`,
    last_error: sql`excluded.last_error`, next_attempt_at: sql`excluded.next_attempt_at`, updated_at: sql`now()`,
  })).execute();
}
