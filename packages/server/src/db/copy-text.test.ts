import { describe, expect, it } from 'vitest';
import { chunkRows, COPY_NULL, copyBuffers, copyField, copyRow, copyRows, type CopyValue } from './copy-text.ts';

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

describe('COPY text in buffers', () => {
  it('writes what copyRow writes, integers digit by digit', () => {
    const rows: CopyValue[][] = [
      [0, -0, 7, -1250, 9_007_199_254_740_991, -9_007_199_254_740_991, 10, 99, 100, 1e15],
      [1.5, -0.25, null, undefined, true, false, 'a\tb\nc\\d\re', 'रुपया', '5%', 1e21, '\\N', null, '\\N'],
    ];
    const text = Buffer.concat([...copyBuffers(rows)]).toString('utf8');
    expect(text).toBe(rows.map((row) => copyRow(row)).join(''));
  });

  it('cuts buffers only at the end of a row, and grows one for a long row', () => {
    const rows = Array.from({ length: 50 }, (_, i): CopyValue[] => [i, 'x'.repeat(i), -i]);
    const buffers = [...copyBuffers(rows, 16)];
    expect(Buffer.concat(buffers).toString('utf8')).toBe(rows.map((row) => copyRow(row)).join(''));
    for (const buffer of buffers) expect(buffer.at(-1)).toBe(10);
    expect(buffers.length).toBeGreaterThan(10);
  });

  it('reads a reused row array afresh each time', () => {
    const row: CopyValue[] = [0, 'a'];
    function* rows() {
      for (let i = 0; i < 3; i += 1) {
        row[0] = i;
        row[1] = i % 2 === 0 ? 'even' : 'odd';
        yield row;
      }
    }
    expect(Buffer.concat([...copyBuffers(rows())]).toString('utf8')).toBe('0\teven\n1\todd\n2\teven\n');
  });
});
