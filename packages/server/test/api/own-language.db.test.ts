import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/services/auth/api-tokens.ts';
import { createUser } from '../../src/services/auth/users.ts';
import { smallCompany } from '../support/fixtures.ts';
import { startServer, type Credentials, type TestServer } from '../support/http-client.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let database: TestDatabase;
let server: TestServer;
let distributor: Credentials;

beforeAll(async () => {
  database = await createTestDatabase();
  await smallCompany(database.ctx);
  server = await startServer(database.handle);
  const member = await server.request('POST', '/api/members', { body: { name: 'Lata Verma', type: 'distributor', sponsor: 'SM1' } });
  await createUser(database.ctx, { email: 'lata@language.test', roles: ['distributor'], member: member.body.code, password: 'language-password-1' });
  distributor = await server.signIn('lata@language.test', 'language-password-1');
});
afterAll(async () => {
  await server?.close();
  await database?.drop();
});

describe('PATCH /api/auth/me: the language remembered on the account', () => {
  it('stores the choice on the account, for every session, and audits the change once', async () => {
    const changed = await server.request('PATCH', '/api/auth/me', { as: distributor, body: { language: 'hi' } });
    expect(changed.status, changed.text).toBe(200);
    expect(changed.body.user).toMatchObject({ email: 'lata@language.test', language: 'hi' });
    const otherDevice = await server.signIn('lata@language.test', 'language-password-1');
    expect((await server.request('GET', '/api/auth/me', { as: otherDevice })).body.user.language).toBe('hi');
    // Choosing the same language again writes no second audit entry.
    await server.request('PATCH', '/api/auth/me', { as: distributor, body: { language: 'hi' } });
    const audits = await database.handle.db.selectFrom('audit_log').select(['action', 'before', 'after']).where('action', '=', 'user.language').execute();
    expect(audits).toEqual([{ action: 'user.language', before: { language: 'en' }, after: { language: 'hi' } }]);
  });

  it('changes only the caller: the owner is untouched', async () => {
    expect((await server.request('GET', '/api/auth/me')).body.user.language).toBe('en');
  });

  it('refuses an unknown language and other fields with VALIDATION_FAILED, writing nothing', async () => {
    for (const body of [{ language: 'fr' }, { language: 'hi', roles: ['owner'] }, {}]) {
      const refused = await server.request('PATCH', '/api/auth/me', { as: distributor, body });
      expect(refused.status).toBe(400);
      expect(refused.body.error.code).toBe('VALIDATION_FAILED');
    }
    const row = await database.handle.db.selectFrom('users').select(['language', 'roles']).where('email', '=', 'lata@language.test').executeTakeFirstOrThrow();
    expect(row).toEqual({ language: 'hi', roles: ['distributor'] });
  });

  it('needs a signed-in person: no caller is 401, an integration token 403, a cookie without its CSRF token 403', async () => {
    expect((await server.request('PATCH', '/api/auth/me', { as: 'anonymous', body: { language: 'hi' } })).status).toBe(401);
    const token = await createApiToken(database.ctx, { name: 'shop', scopes: ['products:read'] });
    expect((await server.request('PATCH', '/api/auth/me', { as: { bearer: token.token }, body: { language: 'hi' } })).status).toBe(403);
    const noCsrf = await server.request('PATCH', '/api/auth/me', { as: { cookie: (distributor as { cookie: string }).cookie, csrfToken: 'wrong' }, body: { language: 'en' } });
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.body.error.code).toBe('CSRF_FAILED');
  });
});
