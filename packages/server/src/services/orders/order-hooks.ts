import type {} from '../../db/schema-commerce-tax.ts'; // the tables and columns of migration 0015
import type { RequestContext } from '../context.ts';
import { issueCreditNote } from '../tax/issue-credit-note.ts';
import { issueInvoice } from '../tax/issue-invoice.ts';
import { emitEvent } from '../webhooks/events.ts';
import { loadOrderView, type OrderView } from './order-view.ts';

/**
 * What follows an order in its own transaction: the order.placed event to the
 * webhook outbox and the tax invoice (an order is paid when placed today).
 * The invoice comes last: its number's counter row stays locked until commit.
 * When payment is recorded apart from placing, move issueInvoice to that step
 * and emit order.paid there.
 */
export async function afterOrderPlaced(ctx: RequestContext, orderId: number): Promise<OrderView> {
  const order = await loadOrderView(ctx.db, orderId);
  await emitEvent(ctx.db, 'order.placed', { order });
  await issueInvoice(ctx, orderId);
  return order;
}

/** What follows a refund in its transaction: its credit note (when the order was invoiced) and the order.refunded event. */
export async function afterOrderRefunded(ctx: RequestContext, refundId: number, orderId: number): Promise<void> {
  const creditNoteId = await issueCreditNote(ctx, refundId);
  const creditNote = creditNoteId === null ? null : await ctx.db.selectFrom('credit_notes').select(['id', 'number']).where('id', '=', creditNoteId).executeTakeFirstOrThrow();
  await emitEvent(ctx.db, 'order.refunded', { refundId, creditNote, order: await loadOrderView(ctx.db, orderId) });
}
