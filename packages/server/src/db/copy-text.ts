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

const TAB = 9, NEWLINE = 10, MINUS = 45, ZERO = 48, BACKSLASH = 92, LETTER_N = 78;
/** Room for the longest field written byte by byte: a sign and 16 digits (integers up to 2^53). */
const NUMBER_ROOM = 24;

/**
 * Encodes rows as COPY text straight into buffers of about `size` bytes, each
 * ending at a row's end: integers digit by digit, other values through
 * copyField (text kept encoded once per distinct string), with no string per
 * row. For tens of millions of rows this costs a fraction of building text.
 * A row array may be reused between rows: it is read before the next is asked for.
 */
export function* copyBuffers(rows: Iterable<readonly CopyValue[]>, size = 1 << 20): Generator<Buffer> {
  const texts = new Map<string, Buffer>();
  let buffer = Buffer.allocUnsafe(size);
  let at = 0;
  const room = (bytes: number) => {
    if (at + bytes <= buffer.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(buffer.length * 2, at + bytes));
    buffer.copy(bigger, 0, 0, at);
    buffer = bigger;
  };
  for (const row of rows) {
    for (let i = 0; i < row.length; i += 1) {
      room(NUMBER_ROOM + 1);
      if (i > 0) buffer[at++] = TAB;
      const value = row[i];
      if (typeof value === 'number' && Number.isSafeInteger(value)) {
        at = writeInteger(buffer, at, value);
        continue;
      }
      if (value === null || value === undefined) {
        buffer[at++] = BACKSLASH;
        buffer[at++] = LETTER_N;
        continue;
      }
      let text = typeof value === 'string' ? texts.get(value) : undefined;
      if (text === undefined) {
        text = Buffer.from(copyField(value), 'utf8');
        if (typeof value === 'string' && texts.size < 1024) texts.set(value, text);
      }
      room(text.length + 1);
      at += text.copy(buffer, at);
    }
    room(1);
    buffer[at++] = NEWLINE;
    if (at >= size) {
      yield buffer.subarray(0, at);
      buffer = Buffer.allocUnsafe(size);
      at = 0;
    }
  }
  if (at > 0) yield buffer.subarray(0, at);
}

function writeInteger(buffer: Buffer, at: number, value: number): number {
  let rest = value;
  if (rest < 0) {
    buffer[at++] = MINUS;
    rest = -rest;
  }
  let digits = 1;
  for (let power = 10; power <= rest; power *= 10) digits += 1;
  const end = at + digits;
  for (let i = end - 1; i >= at; i -= 1) {
    const next = Math.floor(rest / 10);
    buffer[i] = ZERO + (rest - next * 10);
    rest = next;
  }
  return end;
}
