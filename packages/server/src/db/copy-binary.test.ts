import { describe, expect, it } from 'vitest';
import { BinaryCopyWriter, binaryCopy, COPY_BINARY_HEADER, COPY_BINARY_TRAILER, TextBytesCache, textBytes } from './copy-binary.ts';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

describe('COPY binary format', () => {
  it('writes a row as its field count, then each field as a length and big-endian bytes', () => {
    const out = new BinaryCopyWriter();
    out.row(6);
    out.int8(-2);
    out.int8(2 ** 53 - 1);
    out.int4(-2_147_483_648);
    out.int2(32_767);
    out.null();
    out.bytes(textBytes('₹'));
    expect(hex(out.take())).toBe([
      '0006',
      '00000008', 'fffffffffffffffe',
      '00000008', '001fffffffffffff',
      '00000004', '80000000',
      '00000002', '7fff',
      'ffffffff',
      '00000003', 'e282b9',
    ].join(''));
  });

  it('writes null for a missing value in the columns that may be null', () => {
    const out = new BinaryCopyWriter();
    out.row(4);
    out.int8OrNull(undefined);
    out.int2OrNull(null);
    out.bytesOrNull(null);
    out.int8OrNull(12);
    expect(hex(out.take())).toBe(['0004', 'ffffffff', 'ffffffff', 'ffffffff', '00000008', '000000000000000c'].join(''));
  });

  it('refuses a value its column cannot hold instead of writing it wrapped', () => {
    const out = new BinaryCopyWriter();
    expect(() => out.int8(2 ** 53)).toThrow(/int8 column cannot hold/);
    expect(() => out.int8(1.5)).toThrow(/int8 column cannot hold 1.5/);
    expect(() => out.int4(2 ** 31)).toThrow(/int4 column cannot hold/);
    expect(() => out.int2(-32_769)).toThrow(/int2 column cannot hold/);
    expect(() => out.int2(Number.NaN)).toThrow(/int2 column cannot hold NaN/);
  });

  it('frames the rows with the header and trailer, in chunks that end at a row\'s end', () => {
    const chunks = [...binaryCopy(function* rows(out) {
      for (let i = 0; i < 10; i += 1) {
        out.row(1);
        out.int4(i);
        if (out.full()) yield;
      }
    }, 20)];
    expect(chunks[0]).toEqual(COPY_BINARY_HEADER);
    expect(chunks.at(-1)).toEqual(COPY_BINARY_TRAILER);
    const rows = chunks.slice(1, -1);
    // A row is 10 bytes: two rows make a chunk of 20.
    expect(rows.map((chunk) => chunk.length)).toEqual([20, 20, 20, 20, 20]);
    const values = rows.flatMap((chunk) => Array.from({ length: chunk.length / 10 }, (_, row) => Buffer.from(chunk).readInt32BE(row * 10 + 6)));
    expect(values).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('grows its buffer for a text longer than a chunk', () => {
    const long = 'क'.repeat(10_000);
    const out = new BinaryCopyWriter(64);
    out.row(1);
    out.bytes(textBytes(long));
    const row = Buffer.from(out.take());
    expect(row.readInt32BE(2)).toBe(30_000);
    expect(row.subarray(6).toString('utf8')).toBe(long);
  });

  it('keeps room for the fields after a long text in the same row', () => {
    const out = new BinaryCopyWriter(16);
    for (let i = 0; i < 3; i += 1) {
      out.row(3);
      out.int8(i);
      out.bytes(textBytes('x'.repeat(5000 + i)));
      out.int8(-2 * i - 1);
    }
    const rows = Buffer.from(out.take());
    let at = 0;
    for (let i = 0; i < 3; i += 1) {
      expect(rows.readInt16BE(at)).toBe(3);
      expect(Number(rows.readBigInt64BE(at + 6))).toBe(i);
      expect(rows.readInt32BE(at + 14)).toBe(5000 + i);
      at += 18 + 5000 + i;
      expect(Number(rows.readBigInt64BE(at + 4))).toBe(-2 * i - 1);
      at += 12;
    }
    expect(at).toBe(rows.length);
  });

  it('keeps the bytes of a repeated text once', () => {
    const texts = new TextBytesCache();
    expect(texts.of('unilevel')).toBe(texts.of('unilevel'));
    expect(Buffer.from(texts.of('3.5%')).toString('utf8')).toBe('3.5%');
  });
});
