import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { CsvError, parse } from 'csv-parse';
import type { z } from 'zod';
import { ImportRejected, type RowErrors } from './import-errors.ts';

export interface CsvRow {
  line: number;
  /** Bytes of the file read so far, for progress. */
  bytes: number;
  record: Record<string, string>;
}

/** Streams a CSV file (header row first) one record at a time; nothing is held beyond the current row. */
export async function* readCsv(path: string): AsyncGenerator<CsvRow> {
  const parser = createReadStream(path).pipe(parse({ columns: true, info: true, bom: true, skip_empty_lines: true, trim: true }));
  try {
    for await (const { info, record } of parser as AsyncIterable<{ info: { lines: number; bytes: number }; record: Record<string, string> }>) {
      yield { line: info.lines, bytes: info.bytes, record };
    }
  } catch (error) {
    // Every malformed-CSV error from the parser (not only the CSV_-prefixed codes: a stray quote
    // is INVALID_OPENING_QUOTE) is the file's problem, reported like any other.
    const csvError = error as { code?: string; lines?: number; message: string };
    if (error instanceof CsvError || csvError.code?.startsWith('CSV_')) throw new ImportRejected(path, [{ line: csvError.lines ?? 0, column: '*', reason: csvError.message }]);
    throw error;
  }
}

export async function fileSize(path: string): Promise<number> {
  return (await stat(path)).size;
}

export interface HeaderRules {
  required: readonly string[];
  optional: readonly string[];
}

/** Checks the header once: all required columns present, no unknown ones (a typo would silently drop data). */
export function checkHeader(columns: string[], rules: HeaderRules, errors: RowErrors): boolean {
  const known = new Set([...rules.required, ...rules.optional]);
  let ok = true;
  for (const column of rules.required) {
    if (!columns.includes(column)) {
      errors.add(1, column, 'this required column is missing from the header');
      ok = false;
    }
  }
  for (const [index, column] of columns.entries()) {
    if (!known.has(column)) {
      // A blank header cell is named by its position, so the report still says where to look.
      errors.add(1, column === '' ? `#${index + 1} (blank)` : column, `unknown column; expected some of: ${[...known].join(', ')}`);
      ok = false;
    }
  }
  return ok;
}

/** Validates one record; on failure records every bad field against its column and returns undefined. */
export function parseRow<T extends z.ZodType>(schema: T, row: CsvRow, errors: RowErrors): z.output<T> | undefined {
  const result = schema.safeParse(row.record);
  if (result.success) return result.data;
  for (const issue of result.error.issues) errors.add(row.line, String(issue.path[0] ?? '*'), issue.message);
  return undefined;
}

/** Empty cells mean "not given". */
export function blankToUndefined(value: unknown): unknown {
  return typeof value === 'string' && value.trim() === '' ? undefined : value;
}
