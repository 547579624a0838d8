import type { Db } from '../context.ts';
import { SamoohError } from '../../errors.ts';

/** Loads an order with its lines, refunds and the people on it, as the API shows it. */
export async function loadOrderView(db: Db, orderId: number) {
  const [view] = await loadOrderViews(db, [orderId]);
  if (!view) throw new SamoohError('ORDER_NOT_FOUND', { order: String(orderId) });
  return view;
}

/** Loads several orders as the API shows them, in three queries, in the order of `orderIds` (unknown ids are left out). */
export async function loadOrderViews(db: Db, orderIds: readonly number[]) {
  if (orderIds.length === 0) return [];
  const orders = await db
    .selectFrom('orders as o')
    .innerJoin('members as b', 'b.id', 'o.buyer_id')
    .innerJoin('members as c', 'c.id', 'o.credited_id')
    .innerJoin('periods as p', 'p.id', 'o.period_id')
    .selectAll('o')
    .select(['b.code as buyer_code', 'b.name as buyer_name', 'b.type as buyer_type', 'c.code as credited_code', 'c.name as credited_name', 'p.start_date', 'p.end_date'])
    .where('o.id', 'in', orderIds)
    .execute();
  const allLines = await db.selectFrom('order_lines').selectAll().where('order_id', 'in', orderIds).orderBy('order_id').orderBy('line_no').execute();
  const allRefunds = await db.selectFrom('refunds').selectAll().where('order_id', 'in', orderIds).orderBy('id').execute();
  const refundLines = allRefunds.length
    ? await db.selectFrom('refund_lines').selectAll().where('refund_id', 'in', allRefunds.map((r) => r.id)).execute()
    : [];
  const byId = new Map(orders.map((order) => [order.id, order]));
  const group = <T extends { order_id: number }>(rows: T[]) => {
    const grouped = new Map<number, T[]>();
    for (const row of rows) grouped.set(row.order_id, [...(grouped.get(row.order_id) ?? []), row]);
    return grouped;
  };
  const linesOf = group(allLines);
  const refundsOf = group(allRefunds);
  return orderIds.flatMap((orderId) => {
    const order = byId.get(orderId);
    if (!order) return [];
    const lines = linesOf.get(orderId) ?? [];
    const refunds = refundsOf.get(orderId) ?? [];
    const lineNo = new Map(lines.map((line) => [line.id, line.line_no]));
    return [{
      id: order.id,
      number: order.number,
      buyer: { id: order.buyer_id, code: order.buyer_code, name: order.buyer_name, type: order.buyer_type },
      credited: { id: order.credited_id, code: order.credited_code, name: order.credited_name },
      period: { id: order.period_id, start: order.start_date, end: order.end_date },
      businessDate: order.business_date,
      status: order.status,
      currency: order.currency,
      priceTier: order.price_tier,
      amount: order.amount,
      wholesaleAmount: order.wholesale_amount,
      qv: order.qv,
      cv: order.cv,
      refundedAmount: order.refunded_amount,
      createdAt: order.created_at.toISOString(),
      lines: lines.map((line) => ({
        id: line.id,
        lineNo: line.line_no,
        productId: line.product_id,
        sku: line.sku,
        quantity: line.quantity,
        unitPrice: line.unit_price,
        unitWholesale: line.unit_wholesale,
        unitQv: line.unit_qv,
        unitCv: line.unit_cv,
        amount: line.amount,
        qv: line.qv,
        cv: line.cv,
        refundedQuantity: line.refunded_quantity,
      })),
      refunds: refunds.map((refund) => ({
        id: refund.id,
        periodId: refund.period_id,
        reason: refund.reason,
        kind: refund.kind,
        amount: refund.amount,
        qv: refund.qv,
        cv: refund.cv,
        createdAt: refund.created_at.toISOString(),
        lines: refundLines
          .filter((line) => line.refund_id === refund.id)
          .map((line) => ({ lineNo: lineNo.get(line.order_line_id) ?? null, quantity: line.quantity, amount: line.amount, qv: line.qv, cv: line.cv }))
          .sort((a, b) => (a.lineNo ?? 0) - (b.lineNo ?? 0)),
      })),
    }];
  });
}

export type OrderView = Awaited<ReturnType<typeof loadOrderView>>;
