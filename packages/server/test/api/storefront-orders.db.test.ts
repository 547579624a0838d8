import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/services/auth/api-tokens.ts';
import { smallCompany } from '../support/fixtures.ts';
import { startServer, type Credentials, type TestServer } from '../support/http-client.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let database: TestDatabase;
let server: TestServer;
let shop: Credentials;
let shopWithSignUps: Credentials;
let distributor: { code: string; id: number };
let customer: { code: string; id: number };

beforeAll(async () => {
  database = await createTestDatabase();
  await smallCompany(database.ctx);
  server = await startServer(database.handle);
  shop = { bearer: (await createApiToken(database.ctx, { name: 'shop', scopes: ['orders:write', 'products:read'] })).token };
  shopWithSignUps = { bearer: (await createApiToken(database.ctx, { name: 'shop+signups', scopes: ['orders:write', 'members:write'] })).token };
  distributor = (await server.request('POST', '/api/members', { body: { name: 'Jaya Distributor', type: 'distributor', sponsor: 'SM1' } })).body;
  customer = (await server.request('POST', '/api/members', { body: { name: 'Kabir Customer', type: 'retail', sponsor: distributor.code, email: 'Kabir@Example.com' } })).body;
});
afterAll(async () => {
  await server?.close();
  await database?.drop();
});

const counts = async () => {
  const n = async (table: 'orders' | 'members' | 'webhook_events') => Number((await database.handle.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  return { orders: await n('orders'), members: await n('members'), events: await n('webhook_events') };
};
const post = (body: unknown, key: string | undefined, as: Credentials = shop) =>
  server.request('POST', '/api/storefront/orders', { body, as, headers: key ? { 'idempotency-key': key } : {} });

/** A Shopify-like order, with fields Samooh ignores. */
const shopOrder = (overrides: Record<string, unknown> = {}) => ({
  id: 820982911946154500,
  name: '#1001',
  total_price: '1118.00',
  currency: 'INR',
  customer: { email: 'kabir@example.com', first_name: 'Kabir' },
  line_items: [{ sku: 'tulsi-60', quantity: 2, title: 'Tulsi Drops', price: '499.00' }, { sku: 'NEEM-SOAP', quantity: 1 }],
  referral_code: distributor?.code,
  billing_address: { province_code: 'MH', country_code: 'IN', city: 'Pune' },
  ...overrides,
});

describe('orders from a storefront', () => {
  it('maps line items, customer and referral code to a Samooh order, once per Idempotency-Key', async () => {
    const first = await post(shopOrder(), 'shop-1001');
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      buyer: { code: customer.code },
      credited: { code: distributor.code },
      priceTier: 'retail',
      amount: 2 * 49_900 + 12_000,
      lines: [{ sku: 'TULSI-60', quantity: 2 }, { sku: 'NEEM-SOAP', quantity: 1 }],
    });
    const before = await counts();
    const again = await post(shopOrder(), 'shop-1001');
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.number).toBe(first.body.number);
    expect(await counts()).toEqual(before);
    const changed = await post(shopOrder({ line_items: [{ sku: 'TULSI-60', quantity: 3 }] }), 'shop-1001');
    expect(changed.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('answers concurrent retries of one order with one order', async () => {
    const before = await counts();
    const answers = await Promise.all(Array.from({ length: 5 }, () => post(shopOrder(), 'shop-1002')));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 201]);
    expect(new Set(answers.map((a) => a.body.number)).size).toBe(1);
    expect((await counts()).orders).toBe(before.orders + 1);
  });

  it('refuses unknown SKUs, an unknown referral code, an unknown customer or no key, and writes nothing', async () => {
    const before = await counts();
    const sku = await post(shopOrder({ line_items: [{ sku: 'TULSI-60', quantity: 1 }, { sku: 'GHOST-1', quantity: 1 }, { sku: 'GHOST-2', quantity: 1 }] }), 'shop-2001');
    expect(sku.status).toBe(422);
    expect(sku.body.error).toMatchObject({ code: 'STOREFRONT_SKU_UNKNOWN', details: { skus: ['GHOST-1', 'GHOST-2'] } });
    const referral = await post(shopOrder({ referral_code: 'SM999999' }), 'shop-2002');
    expect(referral.status).toBe(404);
    expect(referral.body.error.code).toBe('REFERRAL_CODE_UNKNOWN');
    const stranger = await post(shopOrder({ customer: { email: 'nobody@example.com', first_name: 'Lata' } }), 'shop-2003');
    expect(stranger.status).toBe(422);
    expect(stranger.body.error.code).toBe('STOREFRONT_CUSTOMER_UNKNOWN'); // this token may not enroll
    const noKey = await post(shopOrder(), undefined);
    expect(noKey.status).toBe(428);
    expect(noKey.body.error.code).toBe('IDEMPOTENCY_KEY_REQUIRED');
    const state = await post(shopOrder({ billing_address: { province_code: 'QQ' } }), 'shop-2004');
    expect(state.body.error.code).toBe('STATE_CODE_UNKNOWN');
    expect(await counts()).toEqual(before);
  });

  it('enrolls a new customer under the referring distributor when the token may write members, in the same transaction', async () => {
    const before = await counts();
    const refused = await post(shopOrder({ customer: { email: 'mira@example.com', first_name: 'Mira', last_name: 'Nair' }, line_items: [{ sku: 'NOPE', quantity: 1 }] }), 'shop-3001', shopWithSignUps);
    expect(refused.body.error.code).toBe('STOREFRONT_SKU_UNKNOWN');
    expect(await counts()).toEqual(before);
    const placed = await post(shopOrder({ customer: { email: 'mira@example.com', first_name: 'Mira', last_name: 'Nair', phone: '+91 98200 12345' } }), 'shop-3002', shopWithSignUps);
    expect(placed.status).toBe(201);
    expect(placed.body).toMatchObject({ buyer: { name: 'Mira Nair', type: 'retail' }, credited: { code: distributor.code } });
    const member = await database.handle.db.selectFrom('members').selectAll().where('code', '=', placed.body.buyer.code).executeTakeFirstOrThrow();
    expect(member).toMatchObject({ sponsor_id: distributor.id, email: 'mira@example.com', phone: '+919820012345' });
    const replay = await post(shopOrder({ customer: { email: 'mira@example.com', first_name: 'Mira', last_name: 'Nair', phone: '+91 98200 12345' } }), 'shop-3002', shopWithSignUps);
    expect(replay.status).toBe(200);
    expect(replay.body.buyer.code).toBe(placed.body.buyer.code);
    expect((await counts()).members).toBe(before.members + 1);
  });

  it('refuses a caller without credentials (roles: the isolation matrix)', async () => {
    const response = await server.request('POST', '/api/storefront/orders', { body: shopOrder(), as: 'anonymous', headers: { 'idempotency-key': 'x' } });
    expect(response.status).toBe(401);
  });
});
