import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binaryCopy, TextBytesCache } from '../../src/db/copy-binary.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let database: TestDatabase;
beforeAll(async () => { database = await createTestDatabase(); });
afterAll(async () => { await database?.drop(); });

interface Row { id: number; big: number | null; small: number | null; label: string | null }

const ROWS: Row[] = [
  { id: 1, big: 2 ** 53 - 1, small: 32_767, label: 'retail-profit' },
  { id: 2, big: -(2 ** 53 - 1), small: -32_768, label: 'मासिक बोनस' },
  { id: 3, big: -1, small: 0, label: '' },
  { id: -2_147_483_648, big: 0, small: null, label: null },
  { id: 2_147_483_647, big: null, small: 1, label: 'tab\there\nnewline \\ backslash' },
  ...Array.from({ length: 500 }, (_, i) => ({ id: 10 + i, big: i * 4_294_967_297, small: i % 7, label: `${i % 3}.5%` })),
];

function rowsOf(rows: readonly Row[], failAt = -1): Iterable<Uint8Array> {
  const texts = new TextBytesCache();
  return binaryCopy(function* write(out) {
    for (const [index, row] of rows.entries()) {
      if (index === failAt) throw new Error('the rows ran out');
      out.row(4);
      out.int4(row.id);
      out.int8OrNull(row.big);
      out.int2OrNull(row.small);
      out.bytesOrNull(row.label === null ? null : texts.of(row.label));
      if (out.full()) yield;
    }
  }, 256);
}

describe('COPY in binary format', () => {
  it('stores integers at the edges of their columns, nulls and UTF-8 text exactly as written', async () => {
    await database.handle.exec('CREATE TABLE copied (id integer, big bigint, small smallint, label text)');
    await database.handle.rawTransaction(async (session) => {
      await session.copyFrom('copied', ['id', 'big', 'small', 'label'], rowsOf(ROWS), { binary: true });
    });
    const stored = await database.handle.rawTransaction((session) => session.query<Row>('SELECT id, big, small, label FROM copied ORDER BY id'));
    expect(stored).toEqual([...ROWS].sort((a, b) => a.id - b.id));
  });

  it('loads frozen rows into a table created in the same transaction', async () => {
    const count = await database.handle.rawTransaction(async (session) => {
      await session.exec('CREATE TABLE copied_frozen (id integer, big bigint, small smallint, label text)');
      await session.copyFrom('copied_frozen', ['id', 'big', 'small', 'label'], rowsOf(ROWS), { binary: true, freeze: true });
      const [row] = await session.query<{ count: number }>('SELECT count(*)::int AS count FROM copied_frozen');
      return row!.count;
    });
    expect(count).toBe(ROWS.length);
  });

  it('leaves nothing behind when the rows fail midway', async () => {
    await database.handle.exec('CREATE TABLE copied_failed (id integer, big bigint, small smallint, label text)');
    await expect(database.handle.rawTransaction(async (session) => {
      await session.copyFrom('copied_failed', ['id', 'big', 'small', 'label'], rowsOf(ROWS, 300), { binary: true });
    })).rejects.toThrow(/the rows ran out/);
    const [row] = await database.handle.rawTransaction((session) => session.query<{ count: number }>('SELECT count(*)::int AS count FROM copied_failed'));
    expect(row!.count).toBe(0);
  });
});
