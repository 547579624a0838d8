import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadMigrations } from '../../src/db/migrate.ts';
import { type ApiResponse, useApiServer } from '../support/http-client.ts';

const env = useApiServer({ bodyLimit: 64 * 1024 });

/** Every refusal is a coded JSON error, never a 500, a stack trace or SQL. */
function expectCleanRefusal(response: ApiResponse) {
  expect(response.status, response.text).toBeLessThan(500);
  if (response.status >= 400) {
    expect(response.body.error.code).toMatch(/^[A-Z_]+$/);
    expect(response.body.error.message).toBeTypeOf('string');
  }
  expect(response.text).not.toMatch(/\bat .+\.(ts|js):\d+|SELECT |INSERT |node_modules/);
}

const ROUTES: [string, string][] = [
  ['POST', '/api/members'],
  ['PATCH', '/api/members/SM1'],
  ['POST', '/api/products'],
  ['PATCH', '/api/products/TULSI-60'],
  ['POST', '/api/orders'],
  ['POST', '/api/orders/1/refunds'],
  // Tree changes and period moves on records where any valid body is refused anyway (the root, an unknown period).
  ['POST', '/api/members/SM1/placement'],
  ['POST', '/api/members/SM1/terminate'],
  ['POST', '/api/members/SM1/reactivate'],
  ['POST', '/api/periods/999999/close'],
  ['POST', '/api/periods/999999/reopen'],
];

const anyRef = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(String),
  fc.constantFrom('SM1', '0', '-1', '1e9', '%00', '..', 'ठीक'),
);

describe('hostile input', () => {
  it('random JSON bodies on every write route are refused cleanly', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ROUTES), fc.jsonValue({ maxDepth: 3 }), async ([method, path], body) => {
        expectCleanRefusal(await env.server.request(method, path, { body }));
      }),
      { numRuns: 150, seed: 20261127 },
    );
  });

  it('near-valid bodies with wrong types in one field are refused cleanly', async () => {
    const valid = { name: 'Z', type: 'distributor', sponsor: 'SM1', placement: { parent: 'SM1', slot: 'L' } };
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...Object.keys(valid)), fc.jsonValue({ maxDepth: 2 }), async (field, value) => {
        expectCleanRefusal(await env.server.request('POST', '/api/members', { body: { ...valid, [field]: value } }));
      }),
      { numRuns: 80, seed: 7 },
    );
  });

  it('any path reference or query value is refused cleanly', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/api/members/', '/api/products/', '/api/orders/'),
        anyRef,
        fc.constantFrom('', '/frontline', '/upline', '?tree=placement', '/downline', '/downline/SM1', '/downline?maxLevels=0'),
        async (prefix, ref, suffix) => {
          const path = prefix + encodeURIComponent(ref) + (prefix === '/api/members/' ? suffix : '');
          expectCleanRefusal(await env.server.request('GET', path));
        },
      ),
      { numRuns: 120, seed: 11 },
    );
    for (const query of ['limit=-1', 'limit=abc', 'offset=99999999999999999999', 'period=1e400', 'q=' + 'x'.repeat(500), 'type[]=a']) {
      expectCleanRefusal(await env.server.request('GET', `/api/members?${query}`));
      expectCleanRefusal(await env.server.request('GET', `/api/orders?${query}`));
    }
  });

  it('a NUL character anywhere is refused as bad input, and nothing of the request reaches the log', async () => {
    for (const [method, path, body] of [
      ['POST', '/api/members', { name: 'Leaky\u0000', type: 'retail', sponsor: 'SM1', pan: 'ABCDE1234F' }],
      ['GET', '/api/members?q=%00', undefined],
      ['GET', '/api/members/SM1/downline?q=a%00', undefined],
      ['POST', '/api/orders', { buyer: 'SM1\u0000', items: [{ product: 'TULSI-60', quantity: 1 }] }],
    ] as const) {
      const response = await env.server.request(method, path, body === undefined ? {} : { body });
      expect([response.status, response.body.error.code], path).toEqual([400, 'VALIDATION_FAILED']);
    }
  });

  it('money and volumes too large to stay exact are refused up front', async () => {
    const price = await env.server.request('POST', '/api/products', {
      body: { sku: 'HUGE-1', name: { en: 'Huge', hi: 'बड़ा' }, qv: 1, cv: 1, prices: [{ currency: 'INR', retailPrice: 2 ** 52, distributorPrice: 1 }] },
    });
    expect(price.body.error.details.map((d: { path: string }) => d.path)).toEqual(['body.prices[0].retailPrice']);
    const volume = await env.server.request('POST', '/api/products', {
      body: { sku: 'HUGE-2', name: { en: 'Huge', hi: 'बड़ा' }, qv: 9_999_999_999, cv: 1, prices: [{ currency: 'INR', retailPrice: 1, distributorPrice: 1 }] },
    });
    expect(volume.body.error.details.map((d: { path: string }) => d.path)).toEqual(['body.qv']);
  });

  it('malformed JSON, wrong media type, oversized bodies and unknown routes get coded errors', async () => {
    const broken = await env.server.request('POST', '/api/members', { raw: '{"name": ' });
    expect([broken.status, broken.body.error.code]).toEqual([400, 'INVALID_JSON']);
    const text = await env.server.request('POST', '/api/members', { headers: { 'content-type': 'text/plain' }, raw: 'hi' });
    expect([text.status, text.body.error.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    const huge = await env.server.request('POST', '/api/members', { body: { name: 'x'.repeat(100 * 1024) } });
    expect([huge.status, huge.body.error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    const missing = await env.server.request('DELETE', '/api/members/SM1');
    expect([missing.status, missing.body.error.code]).toEqual([404, 'ROUTE_NOT_FOUND']);
    // The router's own refusals come in the one error shape too, without echoing the address.
    const long = await env.server.request('GET', `/api/members/${'x'.repeat(400)}`);
    expect([long.status, long.body.error.code]).toEqual([414, 'REFERENCE_TOO_LONG']);
    expect(long.text).not.toContain('xxxxxxxxxx');
    const badUrl = await env.server.request('GET', '/api/members/%E0%A4%A');
    expect([badUrl.status, badUrl.body.error.code]).toEqual([400, 'URL_INVALID']);
  });
});

describe('the API description', () => {
  it('serves an OpenAPI 3.1 document generated from the validation schemas', async () => {
    const response = await env.server.request('GET', '/api/openapi.json');
    expect(response.status).toBe(200);
    expect(response.body.openapi).toBe('3.1.0');
    const paths = Object.keys(response.body.paths);
    expect(paths).toEqual(
      expect.arrayContaining(['/api/health', '/api/members', '/api/members/{ref}', '/api/members/{ref}/frontline', '/api/members/{ref}/upline', '/api/products', '/api/products/{ref}', '/api/products/{ref}/deactivate', '/api/orders', '/api/orders/{ref}', '/api/orders/{ref}/refunds', '/api/periods']),
    );
    const enroll = response.body.paths['/api/members'].post;
    expect(JSON.stringify(enroll.requestBody)).toContain('sponsor');
    expect(Object.keys(enroll.responses)).toEqual(expect.arrayContaining(['201', '400', '409', '422']));
    const orderParams = response.body.paths['/api/orders'].post.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`);
    expect(orderParams).toContain('header:idempotency-key');
  });

  it('serves the interactive reference and the health check', async () => {
    const docs = await fetch(`${env.server.baseUrl}/api/docs/`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger');
    const health = await env.server.request('GET', '/api/health');
    expect(health.body).toMatchObject({ status: 'ok', migrations: loadMigrations().length });
  });
});
