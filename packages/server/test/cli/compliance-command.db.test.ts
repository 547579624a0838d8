import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open-database.ts';
import { approveRun } from '../../src/services/commissions/approve-run.ts';
import { calculatePeriod } from '../../src/services/commissions/calculate-period.ts';
import { commitRun } from '../../src/services/commissions/commit-run.ts';
import { as, closedMonthWithOrders, user } from '../commissions/support.ts';
import { RANKED_PLAN } from '../compliance/support.ts';
import { runSamooh } from '../support/run-samooh.ts';
import { createTestDatabase, systemContext, TEST_DB, type TestDatabase } from '../support/test-database.ts';

const dir = mkdtempSync(join(tmpdir(), 'samooh-compliance-'));
let database: TestDatabase | undefined;
let env: NodeJS.ProcessEnv;
let periodId = 0;
/** Each command starts a process that opens (on PGlite: loads) the database. */
const SLOW = 240_000;

beforeAll(async () => {
  const base: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn' };
  delete base.DATABASE_URL;
  if (TEST_DB === 'postgres') {
    database = await createTestDatabase();
    env = { ...base, DATABASE_URL: database.url };
  } else {
    env = { ...base, SAMOOH_DATA_DIR: join(dir, 'data') };
  }
  // A committed period on the database the command will open.
  const { handle } = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.SAMOOH_DATA_DIR ?? '' });
  try {
    const ctx = systemContext(handle);
    const company = await closedMonthWithOrders(ctx, RANKED_PLAN);
    periodId = company.period.id;
    const { runId } = await calculatePeriod(handle, user(1), periodId);
    await approveRun(as(ctx, 2), runId);
    await commitRun(as(ctx, 2), runId);
  } finally {
    await handle.close();
  }
}, 120_000);
afterAll(async () => database?.drop());

describe('samooh compliance', () => {
  it('scan --period stores the flags once, however often it runs', async () => {
    const first = await runSamooh(env, ['compliance', 'scan', '--period', String(periodId)]);
    expect(first.code).toBe(0);
    const result = JSON.parse(first.stdout);
    // Customers bought 4 of 59.5 CV: 6.72%, an alert.
    expect(result.measures.customerShare).toMatchObject({ customerCv: 4, totalCv: 59.5, customerSharePercent: 6.72 });
    expect(result.flags.added).toBe(result.flags.raised);
    expect(result.flags.byKind.customer_share).toBe(1);
    const second = JSON.parse((await runSamooh(env, ['compliance', 'scan', '--period', String(periodId)])).stdout);
    expect(second.flags).toMatchObject({ raised: result.flags.raised, added: 0, dropped: 0 });
  }, SLOW);

  it('disclosure writes the statement as CSV or a Hindi page, and refuses an unknown period with its code', async () => {
    const out = join(dir, 'disclosure.csv');
    expect((await runSamooh(env, ['compliance', 'disclosure', '--from', String(periodId), '--format', 'csv', '--out', out])).code).toBe(0);
    // A 410 and B 2500 (the root is not a participant).
    expect(readFileSync(out, 'utf8')).toContain('All participants,2,100%,0,1455,1455,410,410,2500,2500,410,2500,2910');
    const hindi = await runSamooh(env, ['compliance', 'disclosure', '--from', String(periodId), '--format', 'html', '--language', 'hi']);
    expect(hindi.stdout).toContain('आय प्रकटीकरण विवरण');
    const unknown = await runSamooh(env, ['compliance', 'disclosure', '--from', '999999']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('PERIOD_NOT_FOUND');
  }, SLOW);

  it('checklist prints each check and exits 2 while some do not hold', async () => {
    const checklist = await runSamooh(env, ['compliance', 'checklist']);
    expect(checklist.code).toBe(2);
    expect(checklist.stdout).toContain('✓ No joining fee is charged');
    expect(checklist.stdout).toContain('✗ A cooling-off window is configured');
    expect(checklist.stdout).toContain('2 of 4 hold.');
  }, SLOW);
});
