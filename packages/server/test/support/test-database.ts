import { randomBytes } from 'node:crypto';
import pg from 'pg';
import pino from 'pino';
import { connect, type DatabaseHandle } from '../../src/db/connection.ts';
import { migrate } from '../../src/db/migrate.ts';
import { SYSTEM_ACTOR, type RequestContext } from '../../src/services/context.ts';

/** Which database this test run uses: set per vitest project (pglite or postgres). */
export const TEST_DB = (process.env.SAMOOH_TEST_DB ?? 'pglite') as 'pglite' | 'postgres';
export const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://samooh:samooh@127.0.0.1:5432/postgres';

export interface TestDatabase {
  handle: DatabaseHandle;
  /** The PostgreSQL URL of this database; undefined for in-memory PGlite. */
  url?: string;
  ctx: RequestContext;
  drop(): Promise<void>;
}

export const silentLogger = pino({ level: 'silent' });

/** A fresh, migrated, empty database: in-memory PGlite, or a new PostgreSQL database dropped afterwards. */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (TEST_DB === 'pglite') {
    const handle = await connect({});
    await migrate(handle);
    return { handle, ctx: systemContext(handle), drop: () => handle.close() };
  }
  const name = `samooh_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const handle = await connect({ url: url.toString(), poolSize: 12 });
  await migrate(handle);
  return {
    handle,
    url: url.toString(),
    ctx: systemContext(handle),
    async drop() {
      await handle.close();
      const cleanup = new pg.Client({ connectionString: ADMIN_URL });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

export function systemContext(handle: DatabaseHandle): RequestContext {
  return { db: handle.db, actor: SYSTEM_ACTOR, language: 'en', log: silentLogger };
}
