import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/services/auth/users.ts';
import { smallCompany } from '../support/fixtures.ts';
import { startServer, type Credentials, type TestServer } from '../support/http-client.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

/** GET /api/orders carries each order's fulfilment state, so a list needs no request per order. */
let database: TestDatabase;
let server: TestServer;
let buyer: Credentials;
let code: string;

beforeAll(async () => {
  database = await createTestDatabase();
  await smallCompany(database.ctx);
  server = await startServer(database.handle);
  code = (await server.request('POST', '/api/members', { body: { name: 'Ritu Sen', type: 'distributor', sponsor: 'SM1' } })).body.code;
  await createUser(database.ctx, { email: 'ritu@orders.test', roles: ['distributor'], member: code, password: 'orders-password-1' });
  buyer = await server.signIn('ritu@orders.test', 'orders-password-1');
}, 300_000);
afterAll(async () => {
  await server?.close();
  await database?.drop();
});

describe('the fulfilment state in the order list', () => {
  it('is the state GET /api/orders/{ref}/fulfilment gives, and follows a change', async () => {
    const placed = await server.request('POST', '/api/orders', { as: buyer, body: { buyer: code, items: [{ product: 'TULSI-60', quantity: 1 }], awaitingPayment: true } });
    expect(placed.status, placed.text).toBe(201);
    const number = placed.body.number as string;
    const listed = async () => (await server.request('GET', `/api/orders?buyer=${code}`, { as: buyer })).body.items.find((order: { number: string }) => order.number === number);
    const state = (await server.request('GET', `/api/orders/${number}/fulfilment`, { as: buyer })).body.state;
    expect(state).toBe('placed');
    expect((await listed()).fulfilment).toBe('placed');
    const paid = await server.request('POST', `/api/orders/${number}/fulfilment`, { body: { action: 'pay' } });
    expect(paid.status, paid.text).toBe(200);
    expect((await listed()).fulfilment).toBe('paid');
  });

  it('is null for an order Samooh does not fulfil (no fulfilment record)', async () => {
    const placed = await server.request('POST', '/api/orders', { as: buyer, body: { buyer: code, items: [{ product: 'NEEM-SOAP', quantity: 2 }] } });
    await database.handle.db.deleteFrom('order_fulfilment_events').where('order_id', '=', placed.body.id).execute();
    await database.handle.db.deleteFrom('order_fulfilments').where('order_id', '=', placed.body.id).execute();
    const page = (await server.request('GET', `/api/orders?credited=${code}`, { as: buyer })).body;
    expect(page.items.find((order: { number: string }) => order.number === placed.body.number).fulfilment).toBeNull();
    expect((await server.request('GET', `/api/orders/${placed.body.number}/fulfilment`, { as: buyer })).status).toBe(404);
  });
});
