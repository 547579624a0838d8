import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/services/auth/users.ts';
import { smallCompany } from '../support/fixtures.ts';
import { startServer, type Credentials, type TestServer } from '../support/http-client.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

/** PATCH /api/members/{ref}/profile: a member keeps their own name, contact and KYC details. */
let database: TestDatabase;
let server: TestServer;
let meena: Credentials;
let meenaCode: string;
let sunilCode: string;

beforeAll(async () => {
  database = await createTestDatabase();
  await smallCompany(database.ctx);
  server = await startServer(database.handle);
  const member = await server.request('POST', '/api/members', { body: { name: 'Meena Rao', type: 'distributor', sponsor: 'SM1' } });
  meenaCode = member.body.code;
  const below = await server.request('POST', '/api/members', { body: { name: 'Sunil Rao', type: 'distributor', sponsor: meenaCode, phone: '9811111111' } });
  sunilCode = below.body.code;
  await createUser(database.ctx, { email: 'meena@profile.test', roles: ['distributor'], member: meenaCode, password: 'profile-password-1' });
  meena = await server.signIn('meena@profile.test', 'profile-password-1');
}, 300_000);
afterAll(async () => {
  await server?.close();
  await database?.drop();
});

const row = (code: string) => database.handle.db.selectFrom('members').select(['name', 'phone', 'email', 'pan', 'bank_account', 'bank_ifsc', 'kyc_status']).where('code', '=', code).executeTakeFirstOrThrow();

describe('a member updates their own profile and KYC', () => {
  it('stores the details, answers them masked, sends the KYC to "submitted" and audits the change', async () => {
    const saved = await server.request('PATCH', `/api/members/${meenaCode}/profile`, {
      as: meena,
      body: { name: 'Meena K. Rao', phone: '+919876543210', email: 'meena@example.com', pan: 'abcde1234f', bankAccount: '123456789012', bankIfsc: 'hdfc0001234' },
    });
    expect(saved.status, saved.text).toBe(200);
    expect(saved.body).toMatchObject({ code: meenaCode, name: 'Meena K. Rao', phone: '+919876543210', email: 'meena@example.com' });
    expect(saved.body.kyc.status).toBe('submitted');
    // Only the tail is ever shown.
    expect(saved.body.kyc.pan).not.toContain('ABCDE');
    expect(saved.body.kyc.pan.endsWith('234F')).toBe(true);
    expect(saved.body.kyc.bankAccount).not.toContain('12345678');
    expect(saved.body.kyc.bankAccount.endsWith('9012')).toBe(true);
    expect(saved.body.kyc.bankIfsc).toBe('HDFC0001234');
    expect(saved.text).not.toContain('123456789012');
    expect(await row(meenaCode)).toEqual({ name: 'Meena K. Rao', phone: '+919876543210', email: 'meena@example.com', pan: 'ABCDE1234F', bank_account: '123456789012', bank_ifsc: 'HDFC0001234', kyc_status: 'submitted' });
    const audit = await database.handle.db.selectFrom('audit_log').select(['action', 'after']).where('action', '=', 'member.updated').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(audit.after).toMatchObject({ name: 'Meena K. Rao', kyc_status: 'submitted' });
  });

  it('refuses a malformed PAN, IFSC or account, or an account without its IFSC, writing nothing', async () => {
    const before = await row(meenaCode);
    for (const body of [{ pan: 'ABCD1234F' }, { bankAccount: '12345', bankIfsc: 'HDFC0001234' }, { bankAccount: '123456789012', bankIfsc: 'HDFC1001234' }, { bankAccount: '223456789012' }, { phone: '12' }, {}, { type: 'distributor' }, { sponsor: 'SM1' }]) {
      const refused = await server.request('PATCH', `/api/members/${meenaCode}/profile`, { as: meena, body });
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.body.error.code).toBe('VALIDATION_FAILED');
    }
    expect(await row(meenaCode)).toEqual(before);
  });

  it('refuses to change anyone else, even in the own downline, and changes nothing', async () => {
    const before = await row(sunilCode);
    const refused = await server.request('PATCH', `/api/members/${sunilCode}/profile`, { as: meena, body: { phone: '9822222222' } });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('FORBIDDEN');
    expect(await row(sunilCode)).toEqual(before);
    expect((await server.request('PATCH', `/api/members/${meenaCode}/profile`, { as: 'anonymous', body: { phone: '9822222222' } })).status).toBe(401);
  });

  it('lets staff who edit members correct anyone', async () => {
    const saved = await server.request('PATCH', `/api/members/${sunilCode}/profile`, { body: { region: 'Rajasthan' } });
    expect(saved.status, saved.text).toBe(200);
    expect(saved.body.region).toBe('Rajasthan');
  });
});
