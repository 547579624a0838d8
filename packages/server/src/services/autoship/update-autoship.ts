import { sql } from 'kysely';
import { SamoohError } from '../../errors.ts';
import { writeAudit } from '../audit.ts';
import { businessDate, getCompany } from '../company/get-company.ts';
import { inTransaction, now, type RequestContext } from '../context.ts';
import type { ShippingAddress } from '../stock/reserve-stock.ts';
import { dueDateAfterMonth, monthStart, nextDueDate } from './autoship-dates.ts';
import { resolveAutoshipItems, writeAutoshipItems, type AutoshipItemInput } from './autoship-items.ts';
import { loadAutoshipView, type AutoshipView } from './autoship-view.ts';
import { requireAccessibleAutoship, requireAutoship, type AutoshipRow } from './find-autoship.ts';
import { paymentGateway, type PaymentMethod } from './payment-methods.ts';

export interface AutoshipChanges {
  items?: AutoshipItemInput[] | undefined;
  dayOfMonth?: number | undefined;
  paymentMethod?: PaymentMethod | undefined;
  shippingAddress?: ShippingAddress | undefined;
}

/** The first due date from today that is not a month already handled (placed, skipped, …). */
export async function nextOpenDueDate(ctx: RequestContext, row: Pick<AutoshipRow, 'id'>, dayOfMonth: number): Promise<string> {
  const today = businessDate(await getCompany(ctx.db), now(ctx));
  let due = nextDueDate(today, dayOfMonth);
  const handled = new Set((await ctx.db.selectFrom('autoship_occurrences').select('month').where('autoship_id', '=', row.id).where('month', '>=', monthStart(today)).execute()).map((o) => o.month));
  while (handled.has(monthStart(due))) due = dueDateAfterMonth(due, dayOfMonth);
  return due;
}

/** Changes what an autoship orders, on which day, how it is paid or where it goes; the next order uses the change. */
export async function updateAutoship(ctx: RequestContext, id: number, changes: AutoshipChanges): Promise<AutoshipView> {
  return inTransaction(ctx, async (tx) => {
    const row = await requireAccessibleAutoship(tx, id, true);
    if (row.status === 'cancelled') throw new SamoohError('AUTOSHIP_CANCELLED', { autoship: id });
    if (changes.dayOfMonth !== undefined && (!Number.isInteger(changes.dayOfMonth) || changes.dayOfMonth < 1 || changes.dayOfMonth > 31)) throw new SamoohError('AUTOSHIP_DAY_INVALID', { day: changes.dayOfMonth });
    const items = changes.items ? await resolveAutoshipItems(tx, changes.items) : null;
    if (changes.paymentMethod) paymentGateway(changes.paymentMethod.type);
    const day = changes.dayOfMonth ?? row.day_of_month;
    await tx.db.updateTable('autoships').set({
      day_of_month: day,
      ...(changes.dayOfMonth !== undefined && row.status === 'active' ? { next_run_date: await nextOpenDueDate(tx, row, day) } : {}),
      ...(changes.paymentMethod ? { payment_method: JSON.stringify(changes.paymentMethod) } : {}),
      ...(changes.shippingAddress ? { shipping_address: JSON.stringify(changes.shippingAddress) } : {}),
      updated_at: sql`now()`,
    }).where('id', '=', id).execute();
    if (items) await writeAutoshipItems(tx, id, items);
    await writeAudit(tx, { action: 'autoship.changed', entity: 'autoship', entityId: id, before: { dayOfMonth: row.day_of_month }, after: { dayOfMonth: day, items: changes.items?.length ?? null, paymentMethod: changes.paymentMethod?.type ?? null, address: changes.shippingAddress ? true : null } });
    return loadAutoshipView(tx.db, await requireAutoship(tx.db, id));
  });
}
