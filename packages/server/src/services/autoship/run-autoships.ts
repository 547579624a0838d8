import { sql } from 'kysely';
import { enqueueJob } from '../../jobs/job-queue.ts';
import type { JobHandler } from '../../jobs/worker.ts';
import { businessDate, getCompany } from '../company/get-company.ts';
import { now, type RequestContext } from '../context.ts';
import { placeAutoships, type AutoshipOutcome } from './place-autoships.ts';

/** Due autoships per batch job: each batch is placed set-wise in one transaction (place-autoships.ts). */
export const AUTOSHIP_BATCH_SIZE = 500;
/** The sweep looks for due autoships (and payments to retry) this often. */
export const AUTOSHIP_SWEEP_MINUTES = 60;

/** Active autoships due on or before today, in the company's time zone, by id. */
export async function dueAutoshipIds(ctx: RequestContext): Promise<number[]> {
  const today = businessDate(await getCompany(ctx.db), now(ctx));
  const rows = await ctx.db.selectFrom('autoships').select('id').where('status', '=', 'active').where('next_run_date', '<=', today).orderBy('id').execute();
  return rows.map((row) => row.id);
}

/**
 * The sweep job: splits the due autoships into batch jobs any worker may run
 * side by side, and schedules the next sweep. The batch jobs are keyed by the
 * sweep's time and their first id, so a sweep that runs twice enqueues them once.
 */
export async function sweepAutoships(ctx: RequestContext): Promise<{ due: number; batches: number }> {
  const ids = await dueAutoshipIds(ctx);
  const at = now(ctx);
  const stamp = at.toISOString().slice(0, 13);
  let batches = 0;
  for (let i = 0; i < ids.length; i += AUTOSHIP_BATCH_SIZE) {
    const batch = ids.slice(i, i + AUTOSHIP_BATCH_SIZE);
    await enqueueJob(ctx.db, 'autoship.batch', { ids: batch }, { dedupeKey: `autoship.batch:${stamp}:${batch[0]}` });
    batches += 1;
  }
  await scheduleAutoshipSweep(ctx, new Date(at.getTime() + AUTOSHIP_SWEEP_MINUTES * 60_000));
  return { due: ids.length, batches };
}

/** Enqueues the sweep for the hour holding `at` (once per hour, whoever asks). */
export async function scheduleAutoshipSweep(ctx: RequestContext, at: Date = now(ctx)): Promise<number> {
  const hour = new Date(Math.floor(at.getTime() / 3_600_000) * 3_600_000);
  return enqueueJob(ctx.db, 'autoship.sweep', {}, { dedupeKey: `autoship.sweep:${hour.toISOString().slice(0, 13)}`, runAt: hour });
}

/** Places a list of autoships set-wise in the caller's transaction and counts the outcomes. */
export async function placeAutoshipBatch(ctx: RequestContext, ids: readonly number[]): Promise<Record<AutoshipOutcome, number>> {
  const counts: Record<AutoshipOutcome, number> = { placed: 0, retrying: 0, failed: 0, missed: 0, waiting: 0, 'not-due': 0 };
  for (const outcome of (await placeAutoships(ctx, ids)).values()) counts[outcome] += 1;
  return counts;
}

/** The worker's handlers for autoship jobs. */
export const autoshipJobHandlers: Record<string, JobHandler> = {
  'autoship.sweep': async (ctx) => {
    await sweepAutoships(ctx);
  },
  'autoship.batch': async (ctx, payload) => {
    const { ids } = payload as { ids: number[] };
    const counts = await placeAutoshipBatch(ctx, ids);
    ctx.log.info({ ...counts }, 'autoship batch');
  },
};

/** How many autoship months are in each state (for the benchmark and checks). */
export async function autoshipOccurrenceCounts(ctx: RequestContext, month: string): Promise<Record<string, number>> {
  const rows = await sql<{ status: string; n: number }>`SELECT status, count(*)::int AS n FROM autoship_occurrences WHERE month = ${month}::date GROUP BY status`.execute(ctx.db);
  return Object.fromEntries(rows.rows.map((row) => [row.status, row.n]));
}
