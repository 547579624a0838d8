import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DatabaseHandle } from './connection.ts';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations', import.meta.url));
/** Any fixed number: servers starting together migrate one after another. */
const MIGRATION_LOCK = 7_362_541;

export interface Migration {
  name: string;
  sql: string;
}

export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((file) => /^\d{4}_[a-z0-9_]+\.sql$/.test(file))
    .sort()
    .map((name) => ({ name, sql: readFileSync(`${dir}/${name}`, 'utf8') }));
}

/**
 * Applies the migrations not yet applied, each in the same transaction as its
 * bookkeeping row, under an advisory lock. Returns the names applied.
 */
export async function migrate(handle: DatabaseHandle, migrations = loadMigrations()): Promise<string[]> {
  return handle.rawTransaction(async (session) => {
    await session.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await session.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      name text PRIMARY KEY,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const applied = new Set((await session.query<{ name: string }>('SELECT name FROM schema_migrations')).map((row) => row.name));
    const pending = migrations.filter((migration) => !applied.has(migration.name));
    for (const migration of pending) {
      await session.exec(migration.sql);
      await session.query('INSERT INTO schema_migrations (name) VALUES ($1)', [migration.name]);
    }
    return pending.map((migration) => migration.name);
  });
}
