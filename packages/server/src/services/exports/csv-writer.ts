import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { stringify } from 'csv-stringify';

export interface CsvWriter {
  write(row: unknown[]): Promise<void>;
  close(): Promise<void>;
}

/** Streams rows to a CSV file with a header, respecting back-pressure. */
export function csvWriter(path: string, columns: readonly string[]): CsvWriter {
  const file = createWriteStream(path);
  const csv = stringify({ header: true, columns: [...columns] });
  csv.pipe(file);
  return {
    async write(row) {
      if (!csv.write(row)) await once(csv, 'drain');
    },
    async close() {
      csv.end();
      await once(file, 'finish');
    },
  };
}
