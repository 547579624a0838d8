import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { from as copyFromStream, to as copyToStream } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PgliteSessionPool } from './pglite-pool.ts';
import type { Database } from './schema.ts';
import { typeParsers } from './type-parsers.ts';

export type DriverName = 'pglite' | 'postgres';

/**
 * Extensions every embedded database is opened with: the migrations create
 * them (pg_trgm: the trigram indexes of the downline search), and PGlite can
 * only use an extension it was opened with.
 */
export const PGLITE_EXTENSIONS = { pg_trgm };

export interface DatabaseHandle {
  db: Kysely<Database>;
  driver: DriverName;
  /** Runs a script of several statements (test set-up, maintenance). */
  exec(script: string): Promise<void>;
  /** Runs fn in one transaction on one raw session (migrations, bulk loads). */
  rawTransaction<T>(fn: (session: RawSession) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface CopyOptions {
  /** Rows are written frozen (visible to all, no hint bits to set later): only into a table created in this transaction. */
  freeze?: boolean;
  /** The chunks are COPY binary format, header and trailer included (see copy-binary.ts), not text. */
  binary?: boolean;
}

function copyWith(options?: CopyOptions): string {
  const settings = [...(options?.binary ? ['FORMAT binary'] : []), ...(options?.freeze ? ['FREEZE'] : [])];
  return settings.length > 0 ? ` WITH (${settings.join(', ')})` : '';
}

export interface RawSession {
  exec(script: string): Promise<void>;
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
  /**
   * Loads rows with COPY in text format: each chunk holds whole lines, columns
   * tab-separated, `\N` for null (see copy-text.ts). Tens of millions of rows
   * go in at the speed of the database, not a statement per row. Chunks may
   * be text or UTF-8 bytes; with `binary`, bytes in COPY binary format.
   */
  copyFrom(table: string, columns: readonly string[], chunks: Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>, options?: CopyOptions): Promise<void>;
  /** Streams a query's rows out with COPY in text format, as chunks of text (a row may span chunks). */
  copyOut(query: string): AsyncIterable<string>;
}

export interface ConnectOptions {
  /** A postgres:// URL: use a real PostgreSQL. */
  url?: string | undefined;
  /** Folder for the embedded database; omitted means in memory. */
  dataDir?: string | undefined;
  /** Connections in the PostgreSQL pool. */
  poolSize?: number;
}

export async function connect(options: ConnectOptions): Promise<DatabaseHandle> {
  return options.url ? connectPostgres(options.url, options.poolSize ?? 10) : connectPglite(options.dataDir);
}

async function connectPglite(dataDir: string | undefined): Promise<DatabaseHandle> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create({ dataDir, parsers: typeParsers, extensions: PGLITE_EXTENSIONS });
  const pool = new PgliteSessionPool(pglite);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    driver: 'pglite',
    async exec(script) {
      const client = await pool.connect();
      try {
        await pglite.exec(script);
      } finally {
        client.release();
      }
    },
    async rawTransaction(fn) {
      const client = await pool.connect();
      try {
        return await pglite.transaction((tx) =>
          fn({
            exec: async (script) => void (await tx.exec(script)),
            query: async <R>(sql: string, params?: unknown[]) => (await tx.query<R>(sql, params)).rows,
            copyFrom: async (table, columns, chunks, options) => {
              // PGlite reads COPY data from a blob held in memory: fine at embedded sizes.
              const parts: (string | Uint8Array)[] = [];
              for await (const chunk of chunks) parts.push(chunk);
              await tx.query(`COPY ${table} (${columns.join(', ')}) FROM '/dev/blob'${copyWith(options)}`, [], { blob: new Blob(parts) });
            },
            copyOut: async function* (query) {
              const result = await tx.query(`COPY (${query}) TO '/dev/blob'`);
              if (result.blob) yield await result.blob.text();
            },
          }),
        );
      } finally {
        client.release();
      }
    },
    async close() {
      await db.destroy();
      await pglite.close();
    },
  };
}

async function connectPostgres(url: string, poolSize: number): Promise<DatabaseHandle> {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    types: { getTypeParser: (oid: number, format?: unknown) => typeParsers[oid] ?? pg.types.getTypeParser(oid, format as 'text') },
  });
  pool.on('connect', (client) => {
    // A connection lost while a request holds it (PostgreSQL restarted, failover, a killed
    // backend) fails that request's query; without a listener of its own the client would
    // also raise an unhandled 'error' event and take the whole process down. The pool drops
    // such a client when it is released (it is no longer queryable) and opens a new one.
    client.on('error', () => undefined);
    // Every session works in UTC; business dates are computed in the company's zone explicitly.
    void client.query("SET TIME ZONE 'UTC'").catch(() => undefined);
  });
  // An idle connection the server drops (restart, failover) is replaced on next use, not fatal.
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    driver: 'postgres',
    async exec(script) {
      await pool.query(script);
    },
    async rawTransaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn({
          exec: async (script) => void (await client.query(script)),
          query: async <R>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as R[],
          copyFrom: async (table, columns, chunks, options) => {
            const sink = client.query(copyFromStream(`COPY ${table} (${columns.join(', ')}) FROM STDIN${copyWith(options)}`));
            await pipeline(Readable.from(chunks, { objectMode: false }), sink);
          },
          copyOut: async function* (query) {
            const source = client.query(copyToStream(`COPY (${query}) TO STDOUT`));
            source.setEncoding('utf8');
            for await (const chunk of source) yield chunk as string;
          },
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async close() {
      await db.destroy();
      // Kysely ends the pool only if it ran a query itself; raw sessions use the pool directly.
      if (!pool.ended) await pool.end();
    },
  };
}
