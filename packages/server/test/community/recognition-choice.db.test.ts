import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/services/auth/users.ts';
import { smallCompany } from '../support/fixtures.ts';
import { startServer, type Credentials, type TestServer } from '../support/http-client.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

/**
 * GET /api/members/{ref}/recognition: a member reads back whether they are opted out of
 * public recognition (so the screen shows the choice as it stands), staff read anyone's,
 * and the answer follows PUT and the month's lists.
 */
const PASSWORD = 'recognition-password-7';
let database: TestDatabase;
let server: TestServer;
let asha: { id: number; code: string };
let omar: { id: number; code: string };
const session = {} as Record<'asha' | 'omar' | 'support' | 'warehouse', Credentials>;

beforeAll(async () => {
  database = await createTestDatabase();
  await smallCompany(database.ctx);
  server = await startServer(database.handle);
  const enrol = async (name: string) => (await server.request('POST', '/api/members', { body: { name, type: 'distributor', sponsor: 'SM1' } })).body as { id: number; code: string };
  asha = await enrol('Asha Recognised');
  omar = await enrol('Omar Elsewhere');
  for (const [key, roles, member] of [['asha', ['distributor'], asha.code], ['omar', ['distributor'], omar.code], ['support', ['support'], undefined], ['warehouse', ['warehouse'], undefined]] as const) {
    await createUser(database.ctx, { email: `${key}@recognition.test`, roles: [...roles], ...(member ? { member } : {}), password: PASSWORD });
    session[key] = await server.signIn(`${key}@recognition.test`, PASSWORD);
  }
}, 300_000);
afterAll(async () => {
  await server?.close();
  await database?.drop();
});

const read = (ref: string | number, as?: Credentials | 'anonymous', language = 'en') =>
  server.request('GET', `/api/members/${ref}/recognition`, { ...(as ? { as } : {}), headers: { 'accept-language': language } });
/** This month in the company's time zone (Asia/Kolkata), as the month's lists count it. */
const month = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Kolkata', year: 'numeric', month: '2-digit' }).format(new Date());

describe("a member's recognition choice", () => {
  it('is "in" for a new member, and reads back what the member chose, after every change', async () => {
    const fresh = await read(asha.code, session.asha);
    expect(fresh.status, fresh.text).toBe(200);
    expect(fresh.body).toEqual({ memberId: asha.id, code: asha.code, recognitionOptOut: false });
    // New distributors of this month are welcomed by name, until they opt out.
    expect((await server.request('GET', `/api/recognition?month=${month()}`, { as: session.omar })).body.newMembers.map((row: { code: string }) => row.code)).toContain(asha.code);

    expect((await server.request('PUT', `/api/members/${asha.code}/recognition`, { as: session.asha, body: { optOut: true } })).status).toBe(200);
    expect((await read(asha.id, session.asha)).body).toEqual({ memberId: asha.id, code: asha.code, recognitionOptOut: true });
    expect((await server.request('GET', `/api/recognition?month=${month()}`, { as: session.omar })).body.newMembers.map((row: { code: string }) => row.code)).not.toContain(asha.code);
    // Staff who read members see it too; the owner changes it back and the member reads that.
    expect((await read(asha.code, session.support)).body.recognitionOptOut).toBe(true);
    expect((await server.request('PUT', `/api/members/${asha.code}/recognition`, { body: { optOut: false } })).status).toBe(200);
    expect((await read(asha.code, session.asha)).body.recognitionOptOut).toBe(false);
    expect((await read(asha.code)).body.recognitionOptOut).toBe(false);
  });

  it("is nobody else's business: another distributor, warehouse staff and strangers are refused", async () => {
    const other = await read(asha.code, session.omar);
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe('FORBIDDEN');
    expect(other.text).not.toContain('recognitionOptOut');
    expect((await read(asha.code, session.warehouse)).status).toBe(403);
    expect((await read(asha.code, 'anonymous')).status).toBe(401);
  });

  it('names an unknown member, in Hindi too', async () => {
    const unknown = await read('SM999999');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('MEMBER_NOT_FOUND');
    const hindi = await read('SM999999', undefined, 'hi');
    expect(hindi.body.error.message).toMatch(/[\u0900-\u097F]/);
  });
});
