import { sql } from 'kysely';
import { SamoohError } from '../../errors.ts';
import { writeAudit } from '../audit.ts';
import { businessDate, getCompany } from '../company/get-company.ts';
import { inTransaction, now, type RequestContext } from '../context.ts';
import { dueDateAfterMonth, dueDateInMonth, monthStart } from './autoship-dates.ts';
import { loadAutoshipView, type AutoshipView } from './autoship-view.ts';
import { requireAccessibleAutoship, requireAutoship } from './find-autoship.ts';
import { nextOpenDueDate } from './update-autoship.ts';

/** Pause (no orders until resumed), resume (from the next due date), cancel (for good). */
export async function changeAutoshipStatus(ctx: RequestContext, id: number, action: 'pause' | 'resume' | 'cancel'): Promise<AutoshipView> {
  return inTransaction(ctx, async (tx) => {
    const row = await requireAccessibleAutoship(tx, id, true);
    const allowed = { pause: ['active'], resume: ['paused'], cancel: ['active', 'paused'] }[action];
    if (!allowed.includes(row.status)) throw new SamoohError('AUTOSHIP_TRANSITION_INVALID', { autoship: id, status: row.status, action });
    const set = action === 'pause'
      ? { status: 'paused' as const }
      : action === 'resume'
        ? { status: 'active' as const, next_run_date: await nextOpenDueDate(tx, row, row.day_of_month) }
        : { status: 'cancelled' as const, next_run_date: null, cancelled_at: now(tx) };
    await tx.db.updateTable('autoships').set({ ...set, updated_at: sql`now()` }).where('id', '=', id).execute();
    // A payment still being retried stops with the autoship.
    if (action !== 'resume') await tx.db.updateTable('autoship_occurrences').set({ status: 'failed', next_attempt_at: null, last_error: `autoship ${set.status}`, updated_at: sql`now()` }).where('autoship_id', '=', id).where('status', '=', 'retrying').execute();
    await writeAudit(tx, { action: `autoship.${action}`, entity: 'autoship', entityId: id, before: { status: row.status }, after: { status: set.status } });
    return loadAutoshipView(tx.db, await requireAutoship(tx.db, id));
  });
}

/**
 * Skips one month (YYYY-MM): no order that month. The month must be this one
 * or later, not already handled; if it is the next due month, the next order
 * moves to the month after.
 */
export async function skipAutoshipMonth(ctx: RequestContext, id: number, month: string): Promise<AutoshipView> {
  return inTransaction(ctx, async (tx) => {
    const row = await requireAccessibleAutoship(tx, id, true);
    if (row.status === 'cancelled') throw new SamoohError('AUTOSHIP_CANCELLED', { autoship: id });
    const today = businessDate(await getCompany(tx.db), now(tx));
    const first = `${month}-01`;
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month) || first < monthStart(today)) throw new SamoohError('AUTOSHIP_SKIP_MONTH_INVALID', { month });
    const inserted = await tx.db.insertInto('autoship_occurrences')
      .values({ autoship_id: id, month: first, due_date: dueDateInMonth(first, row.day_of_month), status: 'skipped' })
      .onConflict((oc) => oc.columns(['autoship_id', 'month']).doNothing()).returning('month').executeTakeFirst();
    if (!inserted) throw new SamoohError('AUTOSHIP_SKIP_MONTH_INVALID', { month });
    if (row.next_run_date !== null && monthStart(row.next_run_date) === first) {
      let next = dueDateAfterMonth(first, row.day_of_month);
      const handled = new Set((await tx.db.selectFrom('autoship_occurrences').select('month').where('autoship_id', '=', id).where('month', '>', first).execute()).map((o) => o.month));
      while (handled.has(monthStart(next))) next = dueDateAfterMonth(next, row.day_of_month);
      await tx.db.updateTable('autoships').set({ next_run_date: next, updated_at: sql`now()` }).where('id', '=', id).execute();
    }
    await writeAudit(tx, { action: 'autoship.skipped', entity: 'autoship', entityId: id, after: { month } });
    return loadAutoshipView(tx.db, await requireAutoship(tx.db, id));
  });
}
