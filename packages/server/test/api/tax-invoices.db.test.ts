import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueCreditNote } from '../../src/services/tax/issue-credit-note.ts';
import { nextDocumentNumber } from '../../src/services/tax/document-counter.ts';
import { smallCompany } from '../support/fixtures.ts';
import { startServer, type TestServer } from '../support/http-client.ts';
import { createTestDatabase, TEST_DB, type TestDatabase } from '../support/test-database.ts';

let database: TestDatabase;
let server: TestServer;
let distributor: { code: string };
let retail: { code: string };
const GSTIN = '27AAPFU0939F1ZV'; // Maharashtra

beforeAll(async () => {
  database = await createTestDatabase();
  await smallCompany(database.ctx);
  server = await startServer(database.handle);
  distributor = (await server.request('POST', '/api/members', { body: { name: 'Geeta Distributor', type: 'distributor', sponsor: 'SM1' } })).body;
  retail = (await server.request('POST', '/api/members', { body: { name: 'Harsh Retail', type: 'retail', sponsor: distributor.code } })).body;
});
afterAll(async () => {
  await server?.close();
  await database?.drop();
});

const count = async (table: 'orders' | 'invoices' | 'credit_notes' | 'webhook_events') =>
  Number((await database.handle.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
const settings = (body: unknown) => server.request('PUT', '/api/company/tax-settings', { body });
const order = (body: unknown) => server.request('POST', '/api/orders', { body });

describe('GST settings and product tax fields', () => {
  it('issues no invoice while the company has no GSTIN', async () => {
    const placed = await order({ buyer: retail.code, items: [{ product: 'TULSI-60', quantity: 1 }] });
    expect(placed.status).toBe(201);
    const invoice = await server.request('GET', `/api/orders/${placed.body.number}/invoice`);
    expect(invoice.status).toBe(404);
    expect(invoice.body.error.code).toBe('INVOICE_NOT_FOUND');
  });

  it('refuses a GSTIN with a wrong check character, of another state, or an unknown state', async () => {
    const wrong = await settings({ gstin: '27AAPFU0939F1ZW', pricesIncludeTax: true });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error).toMatchObject({ code: 'GSTIN_INVALID', message: expect.stringContaining('check') });
    expect((await settings({ gstin: GSTIN, state: 'KA', pricesIncludeTax: true })).body.error.code).toBe('GSTIN_INVALID');
    expect((await settings({ gstin: null, state: 'Atlantis', pricesIncludeTax: true })).body.error.code).toBe('STATE_CODE_UNKNOWN');
    const hindi = await server.request('PUT', '/api/company/tax-settings', { body: { gstin: 'XX', pricesIncludeTax: true }, headers: { 'accept-language': 'hi' } });
    expect(hindi.body.error.message).toContain('मान्य नहीं');
    expect((await server.request('GET', '/api/company/tax-settings')).body).toMatchObject({ gstin: null, invoicing: false });
  });

  it('refuses an unknown HSN code or a GST rate not in force, and writes nothing', async () => {
    const badHsn = await server.request('PATCH', '/api/products/TULSI-60', { body: { hsnCode: '7712', gstRate: 18 } });
    expect(badHsn.status).toBe(422);
    expect(badHsn.body.error).toMatchObject({ code: 'HSN_CODE_INVALID' });
    const badRate = await server.request('PATCH', '/api/products/TULSI-60', { body: { hsnCode: '3004', gstRate: 12 } });
    expect(badRate.body.error).toMatchObject({ code: 'GST_RATE_UNKNOWN', message: expect.stringContaining('0, 0.1, 0.25, 1.5, 3, 5, 18, 28, 40') });
    const created = await server.request('POST', '/api/products', { body: { sku: 'BAD-TAX', name: { en: 'Bad', hi: 'खराब' }, qv: 1, cv: 1, gstRate: 7, prices: [{ currency: 'INR', retailPrice: 100, distributorPrice: 90 }] } });
    expect(created.body.error.code).toBe('GST_RATE_UNKNOWN');
    expect((await server.request('GET', '/api/products/BAD-TAX')).status).toBe(404);
    expect((await server.request('GET', '/api/products/TULSI-60')).body).toMatchObject({ hsnCode: null, gstRate: null });
  });

  it('refuses an order whose product has no HSN code once invoicing is on, writing nothing', async () => {
    const set = await settings({ gstin: GSTIN, pricesIncludeTax: true, legalAddress: 'Plot 7, MIDC\nPune 411001' });
    expect(set.body).toMatchObject({ gstin: GSTIN, state: { code: '27', name: 'Maharashtra' }, invoicing: true });
    const before = await count('orders');
    const refused = await order({ buyer: retail.code, items: [{ product: 'NEEM-SOAP', quantity: 1 }] });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'PRODUCT_TAX_UNSET' });
    expect(await count('orders')).toBe(before);
    const badState = await order({ buyer: retail.code, items: [{ product: 'TULSI-60', quantity: 1 }], billingState: 'ZZ' });
    expect(badState.body.error.code).toBe('STATE_CODE_UNKNOWN');
  });
});

describe('tax invoices', () => {
  beforeAll(async () => {
    expect((await server.request('PATCH', '/api/products/TULSI-60', { body: { hsnCode: '30049011', gstRate: 18 } })).body).toMatchObject({ hsnCode: '30049011', gstRate: 18 });
    expect((await server.request('PATCH', '/api/products/NEEM-SOAP', { body: { hsnCode: '3401', gstRate: 5 } })).status).toBe(200);
  });

  it('charges CGST and SGST within the state, tax included in the price, rounded per line', async () => {
    const placed = await order({ buyer: retail.code, items: [{ product: 'TULSI-60', quantity: 2 }, { product: 'NEEM-SOAP', quantity: 3 }], billingState: 'MH' });
    const invoice = await server.request('GET', `/api/orders/${placed.body.number}/invoice`);
    expect(invoice.status).toBe(200);
    // Tulsi 2 × 499.00 = 998.00 incl. 18 %: base 845.76 (84576.27 → 84576); halves 7611.84 → 7612; taxable 99800 − 15224 = 84576.
    // Soap 3 × 120.00 = 360.00 incl. 5 %: base 342.857 → 34286; halves 857.15 → 857; taxable 36000 − 1714 = 34286.
    expect(invoice.body).toMatchObject({
      number: expect.stringMatching(/^INV\/\d{2}-\d{2}\/\d{6}$/),
      placeOfSupply: { code: '27', name: 'Maharashtra' },
      interState: false,
      pricesIncludeTax: true,
      seller: { gstin: GSTIN, state: { code: '27' } },
      buyer: { code: retail.code },
      lines: [
        { lineNo: 1, hsnCode: '30049011', gstRate: 18, quantity: 2, name: { hi: 'तुलसी ड्रॉप्स 60 मि.ली.' }, taxableValue: 84_576, cgst: 7612, sgst: 7612, igst: 0, total: 99_800 },
        { lineNo: 2, hsnCode: '3401', gstRate: 5, quantity: 3, taxableValue: 34_286, cgst: 857, sgst: 857, igst: 0, total: 36_000 },
      ],
      totals: { taxableValue: 118_862, cgst: 8469, sgst: 8469, igst: 0, total: 135_800 },
      amountInWords: 'Rupees One Thousand Three Hundred Fifty-Eight Only',
    });
    const html = await server.request('GET', `/api/orders/${placed.body.number}/invoice/print`);
    expect(html.headers.get('content-type')).toContain('text/html');
    expect(html.text).toContain('तुलसी ड्रॉप्स 60 मि.ली.');
    expect(html.text).toContain('Rupees One Thousand Three Hundred Fifty-Eight Only');
    expect(html.text).toContain('CGST');
    expect(html.text).toContain(invoice.body.number);
  });

  it('charges IGST across states, and tax on top when prices exclude it', async () => {
    await settings({ gstin: GSTIN, pricesIncludeTax: false });
    const placed = await order({ buyer: distributor.code, items: [{ product: 'TULSI-60', quantity: 1 }], billingState: '29' });
    const invoice = (await server.request('GET', `/api/orders/${placed.body.number}/invoice`)).body;
    // 399.00 at 18 % IGST = 71.82 on top.
    expect(invoice).toMatchObject({ interState: true, placeOfSupply: { code: '29', name: 'Karnataka' }, totals: { taxableValue: 39_900, cgst: 0, sgst: 0, igst: 7182, total: 47_082 } });
    const html = (await server.request('GET', `/api/orders/${placed.body.number}/invoice/print`)).text;
    expect(html).toContain('IGST');
    expect(html).not.toContain('CGST');
    await settings({ gstin: GSTIN, pricesIncludeTax: true });
  });

  it('issues a credit note for each refund, and a refund of everything nets the invoice to zero', async () => {
    const placed = await order({ buyer: retail.code, items: [{ product: 'TULSI-60', quantity: 3 }], billingState: 'DL' });
    const invoice = (await server.request('GET', `/api/orders/${placed.body.number}/invoice`)).body;
    // 3 × 499.00 = 1497.00 incl. 18 % IGST: base 126864.4 → 126864; IGST 22835.52 → 22836; taxable 126864.
    expect(invoice.lines[0]).toMatchObject({ taxableValue: 126_864, igst: 22_836, total: 149_700 });
    const first = await server.request('POST', `/api/orders/${placed.body.number}/refunds`, { body: { lines: [{ lineNo: 1, quantity: 1 }], reason: 'damaged bottle' } });
    expect(first.status).toBe(201);
    const second = await server.request('POST', `/api/orders/${placed.body.number}/refunds`, { body: { reason: 'returned the rest' } });
    expect(second.status).toBe(201);
    const withNotes = (await server.request('GET', `/api/orders/${placed.body.number}/invoice`)).body;
    expect(withNotes.creditNotes).toHaveLength(2);
    const [a, b] = await Promise.all(withNotes.creditNotes.map((note: { id: number }) => server.request('GET', `/api/credit-notes/${note.id}`)));
    // One unit of 499.00: base 42288; IGST 7612. The last two units take exactly what is left.
    expect(a!.body).toMatchObject({ number: expect.stringMatching(/^CN\/\d{2}-\d{2}\/\d{6}$/), reason: 'damaged bottle', invoice: { number: invoice.number }, lines: [{ quantity: 1, taxableValue: 42_288, igst: 7612, total: 49_900 }] });
    expect(b!.body.lines[0]).toMatchObject({ quantity: 2, taxableValue: 126_864 - 42_288, igst: 22_836 - 7612, total: 99_800 });
    expect(Number(b!.body.number.slice(-6))).toBe(Number(a!.body.number.slice(-6)) + 1);
    const print = await server.request('GET', `/api/credit-notes/${a!.body.id}/print`);
    expect(print.text).toContain(invoice.number);
    expect(print.text).toContain('damaged bottle');
  });

  it('issues no credit note for an order placed before invoicing began, and never two for one refund', async () => {
    const first = await database.handle.db.selectFrom('orders').select('number').orderBy('id').executeTakeFirstOrThrow();
    const notes = await count('credit_notes');
    const refund = await server.request('POST', `/api/orders/${first.number}/refunds`, { body: { reason: 'before GST registration' } });
    expect(refund.status).toBe(201);
    expect(await count('credit_notes')).toBe(notes);
    const credited = await database.handle.db.selectFrom('credit_notes').select(['id', 'refund_id']).orderBy('id').executeTakeFirstOrThrow();
    expect(await issueCreditNote(database.ctx, credited.refund_id)).toBe(credited.id);
    expect(await count('credit_notes')).toBe(notes);
  });

  it('sums a month by place of supply and rate, invoices less credit notes, as CSV', async () => {
    const month = (await database.handle.db.selectFrom('invoices').select('issue_date').executeTakeFirstOrThrow()).issue_date.slice(0, 7);
    const csv = await server.request('GET', `/api/tax/gst-summary.csv?month=${month}`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const rows = csv.text.trim().split('\n').map((line) => line.split(','));
    expect(rows[0]).toEqual(['month', 'place_of_supply', 'state', 'gst_rate', 'invoices', 'credit_notes', 'taxable_value', 'cgst', 'sgst_utgst', 'igst', 'total_tax']);
    // Delhi at 18 %: one invoice fully credited by two notes.
    expect(rows.find((row) => row[1] === '07' && row[3] === '18')).toEqual([month, '07', 'Delhi', '18', '1', '2', '0.00', '0.00', '0.00', '0.00', '0.00']);
    expect(rows.find((row) => row[1] === '27' && row[3] === '5')).toEqual([month, '27', 'Maharashtra', '5', '1', '0', '342.86', '8.57', '8.57', '0.00', '17.14']);
    expect(rows.find((row) => row[1] === '29' && row[3] === '18')?.slice(6)).toEqual(['399.00', '0.00', '0.00', '71.82', '71.82']);
    expect(rows.at(-1)?.[1]).toBe('total');
    expect((await server.request('GET', '/api/tax/gst-summary.csv?month=2026-13')).status).toBe(400);
  });
});

describe('invoice numbers', () => {
  it('has no gaps and no duplicates when many orders are invoiced at once, and a rolled-back invoice gives its number back', { timeout: 120_000 }, async () => {
    const before = await database.handle.db.selectFrom('invoices').select(['financial_year', 'sequence']).orderBy('sequence', 'desc').executeTakeFirstOrThrow();
    const concurrent = TEST_DB === 'postgres' ? 40 : 15;
    // Some transactions take a number and then roll back, in between the orders.
    const rollbacks = Array.from({ length: 5 }, () =>
      database.handle.db.transaction().execute(async (tx) => {
        await nextDocumentNumber(tx, 'invoice', before.financial_year);
        throw new Error('rolled back on purpose');
      }).catch((error: Error) => error.message),
    );
    const results = await Promise.all([
      ...Array.from({ length: concurrent }, (_, i) => order({ buyer: retail.code, items: [{ product: i % 2 ? 'TULSI-60' : 'NEEM-SOAP', quantity: 1 + (i % 3) }] })),
      ...rollbacks,
    ]);
    const placed = results.filter((result): result is Awaited<ReturnType<typeof order>> => typeof result !== 'string');
    expect(placed.map((result) => result.status)).toEqual(Array(concurrent).fill(201));
    expect(results.filter((result) => result === 'rolled back on purpose')).toHaveLength(5);
    const numbers = (await database.handle.db.selectFrom('invoices').select(['sequence', 'number']).where('financial_year', '=', before.financial_year).orderBy('sequence').execute());
    expect(numbers.map((row) => row.sequence)).toEqual(numbers.map((_, i) => i + 1));
    expect(numbers.at(-1)!.sequence).toBe(before.sequence + concurrent);
    expect(new Set(numbers.map((row) => row.number)).size).toBe(numbers.length);
    const counter = await sql<{ last_number: number }>`SELECT last_number FROM document_counters WHERE series = 'invoice'`.execute(database.handle.db);
    expect(counter.rows[0]!.last_number).toBe(before.sequence + concurrent);
  });
});
