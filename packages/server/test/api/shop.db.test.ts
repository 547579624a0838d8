import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/services/auth/users.ts';
import { saveProductKnowledge } from '../../src/services/products/product-knowledge.ts';
import { updateProduct } from '../../src/services/products/save-product.ts';
import { setTaxSettings } from '../../src/services/tax/tax-settings.ts';
import { smallCompany } from '../support/fixtures.ts';
import { startServer, type Credentials, type TestServer } from '../support/http-client.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

/** A distributor's public shop over real HTTP: browsing, checkout, crediting, idempotency, refusals and recording payment. */

const PASSWORD = 'shop-password-4242';
let database: TestDatabase;
let server: TestServer;
let jaya: { id: number; code: string };
let other: { id: number; code: string };
let gone: { id: number; code: string };
let jayaLogin: Credentials;
let otherLogin: Credentials;
let financeLogin: Credentials;
let supportLogin: Credentials;
let keys = 0;

const ADDRESS = { line1: '12 MG Road', city: 'Pune', state: '27', pincode: '411001' };
const retailBody = (overrides: Record<string, unknown> = {}) => ({
  customer: { name: 'Asha Customer', phone: '9811100001' },
  shippingAddress: ADDRESS,
  lines: [{ sku: 'TULSI-60', quantity: 2 }, { sku: 'neem-soap', quantity: 1 }],
  ...overrides,
});
const checkout = (code: string, body: unknown, key: string | null = `key-${++keys}`, language = 'en') =>
  server.request('POST', `/api/shop/${code}/checkout`, { body, as: 'anonymous', headers: { 'accept-language': language, ...(key ? { 'idempotency-key': key } : {}) } });

const count = async (table: 'orders' | 'members' | 'users' | 'shop_orders' | 'order_fulfilments' | 'audit_log') =>
  Number((await database.handle.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
const counts = async () => ({ orders: await count('orders'), members: await count('members'), users: await count('users'), shop: await count('shop_orders'), fulfilments: await count('order_fulfilments'), audit: await count('audit_log') });

beforeAll(async () => {
  database = await createTestDatabase();
  await smallCompany(database.ctx);
  await setTaxSettings(database.ctx, { gstin: '27AAPFU0939F1ZV', pricesIncludeTax: true });
  for (const sku of ['TULSI-60', 'NEEM-SOAP']) await updateProduct(database.ctx, sku, { hsnCode: '3004', gstRate: 18 });
  server = await startServer(database.handle);
  const enrol = async (name: string, extra: Record<string, unknown> = {}) => (await server.request('POST', '/api/members', { body: { name, type: 'distributor', sponsor: 'SM1', ...extra } })).body;
  jaya = await enrol('Jaya Distributor', { phone: '9822200002', email: 'jaya@shop.test', pan: 'ABCDE1234F', bankAccount: '123456789012', bankIfsc: 'HDFC0001234' });
  other = await enrol('Omar Distributor');
  gone = await enrol('Gone Distributor');
  expect((await server.request('POST', `/api/members/${gone.code}/terminate`, { body: { reason: 'left the business' } })).status).toBe(200);
  await createUser(database.ctx, { email: 'jaya@shop.test', roles: ['distributor'], member: jaya.code, password: PASSWORD });
  await createUser(database.ctx, { email: 'omar@shop.test', roles: ['distributor'], member: other.code, password: PASSWORD });
  await createUser(database.ctx, { email: 'finance@shop.test', roles: ['finance'], password: PASSWORD });
  await createUser(database.ctx, { email: 'support@shop.test', roles: ['support'], password: PASSWORD });
  jayaLogin = await server.signIn('jaya@shop.test', PASSWORD);
  otherLogin = await server.signIn('omar@shop.test', PASSWORD);
  financeLogin = await server.signIn('finance@shop.test', PASSWORD);
  supportLogin = await server.signIn('support@shop.test', PASSWORD);
  await saveProductKnowledge(database.ctx, 'TULSI-60', {
    usage: { en: 'Ten drops in warm water.', hi: 'गुनगुने पानी में दस बूँदें।' },
    ingredients: { en: 'Tulsi extract', hi: 'तुलसी सत्व' },
    certifications: ['AYUSH'],
    faq: [{ question: { en: 'For children?', hi: 'बच्चों के लिए?' }, answer: { en: 'Above 5 years.', hi: '5 वर्ष से ऊपर।' } }],
  });
});
afterAll(async () => {
  await server?.close();
  await database?.drop();
});

describe('the shop front', () => {
  it("shows the distributor's display name and code, never contact or KYC details, without signing in", async () => {
    const shop = await server.request('GET', `/api/shop/${jaya.code.toLowerCase()}`, { as: 'anonymous' });
    expect(shop.status).toBe(200);
    expect(shop.body).toMatchObject({ code: jaya.code, name: 'Jaya Distributor', currency: 'INR', paymentMethods: ['cash-or-upi'] });
    expect(shop.body.states).toContainEqual({ code: '27', name: 'Maharashtra' });
    for (const secret of ['9822200002', 'jaya@shop.test', 'ABCDE1234F', '1234F', '123456789012', 'HDFC0001234']) expect(shop.text).not.toContain(secret);
  });

  it('refuses an unknown shop code and a terminated distributor, in English and Hindi', async () => {
    const unknown = await server.request('GET', '/api/shop/SM999999', { as: 'anonymous' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ code: 'SHOP_NOT_FOUND', message: 'There is no shop with the code SM999999.' });
    const closed = await server.request('GET', `/api/shop/${gone.code}/products`, { as: 'anonymous', headers: { 'accept-language': 'hi' } });
    expect(closed.status).toBe(410);
    expect(closed.body.error).toMatchObject({ code: 'SHOP_CLOSED', message: `दुकान ${gone.code} बंद है।` });
    expect((await server.request('GET', '/api/shop/SM1', { as: 'anonymous' })).status).toBe(200);
  });

  it('lists the active products with retail and preferred prices, without starter kits', async () => {
    const products = await server.request('GET', `/api/shop/${jaya.code}/products`, { as: 'anonymous' });
    expect(products.status).toBe(200);
    expect(products.body.items).toEqual([
      { sku: 'NEEM-SOAP', name: { en: 'Neem Soap', hi: 'नीम साबुन' }, description: { en: '', hi: '' }, currency: 'INR', retailPrice: 12_000, preferredPrice: 9_500, inStock: true },
      { sku: 'TULSI-60', name: { en: 'Tulsi Drops 60 ml', hi: 'तुलसी ड्रॉप्स 60 मि.ली.' }, description: { en: '', hi: '' }, currency: 'INR', retailPrice: 49_900, preferredPrice: 39_900, inStock: true },
    ]);
  });

  it("shows a product with the product library's usage, ingredients and questions", async () => {
    const tulsi = await server.request('GET', `/api/shop/${jaya.code}/products/tulsi-60`, { as: 'anonymous' });
    expect(tulsi.status).toBe(200);
    expect(tulsi.body).toMatchObject({ sku: 'TULSI-60', retailPrice: 49_900, usage: { hi: 'गुनगुने पानी में दस बूँदें।' }, certifications: ['AYUSH'], faq: [{ answer: { en: 'Above 5 years.' } }] });
    const kit = await server.request('GET', `/api/shop/${jaya.code}/products/STARTER-KIT`, { as: 'anonymous' });
    expect(kit.status).toBe(404);
    expect(kit.body.error.code).toBe('SHOP_PRODUCT_NOT_FOUND');
  });
});

describe('checking out', () => {
  let firstNumber = '';

  it("places a retail customer's order, unpaid, credited to the shop's distributor, with its tax invoice", async () => {
    const response = await checkout(jaya.code, retailBody(), 'asha-1');
    expect(response.status, response.text).toBe(201);
    expect(response.body).toMatchObject({
      shop: { code: jaya.code, name: 'Jaya Distributor' },
      customer: { name: 'Asha Customer', type: 'retail', account: false },
      priceTier: 'retail',
      amount: 2 * 49_900 + 12_000,
      state: 'placed',
      payment: { method: 'cash-or-upi', reference: null, recordedAt: null },
      lines: [{ sku: 'TULSI-60', quantity: 2, unitPrice: 49_900, name: { en: 'Tulsi Drops 60 ml' } }, { sku: 'NEEM-SOAP', quantity: 1, unitPrice: 12_000 }],
    });
    firstNumber = response.body.number;
    const db = database.handle.db;
    const order = await db.selectFrom('orders').selectAll().where('number', '=', firstNumber).executeTakeFirstOrThrow();
    const customer = await db.selectFrom('members').selectAll().where('code', '=', response.body.customer.code).executeTakeFirstOrThrow();
    expect(order.credited_id).toBe(jaya.id);
    expect(order.buyer_id).toBe(customer.id);
    expect(order.billing_state).toBe('27');
    expect(customer).toMatchObject({ type: 'retail', sponsor_id: jaya.id, phone: '9811100001', placement_parent_id: null });
    const fulfilment = await db.selectFrom('order_fulfilments').selectAll().where('order_id', '=', order.id).executeTakeFirstOrThrow();
    expect(fulfilment.state).toBe('placed');
    expect(fulfilment.shipping_address).toMatchObject({ name: 'Asha Customer', line1: '12 MG Road', state: 'Maharashtra', pincode: '411001' });
    // The hooks of order placement still fire: the GST invoice, the volume event and the distributor's notification.
    expect(await db.selectFrom('invoices').select('id').where('order_id', '=', order.id).executeTakeFirst()).toBeDefined();
    expect(Number(order.qv)).toBe(45);
    expect(await db.selectFrom('notifications').select('id').where('member_id', '=', jaya.id).executeTakeFirst()).toBeDefined();
    const audit = await db.selectFrom('audit_log').select(['actor', 'action']).where('entity', '=', 'member').where('entity_id', '=', String(customer.id)).execute();
    expect(audit).toContainEqual({ actor: `shop:${jaya.code}`, action: expect.stringMatching(/enrol/) });
  });

  it('answers a repeated Idempotency-Key with the first order and refuses the key with another body', async () => {
    const before = await counts();
    const again = await checkout(jaya.code, retailBody(), 'asha-1');
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.number).toBe(firstNumber);
    const changed = await checkout(jaya.code, retailBody({ lines: [{ sku: 'TULSI-60', quantity: 3 }] }), 'asha-1');
    expect(changed.status).toBe(422);
    expect(changed.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const missing = await checkout(jaya.code, retailBody(), null);
    expect(missing.status).toBe(428);
    expect(missing.body.error.code).toBe('IDEMPOTENCY_KEY_REQUIRED');
    expect(await counts()).toEqual(before);
  });

  it('reuses a returning customer found by phone or e-mail instead of enrolling them again', async () => {
    const asha = (await database.handle.db.selectFrom('members').select(['id', 'code']).where('phone', '=', '9811100001').executeTakeFirstOrThrow());
    const members = await count('members');
    const byPhone = await checkout(other.code, retailBody({ customer: { name: 'Asha C.', phone: '+91 98111-00001' }, lines: [{ sku: 'NEEM-SOAP', quantity: 1 }] }));
    expect(byPhone.status, byPhone.text).toBe(201);
    expect(byPhone.body.customer.code).toBe(asha.code);
    expect(byPhone.body.shop.code).toBe(other.code);
    // Bought in Omar's shop: credited to Omar, whoever sponsored the customer.
    const order = await database.handle.db.selectFrom('orders').select('credited_id').where('number', '=', byPhone.body.number).executeTakeFirstOrThrow();
    expect(order.credited_id).toBe(other.id);
    await database.handle.db.updateTable('members').set({ email: 'asha@example.com' }).where('id', '=', asha.id).execute();
    const byEmail = await checkout(jaya.code, retailBody({ customer: { name: 'Asha', phone: '9000000009', email: 'ASHA@example.com' } }));
    expect(byEmail.body.customer.code).toBe(asha.code);
    expect(await count('members')).toBe(members);
  });

  it('signs up a preferred customer with an account: preferred prices, and they see their own order after signing in', async () => {
    const body = retailBody({ customer: { name: 'Bina Preferred', phone: '9811100002', email: 'bina@example.com' }, account: { password: 'Sunflower-2026-x' } });
    const response = await checkout(jaya.code, body);
    expect(response.status, response.text).toBe(201);
    expect(response.body).toMatchObject({ customer: { type: 'preferred', account: true }, priceTier: 'distributor', amount: 2 * 39_900 + 9_500 });
    const bina = await server.signIn('bina@example.com', 'Sunflower-2026-x');
    const orders = await server.request('GET', '/api/orders', { as: bina });
    expect(orders.status).toBe(200);
    expect(orders.body.items.map((order: { number: string }) => order.number)).toEqual([response.body.number]);
    const sponsor = await database.handle.db.selectFrom('members').select('sponsor_id').where('code', '=', response.body.customer.code).executeTakeFirstOrThrow();
    expect(sponsor.sponsor_id).toBe(jaya.id);

    const before = await counts();
    const taken = await checkout(jaya.code, { ...body, customer: { name: 'Someone', phone: '9811100099', email: 'Bina@Example.com' } });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('SHOP_ACCOUNT_EXISTS');
    const noEmail = await checkout(jaya.code, retailBody({ customer: { name: 'Chetan', phone: '9811100003' }, account: { password: 'Lotus-pond-2026' } }));
    expect(noEmail.status).toBe(422);
    expect(noEmail.body.error.code).toBe('SHOP_ACCOUNT_EMAIL_REQUIRED');
    const weak = await checkout(jaya.code, retailBody({ customer: { name: 'Chetan', phone: '9811100003', email: 'chetan@example.com' }, account: { password: 'short' } }));
    expect(weak.status).toBe(422);
    expect(weak.body.error.code).toBe('PASSWORD_TOO_WEAK');
    expect(await counts()).toEqual(before);
  });

  it('turns a returning retail customer who signs up into a preferred customer', async () => {
    const response = await checkout(jaya.code, retailBody({ customer: { name: 'Asha', phone: '9811100001', email: 'asha@example.com' }, account: { password: 'Marigold-2026-y' } }));
    expect(response.status, response.text).toBe(201);
    expect(response.body.customer).toMatchObject({ type: 'preferred', account: true });
    expect(response.body.priceTier).toBe('distributor');
  });

  it.each([
    ['an unknown shop', 'SM999999', retailBody(), 404, 'SHOP_NOT_FOUND'],
    ['a terminated distributor', 'GONE', retailBody(), 410, 'SHOP_CLOSED'],
    ['an unknown product', 'JAYA', retailBody({ lines: [{ sku: 'TULSI-60', quantity: 1 }, { sku: 'NO-SUCH', quantity: 1 }] }), 422, 'SHOP_PRODUCT_UNKNOWN'],
    ['a starter kit', 'JAYA', retailBody({ lines: [{ sku: 'STARTER-KIT', quantity: 1 }] }), 422, 'SHOP_PRODUCT_UNKNOWN'],
    ['quantity 0', 'JAYA', retailBody({ lines: [{ sku: 'TULSI-60', quantity: 0 }] }), 422, 'SHOP_QUANTITY_INVALID'],
    ['a quantity above the limit', 'JAYA', retailBody({ lines: [{ sku: 'TULSI-60', quantity: 15 }, { sku: 'tulsi-60', quantity: 6 }] }), 422, 'SHOP_QUANTITY_INVALID'],
    ['an unknown state', 'JAYA', retailBody({ shippingAddress: { ...ADDRESS, state: 'Atlantis' } }), 422, 'STATE_CODE_UNKNOWN'],
    ['an unknown payment method', 'JAYA', retailBody({ paymentMethod: 'card' }), 422, 'PAYMENT_METHOD_UNKNOWN'],
    ['an empty cart', 'JAYA', retailBody({ lines: [] }), 400, 'VALIDATION_FAILED'],
    ['a bad phone number', 'JAYA', retailBody({ customer: { name: 'X', phone: 'call me' } }), 400, 'VALIDATION_FAILED'],
  ])('refuses %s with a coded error and writes nothing', async (_name, shop, body, status, code) => {
    const before = await counts();
    const shopCode = shop === 'JAYA' ? jaya.code : shop === 'GONE' ? gone.code : shop;
    const response = await checkout(shopCode, body, undefined, 'hi');
    expect(response.status, response.text).toBe(status);
    expect(response.body.error.code).toBe(code);
    expect(response.body.error.message).toMatch(/[\u0900-\u097F]/);
    expect(await counts()).toEqual(before);
  });

  it('refuses an inactive product, and stock that is not there unless the product may be back-ordered', async () => {
    expect((await server.request('POST', '/api/products', { body: { sku: 'OLD-OIL', name: { en: 'Old oil', hi: 'पुराना तेल' }, qv: 1, cv: 1, prices: [{ currency: 'INR', retailPrice: 100, distributorPrice: 90 }] } })).status).toBe(201);
    expect((await server.request('PATCH', '/api/products/OLD-OIL', { body: { active: false } })).status).toBe(200);
    const before = await counts();
    const inactive = await checkout(jaya.code, retailBody({ lines: [{ sku: 'OLD-OIL', quantity: 1 }] }));
    expect(inactive.status).toBe(422);
    expect(inactive.body.error).toMatchObject({ code: 'SHOP_PRODUCT_UNAVAILABLE', message: 'OLD-OIL is no longer available.' });
    const shown = await server.request('GET', `/api/shop/${jaya.code}/products`, { as: 'anonymous' });
    expect(shown.body.items.map((p: { sku: string }) => p.sku)).not.toContain('OLD-OIL');

    // From the first warehouse on, orders reserve stock: one soap on the shelf, no drops.
    expect((await server.request('POST', '/api/warehouses', { body: { code: 'WH-SHOP', name: 'Shop warehouse' } })).status).toBe(201);
    expect((await server.request('POST', '/api/warehouses/WH-SHOP/stock', { body: { product: 'NEEM-SOAP', change: 1, reason: 'opening stock' } })).status).toBe(200);
    const stocked = await server.request('GET', `/api/shop/${jaya.code}/products`, { as: 'anonymous' });
    expect(stocked.body.items.map((p: { sku: string; inStock: boolean }) => [p.sku, p.inStock])).toEqual([['NEEM-SOAP', true], ['TULSI-60', false]]);
    expect(await counts()).toEqual({ ...before, audit: before.audit + 2 });
    const beforeShort = await counts();
    const short = await checkout(jaya.code, retailBody({ lines: [{ sku: 'NEEM-SOAP', quantity: 2 }] }));
    expect(short.status).toBe(409);
    expect(short.body.error.code).toBe('STOCK_INSUFFICIENT');
    expect(await counts()).toEqual(beforeShort);
    expect((await server.request('PATCH', '/api/products/TULSI-60', { body: { allowBackorder: true } })).status).toBe(200);
    const backordered = await checkout(jaya.code, retailBody({ lines: [{ sku: 'TULSI-60', quantity: 1 }] }));
    expect(backordered.status, backordered.text).toBe(201);
  });
});

describe("recording a shop order's payment", () => {
  let number = '';
  beforeAll(async () => {
    number = (await checkout(jaya.code, retailBody({ customer: { name: 'Dev Payer', phone: '9811100055' }, lines: [{ sku: 'TULSI-60', quantity: 1 }] }))).body.number;
  });
  const pay = (as: Credentials | 'anonymous', reference = 'UPI 412345678901', ref = number) => server.request('POST', `/api/orders/${ref}/shop-payment`, { as, body: { reference } });

  it('is refused to anyone but the shop distributor and staff who record payments, writing nothing', async () => {
    const before = await counts();
    expect((await pay('anonymous')).status).toBe(401);
    const omar = await pay(otherLogin);
    expect(omar.status).toBe(403);
    expect(omar.body.error.code).toBe('FORBIDDEN');
    // Another distributor learns nothing from an order number that does not exist either.
    expect((await pay(otherLogin, 'UPI 1', 'SO999999999')).status).toBe(403);
    expect((await pay(supportLogin)).status).toBe(403);
    const customer = await server.signIn('bina@example.com', 'Sunflower-2026-x');
    expect((await pay(customer)).status).toBe(403);
    expect(await counts()).toEqual(before);
    const state = await server.request('GET', `/api/orders/${number}/fulfilment`);
    expect(state.body.state).toBe('placed');
  });

  it('moves the order to paid when its distributor records the reference, once', async () => {
    const tooShort = await pay(jayaLogin, ' 1 ');
    expect(tooShort.status).toBe(422);
    expect(tooShort.body.error.code).toBe('PAYMENT_REFERENCE_INVALID');
    const paid = await pay(jayaLogin);
    expect(paid.status, paid.text).toBe(200);
    expect(paid.body).toMatchObject({ number, state: 'paid', payment: { method: 'cash-or-upi', reference: 'UPI 412345678901' } });
    expect(paid.body.payment.recordedAt).not.toBeNull();
    const fulfilment = await server.request('GET', `/api/orders/${number}/fulfilment`);
    expect(fulfilment.body.state).toBe('paid');
    const row = await database.handle.db.selectFrom('shop_orders as so').innerJoin('orders as o', 'o.id', 'so.order_id').select('so.payment_recorded_by').where('o.number', '=', number).executeTakeFirstOrThrow();
    expect(row.payment_recorded_by).toBe('user:jaya@shop.test');
    const recordedBy = await database.handle.db.selectFrom('order_fulfilment_events').select(['actor', 'note']).where('to_state', '=', 'paid').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(recordedBy).toEqual({ actor: 'user:jaya@shop.test', note: 'cash-or-upi: UPI 412345678901' });
    const twice = await pay(financeLogin);
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('SHOP_PAYMENT_ALREADY_RECORDED');
  });

  it('lets finance staff record it for any shop, and refuses an order that did not come through a shop', async () => {
    const next = (await checkout(other.code, retailBody({ customer: { name: 'Eka', phone: '9811100066' }, lines: [{ sku: 'TULSI-60', quantity: 1 }] }))).body.number;
    const paid = await pay(financeLogin, 'Cash receipt 17', next);
    expect(paid.status, paid.text).toBe(200);
    expect(paid.body.state).toBe('paid');
    const direct = await server.request('POST', '/api/orders', { body: { buyer: jaya.code, items: [{ product: 'TULSI-60', quantity: 1 }] } });
    const notShop = await pay(financeLogin, 'Cash 18', direct.body.number);
    expect(notShop.status).toBe(404);
    expect(notShop.body.error.code).toBe('SHOP_ORDER_NOT_FOUND');
  });
});
