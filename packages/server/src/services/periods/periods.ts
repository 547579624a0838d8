import { assertCan } from '../auth/permissions.ts';
import { sql } from 'kysely';
import type { PeriodRow } from '../../db/schema.ts';
import { SamoohError } from '../../errors.ts';
import { writeAudit } from '../audit.ts';
import { businessDate, getCompany } from '../company/get-company.ts';
import { inTransaction, type Db, type RequestContext } from '../context.ts';
import { reverseCommittedRun } from '../commissions/reverse-run.ts';
import { supersedePreviews } from '../commissions/supersede-previews.ts';
import { monthAfter, monthOf } from './period-dates.ts';
import { nextPeriodStatus, periodActions, type PeriodAction } from './period-lifecycle.ts';

export function toPeriodView(row: PeriodRow) {
  return { id: row.id, start: row.start_date, end: row.end_date, status: row.status, actions: periodActions(row.status) };
}

export async function listPeriods(ctx: RequestContext) {
  assertCan(ctx, 'periods:read');
  const rows = await ctx.db.selectFrom('periods').selectAll().orderBy('start_date', 'desc').execute();
  return rows.map(toPeriodView);
}

/** The open period that covers a business date, if any. */
export async function openPeriodFor(db: Db, date: string): Promise<PeriodRow | undefined> {
  return db
    .selectFrom('periods')
    .selectAll()
    .where('start_date', '<=', date)
    .where('end_date', '>=', date)
    .where('status', '=', 'open')
    .executeTakeFirst();
}

export async function requireOpenPeriodFor(db: Db, date: string): Promise<PeriodRow> {
  const period = await openPeriodFor(db, date);
  if (!period) throw new SamoohError('NO_OPEN_PERIOD', { date });
  return period;
}

/**
 * Opens the period after the latest one (or, for a new company, the month
 * that contains today). Periods follow one another without gaps.
 */
export async function openNextPeriod(ctx: RequestContext, now = new Date()) {
  assertCan(ctx, 'periods:write');
  return inTransaction(ctx, async (tx) => {
    // One opener at a time: two admins pressing the button open one period.
    await sql`SELECT pg_advisory_xact_lock(7362542)`.execute(tx.db);
    const latest = await tx.db.selectFrom('periods').selectAll().orderBy('end_date', 'desc').limit(1).executeTakeFirst();
    const dates = latest ? monthAfter(latest.end_date) : monthOf(businessDate(await getCompany(tx.db), now));
    const period = await tx.db
      .insertInto('periods')
      .values({ start_date: dates.start, end_date: dates.end, status: 'open' })
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeAudit(tx, { action: 'period.opened', entity: 'period', entityId: period.id, after: toPeriodView(period) });
    return toPeriodView(period);
  });
}

/**
 * Moves a period along its lifecycle. Closing cuts it off from new orders;
 * reopening supersedes its preview runs and takes orders again.
 */
export async function changePeriodStatus(ctx: RequestContext, periodId: number, action: Extract<PeriodAction, 'close' | 'reopen' | 'pay'>, reason?: string) {
  assertCan(ctx, 'periods:write');
  return inTransaction(ctx, async (tx) => {
    const period = await tx.db.selectFrom('periods').selectAll().where('id', '=', periodId).forUpdate().executeTakeFirst();
    if (!period) throw new SamoohError('PERIOD_NOT_FOUND', { period: String(periodId) });
    if (action === 'reopen' && period.status === 'paid') throw new SamoohError('PERIOD_ALREADY_PAID', { period: period.id });
    // A period is paid when the bank has answered for every payout: none may still be on its way.
    if (action === 'pay' && (await tx.db.selectFrom('payouts').select('id').where('status', '=', 'pending').limit(1).executeTakeFirst())) {
      throw new SamoohError('PAYOUTS_PENDING', { period: period.id });
    }
    const status = nextPeriodStatus(period.status, action);
    if (action === 'reopen' && period.status === 'committed') await reverseCommittedRun(tx, period, reason);
    const updated = await tx.db.updateTable('periods').set({ status }).where('id', '=', period.id).returningAll().executeTakeFirstOrThrow();
    if (action === 'reopen') await supersedePreviews(tx.db, [period.id]);
    await writeAudit(tx, { action: `period.${action}`, entity: 'period', entityId: period.id, reason: reason ?? null, before: toPeriodView(period), after: toPeriodView(updated) });
    return toPeriodView(updated);
  });
}
