import type { Selectable } from 'kysely';
import type { OrderFulfilmentsTable, OrderRow } from '../../db/schema.ts';
import { SamoohError } from '../../errors.ts';
import { actsAsDistributor, ownMemberId } from '../auth/member-access.ts';
import { assertCan, can, refusal } from '../auth/permissions.ts';
import type { Db, RequestContext } from '../context.ts';
import { requireOrder, type OrderRef } from '../orders/find-order.ts';
import { fulfilmentActions } from './fulfilment-lifecycle.ts';

/**
 * Who may read an order's fulfilment: staff who read orders, warehouse staff
 * who fulfil them, the buyer, and the distributor the order is credited to
 * (the customer's sponsor or referrer), the same rule as reading the order.
 */
export async function requireReadableOrder(ctx: RequestContext, ref: OrderRef): Promise<OrderRow> {
  const held = assertCan(ctx, 'orders:read', 'orders:fulfil', 'orders:read:own');
  const order = await requireOrder(ctx.db, ref);
  if (held === 'orders:read:own') {
    const me = ownMemberId(ctx);
    const mine = me !== null && (order.buyer_id === me || (actsAsDistributor(ctx) && order.credited_id === me));
    if (!mine) throw refusal(ctx.actor);
  }
  return order;
}

export async function requireFulfilment(db: Db, order: Pick<OrderRow, 'id' | 'number'>, options: { forUpdate?: boolean } = {}): Promise<Selectable<OrderFulfilmentsTable>> {
  let query = db.selectFrom('order_fulfilments').selectAll().where('order_id', '=', order.id);
  if (options.forUpdate) query = query.forUpdate();
  const fulfilment = await query.executeTakeFirst();
  if (!fulfilment) throw new SamoohError('FULFILMENT_NOT_FOUND', { order: order.number });
  return fulfilment;
}

/** An order's fulfilment: state, warehouse, carrier and tracking number, and every change with its time (and, for staff, its actor). */
export async function getFulfilment(ctx: RequestContext, ref: OrderRef) {
  const order = await requireReadableOrder(ctx, ref);
  return loadFulfilmentView(ctx, order);
}

export async function loadFulfilmentView(ctx: RequestContext, order: Pick<OrderRow, 'id' | 'number'>) {
  const fulfilment = await requireFulfilment(ctx.db, order);
  const warehouse = fulfilment.warehouse_id === null ? null : await ctx.db.selectFrom('warehouses').select(['id', 'code', 'name']).where('id', '=', fulfilment.warehouse_id).executeTakeFirstOrThrow();
  const events = await ctx.db.selectFrom('order_fulfilment_events').selectAll().where('order_id', '=', order.id).orderBy('id').execute();
  // Staff see who made each change; a member sees what happened and when.
  const staff = can(ctx.actor, 'orders:read') || can(ctx.actor, 'orders:fulfil');
  return {
    order: order.number,
    state: fulfilment.state,
    actions: fulfilmentActions(fulfilment.state),
    warehouse,
    shippingAddress: (fulfilment.shipping_address ?? null) as Record<string, string> | null,
    carrier: fulfilment.carrier,
    trackingNumber: fulfilment.tracking_number,
    events: events.map((event) => ({ from: event.from_state, to: event.to_state, at: event.at.toISOString(), actor: staff ? event.actor : null, note: event.note })),
  };
}

export type FulfilmentView = Awaited<ReturnType<typeof loadFulfilmentView>>;
