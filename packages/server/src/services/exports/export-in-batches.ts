import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { csvWriter } from './csv-writer.ts';

const BATCH = 5000;

export interface BatchedExport<Row extends { id: number }> {
  columns: readonly string[];
  /** The next batch of rows with id greater than `after`, in id order. */
  fetch(tx: Transaction<Database>, after: number, limit: number): Promise<Row[]>;
  /** One CSV row. */
  toCsv(row: Row): unknown[];
}

/**
 * Streams a table to CSV in id order, a batch at a time, all from one
 * repeatable-read snapshot so rows written meanwhile cannot tear the file.
 */
export async function exportInBatches<Row extends { id: number }>(
  db: Kysely<Database>,
  path: string,
  spec: BatchedExport<Row>,
  onProgress?: (done: number) => void,
): Promise<number> {
  const out = csvWriter(path, spec.columns);
  let written = 0;
  try {
    await db.transaction().setIsolationLevel('repeatable read').execute(async (tx) => {
      let after = 0;
      for (;;) {
        const rows = await spec.fetch(tx, after, BATCH);
        for (const row of rows) await out.write(spec.toCsv(row));
        written += rows.length;
        onProgress?.(written);
        if (rows.length < BATCH) break;
        after = rows[rows.length - 1]!.id;
      }
    });
  } finally {
    await out.close();
  }
  return written;
}
