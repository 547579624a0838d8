import { assertCan } from '../auth/permissions.ts';
import { SamoohError } from '../../errors.ts';
import { writeAudit } from '../audit.ts';
import { businessDate, getCompany } from '../company/get-company.ts';
import { inTransaction, type RequestContext } from '../context.ts';
import { requireOpenPeriodFor } from '../periods/periods.ts';
import type { OrderRow } from '../../db/schema.ts';
import { requireOrder, type OrderRef } from './find-order.ts';
import { loadOrderView, type OrderView } from './order-view.ts';
import { lineTotals, volumeTimes } from './line-sums.ts';
import { normalizedRef, requestHash } from './request-hash.ts';
import { recordVolumeChange } from '../projections/record-volume.ts';
import { afterOrderRefunded } from './order-hooks.ts';
import { stockAfterRefund } from '../stock/reserve-stock.ts';

export interface RefundOrderInput {
  /** Lines and quantities to refund; omitted means everything not yet refunded. */
  lines?: { lineNo: number; quantity: number }[] | undefined;
  reason: string;
  /** The goods came back and can be sold again: shipped units go back on hand (docs/commerce.md). */
  restock?: boolean | undefined;
}

/** Which policy a refund is made under, and the share of the price it returns (parts per million). */
export interface RefundTerms {
  kind: RefundKind;
  sharePpm: number;
  /** Checked once the order is locked (and after an idempotent replay is ruled out): refuses what the policy does not allow. */
  admissible?: (ctx: RequestContext, order: OrderRow) => Promise<void>;
}

export type RefundKind = 'refund' | 'cooling_off' | 'buy_back';

const FULL_PRICE: RefundTerms = { kind: 'refund', sharePpm: 1_000_000 };

/** A share (ppm) of an amount in paise, rounded half-up to the paisa. */
export const shareOf = (amount: number, sharePpm: number): number => Math.floor((amount * sharePpm + 500_000) / 1_000_000);

export interface RefundResult {
  refundId: number;
  order: OrderView;
  replayed: boolean;
}

/**
 * Refunds part or all of an order. The money returned is the line price times
 * the quantity; the QV and CV leave with it. The refund takes effect in the
 * order's own period while that is open, otherwise in today's open period,
 * where the commission run turns it into clawbacks.
 */
export async function refundOrder(ctx: RequestContext, ref: OrderRef, input: RefundOrderInput, idempotencyKey?: string, terms: RefundTerms = FULL_PRICE): Promise<RefundResult> {
  assertCan(ctx, 'orders:refund');
  const hash = requestHash({
    order: normalizedRef(ref), lines: input.lines, reason: input.reason.trim(), ...(input.restock ? { restock: true } : {}),
    ...(terms.kind === 'refund' ? {} : { kind: terms.kind }),
  });
  return inTransaction(ctx, async (tx) => {
    // Lock the order first: a concurrent refund of it waits here, then sees what the first one wrote.
    const order = await requireOrder(tx.db, ref, { forUpdate: true });
    if (idempotencyKey) {
      const earlier = await tx.db.selectFrom('refunds').select(['id', 'order_id', 'request_hash']).where('idempotency_key', '=', idempotencyKey).executeTakeFirst();
      if (earlier) {
        if (earlier.request_hash !== hash) throw new SamoohError('IDEMPOTENCY_KEY_REUSED', { key: idempotencyKey });
        return { refundId: earlier.id, order: await loadOrderView(tx.db, earlier.order_id), replayed: true };
      }
    }
    await terms.admissible?.(tx, order);
    const lines = await tx.db.selectFrom('order_lines').selectAll().where('order_id', '=', order.id).orderBy('line_no').execute();
    const requested = input.lines ?? lines.map((line) => ({ lineNo: line.line_no, quantity: line.quantity - line.refunded_quantity })).filter((l) => l.quantity > 0);
    if (requested.length === 0) throw new SamoohError('ORDER_FULLY_REFUNDED', { order: order.number });

    const refundLines = requested.map((request) => {
      const line = lines.find((candidate) => candidate.line_no === request.lineNo);
      if (!line) throw new SamoohError('REFUND_LINE_NOT_FOUND', { order: order.number, line: request.lineNo });
      const refundable = line.quantity - line.refunded_quantity;
      const alreadyAsked = requested.filter((r) => r.lineNo === request.lineNo).reduce((total, r) => total + r.quantity, 0);
      if (alreadyAsked > refundable) {
        throw new SamoohError('REFUND_EXCEEDS_ORDER', { line: request.lineNo, requested: alreadyAsked, refundable });
      }
      return {
        line,
        quantity: request.quantity,
        // The money goes back at the policy's share of the price; the volume goes in full.
        amount: shareOf(line.unit_price * request.quantity, terms.sharePpm),
        qv: volumeTimes(line.unit_qv, request.quantity),
        cv: volumeTimes(line.unit_cv, request.quantity),
      };
    });

    const company = await getCompany(tx.db);
    // Shares the lock a commit takes on the period: a refund lands either before the commit (the run is then stale) or after it (a clawback).
    const orderPeriod = await tx.db.selectFrom('periods').selectAll().where('id', '=', order.period_id).forShare().executeTakeFirstOrThrow();
    const period = orderPeriod.status === 'open' ? orderPeriod : await requireOpenPeriodFor(tx.db, businessDate(company, new Date()));
    const totals = lineTotals(refundLines);
    const amount = totals.amount;

    const refund = await tx.db
      .insertInto('refunds')
      .values({
        order_id: order.id,
        period_id: period.id,
        reason: input.reason.trim(),
        amount,
        qv: totals.qv,
        cv: totals.cv,
        idempotency_key: idempotencyKey ?? null,
        request_hash: idempotencyKey ? hash : null,
        created_by: ctx.actor.id,
        clawback: orderPeriod.status === 'committed' || orderPeriod.status === 'paid',
        kind: terms.kind,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const line of refundLines) {
      await tx.db
        .insertInto('refund_lines')
        .values({ refund_id: refund.id, order_line_id: line.line.id, quantity: line.quantity, amount: line.amount, qv: line.qv, cv: line.cv })
        .onConflict((oc) => oc.columns(['refund_id', 'order_line_id']).doUpdateSet((eb) => ({
          quantity: eb('refund_lines.quantity', '+', line.quantity),
          amount: eb('refund_lines.amount', '+', line.amount),
          qv: eb('refund_lines.qv', '+', line.qv),
          cv: eb('refund_lines.cv', '+', line.cv),
        })))
        .execute();
      await tx.db
        .updateTable('order_lines')
        .set((eb) => ({ refunded_quantity: eb('refunded_quantity', '+', line.quantity) }))
        .where('id', '=', line.line.id)
        .execute();
    }
    const refundedAmount = order.refunded_amount + amount;
    // A buy-back returns every unit for less than was paid: the order is refunded once nothing is left to return.
    const fully = (refundedAmount >= order.amount || terms.kind === 'buy_back') && (await fullyReturned(tx, order.id));
    await tx.db
      .updateTable('orders')
      .set({ refunded_amount: refundedAmount, status: fully ? 'refunded' : 'partially_refunded' })
      .where('id', '=', order.id)
      .execute();
    await stockAfterRefund(tx, order.id, refundLines.map((l) => ({ product_id: l.line.product_id, sku: l.line.sku, quantity: l.quantity })), { restock: input.restock ?? false, fullyRefunded: await fullyReturned(tx, order.id), reason: input.reason.trim() });
    // In the order's own open period the volume simply goes; later refunds are clawed back by the commission run.
    if (period.id === order.period_id) await recordVolumeChange(tx.db, { periodId: period.id, memberId: order.credited_id, qv: -totals.qv, cv: -totals.cv, refundId: refund.id });
    await writeAudit(tx, { action: 'order.refunded', entity: 'order', entityId: order.id, reason: input.reason, after: { refundId: refund.id, amount, periodId: period.id, kind: terms.kind } });
    await afterOrderRefunded(tx, refund.id, order.id);
    return { refundId: refund.id, order: await loadOrderView(tx.db, order.id), replayed: false };
  });
}

async function fullyReturned(ctx: RequestContext, orderId: number): Promise<boolean> {
  const open = await ctx.db.selectFrom('order_lines').select('id').where('order_id', '=', orderId).whereRef('refunded_quantity', '<', 'quantity').executeTakeFirst();
  return open === undefined;
}
