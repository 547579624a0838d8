import { sql } from 'kysely';
import { SamoohError } from '../../errors.ts';
import { businessDate, getCompany, type Company } from '../company/get-company.ts';
import { SYSTEM_ACTOR, now, type RequestContext } from '../context.ts';
import { placeOrder } from '../orders/place-order.ts';
import type { ShippingAddress } from '../stock/reserve-stock.ts';
import { dueDateAfterMonth, monthStart } from './autoship-dates.ts';
import { paymentGateway, type PaymentMethod } from './payment-methods.ts';

/** A declined payment (or an order that cannot be placed now) is tried again after these many hours; after the last, the month fails. */
export const AUTOSHIP_RETRY_HOURS = [1, 6, 24] as const;
export const AUTOSHIP_MAX_ATTEMPTS = AUTOSHIP_RETRY_HOURS.length + 1;

export type AutoshipOutcome = 'placed' | 'retrying' | 'failed' | 'missed' | 'waiting' | 'not-due';

/**
 * Places one autoship's order for its due month, inside the caller's
 * transaction. Idempotent: the month's row in autoship_occurrences (unique per
 * subscription and month) and the order's idempotency key
 * (autoship:<id>:<month>) make a rerun, or two workers at once, place it once.
 *
 * The order is placed first under a savepoint, then its amount is charged; a
 * declined charge rolls the order back and schedules a retry with back-off
 * (AUTOSHIP_RETRY_HOURS); the last failure records a notification event for
 * the member. A month whose first attempt would fall in a later month (the
 * worker was down all that time) is not charged late: it is recorded as
 * missed. Retries of a declined payment go on past the month's end; the order
 * then counts on the day it is placed.
 */
export async function placeAutoship(ctx: RequestContext, autoshipId: number, company?: Company): Promise<AutoshipOutcome> {
  const at = now(ctx);
  company ??= await getCompany(ctx.db);
  const today = businessDate(company, at);
  const row = await ctx.db.selectFrom('autoships').selectAll().where('id', '=', autoshipId).forUpdate().executeTakeFirst();
  if (!row || row.status !== 'active' || row.next_run_date === null || row.next_run_date > today) return 'not-due';
  const month = monthStart(row.next_run_date);
  const advance = () => ctx.db.updateTable('autoships').set({ next_run_date: dueDateAfterMonth(month, row.day_of_month), updated_at: sql`now()` }).where('id', '=', autoshipId).execute();
  const occurrence = await ctx.db.selectFrom('autoship_occurrences').selectAll().where('autoship_id', '=', autoshipId).where('month', '=', month).forUpdate().executeTakeFirst();
  if (occurrence && occurrence.status !== 'retrying') {
    // Handled already (placed, skipped, …): only the next date was left behind.
    await advance();
    return 'not-due';
  }
  if (occurrence && occurrence.next_attempt_at! > at) return 'waiting';
  if (!occurrence && monthStart(today) > month) {
    await recordOccurrence(ctx, autoshipId, month, row.next_run_date, { status: 'missed', attempts: 0, error: 'not placed within its month' });
    await advance();
    return 'missed';
  }

  const attempt = (occurrence?.attempts ?? 0) + 1;
  const items = await ctx.db.selectFrom('autoship_items').select(['product_id', 'quantity']).where('autoship_id', '=', autoshipId).orderBy('line_no').execute();
  const method = row.payment_method as PaymentMethod;
  const system: RequestContext = { ...ctx, actor: { ...SYSTEM_ACTOR, label: `autoship:${autoshipId}` } };
  await sql`SAVEPOINT autoship_order`.execute(ctx.db);
  let failure: { code: string; message: string };
  try {
    const placed = await placeOrder(system, {
      buyer: row.member_id,
      items: items.map((item) => ({ product: item.product_id, quantity: item.quantity })),
      shippingAddress: row.shipping_address as ShippingAddress,
      warehouse: row.warehouse_id ?? undefined,
    }, `autoship:${autoshipId}:${month.slice(0, 7)}`);
    const charge = placed.replayed
      ? { ok: true as const }
      : await paymentGateway(method.type).charge({
        method, amount: placed.order.amount, currency: placed.order.currency,
        idempotencyKey: `autoship-${autoshipId}-${month.slice(0, 7)}-${attempt}`, description: `Autoship ${autoshipId} ${month.slice(0, 7)}, order ${placed.order.number}`,
      });
    if (charge.ok) {
      await sql`RELEASE SAVEPOINT autoship_order`.execute(ctx.db);
      await recordOccurrence(ctx, autoshipId, month, row.next_run_date, { status: 'placed', attempts: attempt, orderId: placed.order.id });
      await advance();
      return 'placed';
    }
    failure = { code: 'PAYMENT_DECLINED', message: charge.reason };
  } catch (error) {
    if (!(error instanceof SamoohError)) throw error;
    failure = { code: error.code, message: error.message };
  }
  await sql`ROLLBACK TO SAVEPOINT autoship_order`.execute(ctx.db);
  const error = `${failure.code}: ${failure.message}`.slice(0, 500);
  if (attempt < AUTOSHIP_MAX_ATTEMPTS) {
    const retryAt = new Date(at.getTime() + AUTOSHIP_RETRY_HOURS[attempt - 1]! * 3_600_000);
    await recordOccurrence(ctx, autoshipId, month, row.next_run_date, { status: 'retrying', attempts: attempt, error, retryAt });
    return 'retrying';
  }
  await recordOccurrence(ctx, autoshipId, month, row.next_run_date, { status: 'failed', attempts: attempt, error });
  await ctx.db.insertInto('notification_events').values({
    kind: failure.code === 'PAYMENT_DECLINED' ? 'autoship.payment_failed' : 'autoship.failed',
    member_id: row.member_id,
    payload: JSON.stringify({ autoshipId, month: month.slice(0, 7), attempts: attempt, code: failure.code, reason: failure.message }),
  }).execute();
  await advance();
  return 'failed';
}

async function recordOccurrence(ctx: RequestContext, autoshipId: number, month: string, dueDate: string, outcome: { status: 'placed' | 'missed' | 'retrying' | 'failed'; attempts: number; orderId?: number; error?: string; retryAt?: Date }): Promise<void> {
  const values = {
    status: outcome.status, attempts: outcome.attempts, order_id: outcome.orderId ?? null,
    last_error: outcome.error ?? null, next_attempt_at: outcome.retryAt ?? null,
  };
  await ctx.db.insertInto('autoship_occurrences').values({ autoship_id: autoshipId, month, due_date: dueDate, ...values })
    .onConflict((oc) => oc.columns(['autoship_id', 'month']).doUpdateSet({ ...values, updated_at: sql`now()` }))
    .execute();
}
