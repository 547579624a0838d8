import { sql } from 'kysely';
import type { Db } from '../services/context.ts';

export interface JobRow {
  id: number;
  kind: string;
  payload: unknown;
  attempts: number;
  max_attempts: number;
}

export interface EnqueueOptions {
  runAt?: Date;
  maxAttempts?: number;
  /** Enqueue at most once per key. */
  dedupeKey?: string;
}

/** Adds a job in the caller's transaction, so it exists exactly when the work that asked for it commits. */
export async function enqueueJob(db: Db, kind: string, payload: unknown = {}, options: EnqueueOptions = {}): Promise<number> {
  const inserted = await sql<{ id: number }>`
    INSERT INTO jobs (kind, payload, run_at, max_attempts, dedupe_key)
    VALUES (${kind}, ${JSON.stringify(payload)}::jsonb, ${options.runAt ?? new Date()}, ${options.maxAttempts ?? 5}, ${options.dedupeKey ?? null})
    ON CONFLICT (dedupe_key) DO NOTHING
    RETURNING id`.execute(db);
  if (inserted.rows[0]) return inserted.rows[0].id;
  const existing = await sql<{ id: number }>`SELECT id FROM jobs WHERE dedupe_key = ${options.dedupeKey!}`.execute(db);
  return existing.rows[0]!.id;
}

/**
 * Claims the oldest due job. SKIP LOCKED lets many workers on many servers
 * claim side by side without waiting for each other or taking the same job.
 */
export async function claimJob(db: Db, worker: string, kinds: readonly string[]): Promise<JobRow | undefined> {
  const claimed = await sql<JobRow>`
    UPDATE jobs SET status = 'running', locked_by = ${worker}, locked_at = now(), attempts = attempts + 1
     WHERE id = (
       SELECT id FROM jobs
        WHERE status = 'queued' AND run_at <= now() AND kind = ANY(${[...kinds]}::text[])
        ORDER BY run_at, id
        FOR UPDATE SKIP LOCKED
        LIMIT 1)
    RETURNING id, kind, payload, attempts, max_attempts`.execute(db);
  return claimed.rows[0];
}

/** Marks the job done, if this worker still holds it (a job taken back as stale belongs to another now). */
export async function completeJob(db: Db, id: number, worker: string): Promise<void> {
  await sql`UPDATE jobs SET status = 'done', finished_at = now(), locked_by = NULL WHERE id = ${id} AND locked_by = ${worker}`.execute(db);
}

/** Tells the queue this worker is still at the job, so it is not taken back as abandoned. */
export async function heartbeat(db: Db, id: number, worker: string): Promise<void> {
  await sql`UPDATE jobs SET locked_at = now() WHERE id = ${id} AND locked_by = ${worker}`.execute(db);
}

/** Delay before attempt n+1: 10 s, 40 s, 90 s, … capped at an hour. */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(3600, 10 * attempts * attempts);
}

/** A failed attempt waits and retries, until the job's attempts are used up. */
export async function failJob(db: Db, job: JobRow, worker: string, error: string, now = new Date()): Promise<'retrying' | 'failed'> {
  const final = job.attempts >= job.max_attempts;
  const runAt = new Date(now.getTime() + retryDelaySeconds(job.attempts) * 1000);
  await sql`
    UPDATE jobs SET status = ${final ? 'failed' : 'queued'}, last_error = ${error.slice(0, 2000)}, locked_by = NULL,
                    run_at = ${final ? sql`run_at` : runAt}, finished_at = ${final ? sql`now()` : null}
     WHERE id = ${job.id} AND locked_by = ${worker}`.execute(db);
  return final ? 'failed' : 'retrying';
}

/**
 * Jobs left running by a worker that died (no heartbeat past the timeout) go
 * back to the queue, or fail once their attempts are used up.
 */
export async function requeueStaleJobs(db: Db, olderThanSeconds: number): Promise<number> {
  const result = await sql`
    UPDATE jobs SET status = CASE WHEN attempts >= max_attempts THEN 'failed' ELSE 'queued' END,
                    finished_at = CASE WHEN attempts >= max_attempts THEN now() END,
                    locked_by = NULL, last_error = 'worker stopped before finishing'
     WHERE status = 'running' AND locked_at < now() - make_interval(secs => ${olderThanSeconds})`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
