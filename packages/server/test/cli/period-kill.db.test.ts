import { spawn } from 'node:child_process';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/services/demo/seed-demo.ts';
import { createTestDatabase, TEST_DB, type TestDatabase } from '../support/test-database.ts';
import { runSamooh } from '../support/run-samooh.ts';

const BIN = new URL('../../bin/samooh.js', import.meta.url).pathname;

/** Starts `samooh period calculate` and kills it with SIGKILL after the given time; resolves when it is gone. */
function calculateAndKill(url: string, periodId: number, afterMs: number): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'period', 'calculate', String(periodId)], { env: { ...process.env, DATABASE_URL: url }, stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), afterMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

// Another process must reach the same database: PostgreSQL only (PGlite in memory belongs to this process).
describe.skipIf(TEST_DB !== 'postgres')('a period calculation killed midway', () => {
  let database: TestDatabase;
  let periodId: number;

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedDemo(database.handle, { members: 4000, months: 2, seed: 7, until: '2026-10-20' });
    periodId = (await database.handle.db.selectFrom('periods').select('id').orderBy('start_date').limit(1).executeTakeFirstOrThrow()).id;
  }, 120_000);
  afterAll(() => database?.drop());

  const state = async () => {
    const { rows } = await sql<{ status: string; runs: number; complete: number }>`
      SELECT p.status,
             (SELECT count(*)::int FROM commission_runs r WHERE r.period_id = p.id) AS runs,
             (SELECT count(*)::int FROM commission_runs r WHERE r.period_id = p.id
                 -- A superseded preview keeps its member outcomes but not its lines.
                 AND (r.status = 'superseded' OR r.line_count = (SELECT count(*) FROM commission_lines l WHERE l.run_id = r.id))
                 AND EXISTS (SELECT 1 FROM commission_run_members m WHERE m.run_id = r.id)) AS complete
        FROM periods p WHERE p.id = ${periodId}`.execute(database.handle.db);
    return rows[0]!;
  };

  it('leaves either nothing or a whole run, whenever it dies; then completes once', async () => {
    // Time one whole calculation (process start included), then kill others at points through it.
    const started = Date.now();
    expect((await runSamooh({ ...process.env, DATABASE_URL: database.url! }, ['period', 'calculate', String(periodId)])).code).toBe(0);
    const whole = Date.now() - started;
    const outcomes: string[] = [];
    for (const share of [0.3, 0.5, 0.7, 0.85, 0.95]) {
      const afterMs = Math.round(whole * share);
      const code = await calculateAndKill(database.url!, periodId, afterMs);
      const now = await state();
      // Every run that exists is whole, and the period is calculated exactly when one does.
      expect(now.complete).toBe(now.runs);
      expect(now.status).toBe(now.runs > 0 ? 'calculated' : 'closed');
      outcomes.push(`${afterMs} ms: ${code === 0 ? 'finished' : 'killed'}`);
    }
    const finished = await runSamooh({ ...process.env, DATABASE_URL: database.url! }, ['period', 'calculate', String(periodId)]);
    expect(finished.code).toBe(0);
    const run = JSON.parse(finished.stdout) as { run: number; inputHash: string };
    const after = await state();
    expect(after.complete).toBe(after.runs);
    // Runs that finished before are superseded by the last; the last one is the only preview.
    const previews = await database.handle.db.selectFrom('commission_runs').select(['id', 'input_hash']).where('period_id', '=', periodId).where('status', '=', 'preview').execute();
    expect(previews).toEqual([{ id: run.run, input_hash: run.inputHash }]);
    console.log(`period calculation (whole: ${whole} ms) killed at ${outcomes.join(', ')}`);
  }, 180_000);
});
