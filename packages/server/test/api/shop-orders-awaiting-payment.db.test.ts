import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/services/auth/users.ts';
import { smallCompany } from '../support/fixtures.ts';
import { startServer, type Credentials, type TestServer } from '../support/http-client.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

/**
 * GET /api/orders?shopPayment=awaiting|recorded: the orders placed in a distributor's shop whose
 * cash or UPI payment is still to be recorded (so the distributor can record it), and those
 * already recorded. Other orders (own purchases, orders placed by staff, cancelled shop orders)
 * are never "awaiting", and a distributor sees only their own shop's.
 */
const PASSWORD = 'awaiting-password-3';
let database: TestDatabase;
let server: TestServer;
let jaya: { id: number; code: string };
let omar: { id: number; code: string };
let jayaLogin: Credentials;
let omarLogin: Credentials;
let keys = 0;

const checkout = async (shop: string, phone: string) => {
  const placed = await server.request('POST', `/api/shop/${shop}/checkout`, {
    as: 'anonymous',
    headers: { 'idempotency-key': `awaiting-${++keys}` },
    body: { customer: { name: `Shopper ${keys}`, phone }, shippingAddress: { line1: '1 Road', city: 'Pune', state: 'MH', pincode: '411001' }, lines: [{ sku: 'NEEM-SOAP', quantity: 1 }] },
  });
  expect(placed.status, placed.text).toBe(201);
  return placed.body.number as string;
};
const listed = async (query: string, as?: Credentials) => {
  const answer = await server.request('GET', `/api/orders?${query}`, as ? { as } : {});
  expect(answer.status, answer.text).toBe(200);
  return (answer.body.items as { number: string; fulfilment: string | null; creditedId: number }[]).map((order) => order.number);
};

let waiting: string;
let paid: string;
let cancelled: string;
let omarsShop: string;
let ownPurchase: string;

beforeAll(async () => {
  database = await createTestDatabase();
  await smallCompany(database.ctx);
  server = await startServer(database.handle);
  const enrol = async (name: string) => (await server.request('POST', '/api/members', { body: { name, type: 'distributor', sponsor: 'SM1' } })).body as { id: number; code: string };
  jaya = await enrol('Jaya Shopkeeper');
  omar = await enrol('Omar Shopkeeper');
  await createUser(database.ctx, { email: 'jaya@awaiting.test', roles: ['distributor'], member: jaya.code, password: PASSWORD });
  await createUser(database.ctx, { email: 'omar@awaiting.test', roles: ['distributor'], member: omar.code, password: PASSWORD });
  jayaLogin = await server.signIn('jaya@awaiting.test', PASSWORD);
  omarLogin = await server.signIn('omar@awaiting.test', PASSWORD);
  waiting = await checkout(jaya.code, '9811100001');
  paid = await checkout(jaya.code, '9811100002');
  cancelled = await checkout(jaya.code, '9811100003');
  omarsShop = await checkout(omar.code, '9811100004');
  expect((await server.request('POST', `/api/orders/${paid}/shop-payment`, { as: jayaLogin, body: { reference: 'UPI 400000000001' } })).status).toBe(200);
  const cancel = await server.request('POST', `/api/orders/${cancelled}/fulfilment`, { body: { action: 'cancel', reason: 'customer changed their mind' } });
  expect(cancel.status, cancel.text).toBe(200);
  // Jaya's own purchase, placed to be paid later: awaiting a payment, but not a shop order.
  const own = await server.request('POST', '/api/orders', { as: jayaLogin, body: { buyer: jaya.code, items: [{ product: 'TULSI-60', quantity: 1 }], awaitingPayment: true } });
  expect(own.status, own.text).toBe(201);
  ownPurchase = own.body.number;
}, 300_000);
afterAll(async () => {
  await server?.close();
  await database?.drop();
});

describe("shop orders awaiting their payment", () => {
  it("lists for a distributor only their own shop's orders still waiting, not paid, cancelled or own purchases", async () => {
    expect(await listed(`credited=${jaya.code}&shopPayment=awaiting`, jayaLogin)).toEqual([waiting]);
    expect(await listed('shopPayment=awaiting', jayaLogin)).toEqual([waiting]);
    expect(await listed(`credited=${jaya.code}&shopPayment=recorded`, jayaLogin)).toEqual([paid]);
    // Without the filter the same distributor sees all of them, the cancelled one and their own purchase too.
    expect(await listed(`credited=${jaya.code}`, jayaLogin)).toEqual(expect.arrayContaining([waiting, paid, cancelled, ownPurchase]));
    expect(await listed('shopPayment=awaiting', omarLogin)).toEqual([omarsShop]);
    // Staff see every shop's.
    expect(await listed('shopPayment=awaiting')).toEqual([omarsShop, waiting]);
  });

  it('leaves the list when the payment is recorded', async () => {
    const recorded = await server.request('POST', `/api/orders/${waiting}/shop-payment`, { as: jayaLogin, body: { reference: 'cash receipt 17' } });
    expect(recorded.status, recorded.text).toBe(200);
    expect(await listed('shopPayment=awaiting', jayaLogin)).toEqual([]);
    expect(await listed('shopPayment=recorded', jayaLogin)).toEqual([paid, waiting]);
  });

  it('refuses a value it does not know', async () => {
    const wrong = await server.request('GET', '/api/orders?shopPayment=someday', { as: jayaLogin });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(wrong.body.error.details)).toContain('shopPayment');
  });
});
