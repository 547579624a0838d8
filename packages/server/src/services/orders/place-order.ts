import { assertCan } from '../auth/permissions.ts';
import { assertOwnMember } from '../auth/member-access.ts';
import type { Insertable } from 'kysely';
import type { OrderLinesTable } from '../../db/schema.ts';
import { SamoohError } from '../../errors.ts';
import { businessDate, getCompany } from '../company/get-company.ts';
import { inTransaction, now, type RequestContext } from '../context.ts';
import { notifyMember } from '../notifications/notify.ts';
import { requireMember, type MemberRef } from '../members/find-member.ts';
import { requireReferrer } from '../members/referral.ts';
import { requireOpenPeriodFor } from '../periods/periods.ts';
import { requireProduct, pricesOf, type ProductRef } from '../products/get-product.ts';
import { loadOrderView, type OrderView } from './order-view.ts';
import { lineTotals, volumeTimes } from './line-sums.ts';
import { normalizedRef, requestHash } from './request-hash.ts';
import { recordVolumeChange } from '../projections/record-volume.ts';
import { requireStateCode } from '../tax/tax-settings.ts';
import { afterOrderPlaced } from './order-hooks.ts';
import { openFulfilment, type ShippingAddress } from '../stock/reserve-stock.ts';
import type { WarehouseRef } from '../stock/find-warehouse.ts';

export interface PlaceOrderInput {
  buyer: MemberRef;
  items: { product: ProductRef; quantity: number }[];
  /** Defaults to the company's currency. */
  currency?: string | undefined;
  /** A referral code the order came through: a customer's order is credited to that distributor. */
  referral?: string | undefined;
  /** The billing address's state (GST code or ISO letters): the place of supply on the tax invoice; defaults to the company's state. */
  billingState?: string | undefined;
  /** Fulfilment (docs/commerce.md): where to ship, from which warehouse, and whether payment is still to come. */
  shippingAddress?: ShippingAddress | undefined;
  warehouse?: WarehouseRef | undefined;
  awaitingPayment?: boolean | undefined;
}

export interface PlacedOrder {
  order: OrderView;
  /** True when an earlier request with the same Idempotency-Key already created this order. */
  replayed: boolean;
}

/**
 * Places an order for a member. Prices come from the buyer's tier (retail
 * customers pay retail, distributors and preferred customers the distributor
 * price); QV and CV are copied onto each line as they are now; the order
 * counts in the open period of today's business date. With an idempotency key,
 * a repeated request returns the first order and creates nothing.
 */
export async function placeOrder(ctx: RequestContext, input: PlaceOrderInput, idempotencyKey?: string): Promise<PlacedOrder> {
  if (assertCan(ctx, 'orders:write', 'orders:write:own') === 'orders:write:own') await assertOwnMember(ctx, input.buyer, 'MEMBER_NOT_FOUND');
  const hash = requestHash({
    buyer: normalizedRef(input.buyer),
    items: input.items.map((item) => ({ product: normalizedRef(item.product), quantity: item.quantity })),
    currency: input.currency?.toUpperCase(),
    referral: input.referral?.trim().toUpperCase(),
    billingState: input.billingState?.trim().toUpperCase(),
    ...(input.shippingAddress || input.warehouse !== undefined || input.awaitingPayment ? { fulfilment: [input.shippingAddress, input.warehouse, input.awaitingPayment] } : {}),
  });
  const billingState = input.billingState === undefined ? null : requireStateCode(input.billingState);
  return inTransaction(ctx, async (tx) => {
    if (idempotencyKey) {
      const earlier = await replay(tx, idempotencyKey, hash);
      if (earlier) return earlier;
    }
    const company = await getCompany(tx.db);
    const currency = (input.currency ?? company.currency).toUpperCase();
    if (currency !== company.currency) throw new SamoohError('CURRENCY_MISMATCH', { currency, expected: company.currency });

    const buyer = await requireMember(tx.db, input.buyer);
    if (buyer.status === 'terminated') throw new SamoohError('MEMBER_TERMINATED', { member: buyer.code });
    const referrer = input.referral !== undefined ? await requireReferrer(tx.db, input.referral) : null;
    const creditedId = buyer.type === 'distributor' ? buyer.id : (referrer?.id ?? buyer.sponsor_id!);
    const tier = buyer.type === 'retail' ? 'retail' : 'distributor';

    const products = [];
    for (const item of input.items) {
      const product = await requireProduct(tx.db, item.product);
      if (!product.active) throw new SamoohError('PRODUCT_INACTIVE', { product: product.sku });
      products.push(product);
    }
    const prices = await pricesOf(tx.db, products.map((product) => product.id));
    const lines: Omit<Insertable<OrderLinesTable>, 'order_id'>[] = [];
    for (const [index, item] of input.items.entries()) {
      const product = products[index]!;
      const price = prices.get(product.id)?.find((p) => p.currency === currency);
      if (!price) throw new SamoohError('PRICE_MISSING', { product: product.sku, currency });
      const unitPrice = tier === 'retail' ? price.retailPrice : price.distributorPrice;
      lines.push({
        line_no: index + 1,
        product_id: product.id,
        sku: product.sku,
        quantity: item.quantity,
        unit_price: unitPrice,
        unit_wholesale: price.distributorPrice,
        unit_qv: product.qv,
        unit_cv: product.cv,
        amount: unitPrice * item.quantity,
        wholesale_amount: price.distributorPrice * item.quantity,
        qv: volumeTimes(product.qv, item.quantity),
        cv: volumeTimes(product.cv, item.quantity),
      });
    }

    const date = businessDate(company, now(ctx));
    const period = await requireOpenPeriodFor(tx.db, date);
    const totals = lineTotals(lines);
    const wholesale = lines.reduce((total, line) => total + line.wholesale_amount, 0);
    const inserted = await tx.db
      .insertInto('orders')
      .values({
        buyer_id: buyer.id,
        credited_id: creditedId,
        period_id: period.id,
        business_date: date,
        currency,
        price_tier: tier,
        amount: totals.amount,
        wholesale_amount: wholesale,
        qv: totals.qv,
        cv: totals.cv,
        idempotency_key: idempotencyKey ?? null,
        request_hash: idempotencyKey ? hash : null,
        billing_state: billingState,
      })
      .onConflict((oc) => oc.column('idempotency_key').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) {
      // A concurrent request with the same key committed first: answer with its order.
      const earlier = await replay(tx, idempotencyKey!, hash);
      if (earlier) return earlier;
      throw new SamoohError('CONFLICT_RETRY');
    }
    await tx.db
      .insertInto('order_lines')
      .values(lines.map((line) => ({ ...line, order_id: inserted.id })))
      .execute();
    await recordVolumeChange(tx.db, { periodId: period.id, memberId: creditedId, qv: totals.qv, cv: totals.cv, orderId: inserted.id });
    await openFulfilment(tx, { orderId: inserted.id, lines, warehouse: input.warehouse, shippingAddress: input.shippingAddress, awaitingPayment: input.awaitingPayment });
    // The view the order.placed event carries is the answer too: the invoice is not part of it.
    const order = await afterOrderPlaced(tx, inserted.id);
    // A customer bought through a distributor's shop or referral: tell the distributor.
    if (creditedId !== buyer.id) await notifyMember(tx.db, 'shop.customer-ordered', creditedId, { customer: buyer.name, order: order.number, amount: totals.amount, currency });
    return { order, replayed: false };
  });
}

async function replay(ctx: RequestContext, key: string, hash: string): Promise<PlacedOrder | undefined> {
  const earlier = await ctx.db.selectFrom('orders').select(['id', 'request_hash']).where('idempotency_key', '=', key).executeTakeFirst();
  if (!earlier) return undefined;
  if (earlier.request_hash !== hash) throw new SamoohError('IDEMPOTENCY_KEY_REUSED', { key });
  return { order: await loadOrderView(ctx.db, earlier.id), replayed: true };
}
