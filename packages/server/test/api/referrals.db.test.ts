import { describe, expect, it } from 'vitest';
import { useApiServer } from '../support/http-client.ts';

const env = useApiServer();

const enroll = async (body: Record<string, unknown>) => env.server.request('POST', '/api/members', { body: { type: 'distributor', ...body } });
const order = (body: Record<string, unknown>) => env.server.request('POST', '/api/orders', { body: { items: [{ product: 'TULSI-60', quantity: 1 }], ...body } });
const memberCount = async () => Number((await env.database.handle.db.selectFrom('members').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

describe('referral links', () => {
  it('resolve a distributor’s code to whose link it is, and nothing else', async () => {
    const asha = (await enroll({ name: 'Asha Referrer', sponsor: 'SM1' })).body;
    const link = await env.server.request('GET', `/api/referrals/${asha.code.toLowerCase()}`);
    expect(link.body).toEqual({ code: asha.code, name: 'Asha Referrer' });
    const customer = (await enroll({ name: 'Not A Referrer', sponsor: asha.code, type: 'retail' })).body;
    for (const code of [customer.code, 'NOPE-1']) {
      const refused = await env.server.request('GET', `/api/referrals/${code}`);
      expect([refused.status, refused.body.error.code]).toEqual([404, 'REFERRAL_CODE_UNKNOWN']);
    }
  });

  it('make the referring distributor the sponsor of a sign-up through the link', async () => {
    const ravi = (await enroll({ name: 'Ravi Referrer', sponsor: 'SM1' })).body;
    const joined = await enroll({ name: 'Joined By Link', referral: ravi.code, type: 'preferred' });
    expect(joined.status, joined.text).toBe(201);
    expect(joined.body.sponsor).toMatchObject({ code: ravi.code });
    const placed = await enroll({ name: 'Distributor By Link', referral: ravi.code.toLowerCase() });
    expect(placed.body).toMatchObject({ sponsor: { code: ravi.code }, placement: { parentCode: ravi.code, slot: 'L' } });

    const before = await memberCount();
    const unknown = await enroll({ name: 'Bad Link', referral: 'NOPE-1' });
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'REFERRAL_CODE_UNKNOWN']);
    const both = await enroll({ name: 'Both', referral: ravi.code, sponsor: 'SM1' });
    expect([both.status, both.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    const neither = await enroll({ name: 'Neither' });
    expect(neither.status).toBe(400);
    expect(await memberCount()).toBe(before);
  });

  it('credit a customer’s order through the link to the referring distributor; a distributor’s own order stays theirs', async () => {
    const sponsor = (await enroll({ name: 'Customer Sponsor', sponsor: 'SM1' })).body;
    const referrer = (await enroll({ name: 'Shop Referrer', sponsor: 'SM1' })).body;
    const customer = (await enroll({ name: 'Shopper', sponsor: sponsor.code, type: 'retail' })).body;

    const plain = await order({ buyer: customer.code });
    expect(plain.body.credited).toMatchObject({ code: sponsor.code });
    const referred = await order({ buyer: customer.code, referral: referrer.code });
    expect(referred.status, referred.text).toBe(201);
    expect(referred.body).toMatchObject({ credited: { code: referrer.code }, buyer: { code: customer.code } });
    const own = await order({ buyer: sponsor.code, referral: referrer.code });
    expect(own.body.credited).toMatchObject({ code: sponsor.code });

    const orders = async () => Number((await env.database.handle.db.selectFrom('orders').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const before = await orders();
    const bad = await order({ buyer: customer.code, referral: customer.code });
    expect([bad.status, bad.body.error.code]).toEqual([404, 'REFERRAL_CODE_UNKNOWN']);
    expect(await orders()).toBe(before);
  });

  it('key an idempotent order by its referral too', async () => {
    const referrer = (await enroll({ name: 'Key Referrer', sponsor: 'SM1' })).body;
    const customer = (await enroll({ name: 'Key Shopper', sponsor: 'SM1', type: 'retail' })).body;
    const headers = { 'idempotency-key': `ref-${customer.code}` };
    const body = { buyer: customer.code, items: [{ product: 'TULSI-60', quantity: 1 }], referral: referrer.code };
    expect((await env.server.request('POST', '/api/orders', { body, headers })).status).toBe(201);
    const other = await env.server.request('POST', '/api/orders', { body: { ...body, referral: undefined }, headers });
    expect(other.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });
});
