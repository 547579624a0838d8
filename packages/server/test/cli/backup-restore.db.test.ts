import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { connect, type DatabaseHandle } from '../../src/db/connection.ts';
import { migrate } from '../../src/db/migrate.ts';
import { createUser } from '../../src/services/auth/users.ts';
import { enrollMember } from '../../src/services/members/enroll-member.ts';
import { placeOrder } from '../../src/services/orders/place-order.ts';
import { smallCompany } from '../support/fixtures.ts';
import { runSamooh } from '../support/run-samooh.ts';
import { createTestDatabase, systemContext, TEST_DB, type TestDatabase } from '../support/test-database.ts';

const dir = mkdtempSync(join(tmpdir(), 'samooh-backup-'));
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

const TABLES = ['company', 'members', 'products', 'product_prices', 'periods', 'orders', 'order_lines', 'refunds', 'users', 'audit_log', 'schema_migrations', 'member_volumes'];

/** Every row of the tables that matter, as one digest per table. */
async function fingerprint(handle: DatabaseHandle): Promise<Record<string, string>> {
  const digest: Record<string, string> = {};
  for (const table of TABLES) {
    const row = await sql<{ n: number; md5: string }>`SELECT count(*)::int AS n, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS md5 FROM ${sql.table(table)} t`.execute(handle.db);
    digest[table] = `${row.rows[0]!.n}:${row.rows[0]!.md5}`;
  }
  return digest;
}

async function fill(handle: DatabaseHandle) {
  const ctx = systemContext(handle);
  await smallCompany(ctx);
  const distributor = await enrollMember(ctx, { name: 'Backup Bhavna', type: 'distributor', sponsor: 'SM1', pan: 'ABCDE1234F', bankAccount: '123456789012' });
  await enrollMember(ctx, { name: 'बैकअप ग्राहक', type: 'retail', sponsor: distributor.code });
  await placeOrder(ctx, { buyer: distributor.code, items: [{ product: 'TULSI-60', quantity: 3 }] });
  await createUser(ctx, { email: 'backup@samooh.test', roles: ['finance'], password: 'ledger-kite-5521' });
}

/** An empty target: a fresh PostgreSQL database, or a new embedded data directory. */
async function emptyTarget(name: string): Promise<{ env: NodeJS.ProcessEnv; open: () => Promise<DatabaseHandle> }> {
  const base: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn', NODE_ENV: 'production' };
  delete base.DATABASE_URL;
  if (TEST_DB === 'postgres') {
    const database: TestDatabase = await createTestDatabase();
    cleanups.push(() => database.drop());
    await database.handle.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
    await database.handle.close();
    return { env: { ...base, DATABASE_URL: database.url }, open: () => connect({ url: database.url, poolSize: 2 }) };
  }
  const dataDir = join(dir, name);
  return { env: { ...base, SAMOOH_DATA_DIR: dataDir }, open: () => connect({ dataDir }) };
}

describe('samooh backup and restore', { timeout: 240_000 }, () => {
  it('round-trips every row, refuses to overwrite a database, and refuses the other kind of backup', async () => {
    const source = await emptyTarget('source');
    const sourceHandle = await source.open();
    await migrate(sourceHandle);
    await fill(sourceHandle);
    const before = await fingerprint(sourceHandle);
    await sourceHandle.close();
    expect(before.members).toMatch(/^3:/);

    const file = join(dir, 'samooh.backup');
    const backedUp = await runSamooh(source.env, ['backup', file]);
    expect(backedUp.code, backedUp.stderr).toBe(0);
    expect(backedUp.stdout).toContain(TEST_DB === 'postgres' ? 'pg_dump' : 'pglite');

    const target = await emptyTarget('target');
    const restored = await runSamooh(target.env, ['restore', file]);
    expect(restored.code, restored.stderr).toBe(0);
    const targetHandle = await target.open();
    try {
      expect(await fingerprint(targetHandle)).toEqual(before);
      // The restored database works: it migrates (nothing to do) and takes new rows.
      expect(await migrate(targetHandle)).toEqual([]);
      await enrollMember(systemContext(targetHandle), { name: 'After Restore', type: 'retail', sponsor: 'SM1' });
    } finally {
      await targetHandle.close();
    }

    const again = await runSamooh(target.env, ['restore', file]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already|--force/);
    const forced = await runSamooh(target.env, ['restore', '--force', file]);
    expect(forced.code, forced.stderr).toBe(0);
    const forcedHandle = await target.open();
    try {
      expect(await fingerprint(forcedHandle)).toEqual(before);
    } finally {
      await forcedHandle.close();
    }

    const wrongKind = join(dir, 'wrong.backup');
    writeFileSync(wrongKind, TEST_DB === 'postgres' ? Buffer.from([0x1f, 0x8b, 0, 0, 0]) : 'PGDMP-not-really');
    const refused = await runSamooh((await emptyTarget('third')).env, ['restore', wrongKind]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/is not an? /);
  });
});
