import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrollMember } from '../../src/services/members/enroll-member.ts';
import { ImportRejected } from '../../src/services/imports/import-errors.ts';
import { importMembers, MEMBER_COLUMNS } from '../../src/services/imports/import-members.ts';
import { importOrders, ORDER_COLUMNS } from '../../src/services/imports/import-orders.ts';
import { importProducts, PRODUCT_COLUMNS } from '../../src/services/imports/import-products.ts';
import { smallCompany } from '../support/fixtures.ts';
import { hostileNumber, hostileText } from '../support/hostile-input.ts';
import { createTestDatabase, TEST_DB, type TestDatabase } from '../support/test-database.ts';

/**
 * `samooh import members|products|orders` under thousands of generated files: near-valid
 * rows with hostile cells (SQL and HTML fragments, formulas, unicode and bidi controls, huge
 * and malformed numbers, impossible dates, loops and unknown references), broken headers
 * (missing, unknown, duplicated columns) and broken CSV (unbalanced quotes, binary, NUL,
 * ragged rows). Each import either writes every row or is refused as a whole with
 * IMPORT_REJECTED, every problem located by line and column, and then nothing was written;
 * no other error escapes.
 */

const RUNS = TEST_DB === 'pglite' ? { members: 400, products: 300, orders: 300 } : { members: 300, products: 250, orders: 250 };

let database: TestDatabase;
const dir = mkdtempSync(join(tmpdir(), 'samooh-import-fuzz-'));
let fileNo = 0;
const existing = { members: ['SM1'], products: ['TULSI-60', 'NEEM-SOAP', 'STARTER-KIT'] };

beforeAll(async () => {
  database = await createTestDatabase();
  await smallCompany(database.ctx);
  for (let i = 0; i < 3; i += 1) existing.members.push((await enrollMember(database.ctx, { name: `Importer ${i}`, type: 'distributor', sponsor: 'SM1' })).code);
}, 600_000);
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await database?.drop();
});

/** What an import may change: counted before and after each attempt. */
async function footprint() {
  const { rows } = await sql<{ members: number; products: number; orders: number; lines: number; audit: number; events: number }>`
    SELECT (SELECT count(*)::int FROM members) AS members, (SELECT count(*)::int FROM products) AS products,
           (SELECT count(*)::int FROM orders) AS orders, (SELECT count(*)::int FROM order_lines) AS lines,
           (SELECT count(*)::int FROM audit_log) AS audit, (SELECT count(*)::int FROM volume_events) AS events`.execute(database.handle.db);
  return rows[0]!;
}

/** A cell: usually plausible, often hostile. */
const cell = (plausible: fc.Arbitrary<string>) => fc.oneof({ weight: 4, arbitrary: plausible }, { weight: 2, arbitrary: hostileText }, { weight: 1, arbitrary: hostileNumber.map(String) }, { weight: 1, arbitrary: fc.constant('') });

/** A header: the real columns, shuffled, sometimes with one dropped, duplicated or misspelt, or an unknown one added. */
function header(columns: { required: readonly string[]; optional: readonly string[] }): fc.Arbitrary<string[]> {
  const all = [...columns.required, ...columns.optional];
  return fc.tuple(fc.shuffledSubarray(all, { minLength: columns.required.length }), fc.nat(9), hostileText).map(([picked, twist, junk]) => {
    const required = columns.required.filter((name) => !picked.includes(name));
    const names = [...required, ...picked];
    if (twist === 0) names.pop();
    if (twist === 1) names.push(names[0]!);
    if (twist === 2) names.push(junk || 'extra');
    if (twist === 3) names[0] = `${names[0]} `.toUpperCase();
    return names;
  });
}

/** A file of rows under the header; sometimes corrupted as text after it is written. */
function csvFile(columns: { required: readonly string[]; optional: readonly string[] }, cellFor: (column: string, row: number) => fc.Arbitrary<string>): fc.Arbitrary<string> {
  return header(columns)
    .chain((names) => fc.tuple(fc.constant(names), fc.array(fc.tuple(...names.map((name, i) => cellFor(name, i))), { minLength: 0, maxLength: 8 })))
    .chain(([names, rows]) => {
      const text = stringify([names, ...rows]);
      return fc.oneof(
        { weight: 6, arbitrary: fc.constant(text) },
        { weight: 1, arbitrary: fc.tuple(fc.nat(text.length), fc.constantFrom('"', '\u0000', '\r', ',,,,', '\n"unterminated', '\ufeff', '\xff\xfe')).map(([at, junk]) => text.slice(0, at) + junk + text.slice(at)) },
        { weight: 1, arbitrary: fc.constant(`${text}${names.map(() => 'x').join(',')},one-too-many\n`) },
        { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 400 }) },
      );
    });
}

const memberFile = fc.integer({ min: 1, max: 1e9 }).chain((seed) =>
  csvFile(MEMBER_COLUMNS, (column) => {
    const fresh = fc.nat(20).map((n) => `FZ${seed}-${n}`);
    switch (column) {
      case 'code': return cell(fresh);
      case 'name': return cell(fc.constantFrom('Asha Verma', 'रमेश कुमार', 'O\'Brien, Jr.'));
      case 'type': return cell(fc.constantFrom('distributor', 'retail', 'preferred'));
      case 'sponsor_code':
      case 'placement_parent_code': return cell(fc.oneof(fc.constantFrom(...existing.members), fresh));
      case 'placement_slot': return cell(fc.constantFrom('L', 'R', 'l', '1', '3'));
      case 'phone': return cell(fc.constantFrom('+919812345678', '98123 45678'));
      case 'email': return cell(fc.constantFrom('asha@example.com', 'a@b'));
      case 'country': return cell(fc.constantFrom('IN', 'NP', 'in'));
      case 'language': return cell(fc.constantFrom('en', 'hi', 'ta'));
      case 'joined_at': return cell(fc.constantFrom('2026-01-15', '2026-02-29', '2026-01-15T10:00:00+05:30', '15/01/2026'));
      case 'pan': return cell(fc.constantFrom('ABCDE1234F', 'abcde1234f', 'ABCDE12345'));
      case 'bank_account': return cell(fc.constantFrom('123456789012', '12'));
      case 'bank_ifsc': return cell(fc.constantFrom('HDFC0001234', 'HDFC1234'));
      default: return hostileText;
    }
  }),
);

/**
 * Files that must import whole: customers under existing distributors, named with hostile but
 * storable text (HTML, SQL, formulas, Devanagari, emoji). Stored as given, never executed.
 */
const STORABLE_NAMES = ['<img src=x onerror=alert(1)>', "'; DROP TABLE members; --", '=HYPERLINK("http://evil")', 'सदस्य समूह', '😀👨‍👩‍👧', "O'Brien, \"Jr.\"", '{{7*7}}'];
const validMemberFile = fc.integer({ min: 1, max: 1e9 }).chain((seed) =>
  fc.array(fc.tuple(fc.constantFrom(...STORABLE_NAMES), fc.constantFrom('retail', 'preferred'), fc.constantFrom(...existing.members)), { minLength: 1, maxLength: 6 })
    .map((rows) => stringify([['code', 'name', 'type', 'sponsor_code'], ...rows.map(([name, type, sponsor], i) => [`FV${seed}-${i}`, name, type, sponsor])])));

const productFile = fc.integer({ min: 1, max: 1e9 }).chain((seed) =>
  csvFile(PRODUCT_COLUMNS, (column) => {
    switch (column) {
      case 'sku': return cell(fc.oneof(fc.nat(20).map((n) => `FZ-${seed}-${n}`), fc.constantFrom(...existing.products)));
      case 'name_en':
      case 'name_hi':
      case 'description_en':
      case 'description_hi': return cell(fc.constantFrom('Tulsi', 'तुलसी', ''));
      case 'qv':
      case 'cv': return cell(fc.constantFrom('0', '20', '18.5', '100000', '100000.01', '0.001', '-1'));
      case 'currency': return cell(fc.constantFrom('INR', 'USD', 'inr', 'XXX'));
      case 'retail_price':
      case 'distributor_price': return cell(fc.constantFrom('49900', '39900', '0', '100000000000', '100000000001', '12.5'));
      case 'starter_kit':
      case 'active': return cell(fc.constantFrom('true', 'false', 'yes', 'no', '1', '0', 'maybe'));
      default: return hostileText;
    }
  }),
);

const validProductFile = fc.integer({ min: 1, max: 1e9 }).chain((seed) =>
  fc.array(fc.tuple(fc.constantFrom(...STORABLE_NAMES), fc.constantFrom(...STORABLE_NAMES)), { minLength: 1, maxLength: 4 })
    .map((rows) => stringify([[...PRODUCT_COLUMNS.required], ...rows.map(([en, hi], i) => [`FV-${seed}-${i}`, en, hi, '20', '18.5', 'INR', '49900', '39900'])])));

const orderFile = fc.integer({ min: 1, max: 1e9 }).chain((seed) =>
  csvFile(ORDER_COLUMNS, (column) => {
    switch (column) {
      case 'order_ref': return cell(fc.nat(3).map((n) => `FZ-${seed}-${n}`));
      case 'buyer_code':
      case 'credited_code': return cell(fc.constantFrom(...existing.members, 'SM999999'));
      case 'date': return cell(fc.constantFrom(new Date().toISOString().slice(0, 10), '2026-02-30', '1900-01-01', '2999-12-31'));
      case 'sku': return cell(fc.constantFrom(...existing.products, 'NO-SUCH'));
      case 'quantity':
      case 'refunded_quantity': return cell(fc.constantFrom('1', '3', '0', '-2', '10001', '1.5'));
      case 'unit_price':
      case 'amount': return cell(fc.constantFrom('49900', '0', '100000000001', '-1'));
      case 'unit_qv':
      case 'unit_cv':
      case 'qv':
      case 'cv': return cell(fc.constantFrom('20', '18.5', '0.001', '100001'));
      case 'currency': return cell(fc.constantFrom('INR', 'USD'));
      case 'status': return cell(fc.constantFrom('paid', 'refunded'));
      default: return hostileText;
    }
  }),
);

const validOrderFile = fc.integer({ min: 1, max: 1e9 }).chain((seed) =>
  fc.array(fc.tuple(fc.constantFrom(...existing.members.slice(1)), fc.constantFrom('TULSI-60', 'NEEM-SOAP'), fc.integer({ min: 1, max: 5 })), { minLength: 1, maxLength: 4 })
    .map((rows) => stringify([[...ORDER_COLUMNS.required], ...rows.map(([buyer, sku, quantity], i) => [`FV-${seed}-${i}`, buyer, new Date().toISOString().slice(0, 10), sku, String(quantity)])])));

type Importer = (handle: TestDatabase['handle'], path: string) => Promise<unknown>;

async function fuzzImport(kind: string, importer: Importer, file: fc.Arbitrary<string>, numRuns: number) {
  const tally = { tried: 0, imported: 0, refused: 0, problems: 0 };
  await fc.assert(
    fc.asyncProperty(file, async (text) => {
      tally.tried += 1;
      const path = join(dir, `${kind}-${(fileNo += 1)}.csv`);
      writeFileSync(path, text);
      const before = await footprint();
      const outcome = await importer(database.handle, path).then(() => undefined, (error: unknown) => error);
      rmSync(path, { force: true });
      if (outcome === undefined) {
        tally.imported += 1;
        return;
      }
      // The only refusal is the whole-file one, coded, each problem located; and it wrote nothing.
      expect(outcome, String((outcome as Error)?.stack ?? outcome)).toBeInstanceOf(ImportRejected);
      const rejected = outcome as ImportRejected;
      expect(rejected.code).toBe('IMPORT_REJECTED');
      expect(rejected.errors.length).toBeGreaterThan(0);
      for (const problem of rejected.errors) {
        expect(Number.isInteger(problem.line) && problem.line >= 0).toBe(true);
        expect(problem.column.length).toBeGreaterThan(0);
        expect(problem.reason.length).toBeGreaterThan(0);
      }
      expect(await footprint()).toEqual(before);
      tally.refused += 1;
      tally.problems += rejected.errors.length;
    }),
    { numRuns },
  );
  console.log(`import ${kind}: ${tally.tried} files tried, ${tally.imported} imported whole, ${tally.refused} refused with IMPORT_REJECTED (${tally.problems} problems located), nothing half-written`);
  return tally;
}

describe('CSV imports under hostile files', () => {
  it('members: all or nothing, every refusal coded and located', async () => {
    const tally = await fuzzImport('members', importMembers, fc.oneof({ weight: 5, arbitrary: memberFile }, { weight: 1, arbitrary: validMemberFile }), RUNS.members);
    // Both ways out were taken: whole files went in, bad ones were refused.
    expect(tally.refused).toBeGreaterThan(0);
    expect(tally.imported).toBeGreaterThan(0);
  }, 900_000);

  it('products: all or nothing, every refusal coded and located', async () => {
    const tally = await fuzzImport('products', importProducts, fc.oneof({ weight: 5, arbitrary: productFile }, { weight: 1, arbitrary: validProductFile }), RUNS.products);
    expect(tally.refused).toBeGreaterThan(0);
    expect(tally.imported).toBeGreaterThan(0);
  }, 900_000);

  it('orders: all or nothing, every refusal coded and located', async () => {
    const tally = await fuzzImport('orders', importOrders, fc.oneof({ weight: 5, arbitrary: orderFile }, { weight: 1, arbitrary: validOrderFile }), RUNS.orders);
    expect(tally.refused).toBeGreaterThan(0);
    expect(tally.imported).toBeGreaterThan(0);
  }, 900_000);
});
