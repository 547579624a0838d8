import type { PGlite } from '@electric-sql/pglite';
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';

/**
 * Presents one embedded PGlite session as a pg-style pool so Kysely's
 * PostgresDialect can drive it. PGlite has a single session, so the pool hands
 * out one client at a time: a transaction holds it until it commits, and other
 * callers queue behind it instead of interleaving statements.
 */
export class PgliteSessionPool implements PostgresPool {
  #queue: Promise<void> = Promise.resolve();

  constructor(private readonly pglite: PGlite) {}

  connect(): Promise<PostgresPoolClient> {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const acquired = this.#queue.then(() => this.#client(release));
    this.#queue = this.#queue.then(() => released);
    return acquired;
  }

  #client(release: () => void): PostgresPoolClient {
    const pglite = this.pglite;
    let done = false;
    return {
      async query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>> {
        const result = await pglite.query<R>(sql, [...parameters]);
        return {
          command: commandOf(sql),
          rowCount: result.affectedRows ?? result.rows.length,
          rows: result.rows,
        };
      },
      release() {
        if (done) return;
        done = true;
        release();
      },
    } as PostgresPoolClient;
  }

  async end(): Promise<void> {
    await this.#queue;
  }
}

/** The statement's leading keyword, which Kysely reads to count affected rows. */
export function commandOf(sql: string): PostgresQueryResult<unknown>['command'] {
  const match = /^\s*(\w+)/.exec(sql);
  const word = (match?.[1] ?? '').toUpperCase();
  return (['UPDATE', 'DELETE', 'INSERT', 'MERGE', 'COMMIT', 'ROLLBACK'].includes(word) ? word : 'SELECT') as PostgresQueryResult<unknown>['command'];
}
