import { actsAsDistributor, ownMemberId } from '../auth/member-access.ts';
import { assertCan, refusal } from '../auth/permissions.ts';
import type { RequestContext } from '../context.ts';
import { requireOrder, type OrderRef } from './find-order.ts';
import { loadOrderView } from './order-view.ts';

/** An order with its lines and refunds: staff see any; a customer the orders they bought; a distributor also those credited to them. */
export async function getOrder(ctx: RequestContext, ref: OrderRef) {
  const all = assertCan(ctx, 'orders:read', 'orders:read:own') === 'orders:read';
  const order = await requireOrder(ctx.db, ref);
  if (!all) {
    const me = ownMemberId(ctx);
    const mine = me !== null && (order.buyer_id === me || (actsAsDistributor(ctx) && order.credited_id === me));
    if (!mine) throw refusal(ctx.actor);
  }
  return loadOrderView(ctx.db, order.id);
}
