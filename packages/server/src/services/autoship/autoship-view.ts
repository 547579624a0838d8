import type { Db } from '../context.ts';
import type { AutoshipRow } from './find-autoship.ts';

/** An autoship as the API shows it: items with today's catalogue QV, the next due date and the months already handled. */
export async function loadAutoshipView(db: Db, row: AutoshipRow) {
  const member = await db.selectFrom('members').select(['id', 'code', 'name']).where('id', '=', row.member_id).executeTakeFirstOrThrow();
  const items = await db.selectFrom('autoship_items as i').innerJoin('products as p', 'p.id', 'i.product_id')
    .select(['i.line_no', 'p.id', 'p.sku', 'p.qv', 'p.active', 'i.quantity']).where('i.autoship_id', '=', row.id).orderBy('i.line_no').execute();
  const occurrences = await db.selectFrom('autoship_occurrences as a').leftJoin('orders as o', 'o.id', 'a.order_id')
    .select(['a.month', 'a.due_date', 'a.status', 'a.attempts', 'a.next_attempt_at', 'a.last_error', 'o.number'])
    .where('a.autoship_id', '=', row.id).orderBy('a.month', 'desc').limit(24).execute();
  const method = row.payment_method as { type: string; reference: string };
  return {
    id: row.id,
    member,
    status: row.status,
    dayOfMonth: row.day_of_month,
    nextRunDate: row.next_run_date,
    items: items.map((item) => ({ lineNo: item.line_no, product: { id: item.id, sku: item.sku, active: item.active }, quantity: item.quantity, qv: Math.round(item.qv * item.quantity * 100) / 100 })),
    qv: Math.round(items.reduce((sum, item) => sum + Math.round(item.qv * 100) * item.quantity, 0)) / 100,
    // The gateway's reference is shown by its last four characters only.
    paymentMethod: { type: method.type, reference: method.reference.length > 4 ? `••••${method.reference.slice(-4)}` : method.reference },
    shippingAddress: row.shipping_address as Record<string, string>,
    months: occurrences.map((o) => ({ month: o.month.slice(0, 7), dueDate: o.due_date, status: o.status, order: o.number, attempts: o.attempts, nextAttemptAt: o.next_attempt_at?.toISOString() ?? null, lastError: o.last_error })),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export type AutoshipView = Awaited<ReturnType<typeof loadAutoshipView>>;
