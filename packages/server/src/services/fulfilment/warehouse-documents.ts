import { stringify } from 'csv-stringify/sync';
import type { FulfilmentState, Language } from '../../db/schema.ts';
import { translate } from '../../i18n/i18n.ts';
import { assertCan } from '../auth/permissions.ts';
import type { RequestContext } from '../context.ts';
import { escapeHtml, printPage } from '../print-page.ts';
import { requireOrder, type OrderRef } from '../orders/find-order.ts';
import { requireWarehouse, type WarehouseRef } from '../stock/find-warehouse.ts';
import type { ShippingAddress } from '../stock/reserve-stock.ts';
import { requireFulfilment } from './get-fulfilment.ts';

const label = (language: Language, key: string, params: Record<string, unknown> = {}) => escapeHtml(translate(language, `fulfilment.${key}`, params));

interface QueueLine { orderId: number; number: string; buyerCode: string; buyerName: string; address: ShippingAddress | null; carrier: string | null; tracking: string | null; sku: string; nameEn: string; nameHi: string; quantity: number }

/** The open lines of a warehouse's orders in one state, oldest order first (units still to ship: quantity less refunded). */
async function queue(ctx: RequestContext, warehouseId: number, state: FulfilmentState): Promise<QueueLine[]> {
  const rows = await ctx.db
    .selectFrom('order_fulfilments as f')
    .innerJoin('orders as o', 'o.id', 'f.order_id')
    .innerJoin('members as b', 'b.id', 'o.buyer_id')
    .innerJoin('order_lines as l', 'l.order_id', 'o.id')
    .innerJoin('products as p', 'p.id', 'l.product_id')
    .select(['o.id', 'o.number', 'b.code', 'b.name', 'f.shipping_address', 'f.carrier', 'f.tracking_number', 'l.sku', 'p.name_en', 'p.name_hi', 'l.quantity', 'l.refunded_quantity', 'l.line_no'])
    .where('f.warehouse_id', '=', warehouseId)
    .where('f.state', '=', state)
    .orderBy('o.id').orderBy('l.line_no')
    .limit(20_000)
    .execute();
  return rows.filter((row) => row.quantity > row.refunded_quantity).map((row) => ({
    orderId: row.id, number: row.number, buyerCode: row.code, buyerName: row.name, address: (row.shipping_address ?? null) as ShippingAddress | null,
    carrier: row.carrier, tracking: row.tracking_number, sku: row.sku, nameEn: row.name_en, nameHi: row.name_hi, quantity: row.quantity - row.refunded_quantity,
  }));
}

const page = (language: Language, title: string, body: string) => printPage({
  language,
  title,
  body,
  fontSize: 11,
  style: 'table { margin-bottom: 12pt; }\n  .slip { page-break-after: always; }',
});

const productName = (line: Pick<QueueLine, 'nameEn' | 'nameHi'>, language: Language) => escapeHtml(language === 'hi' ? `${line.nameHi} (${line.nameEn})` : `${line.nameEn} (${line.nameHi})`);

function addressHtml(address: ShippingAddress | null, language: Language): string {
  if (!address) return label(language, 'noAddress');
  return [address.name, address.line1, address.line2, `${address.city}, ${address.state} ${address.pincode}`, address.phone].filter(Boolean).map((part) => escapeHtml(part!)).join('<br>');
}

/** What to take off the shelves for a warehouse's paid orders: totals by product, then each order's lines. */
export async function pickListHtml(ctx: RequestContext, ref: WarehouseRef): Promise<string> {
  assertCan(ctx, 'orders:fulfil');
  const warehouse = await requireWarehouse(ctx.db, ref);
  const lines = await queue(ctx, warehouse.id, 'paid');
  const totals = new Map<string, { line: QueueLine; quantity: number }>();
  for (const line of lines) {
    const total = totals.get(line.sku) ?? { line, quantity: 0 };
    total.quantity += line.quantity;
    totals.set(line.sku, total);
  }
  const l = (key: string, params?: Record<string, unknown>) => label(ctx.language, key, params);
  const byProduct = [...totals.values()].sort((a, b) => a.line.sku.localeCompare(b.line.sku))
    .map(({ line, quantity }) => `<tr><td>${escapeHtml(line.sku)}</td><td>${productName(line, ctx.language)}</td><td class="n">${quantity}</td></tr>`).join('\n');
  const byOrder = lines.map((line) => `<tr><td>${escapeHtml(line.number)}</td><td>${escapeHtml(line.buyerCode)}</td><td>${escapeHtml(line.sku)}</td><td>${productName(line, ctx.language)}</td><td class="n">${line.quantity}</td></tr>`).join('\n');
  const title = l('pickListTitle', { warehouse: warehouse.code });
  return page(ctx.language, title, `<h1>${title}</h1>
<p>${escapeHtml(warehouse.name)} · ${l('orderCount', { count: new Set(lines.map((line) => line.orderId)).size })}</p>
<h2>${l('byProduct')}</h2>
<table><thead><tr><th>${l('sku')}</th><th>${l('product')}</th><th class="n">${l('quantity')}</th></tr></thead><tbody>
${byProduct || `<tr><td colspan="3">${l('nothingToPick')}</td></tr>`}
</tbody></table>
<h2>${l('byOrder')}</h2>
<table><thead><tr><th>${l('order')}</th><th>${l('buyer')}</th><th>${l('sku')}</th><th>${l('product')}</th><th class="n">${l('quantity')}</th></tr></thead><tbody>
${byOrder}
</tbody></table>`);
}

/** The slip that goes in the parcel: ship-to address and what is in it. */
export async function packingSlipHtml(ctx: RequestContext, ref: OrderRef): Promise<string> {
  assertCan(ctx, 'orders:fulfil');
  const order = await requireOrder(ctx.db, ref);
  const fulfilment = await requireFulfilment(ctx.db, order);
  const buyer = await ctx.db.selectFrom('members').select(['code', 'name']).where('id', '=', order.buyer_id).executeTakeFirstOrThrow();
  const lines = await ctx.db.selectFrom('order_lines as l').innerJoin('products as p', 'p.id', 'l.product_id')
    .select(['l.sku', 'p.name_en', 'p.name_hi', 'l.quantity', 'l.refunded_quantity']).where('l.order_id', '=', order.id).orderBy('l.line_no').execute();
  const l = (key: string, params?: Record<string, unknown>) => label(ctx.language, key, params);
  const rows = lines.filter((line) => line.quantity > line.refunded_quantity)
    .map((line) => `<tr><td>${escapeHtml(line.sku)}</td><td>${productName({ nameEn: line.name_en, nameHi: line.name_hi }, ctx.language)}</td><td class="n">${line.quantity - line.refunded_quantity}</td></tr>`).join('\n');
  const title = l('packingSlipTitle', { order: order.number });
  return page(ctx.language, title, `<div class="slip">
<h1>${title}</h1>
<p>${l('buyer')}: ${escapeHtml(buyer.name)} (${escapeHtml(buyer.code)})<br>${l('orderDate')}: ${escapeHtml(order.business_date)}</p>
<h2>${l('shipTo')}</h2>
<p>${addressHtml((fulfilment.shipping_address ?? null) as ShippingAddress | null, ctx.language)}</p>
<table><thead><tr><th>${l('sku')}</th><th>${l('product')}</th><th class="n">${l('quantity')}</th></tr></thead><tbody>
${rows}
</tbody></table>
</div>`);
}

export const SHIPMENT_COLUMNS = ['order', 'state', 'ship_to_name', 'address_line1', 'address_line2', 'city', 'state_region', 'pincode', 'phone', 'units', 'carrier', 'tracking_number'] as const;

/** A warehouse's packed (ready to hand over) or shipped orders as a CSV for a carrier: one row per order. */
export async function shipmentsCsv(ctx: RequestContext, ref: WarehouseRef, options: { state: 'packed' | 'shipped'; carrier?: string | undefined }): Promise<string> {
  assertCan(ctx, 'orders:fulfil');
  const warehouse = await requireWarehouse(ctx.db, ref);
  const lines = await queue(ctx, warehouse.id, options.state);
  const orders = new Map<number, { line: QueueLine; units: number }>();
  for (const line of lines) {
    if (options.carrier && line.carrier?.toLowerCase() !== options.carrier.toLowerCase()) continue;
    const entry = orders.get(line.orderId) ?? { line, units: 0 };
    entry.units += line.quantity;
    orders.set(line.orderId, entry);
  }
  const rows = [...orders.values()].map(({ line, units }) => {
    const a = line.address;
    return [line.number, options.state, a?.name ?? line.buyerName, a?.line1 ?? '', a?.line2 ?? '', a?.city ?? '', a?.state ?? '', a?.pincode ?? '', a?.phone ?? '', units, line.carrier ?? '', line.tracking ?? ''];
  });
  // A cell starting with = + - @ would be a formula in a spreadsheet: prefix it with a quote.
  const safe = rows.map((row) => row.map((cell) => (typeof cell === 'string' && /^[=+\-@]/.test(cell) ? `'${cell}` : cell)));
  return stringify([[...SHIPMENT_COLUMNS], ...safe]);
}
