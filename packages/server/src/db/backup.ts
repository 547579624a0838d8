import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { PGLITE_EXTENSIONS } from './connection.ts';
import pg from 'pg';

const run = promisify(execFile);

/**
 * Backups. On PostgreSQL: pg_dump's custom format (one consistent snapshot,
 * restorable with pg_restore). On the embedded database: a gzip tarball of the
 * data directory as PGlite itself dumps it, after a checkpoint; the server
 * must be stopped first, since PGlite is one process.
 */
export interface BackupTarget {
  databaseUrl: string | undefined;
  dataDir: string;
}

/** pg_dump and pg_restore read the connection from the environment, so a password never shows in `ps`. */
function libpqEnv(url: string): NodeJS.ProcessEnv {
  const parsed = new URL(url);
  return {
    ...process.env,
    PGHOST: parsed.hostname,
    PGPORT: parsed.port || '5432',
    PGUSER: decodeURIComponent(parsed.username),
    PGPASSWORD: decodeURIComponent(parsed.password),
    PGDATABASE: decodeURIComponent(parsed.pathname.slice(1)),
    ...(parsed.searchParams.get('sslmode') ? { PGSSLMODE: parsed.searchParams.get('sslmode')! } : {}),
  };
}

const PG_DUMP_MAGIC = 'PGDMP';
const GZIP_MAGIC = [0x1f, 0x8b];

export class BackupError extends Error {
  constructor(readonly report: string) {
    super(report);
  }
}

export async function backup(target: BackupTarget, file: string): Promise<{ kind: 'pg_dump' | 'pglite'; bytes: number }> {
  if (target.databaseUrl) {
    await run('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', '--file', file], { env: libpqEnv(target.databaseUrl) }).catch(toolFailure('pg_dump'));
    return { kind: 'pg_dump', bytes: readFileSync(file).length };
  }
  if (!existsSync(target.dataDir) || readdirSync(target.dataDir).length === 0) throw new BackupError(`samooh: no embedded database in ${target.dataDir}`);
  const pglite = await PGlite.create({ dataDir: target.dataDir, extensions: PGLITE_EXTENSIONS });
  try {
    await pglite.exec('CHECKPOINT');
    const tarball = Buffer.from(await (await pglite.dumpDataDir('gzip')).arrayBuffer());
    writeFileSync(file, tarball);
    return { kind: 'pglite', bytes: tarball.length };
  } finally {
    await pglite.close();
  }
}

/**
 * Restores a backup into the configured database, which must be empty
 * (no tables) unless force: then PostgreSQL objects in the dump are dropped
 * and recreated, and an embedded data directory is moved aside, not deleted.
 * On PostgreSQL the restore is one transaction: all or nothing.
 */
export async function restore(target: BackupTarget, file: string, options: { force?: boolean } = {}): Promise<{ kind: 'pg_dump' | 'pglite'; movedAside?: string }> {
  if (!existsSync(file)) throw new BackupError(`samooh: ${file} does not exist`);
  const head = readFileSync(file).subarray(0, 5);
  const isPgDump = head.toString('latin1') === PG_DUMP_MAGIC;
  const isTarball = head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
  if (target.databaseUrl) {
    if (!isPgDump) throw new BackupError(`samooh: ${file} is not a PostgreSQL backup (pg_dump custom format); ${isTarball ? 'it is an embedded-database backup: restore it without DATABASE_URL' : 'unknown format'}`);
    const tables = await countTables(target.databaseUrl);
    if (tables > 0 && !options.force) throw new BackupError(`samooh: the database already has ${tables} tables; restore into an empty database, or pass --force to replace what the backup holds`);
    const args = ['--no-owner', '--no-privileges', '--single-transaction', '--exit-on-error', ...(tables > 0 ? ['--clean', '--if-exists'] : []), '--dbname', decodeURIComponent(new URL(target.databaseUrl).pathname.slice(1)), file];
    await run('pg_restore', args, { env: libpqEnv(target.databaseUrl) }).catch(toolFailure('pg_restore'));
    return { kind: 'pg_dump' };
  }
  if (!isTarball) throw new BackupError(`samooh: ${file} is not an embedded-database backup; ${isPgDump ? 'it is a PostgreSQL backup: restore it with DATABASE_URL set' : 'unknown format'}`);
  let movedAside: string | undefined;
  if (existsSync(target.dataDir) && readdirSync(target.dataDir).length > 0) {
    if (!options.force) throw new BackupError(`samooh: ${target.dataDir} already holds a database; pass --force to move it aside and restore`);
    movedAside = `${target.dataDir}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(target.dataDir, movedAside);
  }
  const pglite = await PGlite.create({ dataDir: target.dataDir, extensions: PGLITE_EXTENSIONS, loadDataDir: new Blob([readFileSync(file)]) });
  try {
    await pglite.query('SELECT count(*) FROM schema_migrations');
  } finally {
    await pglite.close();
  }
  return movedAside ? { kind: 'pglite', movedAside } : { kind: 'pglite' };
}

async function countTables(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')`);
    return result.rows[0]!.n;
  } finally {
    await client.end();
  }
}

function toolFailure(tool: string) {
  return (error: NodeJS.ErrnoException & { stderr?: string }) => {
    if (error.code === 'ENOENT') throw new BackupError(`samooh: ${tool} is not on PATH; install the PostgreSQL client tools (Debian: postgresql-client) matching the server's version`);
    throw new BackupError(`samooh: ${tool} failed: ${(error.stderr ?? error.message).trim()}`);
  };
}
