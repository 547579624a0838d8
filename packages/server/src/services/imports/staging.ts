import type { RawSession } from '../../db/connection.ts';
import type { RowError } from './import-errors.ts';

export interface StagingColumn {
  name: string;
  /** PostgreSQL type, e.g. 'text', 'bigint', 'numeric', 'timestamptz'. */
  type: string;
}

/**
 * A temporary table that holds validated rows of an import file inside the
 * import's transaction. Rows arrive in batches through unnest(), one
 * statement per batch, so a million rows never sit in memory at once.
 */
export class StagingTable {
  #batch: unknown[][];
  #rows = 0;

  constructor(
    private readonly session: RawSession,
    readonly name: string,
    private readonly columns: StagingColumn[],
    private readonly batchSize = 5000,
  ) {
    this.#batch = columns.map(() => []);
  }

  async create(): Promise<void> {
    const definition = this.columns.map((column) => `${column.name} ${column.type}`).join(', ');
    await this.session.exec(`CREATE TEMP TABLE ${this.name} (${definition}) ON COMMIT DROP`);
  }

  get rows(): number {
    return this.#rows;
  }

  async add(values: unknown[]): Promise<void> {
    values.forEach((value, index) => this.#batch[index]!.push(value ?? null));
    this.#rows++;
    if (this.#batch[0]!.length >= this.batchSize) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.#batch[0]!.length === 0) return;
    const names = this.columns.map((column) => column.name).join(', ');
    const arrays = this.columns.map((column, index) => `$${index + 1}::${column.type}[]`).join(', ');
    await this.session.query(`INSERT INTO ${this.name} (${names}) SELECT * FROM unnest(${arrays})`, this.#batch);
    this.#batch = this.columns.map(() => []);
  }
}

/** Runs a check query that returns (line, column, reason) rows. */
export async function checkRows(session: RawSession, sql: string, params: unknown[] = []): Promise<RowError[]> {
  const rows = await session.query<{ line: number; column: string; reason: string }>(sql, params);
  return rows.map((row) => ({ line: Number(row.line), column: row.column, reason: row.reason })).sort((a, b) => a.line - b.line);
}
