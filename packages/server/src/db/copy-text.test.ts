import { describe, expect, it } from 'vitest';
import { chunkRows, COPY_NULL, copyField, copyRow, copyRows } from './copy-text.ts';

describe('COPY text format', () => {
  it('writes null as \\N and escapes the characters COPY treats specially', () => {
    expect(copyField(null)).toBe('\\N');
    expect(copyField(undefined)).toBe('\\N');
    expect(copyField('a\tb\nc\\d\re')).toBe('a\\tb\\nc\\\\d\\re');
    expect(copyField(true)).toBe('t');
    expect(copyField(-1250)).toBe('-1250');
  });

  it('refuses numbers a column cannot hold', () => {
    expect(() => copyField(Number.NaN)).toThrow(/NaN/);
  });

  it('joins a row with tabs and ends it with a newline', () => {
    expect(copyRow([1, null, 'x'])).toBe('1\t\\N\tx\n');
  });

  it('gathers rows into chunks without splitting a row', () => {
    const rows = Array.from({ length: 10 }, (_, i) => copyRow([i]));
    const chunks = [...chunkRows(rows, 6)];
    expect(chunks.join('')).toBe(rows.join(''));
    for (const chunk of chunks) expect(chunk.endsWith('\n')).toBe(true);
    expect(chunks.map((chunk) => chunk.length)).toEqual([6, 6, 6, 2]);
  });
});

describe('reading COPY text', () => {
  it('splits rows that span chunks into their fields', async () => {
    async function* chunks() {
      yield '1\tSM1\t\\N\n2\tS';
      yield 'M2\t1\n';
      yield '3\tSM3\t2';
    }
    const rows: string[][] = [];
    for await (const row of copyRows(chunks())) rows.push(row);
    expect(rows).toEqual([['1', 'SM1', COPY_NULL], ['2', 'SM2', '1'], ['3', 'SM3', '2']]);
  });
});
