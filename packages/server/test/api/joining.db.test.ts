import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallCompany } from '../support/fixtures.ts';
import { startServer, type TestServer } from '../support/http-client.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

/** Starter kits and joining: a kit is optional and carries no volume by default, and enrolling never requires a purchase. */
let database: TestDatabase;
let server: TestServer;
const count = async (table: 'orders' | 'products' | 'members') =>
  Number((await database.handle.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
const prices = [{ currency: 'INR', retailPrice: 9_900, distributorPrice: 9_900 }];

beforeAll(async () => {
  database = await createTestDatabase();
  await smallCompany(database.ctx);
  server = await startServer(database.handle);
});
afterAll(async () => {
  await server?.close();
  await database?.drop();
});

describe('a starter kit', () => {
  it('carries no QV or CV unless it is given some', async () => {
    const kit = await server.request('POST', '/api/products', { body: { sku: 'WELCOME-KIT', name: { en: 'Welcome kit', hi: 'स्वागत किट' }, starterKit: true, prices } });
    expect(kit.status).toBe(201);
    expect(kit.body).toMatchObject({ sku: 'WELCOME-KIT', starterKit: true, qv: 0, cv: 0 });
  });

  it('is the only kind of product that may leave its volume out: others are refused, in English and Hindi, and nothing is written', async () => {
    const before = await count('products');
    const refused = await server.request('POST', '/api/products', { body: { sku: 'NO-VOLUME', name: { en: 'No volume', hi: 'बिना वॉल्यूम' }, cv: 5, prices } });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'PRODUCT_VOLUME_REQUIRED', message: 'Give the QV and CV of product NO-VOLUME; only a starter kit or an enrollment item may leave them out (they are then 0).' });
    const hindi = await server.request('POST', '/api/products', { body: { sku: 'NO-VOLUME', name: { en: 'No volume', hi: 'बिना वॉल्यूम' }, qv: 5, prices }, headers: { 'accept-language': 'hi' } });
    expect(hindi.body.error.message).toBe('उत्पाद NO-VOLUME का QV और CV दें; केवल स्टार्टर किट या नामांकन आइटम में इन्हें छोड़ा जा सकता है (तब ये 0 होते हैं)।');
    expect(await count('products')).toBe(before);
    expect((await server.request('GET', '/api/products/NO-VOLUME')).status).toBe(404);
  });
});

describe('enrolling', () => {
  it('never requires a purchase, and the answer says so in the caller\'s language', async () => {
    const orders = await count('orders');
    const distributor = await server.request('POST', '/api/members', { body: { name: 'Nisha Joiner', type: 'distributor', sponsor: 'SM1' } });
    expect(distributor.status).toBe(201);
    expect(distributor.body).toMatchObject({
      type: 'distributor', status: 'active',
      joining: { purchaseRequired: false, notice: 'Joining is free: no purchase, starter kit or fee is required to enroll, and none may be asked for.', coolingOffDays: null, coolingOff: null },
    });
    const customer = await server.request('POST', '/api/members', { body: { name: 'Om Customer', type: 'retail', sponsor: distributor.body.code }, headers: { 'accept-language': 'hi' } });
    expect(customer.body.joining).toEqual({ purchaseRequired: false, notice: 'जुड़ना निःशुल्क है: नामांकन के लिए कोई खरीद, स्टार्टर किट या शुल्क आवश्यक नहीं है, और इसकी माँग नहीं की जा सकती।', coolingOffDays: null, coolingOff: null });
    // Enrolled with nothing bought, even with a starter kit in the catalogue.
    expect(await count('orders')).toBe(orders);
    expect((await server.request('GET', `/api/members/${distributor.body.code}`)).body).toMatchObject({ code: distributor.body.code, status: 'active' });
  });

  it('tells the person joining the company\'s cooling-off window, in their language, once the company sets one', async () => {
    expect((await server.request('PATCH', '/api/compliance/settings', { body: { coolingOffDays: 30 } })).status).toBe(200);
    const english = await server.request('POST', '/api/members', { body: { name: 'Prem Joiner', type: 'distributor', sponsor: 'SM1' } });
    expect(english.body.joining).toMatchObject({ coolingOffDays: 30, coolingOff: 'You may cancel within 30 days of joining and get back everything you paid.' });
    const hindi = await server.request('POST', '/api/members', { body: { name: 'Rani Joiner', type: 'distributor', sponsor: 'SM1' }, headers: { 'accept-language': 'hi' } });
    expect(hindi.body.joining).toMatchObject({ coolingOffDays: 30, coolingOff: 'आप जुड़ने के 30 दिनों के भीतर रद्द कर सकते हैं और जो कुछ भी आपने चुकाया है, वह पूरा वापस पा सकते हैं।' });
    expect((await server.request('PATCH', '/api/compliance/settings', { body: { coolingOffDays: 1 } })).status).toBe(200);
    const oneDay = await server.request('POST', '/api/members', { body: { name: 'Sita Joiner', type: 'distributor', sponsor: 'SM1' } });
    expect(oneDay.body.joining.coolingOff).toBe('You may cancel within 1 day of joining and get back everything you paid.');
  });
});
