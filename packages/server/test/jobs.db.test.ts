import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimJob, enqueueJob } from '../src/jobs/job-queue.ts';
import { JobWorker, type JobHandler } from '../src/jobs/worker.ts';
import { createTestDatabase, silentLogger, TEST_DB, type TestDatabase } from './support/test-database.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.drop());

const jobs = async () => (await sql<{ id: number; kind: string; status: string; attempts: number; last_error: string | null }>`SELECT id, kind, status, attempts, last_error FROM jobs ORDER BY id`.execute(database.handle.db)).rows;

describe('the job table', () => {
  it('runs a job in a transaction with what it writes, and records it done', async () => {
    const handlers: Record<string, JobHandler> = {
      'audit.note': async (ctx, payload) => {
        await ctx.db.insertInto('audit_log').values({ actor: ctx.actor.label, action: 'note', entity: 'test', entity_id: String((payload as { n: number }).n), before: null, after: null }).execute();
      },
    };
    const id = await enqueueJob(database.handle.db, 'audit.note', { n: 7 });
    const worker = new JobWorker({ db: database.handle.db, log: silentLogger, handlers });
    expect(await worker.drain()).toBe(1);
    expect((await jobs()).find((job) => job.id === id)).toMatchObject({ status: 'done', attempts: 1 });
    const note = await database.handle.db.selectFrom('audit_log').selectAll().where('action', '=', 'note').executeTakeFirstOrThrow();
    expect(note).toMatchObject({ actor: 'job:audit.note', entity_id: '7' });
  });

  it('retries a failing job later and fails it after its last attempt, undoing its writes', async () => {
    let calls = 0;
    const handlers: Record<string, JobHandler> = {
      'always.fails': async (ctx) => {
        calls++;
        await ctx.db.insertInto('audit_log').values({ actor: 'x', action: 'half-written', entity: 'test', entity_id: '1', before: null, after: null }).execute();
        throw new Error('bank is down');
      },
    };
    const id = await enqueueJob(database.handle.db, 'always.fails', {}, { maxAttempts: 2 });
    const worker = new JobWorker({ db: database.handle.db, log: silentLogger, handlers });
    expect(await worker.drain()).toBe(1); // the retry waits 10 s, so it is not due yet
    expect((await jobs()).find((job) => job.id === id)).toMatchObject({ status: 'queued', attempts: 1, last_error: 'bank is down' });
    await sql`UPDATE jobs SET run_at = now() WHERE id = ${id}`.execute(database.handle.db);
    expect(await worker.drain()).toBe(1);
    expect((await jobs()).find((job) => job.id === id)).toMatchObject({ status: 'failed', attempts: 2 });
    expect(calls).toBe(2);
    expect(await database.handle.db.selectFrom('audit_log').selectAll().where('action', '=', 'half-written').execute()).toEqual([]);
  });

  it('enqueues once per dedupe key', async () => {
    const a = await enqueueJob(database.handle.db, 'statement.mail', { member: 1 }, { dedupeKey: 'statement:1:2026-11' });
    const b = await enqueueJob(database.handle.db, 'statement.mail', { member: 1 }, { dedupeKey: 'statement:1:2026-11' });
    expect(a).toBe(b);
  });

  it.runIf(TEST_DB === 'postgres')('lets concurrent workers claim different jobs, never the same one', async () => {
    for (let i = 0; i < 20; i++) await enqueueJob(database.handle.db, 'parallel.work', { i });
    const claims = await Promise.all(Array.from({ length: 8 }, (_, w) => database.handle.db.transaction().execute(async (tx) => {
      const mine = [];
      for (;;) {
        const job = await claimJob(tx, `w${w}`, ['parallel.work']);
        if (!job) return mine;
        mine.push(job.id);
      }
    })));
    const all = claims.flat();
    expect(all).toHaveLength(20);
    expect(new Set(all).size).toBe(20);
  });
});
