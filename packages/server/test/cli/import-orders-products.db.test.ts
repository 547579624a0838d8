import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportMembers } from '../../src/services/exports/export-members.ts';
import { exportOrders } from '../../src/services/exports/export-orders.ts';
import { ImportRejected } from '../../src/services/imports/import-errors.ts';
import { importOrders } from '../../src/services/imports/import-orders.ts';
import { importProducts } from '../../src/services/imports/import-products.ts';
import { enrollMember } from '../../src/services/members/enroll-member.ts';
import { smallCompany } from '../support/fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let database: TestDatabase;
let period: { id: number; start: string; end: string };
/** The distributor and their retail customer. */
let D: string;
let R: string;
const dir = mkdtempSync(join(tmpdir(), 'samooh-orders-'));
const csv = (name: string, lines: string[]) => {
  const path = join(dir, name);
  writeFileSync(path, lines.join('\n'));
  return path;
};
const count = async (table: 'orders' | 'order_lines' | 'products' | 'product_prices') =>
  Number((await database.handle.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

beforeAll(async () => {
  database = await createTestDatabase();
  ({ period } = await smallCompany(database.ctx));
  D = (await enrollMember(database.ctx, { name: 'Gaurav', type: 'distributor', sponsor: 'SM1' })).code;
  R = (await enrollMember(database.ctx, { name: 'Hema', type: 'retail', sponsor: D })).code;
});
afterAll(async () => database?.drop());

describe('samooh import products', () => {
  it('imports products with their prices', async () => {
    const path = csv('products.csv', [
      'sku,name_en,name_hi,qv,cv,currency,retail_price,distributor_price,starter_kit,description_en',
      'AMLA-500,Amla Juice 500 ml,आँवला रस 500 मि.ली.,15,12.5,INR,34900,27900,no,"Vitamin C, cold pressed"',
      'KIT-2,Business Kit,बिज़नेस किट,0,0,INR,99900,99900,yes,',
    ]);
    await expect(importProducts(database.handle, path)).resolves.toEqual({ imported: 2 });
    const amla = await database.handle.db.selectFrom('products').selectAll().where('sku', '=', 'AMLA-500').executeTakeFirstOrThrow();
    expect(amla).toMatchObject({ name_hi: 'आँवला रस 500 मि.ली.', qv: 15, cv: 12.5, starter_kit: false, description_en: 'Vitamin C, cold pressed' });
  });

  it('lists every bad product row and writes nothing', async () => {
    const before = [await count('products'), await count('product_prices')];
    const path = csv('bad-products.csv', [
      'sku,name_en,name_hi,qv,cv,currency,retail_price,distributor_price',
      'AMLA-500,Again,फिर,1,1,INR,100,90', // exists
      'NEW-1,,नया,1,1,INR,100,90', // no English name
      'NEW-2,Two,दो,-1,1.234,INR,100,190', // negative QV, 3 decimals, distributor above retail
      'NEW-3,Three,तीन,1,1,rupees,10.5,9', // bad currency, fractional paise
    ]);
    const error = (await importProducts(database.handle, path).catch((e: unknown) => e)) as ImportRejected;
    expect(error).toBeInstanceOf(ImportRejected);
    expect(error.errors.map((e) => `${e.line}:${e.column}`).sort()).toEqual(['3:name_en', '4:cv', '4:distributor_price', '4:qv', '5:currency', '5:retail_price'].sort());
    expect([await count('products'), await count('product_prices')]).toEqual(before);
  });
});

describe('samooh import orders', () => {
  it('imports multi-line orders priced by the buyer tier, credited and placed in the period of their date', async () => {
    const day = period.start;
    const path = csv('orders.csv', [
      'order_ref,buyer_code,date,sku,quantity,unit_price',
      `WEB-1,${R},${day},TULSI-60,2,`,
      `WEB-1,${R},${day},NEEM-SOAP,1,`,
      `WEB-2,${D},${day}T10:30:00+05:30,TULSI-60,1,35000`,
    ]);
    await expect(importOrders(database.handle, path)).resolves.toEqual({ orders: 2, lines: 3 });
    const orders = await database.handle.db
      .selectFrom('orders as o')
      .innerJoin('members as c', 'c.id', 'o.credited_id')
      .select(['o.idempotency_key', 'o.price_tier', 'o.amount', 'o.wholesale_amount', 'o.qv', 'o.cv', 'o.period_id', 'o.business_date', 'c.code as credited'])
      .where('o.idempotency_key', 'like', 'import:%')
      .orderBy('o.id')
      .execute();
    expect(orders).toEqual([
      // The retail customer: 2 × 499.00 + 1 × 120.00 at retail; wholesale 2 × 399.00 + 95.00; credited to their sponsor.
      { idempotency_key: 'import:WEB-1', price_tier: 'retail', amount: 111_800, wholesale_amount: 89_300, qv: 45, cv: 41, period_id: period.id, business_date: day, credited: D },
      // The file's unit price wins over the catalogue.
      { idempotency_key: 'import:WEB-2', price_tier: 'distributor', amount: 35_000, wholesale_amount: 39_900, qv: 20, cv: 18.5, period_id: period.id, business_date: day, credited: D },
    ]);
  });

  it('lists every bad order row and writes nothing', async () => {
    const before = [await count('orders'), await count('order_lines')];
    const path = csv('bad-orders.csv', [
      'order_ref,buyer_code,date,sku,quantity',
      `WEB-1,${R},${period.start},TULSI-60,1`, // already imported
      `X-1,SM999999,${period.start},TULSI-60,1`, // unknown buyer
      `X-2,${D},${period.start},NOPE,1`, // unknown product
      `X-3,${D},1999-01-01,TULSI-60,1`, // no period
      `X-4,${D},${period.start},TULSI-60,0`, // zero quantity
      `X-5,${D},${period.start},TULSI-60,1`,
      `X-5,${R},${period.start},NEEM-SOAP,1`, // another buyer on the same order
    ]);
    const error = (await importOrders(database.handle, path).catch((e: unknown) => e)) as ImportRejected;
    expect(error).toBeInstanceOf(ImportRejected);
    // Row-level problems are reported first; reference checks run once the rows are well formed.
    expect(error.errors).toEqual([{ line: 6, column: 'quantity', reason: expect.any(String) }]);
    const fixed = csv('bad-orders-2.csv', readFileSync(path, 'utf8').split('\n').filter((line) => !line.startsWith('X-4')));
    const second = (await importOrders(database.handle, fixed).catch((e: unknown) => e)) as ImportRejected;
    expect(second.errors.map((e) => `${e.line}:${e.column}`)).toEqual(['2:order_ref', '3:buyer_code', '4:sku', '5:date', '7:buyer_code']);
    expect(second.report).toContain('line 5, column date: no pay period covers 1999-01-01');
    expect([await count('orders'), await count('order_lines')]).toEqual(before);
  });
});

describe('samooh export', () => {
  it('exports members in the import format with KYC masked unless asked', async () => {
    await database.handle.db.updateTable('members').set({ pan: 'ABCDE1234F', bank_account: '123456789012' }).where('code', '=', D).execute();
    const path = join(dir, 'members-out.csv');
    await expect(exportMembers(database.handle.db, path)).resolves.toEqual({ written: 3 });
    const text = readFileSync(path, 'utf8');
    expect(text).not.toContain('ABCDE1234F');
    expect(text).toContain('••••••234F');
    const full = join(dir, 'members-kyc.csv');
    await exportMembers(database.handle.db, full, { includeKyc: true });
    expect(readFileSync(full, 'utf8')).toContain('ABCDE1234F,123456789012');
    const lines = text.trim().split('\n');
    expect(lines[0]).toBe('code,name,type,sponsor_code,placement_parent_code,placement_slot,phone,email,country,language,joined_at,pan,bank_account,bank_ifsc');
    expect(lines[2]).toMatch(new RegExp(`^${D},Gaurav,distributor,SM1,SM1,L,`));
    expect(lines[3]).toMatch(new RegExp(`^${R},Hema,retail,${D},,,`));
  });

  it('exports the order lines of a period, which import back elsewhere', async () => {
    const path = join(dir, 'orders-out.csv');
    const result = await exportOrders(database.handle.db, period.start.slice(0, 7), path);
    expect(result.written).toBe(3);
    const [header, first] = readFileSync(path, 'utf8').trim().split('\n');
    expect(header).toBe('order_ref,buyer_code,date,sku,quantity,unit_price,unit_qv,unit_cv,currency,credited_code,status,refunded_quantity,amount,qv,cv');
    expect(first).toMatch(new RegExp(`^SO\\d+,${R},.+,TULSI-60,2,49900,20,18.5,INR,${D},paid,0,99800,40,37$`));

    const other = await createTestDatabase();
    try {
      await smallCompany(other.ctx);
      // The same people under the same codes, as after a members import.
      await other.handle.db.insertInto('members').values([
        { code: D, name: 'Gaurav', type: 'distributor', sponsor_id: 1, placement_parent_id: 1, placement_slot: 0 },
        { code: R, name: 'Hema', type: 'retail', sponsor_id: 2 },
      ]).execute();
      await expect(importOrders(other.handle, path)).resolves.toEqual({ orders: 2, lines: 3 });
      const amounts = await other.handle.db.selectFrom('orders').select(['amount', 'qv']).orderBy('id').execute();
      expect(amounts).toEqual([{ amount: 111_800, qv: 45 }, { amount: 35_000, qv: 20 }]);
    } finally {
      await other.drop();
    }
    await expect(exportOrders(database.handle.db, '1999-01', path)).rejects.toMatchObject({ code: 'PERIOD_NOT_FOUND' });
  });
});
