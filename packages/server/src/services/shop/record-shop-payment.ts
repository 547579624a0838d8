import type {} from '../../db/schema-shop.ts'; // the table of migration 0019
import { SamoohError } from '../../errors.ts';
import { can, refusal } from '../auth/permissions.ts';
import { inTransaction, now, type RequestContext } from '../context.ts';
import { changeFulfilment } from '../fulfilment/change-fulfilment.ts';
import type { OrderRef } from '../orders/find-order.ts';
import { parseRef } from '../refs.ts';
import { requirePaymentMethod } from './payment-methods.ts';
import { loadShopOrderView, type ShopOrderView } from './shop-order-view.ts';

/**
 * Records the payment of a shop order (the cash receipt or UPI transaction
 * reference) and moves its fulfilment from placed to paid. Staff who record
 * payments (orders:pay) may do it for any shop order; a distributor only for
 * orders of their own shop, and is refused (FORBIDDEN) for any other order,
 * whether or not it exists. A payment is recorded once
 * (SHOP_PAYMENT_ALREADY_RECORDED); a cancelled order cannot be paid.
 */
export async function recordShopPayment(ctx: RequestContext, ref: OrderRef, input: { reference: string }): Promise<ShopOrderView> {
  const staff = can(ctx.actor, 'orders:pay');
  const ownShop = !staff && ctx.actor.kind === 'user' && ctx.actor.roles.includes('distributor') ? (ctx.actor.memberId ?? null) : null;
  if (!staff && ownShop === null) throw refusal(ctx.actor);
  const parsed = parseRef(ref);
  return inTransaction(ctx, async (tx) => {
    const found = 'none' in parsed ? undefined : await tx.db
      .selectFrom('orders as o')
      .leftJoin('shop_orders as so', 'so.order_id', 'o.id')
      .select(['o.id', 'o.number', 'so.shop_member_id', 'so.payment_method', 'so.payment_reference'])
      .where((eb) => ('id' in parsed ? eb('o.id', '=', parsed.id) : eb('o.number', '=', parsed.code)))
      .forUpdate('o')
      .executeTakeFirst();
    if (!staff && (!found || found.shop_member_id !== ownShop)) throw refusal(ctx.actor);
    if (!found) throw new SamoohError('ORDER_NOT_FOUND', { order: String(ref) });
    if (found.shop_member_id === null || found.payment_method === null) throw new SamoohError('SHOP_ORDER_NOT_FOUND', { order: found.number });
    if (found.payment_reference !== null) throw new SamoohError('SHOP_PAYMENT_ALREADY_RECORDED', { order: found.number });
    const method = requirePaymentMethod(found.payment_method);
    const reference = method.normalizeReference(input.reference);
    await tx.db.updateTable('shop_orders').set({ payment_reference: reference, payment_recorded_by: ctx.actor.label, payment_recorded_at: now(tx) }).where('order_id', '=', found.id).execute();
    // The fulfilment moves through its own state machine; a distributor records
    // the payment of their own shop's order under their own name in the trail.
    const payer: RequestContext = staff ? tx : { ...tx, actor: { kind: 'system', id: null, label: ctx.actor.label, roles: ['finance'] } };
    await changeFulfilment(payer, found.id, { action: 'pay', reason: `${method.id}: ${reference}` });
    return loadShopOrderView(tx.db, found.id);
  });
}
