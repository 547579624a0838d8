import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/services/auth/users.ts';
import { REDACTED_PATHS, serializeError } from '../../src/logger.ts';
import { smallCompany } from '../support/fixtures.ts';
import { startServer, TEST_OWNER, useApiServer, type TestServer } from '../support/http-client.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const env = useApiServer();

describe('security headers', () => {
  it('forbid framing and sniffing, send no referrer, and allow only Samooh’s own scripts', async () => {
    const response = await env.server.request('GET', '/api/health');
    const csp = response.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('x-powered-by')).toBeNull();
  });

  it('keep the API reference working: its page loads only scripts from Samooh itself', async () => {
    const page = await env.server.request('GET', '/api/docs/', { as: 'anonymous' });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const scripts = [...page.text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, inline] of scripts) {
      expect(inline!.trim(), 'no inline script').toBe('');
      const src = /src="([^"]+)"/.exec(attributes!)![1]!;
      expect(src.startsWith('./') || src.startsWith('/api/docs')).toBe(true);
      const script = await env.server.request('GET', new URL(src, `${env.server.baseUrl}/api/docs/`).pathname, { as: 'anonymous' });
      expect(script.status, src).toBe(200);
    }
  });
});

describe('rate limits', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer(env.database.handle, { rateLimit: { writesPerMinute: 3, searchesPerMinute: 2, readsPerMinute: 50 } });
  });
  afterAll(async () => server?.close());

  it('refuse writes and searches past the limit with a coded 429, per caller', async () => {
    const writes = [];
    for (let i = 0; i < 4; i++) writes.push(await server.request('POST', '/api/members', { body: { name: `Limited ${i}`, type: 'retail', sponsor: 'SM1' } }));
    expect(writes.map((response) => response.status)).toEqual([201, 201, 201, 429]);
    expect(writes[3]!.body.error.code).toBe('RATE_LIMITED');
    const hindi = await server.request('PATCH', '/api/members/SM1', { headers: { 'accept-language': 'hi' }, body: { language: 'en' } });
    expect(hindi.body.error.message).toMatch(/बहुत अधिक अनुरोध/);
    expect(hindi.headers.get('retry-after')).toMatch(/^\d+$/);

    const searches = [];
    for (let i = 0; i < 3; i++) searches.push((await server.request('GET', '/api/members?q=Limited')).status);
    expect(searches).toEqual([200, 200, 429]);
    // Other reads have their own, larger allowance; another account its own budget.
    expect((await server.request('GET', '/api/members/SM1')).status).toBe(200);
    await createUser(env.database.ctx, { email: 'second-admin@samooh.test', roles: ['admin'], password: 'quiet-river-stone-7' });
    const other = await server.signIn('second-admin@samooh.test', 'quiet-river-stone-7');
    expect((await server.request('POST', '/api/members', { as: other, body: { name: 'Other caller', type: 'retail', sponsor: 'SM1' } })).status).toBe(201);
  });
});

describe('failures and secrets', () => {
  let database: TestDatabase;
  let server: TestServer;
  const lines: string[] = [];
  beforeAll(async () => {
    database = await createTestDatabase();
    await smallCompany(database.ctx);
    const sink = new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) });
    const logger = pino({ level: 'debug', serializers: { err: serializeError }, redact: { paths: REDACTED_PATHS, censor: '[masked]' } }, sink);
    server = await startServer(database.handle, { logger });
  });
  afterAll(async () => {
    await server?.close();
    await database?.drop();
  });

  it('answer an internal failure with a reference, never a stack trace or SQL', async () => {
    await database.handle.exec('ALTER TABLE product_prices RENAME TO product_prices_gone');
    try {
      const response = await server.request('GET', '/api/products');
      expect(response.status).toBe(500);
      expect(response.body.error).toMatchObject({ code: 'INTERNAL', message: expect.stringContaining(response.body.error.message.match(/[0-9a-f-]{36}/)?.[0] ?? 'no reference') });
      expect(response.text).not.toMatch(/product_prices|SELECT|relation|at \w+ \(|\.ts:\d+/);
    } finally {
      await database.handle.exec('ALTER TABLE product_prices_gone RENAME TO product_prices');
    }
  });

  it('keep PAN, bank account, passwords and session secrets out of the logs and the audit trail', async () => {
    const pan = 'QWERT6789Z';
    const bank = '112233445566';
    const enrolled = await server.request('POST', '/api/members', { body: { name: 'Kyc Kamala', type: 'distributor', sponsor: 'SM1', pan, bankAccount: bank } });
    expect(enrolled.status).toBe(201);
    await server.request('PATCH', `/api/members/${enrolled.body.code}`, { body: { pan: 'ZXCVB1234Q', bankAccount: '998877665544' } });
    // A database refusal carrying the KYC numbers in its parameters.
    await server.request('POST', '/api/members', { body: { name: 'x\u0000', type: 'retail', sponsor: 'SM1', pan } });
    await server.request('POST', '/api/auth/sign-in', { as: 'anonymous', body: { email: TEST_OWNER.email, password: TEST_OWNER.password } });
    const logs = lines.join('');
    expect(logs.length).toBeGreaterThan(0);
    for (const secret of [pan, bank, 'ZXCVB1234Q', '998877665544', TEST_OWNER.password, (server.owner as { cookie: string }).cookie.split('=')[1]!]) {
      expect(logs).not.toContain(secret);
    }
    const audit = await database.handle.db.selectFrom('audit_log').select(['before', 'after']).where('entity', '=', 'member').execute();
    const trail = JSON.stringify(audit);
    expect(trail).toContain('••••');
    for (const secret of [pan, bank, 'ZXCVB1234Q', '998877665544']) expect(trail).not.toContain(secret);
  });
});
