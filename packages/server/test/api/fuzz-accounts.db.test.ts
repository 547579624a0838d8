import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ApiResponse, useApiServer } from '../support/http-client.ts';

const env = useApiServer({ auth: { session: { ttlHours: 1, idleMinutes: 60, throttle: { perAccount: 1_000_000, perAddress: 1_000_000, windowSeconds: 60 } } } });

/** Hostile strings: SQL and HTML fragments, unicode, control characters, very long ones. */
const hostile = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.constantFrom("' OR 1=1 --", "x'); DROP TABLE users; --", '<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', 'owner@samooh.test', '../../etc/passwd', '\u202e\u200b', 'ऑनर@उदाहरण.भारत', '%00', '${7*7}'),
  fc.integer({ min: 1, max: 20_000 }).map((n) => 'a'.repeat(n)),
);
const hugeNumber = fc.oneof(fc.double(), fc.constantFrom(1e308, -1e308, 2 ** 53 + 1, -0), fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }).map(Number));
const field = fc.oneof(hostile, hugeNumber, fc.boolean(), fc.constant(null), fc.array(hostile, { maxLength: 3 }), fc.jsonValue({ maxDepth: 4 }));
/** Nesting far deeper than any body Samooh takes. */
const deep = fc.integer({ min: 50, max: 20_000 }).map((depth) => ({ raw: '{"a":'.repeat(depth) + '1' + '}'.repeat(depth) }));

const ROUTES: { method: string; path: string; shape: string[] }[] = [
  { method: 'POST', path: '/api/auth/sign-in', shape: ['email', 'password'] },
  { method: 'POST', path: '/api/auth/password', shape: ['currentPassword', 'newPassword'] },
  { method: 'POST', path: '/api/auth/password-reset', shape: ['token', 'password'] },
  { method: 'POST', path: '/api/auth/password-reset/request', shape: ['email'] },
  { method: 'POST', path: '/api/users', shape: ['email', 'name', 'roles', 'member', 'language', 'password'] },
  { method: 'PATCH', path: '/api/users/1', shape: ['disabled'] },
  { method: 'POST', path: '/api/users/1/password-reset', shape: [] },
  { method: 'POST', path: '/api/tokens', shape: ['name', 'scopes', 'expiresInDays'] },
  { method: 'POST', path: '/api/tokens/1/revoke', shape: [] },
];

/** A request body: a value to send as JSON, or raw text (nesting too deep to build as an object). */
const body = (shape: string[]): fc.Arbitrary<{ body?: unknown; raw?: string }> =>
  fc.oneof(
    fc.jsonValue({ maxDepth: 3 }).map((value) => ({ body: value })),
    deep,
    fc.record(Object.fromEntries(shape.map((key) => [key, field])), { requiredKeys: [] }).map((value) => ({ body: value })),
  );

async function writes(): Promise<string> {
  const tables = ['users', 'sessions', 'api_tokens', 'password_resets', 'audit_log', 'sign_in_failures'] as const;
  const counts: string[] = [];
  for (const table of tables) counts.push(String((await env.database.handle.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n));
  return counts.join(',');
}

function expectCodedRefusal(response: ApiResponse, label: string) {
  expect(response.status, `${label}: ${response.text.slice(0, 300)}`).toBeLessThan(500);
  if (response.status >= 400) expect(response.body.error.code, label).toMatch(/^[A-Z_]+$/);
  expect(response.text, label).not.toMatch(/\bat .+\.(ts|js):\d+|SELECT |INSERT |node_modules|scrypt\$/);
}

describe('account routes under hostile input', () => {
  it('never answer 500, refuse with a code, and write nothing when they refuse', { timeout: 300_000 }, async () => {
    const tally = new Map<number, number>();
    let tried = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ROUTES), fc.constantFrom('owner', 'anonymous'), fc.nat(), async (route, who, seed) => {
        const [value] = fc.sample(body(route.shape), { numRuns: 1, seed });
        const before = await writes();
        const response = await env.server.request(route.method, route.path, { ...value, ...(who === 'anonymous' ? { as: 'anonymous' as const } : {}) });
        tried++;
        tally.set(response.status, (tally.get(response.status) ?? 0) + 1);
        const label = `${who} ${route.method} ${route.path} ${(value!.raw ?? JSON.stringify(value!.body) ?? '').slice(0, 200)}`;
        expectCodedRefusal(response, label);
        // A refusal writes nothing, apart from the failure count of a refused sign-in.
        if (response.status >= 400 && !(route.path === '/api/auth/sign-in' && response.status === 401)) expect(await writes(), label).toBe(before);
      }),
      { numRuns: 600, seed: 20261128 },
    );
    const statuses = [...tally.entries()].sort(([a], [b]) => a - b).map(([status, n]) => `${status}×${n}`).join(' ');
    console.log(`account route fuzzing: ${tried} hostile requests over ${ROUTES.length} routes: ${statuses}`);
    expect(tried).toBe(600);
  });
});
