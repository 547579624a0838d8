import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { precompress } from '../../../web/scripts/precompress.mjs';
import { startServer, type TestServer } from '../support/http-client.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

/** The server serving a built web app: files, the app's page for its routes, the API's 404 for the rest. */
let database: TestDatabase;
let server: TestServer;
let root: string;
const SCRIPT = Array.from({ length: 400 }, (_, i) => `export const figure${i} = ${i * 7};`).join('\n');
const PAGE = '<!doctype html><html><head><script type="module" src="/assets/index-abc123.js"></script></head><body><div id="root"></div></body></html>';

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'samooh-web-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), PAGE);
  writeFileSync(join(root, 'assets', 'index-abc123.js'), 'console.log("samooh")');
  writeFileSync(join(root, 'assets', 'app-def456.js'), SCRIPT);
  precompress(root);
  database = await createTestDatabase();
  server = await startServer(database.handle, { webRoot: root });
});
afterAll(async () => {
  await server?.close();
  await database?.drop();
  rmSync(root, { recursive: true, force: true });
});

describe('the built web app', () => {
  it('serves the page at / and at every app route, never cached, under a CSP without inline script', async () => {
    for (const path of ['/', '/wallet', '/team', '/s/SM100042', '/sign-in?next=%2Fwallet']) {
      const page = await server.request('GET', path, { as: 'anonymous' });
      expect(page.status, path).toBe(200);
      expect(page.headers.get('content-type')).toContain('text/html');
      expect(page.text).toBe(PAGE);
      expect(page.headers.get('cache-control')).toBe('no-cache');
      const csp = page.headers.get('content-security-policy')!;
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain("script-src 'self' 'unsafe-inline'");
      expect(csp).toContain("frame-ancestors 'none'");
    }
  });

  it('serves built files with a long cache, and a missing file as a 404', async () => {
    const script = await server.request('GET', '/assets/index-abc123.js', { as: 'anonymous' });
    expect(script.status).toBe(200);
    expect(script.headers.get('cache-control')).toContain('immutable');
    expect((await server.request('GET', '/assets/missing-123.js', { as: 'anonymous' })).status).toBe(404);
  });

  it('sends the Brotli or gzip copy made at build time to a browser that accepts it, and the file itself otherwise', async () => {
    expect(existsSync(join(root, 'assets', 'app-def456.js.br'))).toBe(true);
    expect(existsSync(join(root, 'assets', 'index-abc123.js.br'))).toBe(false); // too small to gain
    const brotli = await server.request('GET', '/assets/app-def456.js', { as: 'anonymous', headers: { 'accept-encoding': 'br, gzip' } });
    expect(brotli.status).toBe(200);
    expect(brotli.headers.get('content-encoding')).toBe('br');
    expect(brotli.headers.get('content-type')).toContain('javascript');
    expect(brotli.headers.get('vary')).toMatch(/accept-encoding/i);
    expect(brotli.headers.get('cache-control')).toContain('immutable');
    expect(brotli.text).toBe(SCRIPT);
    const gzip = await server.request('GET', '/assets/app-def456.js', { as: 'anonymous', headers: { 'accept-encoding': 'gzip' } });
    expect(gzip.headers.get('content-encoding')).toBe('gzip');
    expect(gzip.text).toBe(SCRIPT);
    const plain = await server.request('GET', '/assets/app-def456.js', { as: 'anonymous', headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(plain.text).toBe(readFileSync(join(root, 'assets', 'app-def456.js'), 'utf8'));
  });

  it('keeps the API its own: an unknown API path is the coded JSON 404, and API routes still need a caller', async () => {
    const unknown = await server.request('GET', '/api/no-such-route', { as: 'anonymous' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('ROUTE_NOT_FOUND');
    expect((await server.request('GET', '/api/members', { as: 'anonymous' })).status).toBe(401);
    const post = await server.request('POST', '/wallet', { as: 'anonymous', body: {} });
    expect(post.status).toBe(404);
    expect(post.body.error.code).toBe('ROUTE_NOT_FOUND');
  });

  it('looks a session up for the API only: files and the app\'s page are the same for everyone', async () => {
    // A cookie of no session: the API looks it up, finds nothing and clears it; a file or the page leaves it alone.
    const cookie = { cookie: 'samooh_session=no-such-session' };
    const api = await server.request('GET', '/api/health', { as: 'anonymous', headers: cookie });
    expect(api.headers.get('set-cookie')).toMatch(/^samooh_session=;/);
    for (const path of ['/', '/wallet', '/assets/index-abc123.js']) {
      const file = await server.request('GET', path, { as: 'anonymous', headers: cookie });
      expect(file.status, path).toBe(200);
      expect(file.headers.get('set-cookie'), path).toBeNull();
    }
  });
});
