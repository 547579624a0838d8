import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretHash } from '../../src/services/auth/secrets.ts';
import { createUser } from '../../src/services/auth/users.ts';
import { smallCompany } from '../support/fixtures.ts';
import { startServer, useApiServer, type Credentials, type TestServer } from '../support/http-client.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const env = useApiServer();
const PASSWORD = 'a-long-enough-password';
const count = async (table: 'sessions' | 'orders' | 'members' | 'password_resets') =>
  Number((await env.database.handle.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

async function staff(email: string, roles: ('admin' | 'support' | 'finance')[] = ['support']): Promise<Credentials> {
  await createUser(env.database.ctx, { email, roles, password: PASSWORD });
  return env.server.signIn(email, PASSWORD);
}

describe('anonymous callers', () => {
  it('get 401 with a code, in English or Hindi; health, sign-in and the API reference stay public', async () => {
    const en = await env.server.request('GET', '/api/members/SM1', { as: 'anonymous' });
    expect([en.status, en.body.error.code, en.body.error.message]).toEqual([401, 'UNAUTHENTICATED', 'Please sign in.']);
    const hi = await env.server.request('POST', '/api/orders', { as: 'anonymous', headers: { 'accept-language': 'hi' }, body: { buyer: 'SM1', items: [] } });
    expect([hi.status, hi.body.error.code, hi.body.error.message]).toEqual([401, 'UNAUTHENTICATED', 'कृपया साइन इन करें।']);
    expect((await env.server.request('GET', '/api/health', { as: 'anonymous' })).status).toBe(200);
    expect((await env.server.request('GET', '/api/docs/', { as: 'anonymous' })).status).toBe(200);
    expect((await env.server.request('GET', '/api/openapi.json', { as: 'anonymous' })).status).toBe(200);
  });

  it('are refused in Hindi too when forbidden', async () => {
    const support = await staff('hindi-support@samooh.test');
    const refused = await env.server.request('POST', '/api/periods', { as: support, headers: { 'accept-language': 'hi' } });
    expect([refused.status, refused.body.error.code, refused.body.error.message]).toEqual([403, 'FORBIDDEN', 'आपको यह करने की अनुमति नहीं है।']);
  });
});

describe('password sign-in and sessions', () => {
  it('refuses a wrong password and an unknown email alike, and sets an httpOnly SameSite cookie on success', async () => {
    await createUser(env.database.ctx, { email: 'asha@samooh.test', roles: ['finance'], password: PASSWORD });
    const wrong = await env.server.request('POST', '/api/auth/sign-in', { as: 'anonymous', body: { email: 'asha@samooh.test', password: 'not-the-password' } });
    const unknown = await env.server.request('POST', '/api/auth/sign-in', { as: 'anonymous', body: { email: 'nobody@samooh.test', password: 'not-the-password' } });
    expect([wrong.status, wrong.body.error.code]).toEqual([401, 'SIGN_IN_FAILED']);
    expect(unknown.body).toEqual(wrong.body);

    const sessionsBefore = await count('sessions');
    const ok = await env.server.request('POST', '/api/auth/sign-in', { as: 'anonymous', body: { email: ' ASHA@samooh.test ', password: PASSWORD } });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ user: { email: 'asha@samooh.test', roles: ['finance'], memberId: null }, csrfToken: expect.any(String) });
    const cookie = ok.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^samooh_session=smh_s_[\w-]{40,}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+$/);
    expect(cookie).not.toContain('Secure');
    // Only a hash of the session secret is stored.
    const secret = cookie.split(';')[0]!.split('=')[1]!;
    expect(await count('sessions')).toBe(sessionsBefore + 1);
    const stored = await env.database.handle.db.selectFrom('sessions').select('token_hash').execute();
    expect(stored.map((row) => row.token_hash)).toContain(secretHash(secret));
    expect(JSON.stringify(stored)).not.toContain(secret);
  });

  it('marks the cookie Secure outside development', async () => {
    const secure = await startServer(env.database.handle, { auth: { secureCookies: true } });
    try {
      const ok = await secure.request('POST', '/api/auth/sign-in', { as: 'anonymous', body: { email: 'asha@samooh.test', password: PASSWORD } });
      expect(ok.headers.get('set-cookie')).toMatch(/; Secure$/);
      expect(ok.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    } finally {
      await secure.close();
    }
  });

  it('needs the CSRF token for changes made with the cookie, not for reads', async () => {
    const session = (await staff('csrf-admin@samooh.test', ['admin'])) as { cookie: string; csrfToken: string };
    const members = await count('members');
    const body = { name: 'Forged Enrollment', type: 'retail', sponsor: 'SM1' };
    const forged = await env.server.request('POST', '/api/members', { as: 'anonymous', headers: { cookie: session.cookie }, body });
    expect([forged.status, forged.body.error.code]).toEqual([403, 'CSRF_FAILED']);
    const wrongToken = await env.server.request('POST', '/api/members', { as: { ...session, csrfToken: 'x'.repeat(43) }, body });
    expect(wrongToken.status).toBe(403);
    expect(await count('members')).toBe(members);
    expect((await env.server.request('GET', '/api/members/SM1', { as: 'anonymous', headers: { cookie: session.cookie } })).status).toBe(200);
    expect((await env.server.request('POST', '/api/members', { as: session, body })).status).toBe(201);
    const me = await env.server.request('GET', '/api/auth/me', { as: session });
    expect(me.body).toMatchObject({ user: { email: 'csrf-admin@samooh.test', roles: ['admin'] }, csrfToken: session.csrfToken });
  });

  it('ends a session on sign-out, every session on sign-out everywhere', async () => {
    await createUser(env.database.ctx, { email: 'ravi@samooh.test', roles: ['support'], password: PASSWORD });
    const laptop = await env.server.signIn('ravi@samooh.test', PASSWORD);
    const phone = await env.server.signIn('ravi@samooh.test', PASSWORD);
    const tablet = await env.server.signIn('ravi@samooh.test', PASSWORD);
    const out = await env.server.request('POST', '/api/auth/sign-out', { as: laptop });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toContain('Max-Age=0');
    expect((await env.server.request('GET', '/api/auth/me', { as: laptop })).status).toBe(401);
    expect((await env.server.request('GET', '/api/auth/me', { as: phone })).status).toBe(200);
    const everywhere = await env.server.request('POST', '/api/auth/sign-out-everywhere', { as: phone });
    expect(everywhere.body).toEqual({ sessionsEnded: 2 });
    expect((await env.server.request('GET', '/api/auth/me', { as: phone })).status).toBe(401);
    expect((await env.server.request('GET', '/api/auth/me', { as: tablet })).status).toBe(401);
  });

  it('ends a session that is idle too long or past its expiry', async () => {
    await createUser(env.database.ctx, { email: 'idle@samooh.test', roles: ['support'], password: PASSWORD });
    const idle = (await env.server.signIn('idle@samooh.test', PASSWORD)) as { cookie: string; csrfToken: string };
    const old = (await env.server.signIn('idle@samooh.test', PASSWORD)) as { cookie: string; csrfToken: string };
    const hashOf = (credentials: { cookie: string }) => secretHash(credentials.cookie.split('=')[1]!);
    const db = env.database.handle.db;
    await db.updateTable('sessions').set({ last_seen_at: new Date(Date.now() - 3 * 3_600_000) }).where('token_hash', '=', hashOf(idle)).execute();
    await db.updateTable('sessions').set({ expires_at: new Date(Date.now() - 1000) }).where('token_hash', '=', hashOf(old)).execute();
    const refused = await env.server.request('GET', '/api/auth/me', { as: idle });
    expect([refused.status, refused.body.error.code]).toEqual([401, 'UNAUTHENTICATED']);
    expect(refused.headers.get('set-cookie')).toContain('Max-Age=0');
    expect((await env.server.request('GET', '/api/auth/me', { as: old })).status).toBe(401);
  });

  it('changes one’s own password knowing the current one; other sessions end', async () => {
    await createUser(env.database.ctx, { email: 'meera@samooh.test', roles: ['support'], password: PASSWORD });
    const here = await env.server.signIn('meera@samooh.test', PASSWORD);
    const there = await env.server.signIn('meera@samooh.test', PASSWORD);
    const wrong = await env.server.request('POST', '/api/auth/password', { as: here, body: { currentPassword: 'wrong-wrong-wrong', newPassword: 'a-new-long-password' } });
    expect([wrong.status, wrong.body.error.code]).toEqual([422, 'PASSWORD_INCORRECT']);
    const weak = await env.server.request('POST', '/api/auth/password', { as: here, body: { currentPassword: PASSWORD, newPassword: 'short' } });
    expect([weak.status, weak.body.error.code]).toEqual([422, 'PASSWORD_TOO_WEAK']);
    expect((await env.server.request('POST', '/api/auth/password', { as: here, body: { currentPassword: PASSWORD, newPassword: 'a-new-long-password' } })).status).toBe(204);
    expect((await env.server.request('GET', '/api/auth/me', { as: here })).status).toBe(200);
    expect((await env.server.request('GET', '/api/auth/me', { as: there })).status).toBe(401);
    await expect(env.server.signIn('meera@samooh.test', PASSWORD)).rejects.toThrow(/401/);
    await env.server.signIn('meera@samooh.test', 'a-new-long-password');
  });
});

describe('accounts', () => {
  it('creates an account without a password and hands out a one-time token to set it', async () => {
    const created = await env.server.request('POST', '/api/users', { body: { email: 'Nikhil@Samooh.test', name: 'Nikhil', roles: ['finance'] } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ user: { email: 'nikhil@samooh.test', roles: ['finance'] }, passwordReset: { token: expect.stringMatching(/^smh_r_/) } });
    const { token } = created.body.passwordReset;
    const stored = await env.database.handle.db.selectFrom('password_resets').select('token_hash').execute();
    expect(stored.map((row) => row.token_hash)).toContain(secretHash(token));
    expect(JSON.stringify(stored)).not.toContain(token);

    const weak = await env.server.request('POST', '/api/auth/password-reset', { as: 'anonymous', body: { token, password: 'nikhil-is-me-123' } });
    expect([weak.status, weak.body.error.code]).toEqual([422, 'PASSWORD_TOO_WEAK']);
    expect((await env.server.request('POST', '/api/auth/password-reset', { as: 'anonymous', body: { token, password: PASSWORD } })).status).toBe(204);
    await env.server.signIn('nikhil@samooh.test', PASSWORD);
    const again = await env.server.request('POST', '/api/auth/password-reset', { as: 'anonymous', body: { token, password: 'another-long-password' } });
    expect([again.status, again.body.error.code]).toEqual([400, 'RESET_TOKEN_INVALID']);
  });

  it('lets an admin issue a reset that ends the account’s sessions, but not for an owner; expired tokens fail', async () => {
    const admin = await staff('reset-admin@samooh.test', ['admin']);
    const { user } = await createUser(env.database.ctx, { email: 'forgetful@samooh.test', roles: ['support'], password: PASSWORD });
    const session = await env.server.signIn('forgetful@samooh.test', PASSWORD);
    const issued = await env.server.request('POST', `/api/users/${user.id}/password-reset`, { as: admin });
    expect(issued.status).toBe(201);
    const expired = await env.server.request('POST', `/api/users/${user.id}/password-reset`, { as: admin });
    await env.database.handle.db.updateTable('password_resets').set({ expires_at: new Date(Date.now() - 1000) }).where('token_hash', '=', secretHash(expired.body.token)).execute();
    expect((await env.server.request('POST', '/api/auth/password-reset', { as: 'anonymous', body: { token: expired.body.token, password: 'forgot-it-again-1' } })).status).toBe(400);
    // A newer token replaces the older one.
    expect((await env.server.request('POST', '/api/auth/password-reset', { as: 'anonymous', body: { token: issued.body.token, password: 'forgot-it-again-1' } })).status).toBe(400);
    const fresh = await env.server.request('POST', `/api/users/${user.id}/password-reset`, { as: admin });
    expect((await env.server.request('POST', '/api/auth/password-reset', { as: 'anonymous', body: { token: fresh.body.token, password: 'forgot-it-again-1' } })).status).toBe(204);
    expect((await env.server.request('GET', '/api/auth/me', { as: session })).status).toBe(401);

    const owners = await env.database.handle.db.selectFrom('users').select('id').where('email', '=', 'owner@samooh.test').executeTakeFirstOrThrow();
    const refused = await env.server.request('POST', `/api/users/${owners.id}/password-reset`, { as: admin });
    expect([refused.status, refused.body.error.code]).toEqual([403, 'FORBIDDEN']);
    const noOwner = await env.server.request('POST', '/api/users', { as: admin, body: { email: 'sneaky@samooh.test', roles: ['owner'], password: PASSWORD } });
    expect(noOwner.status).toBe(403);
  });

  it('answers a forgotten-password request alike for known and unknown emails', async () => {
    const before = await count('password_resets');
    const known = await env.server.request('POST', '/api/auth/password-reset/request', { as: 'anonymous', body: { email: 'asha@samooh.test' } });
    const unknown = await env.server.request('POST', '/api/auth/password-reset/request', { as: 'anonymous', body: { email: 'ghost@samooh.test' } });
    expect([known.status, known.body]).toEqual([202, { accepted: true }]);
    expect([unknown.status, unknown.body]).toEqual([202, { accepted: true }]);
    expect(await count('password_resets')).toBe(before + 1);
  });

  it('links distributor and customer accounts to a member of the right kind, one account per member', async () => {
    const distributor = await env.server.request('POST', '/api/members', { body: { name: 'Linked Lata', type: 'distributor', sponsor: 'SM1' } });
    const customer = await env.server.request('POST', '/api/members', { body: { name: 'Linked Kiran', type: 'retail', sponsor: distributor.body.code } });
    const wrongKind = await env.server.request('POST', '/api/users', { body: { email: 'kiran@samooh.test', roles: ['distributor'], member: customer.body.code, password: PASSWORD } });
    expect([wrongKind.status, wrongKind.body.error.code]).toEqual([422, 'USER_ROLES_INVALID']);
    const mixed = await env.server.request('POST', '/api/users', { body: { email: 'lata@samooh.test', roles: ['distributor', 'admin'], member: distributor.body.code, password: PASSWORD } });
    expect(mixed.status).toBe(422);
    const noMember = await env.server.request('POST', '/api/users', { body: { email: 'lata@samooh.test', roles: ['customer'], password: PASSWORD } });
    expect(noMember.status).toBe(422);
    const ok = await env.server.request('POST', '/api/users', { body: { email: 'lata@samooh.test', roles: ['distributor'], member: distributor.body.code, password: PASSWORD } });
    expect(ok.body.user).toMatchObject({ roles: ['distributor'], memberId: distributor.body.id });
    const twice = await env.server.request('POST', '/api/users', { body: { email: 'lata2@samooh.test', roles: ['distributor'], member: distributor.body.code, password: PASSWORD } });
    expect(twice.status).toBe(422);
    const taken = await env.server.request('POST', '/api/users', { body: { email: 'LATA@samooh.test', roles: ['support'], password: PASSWORD } });
    expect([taken.status, taken.body.error.code]).toEqual([409, 'EMAIL_TAKEN']);
  });

  it('disabling an account ends its sessions and refuses its sign-in', async () => {
    const { user } = await createUser(env.database.ctx, { email: 'leaver@samooh.test', roles: ['support'], password: PASSWORD });
    const session = await env.server.signIn('leaver@samooh.test', PASSWORD);
    const disabled = await env.server.request('PATCH', `/api/users/${user.id}`, { body: { disabled: true } });
    expect(disabled.body).toMatchObject({ disabled: true });
    expect((await env.server.request('GET', '/api/auth/me', { as: session })).status).toBe(401);
    await expect(env.server.signIn('leaver@samooh.test', PASSWORD)).rejects.toThrow(/401/);
    const users = await env.server.request('GET', '/api/users');
    expect(JSON.stringify(users.body)).not.toMatch(/password|scrypt/);
  });
});

describe('integration tokens', () => {
  it('are shown once, stored as a hash, scoped, exempt from CSRF, and stop at once when revoked', async () => {
    const created = await env.server.request('POST', '/api/tokens', { body: { name: 'Storefront', scopes: ['orders:write'] } });
    expect(created.status).toBe(201);
    const { token, apiToken } = created.body;
    expect(token).toMatch(/^smh_t_/);
    expect(apiToken).toMatchObject({ name: 'Storefront', scopes: ['orders:write'], prefix: token.slice(0, 10), revokedAt: null });
    const listed = await env.server.request('GET', '/api/tokens');
    expect(listed.text).not.toContain(token);
    const row = await env.database.handle.db.selectFrom('api_tokens').selectAll().where('id', '=', apiToken.id).executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(secretHash(token));

    const storefront = { bearer: token };
    const buyer = await env.server.request('POST', '/api/members', { body: { name: 'Shop Buyer', type: 'retail', sponsor: 'SM1' } });
    const order = await env.server.request('POST', '/api/orders', { as: storefront, body: { buyer: buyer.body.code, items: [{ product: 'TULSI-60', quantity: 1 }] } });
    expect(order.status).toBe(201);
    expect((await env.server.request('GET', `/api/orders/${order.body.number}`, { as: storefront })).status).toBe(200);
    const members = await env.server.request('GET', '/api/members/SM1', { as: storefront });
    expect([members.status, members.body.error.code]).toEqual([403, 'FORBIDDEN']);
    expect((await env.server.request('GET', '/api/auth/me', { as: storefront })).status).toBe(403);

    expect((await env.server.request('POST', `/api/tokens/${apiToken.id}/revoke`)).body.revokedAt).not.toBeNull();
    const revoked = await env.server.request('POST', '/api/orders', { as: storefront, body: { buyer: buyer.body.code, items: [{ product: 'TULSI-60', quantity: 1 }] } });
    expect([revoked.status, revoked.body.error.code]).toEqual([401, 'TOKEN_INVALID']);
    expect((await env.server.request('GET', '/api/products', { as: { bearer: 'smh_t_made-up' } })).status).toBe(401);
    expect((await env.server.request('GET', '/api/products', { as: 'anonymous', headers: { authorization: 'Basic b3duZXI6cHc=' } })).status).toBe(401);
  });

  it('cannot be given account or period powers', async () => {
    const refused = await env.server.request('POST', '/api/tokens', { body: { name: 'Too much', scopes: ['users:manage'] } });
    expect([refused.status, refused.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
  });
});

describe('sign-in throttling', () => {
  let database: TestDatabase;
  let first: TestServer;
  let second: TestServer;
  const throttle = { perAccount: 3, perAddress: 6, windowSeconds: 600 };

  beforeAll(async () => {
    database = await createTestDatabase();
    await smallCompany(database.ctx);
    const auth = { session: { ttlHours: 1, idleMinutes: 30, throttle } };
    // Two server processes on one database: they share the failure counts.
    first = await startServer(database.handle, { auth });
    second = await startServer(database.handle, { auth });
    for (const name of ['tara', 'uma', 'vijay', 'wasim']) await createUser(database.ctx, { email: `${name}@samooh.test`, roles: ['support'], password: PASSWORD });
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
    await database?.drop();
  });

  const attempt = (server: TestServer, email: string, password: string) => server.request('POST', '/api/auth/sign-in', { as: 'anonymous', body: { email, password } });

  it('locks an account after repeated failures, on every server, even for the right password', async () => {
    await attempt(first, 'tara@samooh.test', 'wrong-password-1');
    await attempt(second, 'tara@samooh.test', 'wrong-password-2');
    const third = await attempt(first, 'tara@samooh.test', 'wrong-password-3');
    expect(third.body.error.code).toBe('SIGN_IN_FAILED');
    const locked = await attempt(second, 'tara@samooh.test', PASSWORD);
    expect([locked.status, locked.body.error.code]).toEqual([429, 'SIGN_IN_THROTTLED']);
    expect(locked.body.error.message).toMatch(/Try again in \d+ seconds/);
    // Another account from the same address still signs in.
    expect((await attempt(first, 'uma@samooh.test', PASSWORD)).status).toBe(200);
    // When the lock has passed, the right password works again and clears the count.
    await database.handle.db.updateTable('sign_in_failures').set({ locked_until: new Date(Date.now() - 1000), window_start: new Date(Date.now() - 3_600_000) }).execute();
    expect((await attempt(first, 'tara@samooh.test', PASSWORD)).status).toBe(200);
  });

  it('locks an address that tries many accounts', async () => {
    await database.handle.db.deleteFrom('sign_in_failures').execute();
    for (const name of ['uma', 'vijay', 'wasim', 'uma', 'vijay', 'x1']) await attempt(first, `${name}@samooh.test`, 'wrong-password');
    const locked = await attempt(second, 'wasim@samooh.test', PASSWORD);
    expect([locked.status, locked.body.error.code]).toEqual([429, 'SIGN_IN_THROTTLED']);
  });
});
