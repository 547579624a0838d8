import { SamoohError } from '../../errors.ts';
import { writeAudit } from '../audit.ts';
import { assertCan } from '../auth/permissions.ts';
import { inTransaction, type RequestContext } from '../context.ts';
import { requireOrder, type OrderRef } from '../orders/find-order.ts';
import { refundOrder } from '../orders/refund-order.ts';
import { consumeReservation, setFulfilmentState } from '../stock/reserve-stock.ts';
import { nextFulfilmentState, type FulfilmentAction } from './fulfilment-lifecycle.ts';
import { loadFulfilmentView, requireFulfilment, type FulfilmentView } from './get-fulfilment.ts';

export interface FulfilmentChange {
  action: FulfilmentAction;
  /** ship: the carrier and its tracking number. */
  carrier?: string | undefined;
  trackingNumber?: string | undefined;
  /** cancel and return: why (kept on the refund); others: an optional note. */
  reason?: string | undefined;
}

/** Who may take each step: the warehouse packs, ships and delivers; finance records payment; cancelling and returning move money. */
const PERMISSION = { pay: 'orders:pay', pack: 'orders:fulfil', ship: 'orders:fulfil', deliver: 'orders:fulfil', cancel: 'orders:refund', return: 'orders:refund' } as const;

/**
 * Moves an order along its fulfilment (fulfilment-lifecycle.ts). Shipping
 * needs a paid order (SHIPMENT_ORDER_UNPAID), a carrier and a tracking number,
 * and takes the units off the shelf; cancelling refunds what is left and
 * releases the reservation; returning refunds what is left and restocks it.
 */
export async function changeFulfilment(ctx: RequestContext, ref: OrderRef, change: FulfilmentChange): Promise<FulfilmentView> {
  assertCan(ctx, PERMISSION[change.action]);
  return inTransaction(ctx, async (tx) => {
    const order = await requireOrder(tx.db, ref, { forUpdate: true });
    const fulfilment = await requireFulfilment(tx.db, order, { forUpdate: true });
    const to = nextFulfilmentState(fulfilment.state, change.action);
    if (change.action === 'ship' && fulfilment.state === 'placed') throw new SamoohError('SHIPMENT_ORDER_UNPAID', { order: order.number });
    if (to === null) throw new SamoohError('FULFILMENT_TRANSITION_INVALID', { order: order.number, state: fulfilment.state, action: change.action });
    const note = change.reason?.trim() || null;
    if (change.action === 'cancel' || change.action === 'return') {
      if (!note) throw new SamoohError('FULFILMENT_REASON_REQUIRED', { action: change.action });
      const anythingLeft = await tx.db.selectFrom('order_lines').select('id').where('order_id', '=', order.id).whereRef('refunded_quantity', '<', 'quantity').executeTakeFirst();
      // The refund releases or restocks the units and ends the fulfilment (stockAfterRefund).
      if (anythingLeft) await refundOrder(tx, order.id, { reason: note, restock: change.action === 'return' });
      else await setFulfilmentState(tx, order.id, fulfilment.state, to, note, { reserved: false });
    } else if (change.action === 'ship') {
      const carrier = change.carrier?.trim(), trackingNumber = change.trackingNumber?.trim();
      if (!carrier || !trackingNumber) throw new SamoohError('SHIPMENT_TRACKING_REQUIRED', { order: order.number });
      if (fulfilment.warehouse_id !== null && fulfilment.reserved) await consumeReservation(tx, order.id, fulfilment.warehouse_id);
      await setFulfilmentState(tx, order.id, fulfilment.state, to, note, { carrier, tracking_number: trackingNumber, reserved: false });
    } else {
      await setFulfilmentState(tx, order.id, fulfilment.state, to, note);
    }
    await writeAudit(tx, { action: `order.${change.action}`, entity: 'order', entityId: order.id, reason: note, before: { state: fulfilment.state }, after: { state: to, ...(change.carrier ? { carrier: change.carrier, trackingNumber: change.trackingNumber } : {}) } });
    return loadFulfilmentView(tx, order);
  });
}
