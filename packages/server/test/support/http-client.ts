import type { AddressInfo } from 'node:net';
import { buildApp } from '../../src/http/app.ts';
import type { DatabaseHandle } from '../../src/db/connection.ts';
import { afterAll, beforeAll } from 'vitest';
import { smallCompany } from './fixtures.ts';
import { createTestDatabase, silentLogger, type TestDatabase } from './test-database.ts';

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface TestServer {
  baseUrl: string;
  request<T = any>(method: string, path: string, options?: { body?: unknown; headers?: Record<string, string>; raw?: string }): Promise<ApiResponse<T>>;
  close(): Promise<void>;
}

/** Starts Samooh's HTTP server on a free loopback port: the tests speak real HTTP to it. */
export async function startServer(database: DatabaseHandle, options: { bodyLimit?: number } = {}): Promise<TestServer> {
  const app = await buildApp({ database, logger: silentLogger, ...options });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    baseUrl,
    async request(method, path, { body, headers = {}, raw } = {}) {
      const hasBody = body !== undefined || raw !== undefined;
      const response = await fetch(baseUrl + path, {
        method,
        headers: { ...(hasBody ? { 'content-type': 'application/json' } : {}), ...headers },
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
export function useApiServer(options: { bodyLimit?: number } = {}) {
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
