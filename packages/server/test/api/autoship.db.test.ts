import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { enqueueJob } from '../../src/jobs/job-queue.ts';
import { JobWorker } from '../../src/jobs/worker.ts';
import { createUser } from '../../src/services/auth/users.ts';
import { changeAutoshipStatus, skipAutoshipMonth } from '../../src/services/autoship/change-autoship-status.ts';
import { createAutoship } from '../../src/services/autoship/create-autoship.ts';
import { testPaymentGateway } from '../../src/services/autoship/payment-methods.ts';
import { placeAutoship } from '../../src/services/autoship/place-autoship.ts';
import { autoshipJobHandlers, dueAutoshipIds, placeAutoshipBatch } from '../../src/services/autoship/run-autoships.ts';
import { updateAutoship } from '../../src/services/autoship/update-autoship.ts';
import { setUpCompany } from '../../src/services/company/set-up-company.ts';
import { inTransaction, type RequestContext } from '../../src/services/context.ts';
import { openNextPeriod } from '../../src/services/periods/periods.ts';
import { createProduct } from '../../src/services/products/save-product.ts';
import { startServer, type Credentials, type TestServer } from '../support/http-client.ts';
import { createTestDatabase, silentLogger, TEST_DB, type TestDatabase } from '../support/test-database.ts';

/**
 * Autoship on a fixed clock, in the company's time zone (Asia/Kolkata,
 * UTC+5:30), through the month ends of 2028, a leap year.
 */
let database: TestDatabase;
let server: TestServer;
let clockAt = new Date('2028-01-10T06:00:00Z');
let ctx: RequestContext;
let member: { id: number; code: string };
let customer: { id: number; code: string };
let periods: Record<string, number>;
const PASSWORD = 'autoship-password-42';
const ADDRESS = { name: 'Meera Nair', line1: '4 MG Road', city: 'Kochi', state: 'Kerala', pincode: '682001' };
const at = (iso: string) => { clockAt = new Date(iso); };
const db = () => database.handle.db;
const place = (id: number) => inTransaction(ctx, (tx) => placeAutoship(tx, id));
const count = async (table: 'orders' | 'autoships' | 'autoship_items' | 'notification_events' | 'autoship_occurrences') =>
  Number((await db().selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
const autoshipOrders = async (id: number) => (await sql<{ number: string; business_date: string; period_id: number; qv: number; amount: number; month: string }>`
  SELECT o.number, o.business_date, o.period_id, o.qv, o.amount, a.month FROM autoship_occurrences a JOIN orders o ON o.id = a.order_id
   WHERE a.autoship_id = ${id} ORDER BY a.month`.execute(db())).rows;

beforeAll(async () => {
  database = await createTestDatabase();
  ctx = { ...database.ctx, clock: () => clockAt };
  await setUpCompany(ctx, { name: 'Autoship Wellness', root: { name: 'Root', code: 'SM1' } });
  periods = {};
  for (let i = 0; i < 7; i++) {
    const period = await openNextPeriod(ctx, new Date('2028-01-15T00:00:00Z'));
    periods[period.start.slice(0, 7)] = period.id;
  }
  const inr = (retailPrice: number, distributorPrice: number) => [{ currency: 'INR', retailPrice, distributorPrice }];
  await createProduct(ctx, { sku: 'AMLA-JUICE', name: { en: 'Amla Juice', hi: 'आंवला जूस' }, qv: 25, cv: 20, prices: inr(45_000, 36_000) });
  await createProduct(ctx, { sku: 'NEEM-SOAP', name: { en: 'Neem Soap', hi: 'नीम साबुन' }, qv: 5, cv: 4, prices: inr(12_000, 9_500) });
  await createProduct(ctx, { sku: 'OLD-TEA', name: { en: 'Old Tea', hi: 'पुरानी चाय' }, qv: 5, cv: 4, prices: inr(10_000, 9_000) });
  await createProduct(ctx, { sku: 'KIT', name: { en: 'Kit', hi: 'किट' }, qv: 0, cv: 0, starterKit: true, prices: inr(10_000, 10_000) });
  server = await startServer(database.handle);
  member = (await server.request('POST', '/api/members', { body: { name: 'Asha Autoship', type: 'distributor', sponsor: 'SM1' } })).body;
  customer = (await server.request('POST', '/api/members', { body: { name: 'Kiran Customer', type: 'retail', sponsor: member.code } })).body;
  await server.request('POST', '/api/products/OLD-TEA/deactivate');
});
afterAll(async () => {
  await server?.close();
  await database?.drop();
});
beforeEach(() => testPaymentGateway.reset());

describe('an autoship on day 31 through 2028', () => {
  let id = 0;

  it('is placed on its day in the company time zone, with its volume in that period, once', async () => {
    at('2028-01-10T06:00:00Z');
    const created = await createAutoship(ctx, { member: member.code, items: [{ product: 'AMLA-JUICE', quantity: 2 }, { product: 'NEEM-SOAP', quantity: 1 }], dayOfMonth: 31, paymentMethod: { type: 'test', reference: 'mandate-0042' }, shippingAddress: ADDRESS });
    id = created.id;
    expect(created).toMatchObject({ status: 'active', nextRunDate: '2028-01-31', qv: 55, paymentMethod: { type: 'test', reference: '••••0042' } });

    // 30 January 18:00 UTC is 23:30 in Kolkata: not yet due.
    at('2028-01-30T18:00:00Z');
    expect(await dueAutoshipIds(ctx)).toEqual([]);
    expect(await place(id)).toBe('not-due');
    // 30 January 19:00 UTC is 00:30 on the 31st in Kolkata: due.
    at('2028-01-30T19:00:00Z');
    expect(await dueAutoshipIds(ctx)).toEqual([id]);
    expect(await place(id)).toBe('placed');
    const [january] = await autoshipOrders(id);
    // A distributor pays the distributor price: 2 × 360.00 + 95.00; QV 2 × 25 + 5.
    expect(january).toMatchObject({ business_date: '2028-01-31', period_id: periods['2028-01'], qv: 55, amount: 81_500, month: '2028-01-01' });
    expect(testPaymentGateway.charges).toMatchObject([{ amount: 81_500, currency: 'INR', method: { reference: 'mandate-0042' } }]);

    // Running again, by the batch job or twice at once, places nothing more.
    const orders = await count('orders');
    expect(await place(id)).toBe('not-due');
    const [a, b] = await Promise.all([inTransaction(ctx, (tx) => placeAutoshipBatch(tx, [id])), inTransaction(ctx, (tx) => placeAutoshipBatch(tx, [id]))]);
    expect(a.placed + b.placed).toBe(0);
    expect(await count('orders')).toBe(orders);
    expect(testPaymentGateway.charges).toHaveLength(1);
    expect((await db().selectFrom('autoships').select('next_run_date').where('id', '=', id).executeTakeFirstOrThrow()).next_run_date).toBe('2028-02-29');
  });

  it('falls on 29 February in the leap year, and skipping March moves it to 30 April', async () => {
    at('2028-02-28T12:00:00Z');
    expect(await place(id)).toBe('not-due');
    at('2028-02-29T00:00:00Z');
    expect(await place(id)).toBe('placed');
    const skipped = await skipAutoshipMonth(ctx, id, '2028-03');
    expect(skipped.nextRunDate).toBe('2028-04-30');
    expect(skipped.months.slice(0, 2)).toMatchObject([{ month: '2028-03', status: 'skipped', order: null }, { month: '2028-02', status: 'placed' }]);
    at('2028-03-31T10:00:00Z');
    expect(await dueAutoshipIds(ctx)).toEqual([]);
    expect((await autoshipOrders(id)).map((o) => [o.business_date, o.period_id])).toEqual([['2028-01-31', periods['2028-01']], ['2028-02-29', periods['2028-02']]]);
    await expect(skipAutoshipMonth(ctx, id, '2028-03')).rejects.toMatchObject({ code: 'AUTOSHIP_SKIP_MONTH_INVALID' });
    await expect(skipAutoshipMonth(ctx, id, '2028-02')).rejects.toMatchObject({ code: 'AUTOSHIP_SKIP_MONTH_INVALID' });
  });

  it('retries a declined payment with back-off, then fails the month and records a notification', async () => {
    testPaymentGateway.declineNext(10);
    at('2028-04-30T04:00:00Z');
    expect(await place(id)).toBe('retrying');
    let month = (await db().selectFrom('autoship_occurrences').selectAll().where('autoship_id', '=', id).where('month', '=', '2028-04-01').executeTakeFirstOrThrow());
    expect(month).toMatchObject({ status: 'retrying', attempts: 1, order_id: null, last_error: 'PAYMENT_DECLINED: insufficient funds' });
    expect(month.next_attempt_at!.toISOString()).toBe('2028-04-30T05:00:00.000Z');
    // The declined attempt left no order behind.
    expect(await autoshipOrders(id)).toHaveLength(2);
    at('2028-04-30T04:30:00Z');
    expect(await place(id)).toBe('waiting');
    at('2028-04-30T05:00:00Z');
    expect(await place(id)).toBe('retrying');
    at('2028-04-30T11:00:00Z');
    expect(await place(id)).toBe('retrying');
    month = (await db().selectFrom('autoship_occurrences').selectAll().where('autoship_id', '=', id).where('month', '=', '2028-04-01').executeTakeFirstOrThrow());
    expect(month.next_attempt_at!.toISOString()).toBe('2028-05-01T11:00:00.000Z');
    // The last retry falls in May (Kolkata): it is still tried, not written off as missed.
    at('2028-05-01T11:00:00Z');
    expect(await place(id)).toBe('failed');
    expect(testPaymentGateway.charges).toHaveLength(4);
    const notifications = await db().selectFrom('notification_events').selectAll().execute();
    expect(notifications).toMatchObject([{ kind: 'autoship.payment_failed', member_id: member.id, delivered_at: null, payload: { autoshipId: id, month: '2028-04', attempts: 4, code: 'PAYMENT_DECLINED' } }]);
    expect((await db().selectFrom('autoships').select('next_run_date').where('id', '=', id).executeTakeFirstOrThrow()).next_run_date).toBe('2028-05-31');
  });

  it('places after one declined attempt, counting the order in the month it succeeds', async () => {
    testPaymentGateway.declineNext(1);
    at('2028-05-31T03:00:00Z');
    expect(await place(id)).toBe('retrying');
    at('2028-05-31T04:00:00Z');
    expect(await place(id)).toBe('placed');
    const may = (await autoshipOrders(id)).at(-1)!;
    expect(may).toMatchObject({ business_date: '2028-05-31', period_id: periods['2028-05'], month: '2028-05-01' });
    expect((await db().selectFrom('autoship_occurrences').select('attempts').where('autoship_id', '=', id).where('month', '=', '2028-05-01').executeTakeFirstOrThrow()).attempts).toBe(2);
  });

  it('is paused, resumed, changed and cancelled', async () => {
    at('2028-06-05T06:00:00Z');
    expect((await changeAutoshipStatus(ctx, id, 'pause')).status).toBe('paused');
    at('2028-06-30T06:00:00Z');
    expect(await dueAutoshipIds(ctx)).toEqual([]);
    expect(await place(id)).toBe('not-due');
    await expect(changeAutoshipStatus(ctx, id, 'pause')).rejects.toMatchObject({ code: 'AUTOSHIP_TRANSITION_INVALID' });
    at('2028-07-02T06:00:00Z');
    const resumed = await changeAutoshipStatus(ctx, id, 'resume');
    // June passed while paused: the next order is July's.
    expect(resumed).toMatchObject({ status: 'active', nextRunDate: '2028-07-31' });
    const changed = await updateAutoship(ctx, id, { dayOfMonth: 5, items: [{ product: 'NEEM-SOAP', quantity: 4 }] });
    expect(changed).toMatchObject({ dayOfMonth: 5, nextRunDate: '2028-07-05', qv: 20, items: [{ product: { sku: 'NEEM-SOAP' }, quantity: 4 }] });
    const cancelled = await changeAutoshipStatus(ctx, id, 'cancel');
    expect(cancelled).toMatchObject({ status: 'cancelled', nextRunDate: null });
    await expect(updateAutoship(ctx, id, { dayOfMonth: 6 })).rejects.toMatchObject({ code: 'AUTOSHIP_CANCELLED' });
    await expect(changeAutoshipStatus(ctx, id, 'resume')).rejects.toMatchObject({ code: 'AUTOSHIP_TRANSITION_INVALID' });
  });
});

describe('a month in which no worker ran', () => {
  it('is recorded as missed, not charged late, and the next month is placed as usual', async () => {
    at('2028-04-20T06:00:00Z');
    const created = await createAutoship(ctx, { member: customer.code, items: [{ product: 'NEEM-SOAP', quantity: 2 }], dayOfMonth: 28, paymentMethod: { type: 'test', reference: 'upi-9' }, shippingAddress: ADDRESS });
    expect(created.nextRunDate).toBe('2028-04-28');
    // Nothing ran until 2 May: April is missed, May's order is due on the 28th.
    at('2028-05-02T06:00:00Z');
    expect(await place(created.id)).toBe('missed');
    expect(testPaymentGateway.charges).toHaveLength(0);
    at('2028-05-28T06:00:00Z');
    expect(await place(created.id)).toBe('placed');
    const view = await db().selectFrom('autoship_occurrences').select(['month', 'status']).where('autoship_id', '=', created.id).orderBy('month').execute();
    expect(view).toEqual([{ month: '2028-04-01', status: 'missed' }, { month: '2028-05-01', status: 'placed' }]);
    await changeAutoshipStatus(ctx, created.id, 'cancel');
  });
});

describe('the autoship jobs', () => {
  it('sweep due autoships into batches the worker places, and a second sweep adds nothing', async () => {
    at('2028-03-10T06:00:00Z');
    const ids: number[] = [];
    for (const day of [10, 10, 12]) ids.push((await createAutoship(ctx, { member: customer.code, items: [{ product: 'NEEM-SOAP', quantity: 1 }], dayOfMonth: day, paymentMethod: { type: 'test', reference: 'upi-77' }, shippingAddress: ADDRESS })).id);
    const worker = new JobWorker({ db: db(), log: silentLogger, handlers: autoshipJobHandlers, clock: () => clockAt });
    await enqueueJob(db(), 'autoship.sweep');
    await worker.drain();
    const occurrences = await db().selectFrom('autoship_occurrences').select(['autoship_id', 'status']).where('autoship_id', 'in', ids).orderBy('autoship_id').execute();
    expect(occurrences).toEqual([{ autoship_id: ids[0], status: 'placed' }, { autoship_id: ids[1], status: 'placed' }]);
    const orders = await count('orders');
    await enqueueJob(db(), 'autoship.sweep');
    await worker.drain();
    expect(await count('orders')).toBe(orders);
    const failed = await sql<{ n: number }>`SELECT count(*)::int AS n FROM jobs WHERE status <> 'done' AND kind LIKE 'autoship.%' AND run_at <= now()`.execute(db());
    expect(failed.rows[0]!.n).toBe(0);
  });
});

describe('over HTTP', () => {
  let as: Record<'distributor' | 'customer', Credentials>;
  const body = (over: Record<string, unknown> = {}) => ({ member: customer.code, items: [{ product: 'AMLA-JUICE', quantity: 1 }], dayOfMonth: 15, paymentMethod: { type: 'test', reference: 'card-1234' }, shippingAddress: ADDRESS, ...over });

  beforeAll(async () => {
    await createUser(database.ctx, { email: 'asha@autoship.test', roles: ['distributor'], member: member.code, password: PASSWORD });
    await createUser(database.ctx, { email: 'kiran@autoship.test', roles: ['customer'], member: customer.code, password: PASSWORD });
    as = { distributor: await server.signIn('asha@autoship.test', PASSWORD), customer: await server.signIn('kiran@autoship.test', PASSWORD) };
  });

  it('refuses bad input with coded errors and writes nothing', async () => {
    const before = [await count('autoships'), await count('autoship_items')];
    const cases: [Record<string, unknown>, number, string][] = [
      [{ items: [{ product: 'OLD-TEA', quantity: 1 }] }, 422, 'PRODUCT_INACTIVE'],
      [{ items: [{ product: 'AMLA-JUICE', quantity: 1 }, { product: 'NEEM-SOAP', quantity: 0 }] }, 422, 'AUTOSHIP_QUANTITY_INVALID'],
      [{ items: [{ product: 'AMLA-JUICE', quantity: 101 }] }, 422, 'AUTOSHIP_QUANTITY_INVALID'],
      [{ items: [{ product: 'KIT', quantity: 1 }] }, 422, 'AUTOSHIP_STARTER_KIT'],
      [{ items: [{ product: 'NO-SUCH', quantity: 1 }] }, 404, 'PRODUCT_NOT_FOUND'],
      [{ dayOfMonth: 32 }, 422, 'AUTOSHIP_DAY_INVALID'],
      [{ dayOfMonth: 0 }, 422, 'AUTOSHIP_DAY_INVALID'],
      [{ paymentMethod: { type: 'bitcoin', reference: 'x' } }, 422, 'PAYMENT_METHOD_UNKNOWN'],
      [{ shippingAddress: { ...ADDRESS, pincode: '12' } }, 400, 'VALIDATION_FAILED'],
    ];
    for (const [over, status, code] of cases) {
      const response = await server.request('POST', '/api/autoships', { body: body(over), as: as.customer });
      expect([response.status, response.body.error?.code], JSON.stringify(over)).toEqual([status, code]);
    }
    const hindi = await server.request('POST', '/api/autoships', { body: body({ items: [{ product: 'AMLA-JUICE', quantity: 0 }] }), as: as.customer, headers: { 'accept-language': 'hi' } });
    expect(hindi.body.error.message).toBe('ऑटोशिप में AMLA-JUICE की मात्रा 0 की अनुमति नहीं है: 1 से 100।');
    expect([await count('autoships'), await count('autoship_items')]).toEqual(before);
  });

  it('lets a member manage only their own autoship', async () => {
    const mine = await server.request('POST', '/api/autoships', { body: body(), as: as.customer });
    expect(mine.status).toBe(201);
    expect((await server.request('POST', '/api/autoships', { body: body({ member: member.code }), as: as.customer })).status).toBe(403);
    expect((await server.request('GET', `/api/autoships/${mine.body.id}`, { as: as.distributor })).status).toBe(403);
    expect((await server.request('POST', `/api/autoships/${mine.body.id}/pause`, { as: as.distributor })).status).toBe(403);
    const list = await server.request('GET', '/api/autoships', { as: as.customer });
    expect(list.body.items.length).toBeGreaterThan(0);
    expect(list.body.items.every((item: { member: { code: string } }) => item.member.code === customer.code)).toBe(true);
    expect((await server.request('GET', `/api/autoships?member=${member.code}`, { as: as.customer })).status).toBe(403);
    expect((await server.request('POST', `/api/autoships/${mine.body.id}/pause`, { as: as.customer })).body.status).toBe('paused');
    expect((await server.request('POST', `/api/autoships/${mine.body.id}/resume`, { as: as.customer })).body.status).toBe('active');
    const skipMonth = mine.body.nextRunDate.slice(0, 7);
    const skipped = await server.request('POST', `/api/autoships/${mine.body.id}/skip`, { body: { month: skipMonth }, as: as.customer });
    expect(skipped.body.months[0]).toMatchObject({ month: skipMonth, status: 'skipped' });
    const patched = await server.request('PATCH', `/api/autoships/${mine.body.id}`, { body: { items: [{ product: 'NEEM-SOAP', quantity: 3 }] }, as: as.customer });
    expect(patched.body).toMatchObject({ qv: 15 });
    expect((await server.request('POST', `/api/autoships/${mine.body.id}/cancel`, { as: as.customer })).body.status).toBe('cancelled');
    expect((await server.request('GET', '/api/autoships/999999')).body.error.code).toBe('AUTOSHIP_NOT_FOUND');
    expect(TEST_DB).toBeDefined();
  });
});
