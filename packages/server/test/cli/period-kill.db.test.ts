import { spawn } from 'node:child_process';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/services/auth/users.ts';
import { calculatePeriod } from '../../src/services/commissions/calculate-period.ts';
import { seedDemo } from '../../src/services/demo/seed-demo.ts';
import { ledgerProblems } from '../commissions/support.ts';
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

/**
 * Starts `samooh period commit` and kills it with SIGKILL the moment its transaction has
 * written something (PostgreSQL gives the transaction an id at its first write) and is
 * running the statement named; resolves with how it ended.
 */
async function commitAndKillMidway(database: TestDatabase, runId: number, statement: RegExp): Promise<'killed' | 'finished'> {
  const appName = `samooh-commit-${runId}-${Date.now()}`;
  const child = spawn(process.execPath, [BIN, 'period', 'commit', String(runId), '--as', 'finance@samooh.test'], {
    env: { ...process.env, DATABASE_URL: database.url!, PGAPPNAME: appName }, stdio: 'ignore',
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let done = false;
  void exited.then(() => { done = true; });
  while (!done) {
    const { rows } = await sql<{ query: string }>`
      SELECT query FROM pg_stat_activity WHERE application_name = ${appName} AND backend_xid IS NOT NULL AND state = 'active'`.execute(database.handle.db);
    if (rows.some((row) => statement.test(row.query))) {
      child.kill('SIGKILL');
      await exited;
      return 'killed';
    }
  }
  expect(await exited).toBe(0);
  return 'finished';
}

describe.skipIf(TEST_DB !== 'postgres')('a commit killed midway', () => {
  let database: TestDatabase;
  let runId: number;

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedDemo(database.handle, { members: 4000, months: 2, seed: 11, until: '2026-10-20' });
    const period = await database.handle.db.selectFrom('periods').select('id').orderBy('start_date').limit(1).executeTakeFirstOrThrow();
    for (const email of ['finance@samooh.test', 'approver@samooh.test']) await createUser(database.ctx, { email, roles: ['finance'], password: 'period-kill-password-42' });
    ({ runId } = await calculatePeriod(database.handle, { kind: 'user', id: 1, label: 'user:calculator', roles: ['finance'] }, period.id));
    const approved = await runSamooh({ ...process.env, DATABASE_URL: database.url! }, ['period', 'approve', String(runId), '--as', 'approver@samooh.test']);
    expect(approved.code, approved.stderr).toBe(0);
  }, 180_000);
  afterAll(() => database?.drop());

  const state = async () => {
    const { rows } = await sql<{ run: string; period: string; transactions: number; entries: number; members: number }>`
      SELECT r.status AS run, p.status AS period,
             (SELECT count(*)::int FROM ledger_transactions t WHERE t.commission_run_id = r.id) AS transactions,
             (SELECT count(*)::int FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.transaction_id WHERE t.commission_run_id = r.id) AS entries,
             (SELECT count(*)::int FROM commission_run_members m WHERE m.run_id = r.id AND m.earned <> 0) AS members
        FROM commission_runs r JOIN periods p ON p.id = r.period_id WHERE r.id = ${runId}`.execute(database.handle.db);
    return rows[0]!;
  };

  it('posts nothing when killed inside its transaction, then commits once, and a repeat posts nothing', async () => {
    for (const statement of [/ledger_transactions/, /ledger_entries/]) {
      expect(await commitAndKillMidway(database, runId, statement)).toBe('killed');
      expect(await state()).toMatchObject({ run: 'approved', period: 'approved', transactions: 0, entries: 0 });
    }
    const committed = await runSamooh({ ...process.env, DATABASE_URL: database.url! }, ['period', 'commit', String(runId), '--as', 'finance@samooh.test']);
    expect(committed.code, committed.stderr).toBe(0);
    const after = await state();
    expect(after).toMatchObject({ run: 'committed', period: 'committed' });
    expect(after.members).toBeGreaterThan(100);
    expect(after.transactions).toBe(after.members);
    expect(await ledgerProblems(database.ctx)).toEqual([]);
    const again = await runSamooh({ ...process.env, DATABASE_URL: database.url! }, ['period', 'commit', String(runId), '--as', 'finance@samooh.test']);
    expect(again.code).toBe(0);
    expect(await state()).toEqual(after);
  }, 180_000);
});
