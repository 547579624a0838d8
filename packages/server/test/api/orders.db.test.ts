import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallCompany } from '../support/fixtures.ts';
import { startServer, type TestServer } from '../support/http-client.ts';
import { createTestDatabase, TEST_DB, type TestDatabase } from '../support/test-database.ts';

let database: TestDatabase;
let server: TestServer;
let distributor: { code: string; id: number };
let retail: { code: string; id: number };
let preferred: { code: string; id: number };

beforeAll(async () => {
  database = await createTestDatabase();
  await smallCompany(database.ctx);
  server = await startServer(database.handle);
  distributor = (await server.request('POST', '/api/members', { body: { name: 'Veena Distributor', type: 'distributor', sponsor: 'SM1' } })).body;
  retail = (await server.request('POST', '/api/members', { body: { name: 'Wasim Retail', type: 'retail', sponsor: distributor.code } })).body;
  preferred = (await server.request('POST', '/api/members', { body: { name: 'Yamini Preferred', type: 'preferred', sponsor: distributor.code } })).body;
});
afterAll(async () => {
  await server?.close();
  await database?.drop();
});

const count = async (table: 'orders' | 'order_lines' | 'refunds') =>
  Number((await database.handle.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
const order = (body: unknown, key?: string) => server.request('POST', '/api/orders', { body, headers: key ? { 'idempotency-key': key } : {} });

describe('placing orders', () => {
  it('prices a retail customer at retail and credits the referring distributor', async () => {
    const response = await order({ buyer: retail.code, items: [{ product: 'TULSI-60', quantity: 2 }, { product: 'NEEM-SOAP', quantity: 3 }] });
    expect(response.status).toBe(201);
    // 2 × 499.00 + 3 × 120.00 = 1,358.00; wholesale 2 × 399.00 + 3 × 95.00 = 1,083.00
    // QV 2 × 20 + 3 × 5 = 55; CV 2 × 18.5 + 3 × 4 = 49
    expect(response.body).toMatchObject({
      number: expect.stringMatching(/^SO\d+$/),
      buyer: { code: retail.code },
      credited: { code: distributor.code },
      priceTier: 'retail',
      currency: 'INR',
      amount: 135_800,
      wholesaleAmount: 108_300,
      qv: 55,
      cv: 49,
      status: 'paid',
      lines: [
        { lineNo: 1, sku: 'TULSI-60', quantity: 2, unitPrice: 49_900, amount: 99_800, qv: 40, cv: 37 },
        { lineNo: 2, sku: 'NEEM-SOAP', quantity: 3, unitPrice: 12_000, amount: 36_000, qv: 15, cv: 12 },
      ],
    });
  });

  it('prices distributors and preferred customers at the distributor price', async () => {
    const own = await order({ buyer: distributor.code, items: [{ product: 'TULSI-60', quantity: 1 }] });
    expect(own.body).toMatchObject({ priceTier: 'distributor', amount: 39_900, credited: { code: distributor.code } });
    const pc = await order({ buyer: preferred.code, items: [{ product: 'TULSI-60', quantity: 1 }] });
    expect(pc.body).toMatchObject({ priceTier: 'distributor', amount: 39_900, credited: { code: distributor.code } });
  });

  it('repeating an Idempotency-Key returns the first order and creates nothing', async () => {
    const body = { buyer: distributor.code, items: [{ product: 'NEEM-SOAP', quantity: 1 }] };
    const first = await order(body, 'order-key-1');
    const before = await count('orders');
    const again = await order(body, 'order-key-1');
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await count('orders')).toBe(before);
    const different = await order({ ...body, items: [{ product: 'NEEM-SOAP', quantity: 2 }] }, 'order-key-1');
    expect([different.status, different.body.error.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
  });

  it('creates exactly one order when requests with the same key arrive at the same time', async () => {
    const body = { buyer: retail.code, items: [{ product: 'TULSI-60', quantity: 1 }] };
    const before = await count('orders');
    const responses = await Promise.all(Array.from({ length: 12 }, () => order(body, 'concurrent-key')));
    expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
    expect(await count('orders')).toBe(before + 1);
  });

  it.each([
    [{ buyer: 'SM404404', items: [{ product: 'TULSI-60', quantity: 1 }] }, 404, 'MEMBER_NOT_FOUND'],
    [{ buyer: 'SM1', items: [{ product: 'NOPE', quantity: 1 }] }, 404, 'PRODUCT_NOT_FOUND'],
    [{ buyer: 'SM1', items: [{ product: 'TULSI-60', quantity: 1 }], currency: 'USD' }, 422, 'CURRENCY_MISMATCH'],
    [{ buyer: 'SM1', items: [] }, 400, 'VALIDATION_FAILED'],
    [{ buyer: 'SM1', items: [{ product: 'TULSI-60', quantity: 0 }] }, 400, 'VALIDATION_FAILED'],
    [{ buyer: 'SM1', items: [{ product: 'TULSI-60', quantity: 1.5 }] }, 400, 'VALIDATION_FAILED'],
  ])('refuses %j with %i %s and writes nothing', async (body, status, code) => {
    const before = [await count('orders'), await count('order_lines')];
    const response = await order(body);
    expect([response.status, response.body.error.code]).toEqual([status, code]);
    expect([await count('orders'), await count('order_lines')]).toEqual(before);
  });

  it('refuses a product taken off sale', async () => {
    await server.request('POST', '/api/products', {
      body: { sku: 'OLD-1', name: { en: 'Old', hi: 'पुराना' }, qv: 1, cv: 1, prices: [{ currency: 'INR', retailPrice: 100, distributorPrice: 90 }] },
    });
    await server.request('POST', '/api/products/OLD-1/deactivate');
    const response = await order({ buyer: 'SM1', items: [{ product: 'OLD-1', quantity: 1 }] });
    expect(response.body.error.code).toBe('PRODUCT_INACTIVE');
  });

  it('refuses an order when no open period covers today', async () => {
    await database.handle.db.updateTable('periods').set({ status: 'closed' }).execute();
    const response = await order({ buyer: 'SM1', items: [{ product: 'TULSI-60', quantity: 1 }] });
    await database.handle.db.updateTable('periods').set({ status: 'open' }).execute();
    expect([response.status, response.body.error.code]).toEqual([422, 'NO_OPEN_PERIOD']);
  });

  it('lists orders by buyer, credited distributor and period', async () => {
    const byBuyer = await server.request('GET', `/api/orders?buyer=${retail.code}`);
    expect(byBuyer.body.items.every((o: { buyer: { code: string } }) => o.buyer.code === retail.code)).toBe(true);
    const credited = await server.request('GET', `/api/orders?credited=${distributor.code}&limit=100`);
    const buyers = new Set(credited.body.items.map((o: { buyer: { code: string } }) => o.buyer.code));
    expect(buyers).toEqual(new Set([retail.code, preferred.code, distributor.code]));
    const periodId = credited.body.items[0].periodId;
    expect((await server.request('GET', `/api/orders?period=${periodId}&limit=1`)).body).toMatchObject({ hasMore: true, items: [expect.any(Object)] });
    expect((await server.request('GET', '/api/orders?period=999999')).body.items).toEqual([]);
  });
});

describe('refunds', () => {
  it('refunds part of a line, then the rest, and refuses more', async () => {
    const placed = await order({ buyer: retail.code, items: [{ product: 'TULSI-60', quantity: 3 }, { product: 'NEEM-SOAP', quantity: 1 }] });
    const ref = placed.body.number;
    const partial = await server.request('POST', `/api/orders/${ref}/refunds`, { body: { lines: [{ lineNo: 1, quantity: 2 }], reason: 'two bottles damaged' } });
    expect(partial.status).toBe(201);
    expect(partial.body.order).toMatchObject({ status: 'partially_refunded', refundedAmount: 99_800, lines: [{ refundedQuantity: 2 }, { refundedQuantity: 0 }] });
    expect(partial.body.order.refunds[0]).toMatchObject({ amount: 99_800, qv: 40, cv: 37, lines: [{ lineNo: 1, quantity: 2 }] });

    const tooMuch = await server.request('POST', `/api/orders/${ref}/refunds`, { body: { lines: [{ lineNo: 1, quantity: 2 }], reason: 'again' } });
    expect([tooMuch.status, tooMuch.body.error.code]).toEqual([422, 'REFUND_EXCEEDS_ORDER']);
    expect(tooMuch.body.error.message).toBe('Line 1: 2 requested but only 1 can still be refunded.');
    const noLine = await server.request('POST', `/api/orders/${ref}/refunds`, { body: { lines: [{ lineNo: 9, quantity: 1 }], reason: 'x' } });
    expect(noLine.body.error.code).toBe('REFUND_LINE_NOT_FOUND');

    const rest = await server.request('POST', `/api/orders/${ref}/refunds`, { body: { reason: 'customer cancelled' } });
    expect(rest.body.order).toMatchObject({ status: 'refunded', refundedAmount: placed.body.amount });
    const none = await server.request('POST', `/api/orders/${ref}/refunds`, { body: { reason: 'again' } });
    expect(none.body.error.code).toBe('ORDER_FULLY_REFUNDED');
  });

  it('refunds a free line: no money back, but the volume leaves', async () => {
    await server.request('POST', '/api/products', {
      body: { sku: 'FREE-SAMPLE', name: { en: 'Sample', hi: 'नमूना' }, qv: 1, cv: 1, prices: [{ currency: 'INR', retailPrice: 0, distributorPrice: 0 }] },
    });
    const placed = await order({ buyer: distributor.code, items: [{ product: 'FREE-SAMPLE', quantity: 2 }] });
    const refund = await server.request('POST', `/api/orders/${placed.body.id}/refunds`, { body: { reason: 'not wanted' } });
    expect(refund.status, refund.text).toBe(201);
    expect(refund.body.order.refunds[0]).toMatchObject({ amount: 0, qv: 2, cv: 2 });
  });

  it('is idempotent with a key', async () => {
    const placed = await order({ buyer: retail.code, items: [{ product: 'NEEM-SOAP', quantity: 2 }] });
    const body = { lines: [{ lineNo: 1, quantity: 1 }], reason: 'leaked' };
    const headers = { 'idempotency-key': `refund-${placed.body.id}` };
    const before = await count('refunds');
    const [a, b] = await Promise.all([
      server.request('POST', `/api/orders/${placed.body.id}/refunds`, { body, headers }),
      server.request('POST', `/api/orders/${placed.body.id}/refunds`, { body, headers }),
    ]);
    expect(new Set([a.body.refundId, b.body.refundId]).size).toBe(1);
    expect(await count('refunds')).toBe(before + 1);
    expect((await server.request('GET', `/api/orders/${placed.body.id}`)).body.lines[0].refundedQuantity).toBe(1);
  });
});

describe('periods', () => {
  it('closes a period to orders, refuses to close it twice, and reopens it', async () => {
    const [current] = (await server.request('GET', '/api/periods')).body.items.filter((p: { status: string }) => p.status === 'open');
    expect(current.actions).toEqual(['close']);
    const closed = await server.request('POST', `/api/periods/${current.id}/close`, { body: { reason: 'month-end cut-off' } });
    expect(closed.body).toMatchObject({ status: 'closed', actions: ['calculate', 'reopen'] });
    const late = await order({ buyer: distributor.code, items: [{ product: 'TULSI-60', quantity: 1 }] });
    expect(late.body.error.code).toBe('NO_OPEN_PERIOD');
    const twice = await server.request('POST', `/api/periods/${current.id}/close`);
    expect([twice.status, twice.body.error.code]).toEqual([409, 'PERIOD_TRANSITION_INVALID']);
    expect(twice.body.error.message).toBe('A period that is closed cannot close; it can from: open.');
    const reopened = await server.request('POST', `/api/periods/${current.id}/reopen`, { body: { reason: 'late bank transfers' } });
    expect(reopened.body.status).toBe('open');
    expect((await order({ buyer: distributor.code, items: [{ product: 'TULSI-60', quantity: 1 }] })).status).toBe(201);
    expect((await server.request('POST', '/api/periods/999999/close')).status).toBe(404);
  });

  it('lists periods and opens the next one right after the latest', async () => {
    const before = await server.request('GET', '/api/periods');
    const latest = before.body.items[0];
    const opened = await server.request('POST', '/api/periods');
    expect(opened.status).toBe(201);
    const dayAfter = new Date(`${latest.end}T00:00:00Z`);
    dayAfter.setUTCDate(dayAfter.getUTCDate() + 1);
    expect(opened.body).toMatchObject({ start: dayAfter.toISOString().slice(0, 10), status: 'open' });
    expect((await server.request('GET', '/api/periods')).body.items[0].id).toBe(opened.body.id);
  });
});

describe('the database keeps the data true by itself', () => {
  it(`refuses an order whose totals differ from its lines (${TEST_DB})`, async () => {
    const placed = await order({ buyer: distributor.code, items: [{ product: 'TULSI-60', quantity: 1 }] });
    await expect(database.handle.db.updateTable('orders').set({ amount: 1 }).where('id', '=', placed.body.id).execute()).rejects.toThrow(/totals differ/);
    await expect(database.handle.db.updateTable('members').set({ sponsor_id: distributor.id }).where('id', '=', distributor.id).execute()).rejects.toThrow(/members_no_self_sponsor/);
  });
});
