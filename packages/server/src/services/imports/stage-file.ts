import type { z } from 'zod';
import type { RawSession } from '../../db/connection.ts';
import { checkHeader, fileSize, parseRow, readCsv, type HeaderRules } from './csv-source.ts';
import type { RowErrors } from './import-errors.ts';
import { StagingTable, type StagingColumn } from './staging.ts';

export type ImportProgress = (done: number, total: number, stage: string) => void;

export interface FileLayout<T> {
  header: HeaderRules;
  row: z.ZodType<T>;
  staging: { name: string; columns: StagingColumn[] };
  /** The staged values of one valid row, in staging column order (the first column is always the line). */
  values(row: T, line: number): unknown[];
}

/**
 * First pass of every import: checks the header, validates each row as it
 * streams past, and loads the valid ones into a staging table. Bad rows are
 * recorded and the pass goes on, so one run reports every bad row.
 */
export async function stageFile<T>(session: RawSession, path: string, layout: FileLayout<T>, errors: RowErrors, onProgress?: ImportProgress): Promise<StagingTable> {
  const staging = new StagingTable(session, layout.staging.name, layout.staging.columns);
  await staging.create();
  const total = await fileSize(path);
  let headerChecked = false;
  let rows = 0;
  for await (const row of readCsv(path)) {
    if (!headerChecked) {
      headerChecked = true;
      if (!checkHeader(Object.keys(row.record), layout.header, errors)) return staging;
    }
    const parsed = parseRow(layout.row, row, errors);
    if (parsed !== undefined) await staging.add(layout.values(parsed, row.line));
    if (++rows % 10_000 === 0) onProgress?.(Math.min(row.bytes, total), total, 'reading');
  }
  if (!headerChecked) errors.add(1, '*', 'the file has no data rows (a header row and at least one row are expected)');
  await staging.flush();
  onProgress?.(total, total, 'reading');
  return staging;
}
