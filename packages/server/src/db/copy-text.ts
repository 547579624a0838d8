/**
 * COPY's text format: one row per line, columns separated by tabs, `\N` for
 * null, and backslash, tab, newline and carriage return escaped in values.
 */
export type CopyValue = string | number | boolean | null | undefined;

const SPECIAL = /[\\\t\n\r]/;

export function copyField(value: CopyValue): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`COPY cannot carry ${value}`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 't' : 'f';
  return SPECIAL.test(value) ? value.replace(/[\\\t\n\r]/g, escape) : value;
}

export function copyRow(values: readonly CopyValue[]): string {
  let row = '';
  for (let i = 0; i < values.length; i += 1) row += (i === 0 ? '' : '\t') + copyField(values[i]);
  return row + '\n';
}

/** Gathers rows into chunks of about `size` characters, so a stream carries few, large pieces. */
export function* chunkRows(rows: Iterable<string>, size = 1 << 20): Generator<string> {
  let chunk = '';
  for (const row of rows) {
    chunk += row;
    if (chunk.length >= size) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk.length > 0) yield chunk;
}

function escape(character: string): string {
  switch (character) {
    case '\\': return '\\\\';
    case '\t': return '\\t';
    case '\n': return '\\n';
    default: return '\\r';
  }
}

/**
 * Splits COPY text chunks into rows of fields. Fields come back as written
 * (`\N` stays `\N`): the callers read ids, numbers and dates that need no
 * unescaping, and test for null themselves.
 */
export async function* copyRows(chunks: AsyncIterable<string>): AsyncGenerator<string[]> {
  let rest = '';
  for await (const chunk of chunks) {
    const text = rest + chunk;
    let start = 0;
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      yield text.slice(start, end).split('\t');
      start = end + 1;
    }
    rest = text.slice(start);
  }
  if (rest.length > 0) yield rest.split('\t');
}

export const COPY_NULL = '\\N';
