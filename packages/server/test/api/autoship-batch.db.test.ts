import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAutoship } from '../../src/services/autoship/create-autoship.ts';
import { registerPaymentGateway, testPaymentGateway, type ChargeRequest } from '../../src/services/autoship/payment-methods.ts';
import { dueAutoshipIds, placeAutoshipBatch } from '../../src/services/autoship/run-autoships.ts';
import { setUpCompany } from '../../src/services/company/set-up-company.ts';
import { inTransaction, SYSTEM_ACTOR, type Db, type RequestContext } from '../../src/services/context.ts';
import { enrollMember } from '../../src/services/members/enroll-member.ts';
import { placeOrder } from '../../src/services/orders/place-order.ts';
import { openNextPeriod } from '../../src/services/periods/periods.ts';
import { createProduct } from '../../src/services/products/save-product.ts';
import { adjustStock } from '../../src/services/stock/adjust-stock.ts';
import { createWarehouse } from '../../src/services/stock/create-warehouse.ts';
import type { ShippingAddress } from '../../src/services/stock/reserve-stock.ts';
import { setTaxSettings } from '../../src/services/tax/tax-settings.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

/**
 * Autoship places a batch of due subscriptions set-wise. The same company,
 * members, stock and autoships are set up in two databases: in one the batch
 * places them, in the other each order is placed on its own through
 * placeOrder, one after the other in autoship order, as autoship used to. The
 * orders, lines, volumes, stock, fulfilment records, invoices, webhook events
 * and notifications must come out the same.
 */
const CLOCK = new Date('2028-03-15T04:00:00Z'); // 09:30 in Kolkata
const ADDRESS = { name: 'Meera Nair', line1: '4 MG Road', city: 'Pune', state: 'Maharashtra', pincode: '411001' };
const GSTIN = '27AAPFU0939F1ZV'; // Maharashtra
const clock = () => CLOCK;

interface World { database: TestDatabase; ctx: RequestContext; autoships: number[] }

/** A company with GST invoicing, one warehouse short of stock, a distributor network and a customer, and seven autoships due on 15 March 2028. */
async function setUpWorld(): Promise<World> {
  const database = await createTestDatabase();
  const ctx: RequestContext = { ...database.ctx, clock };
  await setUpCompany(ctx, { name: 'Batch Wellness', root: { name: 'Root', code: 'SM1' } });
  await setTaxSettings(ctx, { gstin: GSTIN, pricesIncludeTax: true });
  await openNextPeriod(ctx, CLOCK);
  const inr = (retailPrice: number, distributorPrice: number) => [{ currency: 'INR', retailPrice, distributorPrice }];
  await createProduct(ctx, { sku: 'AMLA-JUICE', name: { en: 'Amla Juice', hi: 'आंवला जूस' }, qv: 25, cv: 20, hsnCode: '2009', gstRate: 18, prices: inr(45_000, 36_000) });
  await createProduct(ctx, { sku: 'NEEM-SOAP', name: { en: 'Neem Soap', hi: 'नीम साबुन' }, qv: 5.5, cv: 4.25, hsnCode: '3401', gstRate: 18, prices: inr(12_099, 9_533) });
  await createProduct(ctx, { sku: 'TULSI-TEA', name: { en: 'Tulsi Tea', hi: 'तुलसी चाय' }, qv: 10, cv: 8, hsnCode: '0902', gstRate: 5, allowBackorder: true, prices: inr(20_000, 16_000) });
  await createProduct(ctx, { sku: 'NO-TAX', name: { en: 'Untaxed', hi: 'बिना कर' }, qv: 1, cv: 1, prices: inr(1_000, 900) });
  await createWarehouse(ctx, { code: 'WH-1', name: 'Pune' });
  await createWarehouse(ctx, { code: 'WH-2', name: 'Nagpur' });
  await adjustStock(ctx, 'WH-1', { product: 'AMLA-JUICE', change: 5, kind: 'receipt', reason: 'opening' });
  await adjustStock(ctx, 'WH-1', { product: 'NEEM-SOAP', change: 100, kind: 'receipt', reason: 'opening' });
  await adjustStock(ctx, 'WH-2', { product: 'AMLA-JUICE', change: 3, kind: 'receipt', reason: 'opening' });
  await adjustStock(ctx, 'WH-2', { product: 'NEEM-SOAP', change: 100, kind: 'receipt', reason: 'opening' });
  await adjustStock(ctx, 'WH-1', { product: 'NO-TAX', change: 10, kind: 'receipt', reason: 'opening' });
  const asha = await enrollMember(ctx, { name: 'Asha', type: 'distributor', sponsor: 'SM1' });
  const ravi = await enrollMember(ctx, { name: 'Ravi', type: 'distributor', sponsor: asha.code });
  const kiran = await enrollMember(ctx, { name: 'Kiran Customer', type: 'retail', sponsor: ravi.code });
  const setUp: [string, { product: string; quantity: number }[], string?][] = [
    [asha.code, [{ product: 'AMLA-JUICE', quantity: 2 }, { product: 'NEEM-SOAP', quantity: 3 }]], // WH-1: 3 Amla left
    [ravi.code, [{ product: 'NEEM-SOAP', quantity: 1 }, { product: 'AMLA-JUICE', quantity: 3 }, { product: 'TULSI-TEA', quantity: 2 }]], // WH-1: none left; Tulsi back-ordered
    [kiran.code, [{ product: 'AMLA-JUICE', quantity: 2 }]], // WH-2 now: 1 Amla left
    [asha.code, [{ product: 'AMLA-JUICE', quantity: 1 }], 'decline'], // declined: its unit stays for the next
    [ravi.code, [{ product: 'AMLA-JUICE', quantity: 1 }, { product: 'NEEM-SOAP', quantity: 7 }]], // WH-2: the last Amla
    [kiran.code, [{ product: 'AMLA-JUICE', quantity: 1 }]], // no Amla anywhere: STOCK_INSUFFICIENT
    [asha.code, [{ product: 'NO-TAX', quantity: 1 }]], // no HSN or GST rate: PRODUCT_TAX_UNSET
  ];
  const autoships = [];
  for (const [member, items, reference] of setUp) {
    autoships.push((await createAutoship({ ...ctx, clock: () => new Date('2028-03-01T04:00:00Z') }, {
      member, items, dayOfMonth: 15, paymentMethod: { type: 'test', reference: reference ?? `mandate-${member}` }, shippingAddress: ADDRESS,
    })).id);
  }
  return { database, ctx, autoships };
}

/** What an order and everything it wrote look like, without ids and sequence numbers that differ between databases. */
async function snapshot(db: Db) {
  const rows = async (query: ReturnType<typeof sql>) => (await query.execute(db)).rows;
  const key = sql`(SELECT idempotency_key FROM orders WHERE id = t.order_id)`;
  return {
    orders: await rows(sql`SELECT idempotency_key, (SELECT code FROM members WHERE id = buyer_id) AS buyer, (SELECT code FROM members WHERE id = credited_id) AS credited,
      period_id, business_date, status, currency, price_tier, amount, wholesale_amount, qv, cv, refunded_amount, request_hash, billing_state FROM orders ORDER BY idempotency_key`),
    lines: await rows(sql`SELECT ${key} AS key, line_no, product_id, sku, quantity, unit_price, unit_wholesale, unit_qv, unit_cv, amount, wholesale_amount, qv, cv FROM order_lines t ORDER BY 1, 2`),
    volumes: await rows(sql`SELECT ${key} AS key, period_id, member_id, qv, cv FROM volume_events t ORDER BY 1`),
    stock: await rows(sql`SELECT warehouse_id, product_id, on_hand, reserved FROM stock_levels ORDER BY 1, 2`),
    movements: await rows(sql`SELECT ${key} AS key, warehouse_id, product_id, kind, on_hand_change, reserved_change, actor, reason FROM stock_movements t WHERE order_id IS NOT NULL ORDER BY 1, 3`),
    fulfilments: await rows(sql`SELECT ${key} AS key, warehouse_id, state, shipping_address, reserved FROM order_fulfilments t ORDER BY 1`),
    fulfilmentEvents: await rows(sql`SELECT ${key} AS key, from_state, to_state, actor, note FROM order_fulfilment_events t ORDER BY 1, id`),
    invoices: await rows(sql`SELECT ${key} AS key, number, sequence, financial_year, issue_date, seller_gstin, seller_state, place_of_supply, inter_state, prices_include_tax, currency,
      taxable_value, cgst, sgst, igst, total FROM invoices t ORDER BY number`),
    invoiceLines: await rows(sql`SELECT i.number, l.line_no, l.sku, l.name_en, l.name_hi, l.hsn_code, l.gst_rate_bp, l.quantity, l.unit_price, l.taxable_value, l.cgst, l.sgst, l.igst, l.total,
      (SELECT line_no FROM order_lines WHERE id = l.order_line_id) AS order_line_no FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id ORDER BY 1, 2`),
    events: (await rows(sql`SELECT type, body FROM webhook_events WHERE type = 'order.placed' ORDER BY id`)).map((row) => {
      const { type, body } = row as { type: string; body: string };
      const { order } = JSON.parse(body).data;
      return { type, order: { ...order, id: undefined, number: undefined, createdAt: undefined, lines: order.lines.map((line: { id?: number }) => ({ ...line, id: undefined })) } };
    }),
    notifications: (await rows(sql`SELECT member_id, kind, params FROM notifications WHERE kind = 'shop.customer-ordered' ORDER BY id`)).map((row) => {
      const { params, ...rest } = row as { params: Record<string, unknown> };
      return { ...rest, params: { ...params, order: undefined } };
    }),
  };
}

let batch: World;
let single: World;
beforeAll(async () => {
  batch = await setUpWorld();
  single = await setUpWorld();
});
afterAll(async () => {
  await batch?.database.drop();
  await single?.database.drop();
});
beforeEach(() => testPaymentGateway.reset());

describe('a batch of due autoships', () => {
  it('places the same orders, volumes, stock, invoices, events and notifications as placing each order on its own', async () => {
    // One at a time, in autoship order, through placeOrder (a declined charge places nothing).
    const refusals: Record<number, string> = {};
    for (const id of single.autoships) {
      const row = await single.database.handle.db.selectFrom('autoships').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      const items = await single.database.handle.db.selectFrom('autoship_items').selectAll().where('autoship_id', '=', id).orderBy('line_no').execute();
      if ((row.payment_method as { reference: string }).reference === 'decline') { refusals[id] = 'PAYMENT_DECLINED'; continue; }
      try {
        await placeOrder({ ...single.ctx, actor: { ...SYSTEM_ACTOR, label: `autoship:${id}` } }, {
          buyer: row.member_id, items: items.map((item) => ({ product: item.product_id, quantity: item.quantity })),
          shippingAddress: row.shipping_address as ShippingAddress, warehouse: row.warehouse_id ?? undefined,
        }, `autoship:${id}:2028-03`);
      } catch (error) {
        refusals[id] = (error as { code: string }).code;
      }
    }
    // A refusal for stock and one for tax data, besides the declined payment.
    expect(Object.values(refusals).sort()).toEqual(['PAYMENT_DECLINED', 'PRODUCT_TAX_UNSET', 'STOCK_INSUFFICIENT']);

    const ids = await dueAutoshipIds(batch.ctx);
    expect(ids).toEqual(batch.autoships);
    const counts = await inTransaction(batch.ctx, (tx) => placeAutoshipBatch(tx, ids));
    expect(counts).toMatchObject({ placed: 4, retrying: 3 });
    const occurrences = await batch.database.handle.db.selectFrom('autoship_occurrences').select(['autoship_id', 'status', 'last_error']).orderBy('autoship_id').execute();
    expect(occurrences.filter((o) => o.status === 'retrying').map((o) => [o.autoship_id, o.last_error!.split(':')[0]]))
      .toEqual(Object.entries(refusals).map(([id, code]) => [Number(id), code]));

    const expected = await snapshot(single.database.handle.db);
    const actual = await snapshot(batch.database.handle.db);
    expect(expected.orders).toHaveLength(4);
    expect(expected.invoices).toHaveLength(4);
    expect(expected.notifications).toHaveLength(1);
    for (const part of Object.keys(expected) as (keyof typeof expected)[]) expect({ [part]: actual[part] }).toEqual({ [part]: expected[part] });
  });

  it('places each month once: a batch that fails part-way writes nothing, and two runs of it place every order once', async () => {
    const db = batch.database.handle.db;
    const april = { ...batch.ctx, clock: () => new Date('2028-04-15T04:00:00Z') };
    await openNextPeriod(batch.ctx, CLOCK);
    await adjustStock(batch.ctx, 'WH-1', { product: 'AMLA-JUICE', change: 50, kind: 'receipt', reason: 'restock' });
    // The months still retrying are paused, so April holds the four placed in March.
    const placedInMarch = [0, 1, 2, 4].map((i) => batch.autoships[i]!);
    await db.updateTable('autoships').set({ status: 'paused' }).where('id', 'not in', placedInMarch).execute();
    // The last one's charge fails with an error that is not a refusal (a lost connection, a worker dying).
    let crash = true;
    registerPaymentGateway('flaky', {
      async charge(request: ChargeRequest) {
        if (crash) throw new Error('connection reset');
        return testPaymentGateway.charge(request);
      },
    });
    await db.updateTable('autoships').set({ payment_method: JSON.stringify({ type: 'flaky', reference: 'mandate' }) }).where('id', '=', placedInMarch[3]!).execute();
    const due = await dueAutoshipIds(april);
    expect(due).toEqual(placedInMarch);
    const before = await tableCounts(db);
    await expect(inTransaction(april, (tx) => placeAutoshipBatch(tx, due))).rejects.toThrow('connection reset');
    expect(await tableCounts(db)).toEqual(before);
    expect(testPaymentGateway.charges).toHaveLength(3); // charged before the failure; the gateway answers the same keys again without charging

    crash = false;
    const [first, second] = await Promise.all([
      inTransaction(april, (tx) => placeAutoshipBatch(tx, due)),
      inTransaction(april, (tx) => placeAutoshipBatch(tx, due)),
    ]);
    // Two workers on the same batch: one places the four, the other finds them handled.
    expect(first.placed + second.placed).toBe(4);
    expect(testPaymentGateway.charges).toHaveLength(4);
    const doubled = await sql`SELECT idempotency_key FROM orders GROUP BY 1 HAVING count(*) > 1`.execute(db);
    expect(doubled.rows).toEqual([]);
    const months = await db.selectFrom('autoship_occurrences').select(['autoship_id', 'status', 'attempts']).where('month', '=', '2028-04-01').orderBy('autoship_id').execute();
    expect(months).toEqual(placedInMarch.map((id) => ({ autoship_id: id, status: 'placed', attempts: 1 })));
    const after = await tableCounts(db);
    expect(after).toMatchObject({ orders: before.orders + 4, invoices: before.invoices + 4, placed: before.placed + 4 });

    // A rerun finds nothing due and writes nothing.
    expect(await inTransaction(april, (tx) => placeAutoshipBatch(tx, due))).toMatchObject({ placed: 0, 'not-due': 4 });
    expect(await dueAutoshipIds(april)).toEqual([]);
    expect(await tableCounts(db)).toEqual(after);
  });
});

async function tableCounts(db: Db) {
  const { rows } = await sql<{ orders: number; invoices: number; placed: number; [table: string]: unknown }>`SELECT
    (SELECT count(*)::int FROM orders) AS orders, (SELECT count(*)::int FROM order_lines) AS lines, (SELECT count(*)::int FROM volume_events) AS volumes,
    (SELECT count(*)::int FROM stock_movements) AS movements, (SELECT sum(reserved)::int FROM stock_levels) AS reserved, (SELECT count(*)::int FROM invoices) AS invoices,
    (SELECT count(*)::int FROM webhook_events) AS events, (SELECT count(*)::int FROM notifications) AS notifications,
    (SELECT count(*)::int FROM notification_events) AS notification_events, (SELECT count(*)::int FROM autoship_occurrences WHERE status = 'placed') AS placed,
    (SELECT string_agg(id || ':' || next_run_date, ',' ORDER BY id) FROM autoships) AS next_dates`.execute(db);
  return rows[0]!;
}
