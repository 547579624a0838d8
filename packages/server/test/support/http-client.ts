import type { AddressInfo } from 'node:net';
import { buildApp, type AppOptions } from '../../src/http/app.ts';
import { signIn } from '../../src/services/auth/sessions.ts';
import { createOwner } from '../../src/services/auth/users.ts';
import type { DatabaseHandle } from '../../src/db/connection.ts';
import { afterAll, beforeAll } from 'vitest';
import { smallCompany } from './fixtures.ts';
import { createTestDatabase, silentLogger, systemContext, type TestDatabase } from './test-database.ts';

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/** How a test request signs in: a session cookie with its CSRF token, or an API token. */
export type Credentials = { cookie: string; csrfToken: string } | { bearer: string };

export interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  raw?: string;
  /** Whose credentials to send: the test owner's by default; 'anonymous' for none. */
  as?: Credentials | 'anonymous';
}

export interface TestServer {
  baseUrl: string;
  /** The credentials requests carry by default: a signed-in owner's session. */
  owner: Credentials;
  request<T = any>(method: string, path: string, options?: RequestOptions): Promise<ApiResponse<T>>;
  /** Signs in over HTTP and returns the session's credentials. */
  signIn(email: string, password: string): Promise<Credentials>;
  close(): Promise<void>;
}

export const TEST_OWNER = { email: 'owner@samooh.test', password: 'correct-horse-battery-9' };

export function credentialHeaders(as: Credentials | 'anonymous'): Record<string, string> {
  if (as === 'anonymous') return {};
  if ('bearer' in as) return { authorization: `Bearer ${as.bearer}` };
  return { cookie: as.cookie, 'x-csrf-token': as.csrfToken };
}

/**
 * Starts Samooh's HTTP server on a free loopback port: the tests speak real
 * HTTP to it, signed in as an owner (TEST_OWNER) unless a request says otherwise.
 */
export async function startServer(database: DatabaseHandle, options: Omit<AppOptions, 'database' | 'logger'> & { logger?: AppOptions['logger'] } = {}): Promise<TestServer> {
  const app = await buildApp({ database, logger: silentLogger, rateLimit: false, ...options });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const ctx = systemContext(database);
  const existing = await ctx.db.selectFrom('users').select('id').where('email', '=', TEST_OWNER.email).executeTakeFirst();
  if (!existing) await createOwner(ctx, TEST_OWNER);
  const session = await signIn(ctx, { ...TEST_OWNER, address: 'test-support' });
  const owner: Credentials = { cookie: `samooh_session=${session.secret}`, csrfToken: session.csrfToken };
  return {
    baseUrl,
    owner,
    async signIn(email, password) {
      const response = await fetch(`${baseUrl}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
      const body = (await response.json()) as { csrfToken: string };
      if (response.status !== 200) throw new Error(`sign-in of ${email} failed: ${response.status} ${JSON.stringify(body)}`);
      const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0]!;
      return { cookie, csrfToken: body.csrfToken };
    },
    async request(method, path, { body, headers = {}, raw, as = owner } = {}) {
      const hasBody = body !== undefined || raw !== undefined;
      const response = await fetch(baseUrl + path, {
        method,
        headers: { ...(hasBody ? { 'content-type': 'application/json' } : {}), ...credentialHeaders(as), ...headers },
        body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      return { status: response.status, headers: response.headers, body: parsed as any, text };
    },
    close: () => app.close(),
  };
}

/**
 * The usual set-up of an API test file: a fresh database with the small test
 * company and a server on a loopback port, torn down after the file.
 */
export function useApiServer(options: Omit<AppOptions, 'database' | 'logger'> = {}) {
  const env = {} as { database: TestDatabase; server: TestServer };
  beforeAll(async () => {
    env.database = await createTestDatabase();
    await smallCompany(env.database.ctx);
    env.server = await startServer(env.database.handle, options);
  });
  afterAll(async () => {
    await env.server?.close();
    await env.database?.drop();
  });
  return env;
}
