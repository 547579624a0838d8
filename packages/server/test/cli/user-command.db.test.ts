import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open-database.ts';
import { signIn } from '../../src/services/auth/sessions.ts';
import { SYSTEM_ACTOR } from '../../src/services/context.ts';
import { runSamooh } from '../support/run-samooh.ts';
import { createTestDatabase, TEST_DB, type TestDatabase } from '../support/test-database.ts';

const dir = mkdtempSync(join(tmpdir(), 'samooh-user-'));
let database: TestDatabase | undefined;
let env: NodeJS.ProcessEnv;
const config = () => ({ databaseUrl: env.DATABASE_URL, dataDir: env.SAMOOH_DATA_DIR ?? '' });

beforeAll(async () => {
  const base: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn', NODE_ENV: 'production' };
  delete base.DATABASE_URL;
  delete base.SAMOOH_OWNER_PASSWORD;
  if (TEST_DB === 'postgres') {
    database = await createTestDatabase();
    env = { ...base, DATABASE_URL: database.url };
  } else {
    env = { ...base, SAMOOH_DATA_DIR: join(dir, 'data') };
  }
});
afterAll(async () => database?.drop());

/** Signs in with the service, on the database the command used. */
async function canSignIn(email: string, password: string): Promise<boolean> {
  const { handle } = await openDatabase(config());
  try {
    await signIn({ db: handle.db, actor: SYSTEM_ACTOR, language: 'en', log: pino({ level: 'silent' }) }, { email, password, address: 'cli-test' });
    return true;
  } catch {
    return false;
  } finally {
    await handle.close();
  }
}

describe('samooh user create-owner', { timeout: 180_000 }, () => {
  it('creates an owner with a printed one-time password, or the one from SAMOOH_OWNER_PASSWORD', async () => {
    const printed = await runSamooh(env, ['user', 'create-owner', '--email', 'Founder@Example.com', '--name', 'Founder']);
    expect(printed.code, printed.stderr).toBe(0);
    expect(printed.stdout).toContain('Owner founder@example.com');
    const password = /One-time password: (\S+)/.exec(printed.stdout)?.[1];
    expect(password).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(await canSignIn('founder@example.com', password!)).toBe(true);

    const fromEnv = await runSamooh({ ...env, SAMOOH_OWNER_PASSWORD: 'chosen-by-the-operator' }, ['user', 'create-owner', '--email', 'founder@example.com']);
    expect(fromEnv.code, fromEnv.stderr).toBe(0);
    expect(fromEnv.stdout).not.toContain('One-time password');
    expect(await canSignIn('founder@example.com', 'chosen-by-the-operator')).toBe(true);
    expect(await canSignIn('founder@example.com', password!)).toBe(false);

    const weak = await runSamooh({ ...env, SAMOOH_OWNER_PASSWORD: 'short' }, ['user', 'create-owner', '--email', 'second@example.com']);
    expect(weak.code).toBe(1);
    expect(weak.stderr).toMatch(/at least 10 characters/);
  });
});
