import { hostname } from 'node:os';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/schema.ts';
import { SYSTEM_ACTOR, type RequestContext } from '../services/context.ts';
import { claimJob, completeJob, failJob, heartbeat, requeueStaleJobs, type JobRow } from './job-queue.ts';

export type JobHandler = (ctx: RequestContext, payload: unknown, job: JobRow) => Promise<void>;

export interface WorkerOptions {
  db: Kysely<Database>;
  log: Logger;
  handlers: Record<string, JobHandler>;
  /** How long to sleep when the queue is empty. */
  idleMs?: number;
  /** A running job older than this is presumed abandoned. */
  staleAfterSeconds?: number;
  /** The handlers' clock (tests fix it); the system clock by default. */
  clock?: () => Date;
}

/**
 * Works the job table: claims one due job at a time, runs its handler in its
 * own transaction, and records success, a retry with back-off, or failure.
 */
export class JobWorker {
  readonly name = `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
  #running = false;
  #stopped: Promise<void> = Promise.resolve();

  constructor(private readonly options: WorkerOptions) {}

  /** Runs due jobs until none is left; returns how many ran. */
  async drain(): Promise<number> {
    let ran = 0;
    while (await this.runOne()) ran++;
    return ran;
  }

  /** Claims and runs one due job; false when there is none. */
  async runOne(): Promise<boolean> {
    const { db, log, handlers } = this.options;
    const job = await claimJob(db, this.name, Object.keys(handlers));
    if (!job) return false;
    const handler = handlers[job.kind]!;
    const beat = setInterval(() => void heartbeat(db, job.id, this.name).catch(() => undefined), (this.options.staleAfterSeconds ?? 600) * 250);
    try {
      await db.transaction().execute((tx) => handler({ db: tx, actor: { ...SYSTEM_ACTOR, label: `job:${job.kind}` }, language: 'en', log, ...(this.options.clock ? { clock: this.options.clock } : {}) }, job.payload, job));
      await completeJob(db, job.id, this.name);
    } catch (error) {
      const outcome = await failJob(db, job, this.name, error instanceof Error ? error.message : String(error));
      log.warn({ jobId: job.id, kind: job.kind, attempt: job.attempts, outcome, err: error }, 'job failed');
    } finally {
      clearInterval(beat);
    }
    return true;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#stopped = this.#loop();
  }

  async stop(): Promise<void> {
    this.#running = false;
    await this.#stopped;
  }

  async #loop(): Promise<void> {
    const { db, log, idleMs = 1000, staleAfterSeconds = 600 } = this.options;
    while (this.#running) {
      try {
        await requeueStaleJobs(db, staleAfterSeconds);
        if (!(await this.runOne())) await new Promise((resolve) => setTimeout(resolve, idleMs));
      } catch (error) {
        log.error({ err: error }, 'job worker could not reach the database');
        await new Promise((resolve) => setTimeout(resolve, idleMs));
      }
    }
  }
}
