import { beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/services/auth/users.ts';
import { useApiServer, type Credentials } from '../support/http-client.ts';

/** GET /api/fulfilments: the orders waiting at each fulfilment step, by warehouse. */
const env = useApiServer();
const PASSWORD = 'fulfilment-queue-password-42';
const ADDRESS = { name: 'Rekha Iyer', line1: '12 Gandhi Road', city: 'Chennai', state: 'Tamil Nadu', pincode: '600001' };

interface QueueItem {
  order: string;
  businessDate: string;
  buyer: { code: string; name: string };
  state: string;
  actions: string[];
  warehouse: { code: string } | null;
  units: number;
  carrier: string | null;
  trackingNumber: string | null;
}

let as: Record<'warehouse' | 'finance' | 'support' | 'distributor', Credentials>;
let buyer: { code: string; name: string };
const orders: Record<'early' | 'paid' | 'packed' | 'shipped' | 'awaiting' | 'second' | 'elsewhere', string> = {} as never;

const request = (method: string, path: string, options: Parameters<typeof env.server.request>[2] = {}) => env.server.request(method, path, options);
const queue = (query: string, credentials?: Credentials) => request('GET', `/api/fulfilments${query}`, credentials ? { as: credentials } : {});
const place = async (body: Record<string, unknown>, credentials?: Credentials) => {
  const placed = await request('POST', '/api/orders', { body, ...(credentials ? { as: credentials } : {}) });
  expect(placed.status, placed.text).toBe(201);
  return placed.body.number as string;
};
const fulfil = async (ref: string, body: Record<string, unknown>) => expect((await request('POST', `/api/orders/${ref}/fulfilment`, { body })).status).toBe(200);

beforeAll(async () => {
  buyer = (await request('POST', '/api/members', { body: { name: 'Bharat Buyer', type: 'distributor', sponsor: 'SM1' } })).body;
  const ctx = env.database.ctx;
  await createUser(ctx, { email: 'store@queue.test', roles: ['warehouse'], password: PASSWORD });
  await createUser(ctx, { email: 'fin@queue.test', roles: ['finance'], password: PASSWORD });
  await createUser(ctx, { email: 'sup@queue.test', roles: ['support'], password: PASSWORD });
  await createUser(ctx, { email: 'bharat@queue.test', roles: ['distributor'], member: buyer.code, password: PASSWORD });
  as = {
    warehouse: await env.server.signIn('store@queue.test', PASSWORD),
    finance: await env.server.signIn('fin@queue.test', PASSWORD),
    support: await env.server.signIn('sup@queue.test', PASSWORD),
    distributor: await env.server.signIn('bharat@queue.test', PASSWORD),
  };
  // Before any warehouse: an order with no warehouse.
  orders.early = await place({ buyer: buyer.code, items: [{ product: 'NEEM-SOAP', quantity: 1 }] });
  for (const [code, name] of [['WH-CHN', 'Chennai'], ['WH-PUN', 'Pune']]) {
    expect((await request('POST', '/api/warehouses', { body: { code, name } })).status).toBe(201);
    for (const product of ['TULSI-60', 'NEEM-SOAP']) await request('POST', `/api/warehouses/${code}/stock`, { body: { product, change: 100, reason: 'opening stock' } });
  }
  // The first warehouse that holds everything ships it: WH-CHN, unless another is asked for.
  orders.paid = await place({ buyer: buyer.code, items: [{ product: 'TULSI-60', quantity: 2 }, { product: 'NEEM-SOAP', quantity: 3 }], shippingAddress: ADDRESS });
  orders.packed = await place({ buyer: buyer.code, items: [{ product: 'TULSI-60', quantity: 1 }], shippingAddress: ADDRESS });
  orders.shipped = await place({ buyer: buyer.code, items: [{ product: 'TULSI-60', quantity: 4 }], shippingAddress: ADDRESS });
  orders.awaiting = await place({ buyer: buyer.code, items: [{ product: 'NEEM-SOAP', quantity: 2 }], awaitingPayment: true }, as.distributor);
  orders.second = await place({ buyer: buyer.code, items: [{ product: 'NEEM-SOAP', quantity: 5 }], shippingAddress: ADDRESS });
  orders.elsewhere = await place({ buyer: buyer.code, items: [{ product: 'NEEM-SOAP', quantity: 1 }], shippingAddress: ADDRESS, warehouse: 'WH-PUN' });
  await fulfil(orders.packed, { action: 'pack' });
  await fulfil(orders.shipped, { action: 'pack' });
  await fulfil(orders.shipped, { action: 'ship', carrier: 'Delhivery', trackingNumber: 'DL-1001' });
  // A partly refunded line counts only what is left.
  const refunded = await request('POST', `/api/orders/${orders.paid}/refunds`, { body: { lines: [{ lineNo: 2, quantity: 1 }], reason: 'one soap broken' } });
  expect(refunded.status, refunded.text).toBe(201);
});

describe('the fulfilment queue', () => {
  it('lists the orders waiting at a step, oldest first, with what may be done next and no money', async () => {
    const paid = await queue('?state=paid');
    expect(paid.status, paid.text).toBe(200);
    const items = paid.body.items as QueueItem[];
    expect(items.map((item) => item.order)).toEqual([orders.early, orders.paid, orders.second, orders.elsewhere]);
    const first = items.find((item) => item.order === orders.paid)!;
    expect(first).toMatchObject({ state: 'paid', actions: ['pack', 'cancel'], buyer: { code: buyer.code, name: 'Bharat Buyer' }, warehouse: { code: 'WH-CHN' }, units: 4, carrier: null, trackingNumber: null });
    expect(items.find((item) => item.order === orders.early)!.warehouse).toBeNull();
    expect(paid.text).not.toMatch(/"amount"|"price"/);

    const shipped = (await queue('?state=shipped')).body.items as QueueItem[];
    expect(shipped).toMatchObject([{ order: orders.shipped, state: 'shipped', actions: ['deliver', 'return'], carrier: 'Delhivery', trackingNumber: 'DL-1001', units: 4 }]);
    expect(((await queue('?state=packed')).body.items as QueueItem[]).map((item) => item.order)).toEqual([orders.packed]);
    expect((await queue('?state=placed')).body.items).toMatchObject([{ order: orders.awaiting, actions: ['pay', 'cancel'] }]);
    expect((await queue('?state=delivered')).body.items).toEqual([]);
  });

  it('narrows to one warehouse by code or id, and refuses an unknown one', async () => {
    const pune = (await queue('?warehouse=wh-pun')).body.items as QueueItem[];
    expect(pune.map((item) => item.order)).toEqual([orders.elsewhere]);
    const chennai = (await queue('?warehouse=WH-CHN&state=paid')).body.items as QueueItem[];
    expect(chennai.map((item) => item.order)).toEqual([orders.paid, orders.second]);
    const id = (await request('GET', '/api/warehouses/WH-PUN/stock')).body.warehouse.id;
    expect(((await queue(`?warehouse=${id}`)).body.items as QueueItem[]).map((item) => item.order)).toEqual([orders.elsewhere]);
    const unknown = await queue('?warehouse=WH-NOWHERE');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('WAREHOUSE_NOT_FOUND');
  });

  it('pages with limit and offset', async () => {
    const all = ((await queue('?limit=200')).body.items as QueueItem[]).map((item) => item.order);
    expect(all).toHaveLength(7);
    const seen: string[] = [];
    for (let offset = 0; ; offset += 3) {
      const page = await queue(`?limit=3&offset=${offset}`);
      seen.push(...(page.body.items as QueueItem[]).map((item) => item.order));
      if (!page.body.hasMore) break;
    }
    expect(seen).toEqual(all);
  });

  it('is for warehouse staff and those who read orders or record payments; a distributor is refused', async () => {
    for (const who of [as.warehouse, as.finance, as.support]) expect((await queue('?state=paid', who)).status).toBe(200);
    const refused = await queue('?state=paid', as.distributor);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('FORBIDDEN');
    expect((await request('GET', '/api/fulfilments', { as: 'anonymous' })).status).toBe(401);
    expect((await queue('?state=lost')).status).toBe(400);
  });
});
