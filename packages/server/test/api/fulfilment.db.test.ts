import { beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/services/auth/users.ts';
import { useApiServer, type Credentials } from '../support/http-client.ts';

const env = useApiServer();
const PASSWORD = 'fulfilment-password-42';
const ADDRESS = { name: 'Rekha Iyer', line1: '12 Gandhi Road', city: 'Chennai', state: 'Tamil Nadu', pincode: '600001', phone: '9876543210' };

let distributor: { code: string; id: number };
let customer: { code: string; id: number };
let as: Record<'warehouse' | 'distributor' | 'customer' | 'stranger', Credentials>;

const request = (method: string, path: string, options: Parameters<typeof env.server.request>[2] = {}) => env.server.request(method, path, options);
const order = (body: Record<string, unknown>, options: { as?: Credentials } = {}) => request('POST', '/api/orders', { body, ...options });
const stock = async (sku: string) => {
  const level = (await request('GET', '/api/warehouses/WH-CHN/stock')).body.items.find((item: { product: { sku: string } }) => item.product.sku === sku);
  return level ? { onHand: level.onHand, reserved: level.reserved, available: level.available } : undefined;
};
const fulfil = (ref: string, body: Record<string, unknown>, credentials?: Credentials) => request('POST', `/api/orders/${ref}/fulfilment`, { body, ...(credentials ? { as: credentials } : {}) });
const count = async (table: 'orders' | 'order_fulfilments' | 'stock_movements' | 'refunds') =>
  Number((await env.database.handle.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

beforeAll(async () => {
  distributor = (await request('POST', '/api/members', { body: { name: 'Devika Distributor', type: 'distributor', sponsor: 'SM1' } })).body;
  customer = (await request('POST', '/api/members', { body: { name: 'Chetan Customer', type: 'retail', sponsor: distributor.code } })).body;
  const stranger = (await request('POST', '/api/members', { body: { name: 'Sara Stranger', type: 'distributor', sponsor: 'SM1' } })).body;
  const ctx = env.database.ctx;
  await createUser(ctx, { email: 'store@fulfil.test', roles: ['warehouse'], password: PASSWORD });
  await createUser(ctx, { email: 'devika@fulfil.test', roles: ['distributor'], member: distributor.code, password: PASSWORD });
  await createUser(ctx, { email: 'chetan@fulfil.test', roles: ['customer'], member: customer.code, password: PASSWORD });
  await createUser(ctx, { email: 'sara@fulfil.test', roles: ['distributor'], member: stranger.code, password: PASSWORD });
  as = {
    warehouse: await env.server.signIn('store@fulfil.test', PASSWORD),
    distributor: await env.server.signIn('devika@fulfil.test', PASSWORD),
    customer: await env.server.signIn('chetan@fulfil.test', PASSWORD),
    stranger: await env.server.signIn('sara@fulfil.test', PASSWORD),
  };
});

describe('orders before any warehouse exists', () => {
  it('keep no stock but still have a fulfilment, paid on placing', async () => {
    const placed = await order({ buyer: distributor.code, items: [{ product: 'TULSI-60', quantity: 50 }] });
    expect(placed.status).toBe(201);
    const fulfilment = await request('GET', `/api/orders/${placed.body.number}/fulfilment`);
    expect(fulfilment.body).toMatchObject({ state: 'paid', warehouse: null, actions: ['pack', 'cancel'] });
    expect(fulfilment.body.events.map((e: { to: string }) => e.to)).toEqual(['placed', 'paid']);
    expect(await count('stock_movements')).toBe(0);
  });
});

describe('stock', () => {
  it('is received into a warehouse and reserved by an order', async () => {
    expect((await request('POST', '/api/warehouses', { body: { code: 'wh-chn', name: 'Chennai', address: 'Ambattur, Tamil Nadu' } })).status).toBe(201);
    expect((await request('POST', '/api/warehouses', { body: { code: 'WH-CHN', name: 'Again' } })).body.error.code).toBe('WAREHOUSE_CODE_TAKEN');
    const received = await request('POST', '/api/warehouses/WH-CHN/stock', { body: { product: 'TULSI-60', change: 5, reason: 'GRN 1001' }, as: as.warehouse });
    expect(received.body).toMatchObject({ onHand: 5, reserved: 0, available: 5 });
    expect((await request('POST', '/api/warehouses/WH-CHN/stock', { body: { product: 'TULSI-60', change: 0, reason: 'nothing' } })).body.error.code).toBe('STOCK_CHANGE_INVALID');

    const placed = await order({ buyer: customer.code, items: [{ product: 'TULSI-60', quantity: 2 }], shippingAddress: ADDRESS });
    expect(placed.status).toBe(201);
    expect(await stock('TULSI-60')).toEqual({ onHand: 5, reserved: 2, available: 3 });
    const fulfilment = await request('GET', `/api/orders/${placed.body.number}/fulfilment`);
    expect(fulfilment.body).toMatchObject({ state: 'paid', warehouse: { code: 'WH-CHN' }, shippingAddress: ADDRESS });
  });

  it('refuses a sale beyond stock with a clear error and writes nothing', async () => {
    const before = [await count('orders'), await count('order_fulfilments'), await count('stock_movements'), JSON.stringify(await stock('TULSI-60'))];
    const refused = await order({ buyer: distributor.code, items: [{ product: 'TULSI-60', quantity: 1 }, { product: 'NEEM-SOAP', quantity: 1 }] });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'STOCK_INSUFFICIENT', message: 'Not enough stock of NEEM-SOAP: 0 available, 1 asked for.' });
    const second = await order({ buyer: distributor.code, items: [{ product: "TULSI-60", quantity: 4 }] });
    expect(second.body.error.message).toBe('Not enough stock of TULSI-60: 3 available, 4 asked for.');
    expect([await count('orders'), await count('order_fulfilments'), await count('stock_movements'), JSON.stringify(await stock('TULSI-60'))]).toEqual(before);
  });

  it('sells a back-order product beyond its stock, but ships it only once it is on hand', async () => {
    await request('PATCH', '/api/products/NEEM-SOAP', { body: { allowBackorder: true } });
    const placed = await order({ buyer: distributor.code, items: [{ product: 'NEEM-SOAP', quantity: 3 }] });
    expect(placed.status).toBe(201);
    expect(await stock('NEEM-SOAP')).toEqual({ onHand: 0, reserved: 3, available: -3 });
    expect((await fulfil(placed.body.number, { action: 'pack' }, as.warehouse)).body.state).toBe('packed');
    const early = await fulfil(placed.body.number, { action: 'ship', carrier: 'India Post', trackingNumber: 'EE123456789IN' }, as.warehouse);
    expect(early.body.error.code).toBe('STOCK_NOT_ON_HAND');
    await request('POST', '/api/warehouses/WH-CHN/stock', { body: { product: 'NEEM-SOAP', change: 10, reason: 'GRN 1002' } });
    expect((await fulfil(placed.body.number, { action: 'ship', carrier: 'India Post', trackingNumber: 'EE123456789IN' }, as.warehouse)).body.state).toBe('shipped');
    expect(await stock('NEEM-SOAP')).toEqual({ onHand: 7, reserved: 0, available: 7 });
    await request('PATCH', '/api/products/NEEM-SOAP', { body: { allowBackorder: false } });
  });

  it('lets exactly one of two simultaneous orders have the last unit', async () => {
    await request('POST', '/api/warehouses/WH-CHN/stock', { body: { product: 'TULSI-60', change: -2, kind: 'adjustment', reason: 'damaged in storage' } });
    expect(await stock('TULSI-60')).toEqual({ onHand: 3, reserved: 2, available: 1 });
    const [a, b] = await Promise.all([
      order({ buyer: distributor.code, items: [{ product: 'TULSI-60', quantity: 1 }] }),
      order({ buyer: customer.code, items: [{ product: 'TULSI-60', quantity: 1 }] }),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    expect((a.status === 409 ? a : b).body.error.code).toBe('STOCK_INSUFFICIENT');
    expect(await stock('TULSI-60')).toEqual({ onHand: 3, reserved: 3, available: 0 });
    // Taking stock off below what is reserved is refused too.
    expect((await request('POST', '/api/warehouses/WH-CHN/stock', { body: { product: 'TULSI-60', change: -1, kind: 'adjustment', reason: 'count' } })).body.error.code).toBe('STOCK_INSUFFICIENT');
  });
});

describe('the fulfilment of an order', () => {
  it('goes paid → packed → shipped → delivered → returned, recording who and when, and restocks the return', async () => {
    await request('POST', '/api/warehouses/WH-CHN/stock', { body: { product: 'TULSI-60', change: 10, reason: 'GRN 1003' } });
    const placed = await order({ buyer: customer.code, items: [{ product: 'TULSI-60', quantity: 2 }], shippingAddress: ADDRESS });
    const ref = placed.body.number;
    expect(await stock('TULSI-60')).toEqual({ onHand: 13, reserved: 5, available: 8 });
    expect((await fulfil(ref, { action: 'pack' }, as.warehouse)).body.state).toBe('packed');
    const noTracking = await fulfil(ref, { action: 'ship', carrier: 'Delhivery' }, as.warehouse);
    expect(noTracking.body.error.code).toBe('SHIPMENT_TRACKING_REQUIRED');
    const shipped = await fulfil(ref, { action: 'ship', carrier: 'Delhivery', trackingNumber: 'DL-778899' }, as.warehouse);
    expect(shipped.body).toMatchObject({ state: 'shipped', carrier: 'Delhivery', trackingNumber: 'DL-778899', actions: ['deliver', 'return'] });
    expect(await stock('TULSI-60')).toEqual({ onHand: 11, reserved: 3, available: 8 });

    const csv = await request('GET', '/api/warehouses/WH-CHN/shipments.csv?state=shipped&carrier=delhivery', { as: as.warehouse });
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect(csv.text.trim().split('\n')).toEqual([
      'order,state,ship_to_name,address_line1,address_line2,city,state_region,pincode,phone,units,carrier,tracking_number',
      `${ref},shipped,Rekha Iyer,12 Gandhi Road,,Chennai,Tamil Nadu,600001,9876543210,2,Delhivery,DL-778899`,
    ]);

    // The customer and their distributor see the state; another distributor does not; members do not see who made each change.
    const mine = await request('GET', `/api/orders/${ref}/fulfilment`, { as: as.customer });
    expect(mine.body).toMatchObject({ state: 'shipped', trackingNumber: 'DL-778899' });
    expect(mine.body.events.every((e: { actor: string | null }) => e.actor === null)).toBe(true);
    expect((await request('GET', `/api/orders/${ref}/fulfilment`, { as: as.distributor })).body.state).toBe('shipped');
    expect((await request('GET', `/api/orders/${ref}/fulfilment`, { as: as.stranger })).status).toBe(403);
    expect((await fulfil(ref, { action: 'deliver' }, as.customer)).status).toBe(403);

    expect((await fulfil(ref, { action: 'deliver' }, as.warehouse)).body.state).toBe('delivered');
    // Returning moves money: the warehouse may not, the owner may, with a reason.
    expect((await fulfil(ref, { action: 'return', reason: 'customer changed mind' }, as.warehouse)).status).toBe(403);
    expect((await fulfil(ref, { action: 'return' })).body.error.code).toBe('FULFILMENT_REASON_REQUIRED');
    const returned = await fulfil(ref, { action: 'return', reason: 'within cooling-off' });
    expect(returned.body.state).toBe('returned');
    expect(await stock('TULSI-60')).toEqual({ onHand: 13, reserved: 3, available: 10 });
    const orderAfter = await request('GET', `/api/orders/${ref}`);
    expect(orderAfter.body).toMatchObject({ status: 'refunded', refundedAmount: 99_800 });

    const staff = await request('GET', `/api/orders/${ref}/fulfilment`);
    expect(staff.body.events.map((e: { from: string | null; to: string; actor: string }) => [e.from, e.to, e.actor])).toEqual([
      [null, 'placed', 'user:owner@samooh.test'],
      ['placed', 'paid', 'user:owner@samooh.test'],
      ['paid', 'packed', 'user:store@fulfil.test'],
      ['packed', 'shipped', 'user:store@fulfil.test'],
      ['shipped', 'delivered', 'user:store@fulfil.test'],
      ['delivered', 'returned', 'user:owner@samooh.test'],
    ]);
    expect(staff.body.events.every((e: { at: string }) => !Number.isNaN(Date.parse(e.at)))).toBe(true);
    expect((await fulfil(ref, { action: 'ship', carrier: 'X', trackingNumber: 'Y' }, as.warehouse)).body.error.code).toBe('FULFILMENT_TRANSITION_INVALID');
  });

  it('will not ship an order that is not paid, and ships it once payment is recorded', async () => {
    const placed = await order({ buyer: distributor.code, items: [{ product: 'TULSI-60', quantity: 1 }], awaitingPayment: true }, { as: as.distributor });
    expect(placed.status).toBe(201);
    const ref = placed.body.number;
    expect((await request('GET', `/api/orders/${ref}/fulfilment`, { as: as.distributor })).body).toMatchObject({ state: 'placed', actions: ['pay', 'cancel'] });
    const unpaid = await fulfil(ref, { action: 'ship', carrier: 'Blue Dart', trackingNumber: 'BD1' }, as.warehouse);
    expect(unpaid.status).toBe(409);
    expect(unpaid.body.error).toMatchObject({ code: 'SHIPMENT_ORDER_UNPAID', message: `Order ${ref} is not paid yet, so it cannot ship.` });
    const hindi = await request('POST', `/api/orders/${ref}/fulfilment`, { body: { action: 'ship', carrier: 'Blue Dart', trackingNumber: 'BD1' }, as: as.warehouse, headers: { 'accept-language': 'hi' } });
    expect(hindi.body.error.message).toBe(`ऑर्डर ${ref} का भुगतान अभी नहीं हुआ है, इसलिए इसे भेजा नहीं जा सकता।`);
    expect((await fulfil(ref, { action: 'pack' }, as.warehouse)).body.error.code).toBe('FULFILMENT_TRANSITION_INVALID');
    expect((await fulfil(ref, { action: 'pay' }, as.warehouse)).status).toBe(403);
    expect((await fulfil(ref, { action: 'pay', reason: 'UTR 4455' })).body.state).toBe('paid');
    expect((await fulfil(ref, { action: 'pack' }, as.warehouse)).body.state).toBe('packed');
  });

  it('releases the reservation when an order is cancelled or partly refunded before shipping', async () => {
    const before = await stock('TULSI-60');
    const placed = await order({ buyer: distributor.code, items: [{ product: 'TULSI-60', quantity: 3 }] });
    expect((await stock('TULSI-60'))!.reserved).toBe(before!.reserved + 3);
    const partial = await request('POST', `/api/orders/${placed.body.number}/refunds`, { body: { lines: [{ lineNo: 1, quantity: 1 }], reason: 'one too many' } });
    expect(partial.status).toBe(201);
    expect((await stock('TULSI-60'))!.reserved).toBe(before!.reserved + 2);
    expect((await request('GET', `/api/orders/${placed.body.number}/fulfilment`)).body.state).toBe('paid');
    const cancelled = await fulfil(placed.body.number, { action: 'cancel', reason: 'customer cancelled' });
    expect(cancelled.body).toMatchObject({ state: 'cancelled', actions: [] });
    expect(await stock('TULSI-60')).toEqual(before);
    expect((await request('GET', `/api/orders/${placed.body.number}`)).body.status).toBe('refunded');
  });
});

describe('warehouse documents', () => {
  it('print a pick list of paid orders and a packing slip, in English or Hindi', async () => {
    const placed = await order({ buyer: customer.code, items: [{ product: 'TULSI-60', quantity: 2 }], shippingAddress: ADDRESS });
    const pick = await request('GET', '/api/warehouses/WH-CHN/pick-list.html', { as: as.warehouse });
    expect(pick.headers.get('content-type')).toMatch(/text\/html/);
    expect(pick.text).toContain('Pick list WH-CHN');
    expect(pick.text).toContain(placed.body.number);
    expect(pick.text).toContain('Tulsi Drops 60 ml (तुलसी ड्रॉप्स 60 मि.ली.)');
    const hindi = await request('GET', '/api/warehouses/WH-CHN/pick-list.html', { as: as.warehouse, headers: { 'accept-language': 'hi' } });
    expect(hindi.text).toContain('पिक सूची WH-CHN');
    const slip = await request('GET', `/api/orders/${placed.body.number}/packing-slip.html`, { as: as.warehouse });
    expect(slip.text).toContain(`Packing slip ${placed.body.number}`);
    expect(slip.text).toContain('12 Gandhi Road<br>Chennai, Tamil Nadu 600001');
    expect((await request('GET', `/api/orders/${placed.body.number}/packing-slip.html`, { as: as.customer })).status).toBe(403);
  });
});
