import type {} from '../../db/schema-shop.ts'; // the table of migration 0019
import { SamoohError } from '../../errors.ts';
import type { Db } from '../context.ts';

/**
 * A shop order as the customer and the shop's distributor see it: the order's
 * number, lines and total, its fulfilment state, and how it is paid. No other
 * member's details: the buyer is the customer, the shop is named by its code
 * and display name.
 */
export async function loadShopOrderView(db: Db, orderId: number) {
  const row = await db
    .selectFrom('shop_orders as so')
    .innerJoin('orders as o', 'o.id', 'so.order_id')
    .innerJoin('members as shop', 'shop.id', 'so.shop_member_id')
    .innerJoin('members as c', 'c.id', 'so.customer_member_id')
    .innerJoin('order_fulfilments as f', 'f.order_id', 'o.id')
    .select(['o.id', 'o.number', 'o.currency', 'o.amount', 'o.price_tier', 'o.created_at', 'f.state', 'shop.code as shop_code', 'shop.name as shop_name', 'c.code as customer_code', 'c.name as customer_name', 'c.type as customer_type'])
    .select(['so.payment_method', 'so.payment_reference', 'so.payment_recorded_at'])
    .select((eb) => eb.exists(eb.selectFrom('users').select('users.id').whereRef('users.member_id', '=', 'c.id')).as('has_account'))
    .where('so.order_id', '=', orderId)
    .executeTakeFirst();
  if (!row) throw new SamoohError('SHOP_ORDER_NOT_FOUND', { order: String(orderId) });
  const lines = await db
    .selectFrom('order_lines as l')
    .innerJoin('products as p', 'p.id', 'l.product_id')
    .select(['l.line_no', 'l.sku', 'p.name_en', 'p.name_hi', 'l.quantity', 'l.unit_price', 'l.amount'])
    .where('l.order_id', '=', orderId)
    .orderBy('l.line_no')
    .execute();
  return {
    number: row.number,
    shop: { code: row.shop_code, name: row.shop_name },
    customer: { code: row.customer_code, name: row.customer_name, type: row.customer_type, account: Boolean(row.has_account) },
    currency: row.currency,
    priceTier: row.price_tier,
    amount: row.amount,
    state: row.state,
    lines: lines.map((line) => ({ lineNo: line.line_no, sku: line.sku, name: { en: line.name_en, hi: line.name_hi }, quantity: line.quantity, unitPrice: line.unit_price, amount: line.amount })),
    payment: {
      method: row.payment_method,
      reference: row.payment_reference,
      recordedAt: row.payment_recorded_at ? row.payment_recorded_at.toISOString() : null,
    },
    createdAt: row.created_at.toISOString(),
  };
}

export type ShopOrderView = Awaited<ReturnType<typeof loadShopOrderView>>;
