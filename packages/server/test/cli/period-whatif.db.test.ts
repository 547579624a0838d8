import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type DatabaseHandle } from '../../src/db/connection.ts';
import { migrate } from '../../src/db/migrate.ts';
import { approveRun } from '../../src/services/commissions/approve-run.ts';
import { calculatePeriod } from '../../src/services/commissions/calculate-period.ts';
import { commitRun } from '../../src/services/commissions/commit-run.ts';
import { as, closedMonthWithOrders, TWO_LEVEL_PLAN } from '../commissions/support.ts';
import { runSamooh } from '../support/run-samooh.ts';
import { createTestDatabase, systemContext, TEST_DB, type TestDatabase } from '../support/test-database.ts';

const dir = mkdtempSync(join(tmpdir(), 'samooh-whatif-'));
let database: TestDatabase | undefined;
let env: NodeJS.ProcessEnv;
let periodId = 0;

const samooh = (...args: string[]) => runSamooh(env, args, 120_000);
const draft = join(dir, 'draft.yaml');

/** A committed period (the two-level plan) in a database the command can open: PostgreSQL, or PGlite in a folder. */
beforeAll(async () => {
  const base: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn', NODE_ENV: 'production' };
  delete base.DATABASE_URL;
  let handle: DatabaseHandle;
  if (TEST_DB === 'postgres') {
    database = await createTestDatabase();
    handle = database.handle;
    env = { ...base, DATABASE_URL: database.url };
  } else {
    handle = await connect({ dataDir: join(dir, 'data') });
    await migrate(handle);
    env = { ...base, SAMOOH_DATA_DIR: join(dir, 'data') };
  }
  const ctx = systemContext(handle);
  const company = await closedMonthWithOrders(ctx);
  periodId = company.period.id;
  const { runId } = await calculatePeriod(handle, { kind: 'user', id: 1, label: 'user:1', roles: ['admin'] }, periodId);
  await approveRun(as(ctx, 2), runId);
  await commitRun(as(ctx, 2), runId);
  if (!database) await handle.close();
  writeFileSync(draft, TWO_LEVEL_PLAN.replace('levels: [10%, 5%]', 'levels: [20%]').replace('version: 1', 'version: 2'));
}, 180_000);
afterAll(async () => database?.drop());

describe('samooh period whatif', { timeout: 180_000 }, () => {
  it('prints the committed run against the draft, and the same as JSON', async () => {
    const text = await samooh('period', 'whatif', '--period', String(periodId), '--plan', draft);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/paid\s+33\.00 ->\s+36\.90\s+\(\+3\.90\)/);
    expect(text.stdout).toContain('members compared 3: 1 gain, 1 lose, 1 unchanged');
    const json = await samooh('period', 'whatif', '--period', String(periodId), '--plan', draft, '--json');
    expect(JSON.parse(json.stdout)).toMatchObject({ before: { paid: 3300 }, after: { paid: 3690 }, change: { paid: 390 } });
  });

  it('stores a plan version with plan load and prints the findings stored with it', async () => {
    const later = join(dir, 'later.yaml');
    writeFileSync(later, TWO_LEVEL_PLAN.replace('version: 1', 'version: 3').replace('2020-01-01', '2040-01-01'));
    const result = await samooh('plan', 'load', later);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('warning  cap  NO_PAYOUT_CAP: The plan has no overall payout cap');
    expect(result.stdout).toContain('Plan lint: 0 error(s), 1 warning(s); theoretical maximum payout 15% of CV.');
  });

  it('refuses a draft that fails validation with its paths, and exits 1', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, TWO_LEVEL_PLAN.replace('levels: [10%, 5%]', 'levels: [10%, 105%]'));
    const result = await samooh('period', 'whatif', '--period', String(periodId), '--plan', bad);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('PLAN_INVALID');
    expect(result.stderr).toContain('bonuses[1].levels[1]');
  });
});
