import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSamooh } from '../support/run-samooh.ts';
import { createTestDatabase, TEST_DB, type TestDatabase } from '../support/test-database.ts';

const dir = mkdtempSync(join(tmpdir(), 'samooh-cli-'));
let database: TestDatabase | undefined;
let env: NodeJS.ProcessEnv;

/** The real samooh command, against this project's database. */
const samooh = (...args: string[]) => runSamooh(env, args);

beforeAll(async () => {
  const base: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn', NODE_ENV: 'production' };
  delete base.DATABASE_URL;
  if (TEST_DB === 'postgres') {
    // An empty database: the command migrates it itself.
    database = await createTestDatabase();
    await database.handle.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
    env = { ...base, DATABASE_URL: database.url };
  } else {
    env = { ...base, SAMOOH_DATA_DIR: join(dir, 'data') };
  }
});
afterAll(async () => database?.drop());

describe('the samooh command', { timeout: 180_000 }, () => {
  it('migrates, seeds the demo company, and refuses to seed twice', async () => {
    const migrated = await samooh('db', 'migrate');
    expect(migrated).toMatchObject({ code: 0, stdout: expect.stringContaining('0001_foundation.sql') });
    expect((await samooh('db', 'migrate')).stdout).toContain('up to date');

    const seeded = await samooh('seed', 'demo', '--members', '300', '--months', '2', '--until', '2026-11-15', '--seed', '7');
    expect(seeded.code, seeded.stderr).toBe(0);
    expect(seeded.stdout).toMatch(/Demo company ready: 300 members, \d+ orders, \d+ refunds, 2 periods/);
    const again = await samooh('seed', 'demo');
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already/i);
  });

  it('exports members and a period of orders as CSV', async () => {
    const members = join(dir, 'members.csv');
    expect((await samooh('export', 'members', members)).stdout).toBe(`Exported 300 members to ${members}.\n`);
    const lines = readFileSync(members, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(301);
    const orders = join(dir, 'orders.csv');
    const exported = await samooh('export', 'orders', '--period', '2026-11', orders);
    expect(exported.stdout).toMatch(/^Exported \d+ order lines of 2026-11-01 to 2026-11-30/);
    const missing = await samooh('export', 'orders', '--period', '1999-01', orders);
    expect(missing).toMatchObject({ code: 1, stderr: expect.stringContaining('PERIOD_NOT_FOUND') });
  });

  it('imports a good file and reports a bad one line by line with exit code 1', async () => {
    const good = join(dir, 'new-members.csv');
    writeFileSync(good, 'code,name,type,sponsor_code\nNEW-1,Neha,retail,SM100001\n');
    expect(await samooh('import', 'members', good)).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Imported 1 members from/) });

    const bad = join(dir, 'bad-members.csv');
    writeFileSync(bad, 'code,name,type,sponsor_code\nNEW-2,Om,retail,SM999999\nNEW-3,,retail,SM100001\n');
    const result = await samooh('import', 'members', bad);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('line 3, column name');
    expect(await samooh('import', 'customers', bad)).toMatchObject({ code: 1, stderr: expect.stringContaining('choose members, products or orders') });
  });

  it('explains bad usage', async () => {
    const result = await samooh('seed', 'demo', '--members', 'many');
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('expected a whole number');
  });
});
