import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { signIn } from '../../src/services/auth/sessions.ts';
import { createOwner } from '../../src/services/auth/users.ts';
import type { RequestContext } from '../../src/services/context.ts';
// Types only: this module is also used outside the test runner (bench/http.ts).
import type { Credentials } from './http-client.ts';

/** Creates the test owner in a database a server process will use, and signs them in: sessions live in the database. */
export async function signedInOwner(ctx: RequestContext, owner: { email: string; password: string }): Promise<Credentials> {
  await createOwner(ctx, owner);
  const session = await signIn(ctx, { ...owner, address: 'fault-test' });
  return { cookie: `samooh_session=${session.secret}`, csrfToken: session.csrfToken };
}

const BIN = new URL('../../bin/samooh.js', import.meta.url).pathname;

/** A free loopback port (the operating system picks one, then it is released for the server). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  baseUrl: string;
  port: number;
  /** Resolves with the exit code (null when killed by a signal) once the process is gone. */
  exited: Promise<number | null>;
  /** What the server wrote to stdout and stderr so far (for failure messages). */
  output(): string;
  /** Sends a signal and waits for the process to end. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Starts `samooh serve` as its own process on a free port against DATABASE_URL and waits
 * until /api/health answers. Rate limits are lifted and the full projection refresh is off
 * (a load test would otherwise measure the limiter); everything else is as in production.
 */
export async function startServerProcess(databaseUrl: string, options: { port?: number; env?: NodeJS.ProcessEnv; timeoutMs?: number; nodeArgs?: string[] } = {}): Promise<ServerProcess> {
  const port = options.port ?? (await freePort());
  const child: ChildProcess = spawn(process.execPath, [...(options.nodeArgs ?? []), BIN, 'serve', '--port', String(port), '--host', '127.0.0.1'], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: 'warn',
      SAMOOH_PROJECTION_REFRESH_MINUTES: '0',
      SAMOOH_RATE_WRITES: '100000000',
      SAMOOH_RATE_READS: '100000000',
      SAMOOH_RATE_SEARCHES: '100000000',
      SAMOOH_WEB_DIR: '/nonexistent',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let gone = false;
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => {
    gone = true;
    resolve(code);
  }));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.timeoutMs ?? 300_000);
  for (;;) {
    if (gone) throw new Error(`samooh serve exited before it was ready:\n${log}`);
    try {
      const response = await fetch(`${baseUrl}/api/health`);
      if (response.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`samooh serve was not ready in time:\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    baseUrl,
    port,
    exited,
    output: () => log,
    async kill(signal = 'SIGKILL') {
      if (!gone) child.kill(signal);
      await exited;
    },
  };
}

export interface FetchResult {
  status: number;
  body: any;
}

/** One JSON request to a server process with the given credentials; a network failure throws. */
export async function callJson(baseUrl: string, as: Credentials, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<FetchResult> {
  const response = await fetch(baseUrl + path, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...('bearer' in as ? { authorization: `Bearer ${as.bearer}` } : { cookie: as.cookie, 'x-csrf-token': as.csrfToken }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: kept as text
  }
  return { status: response.status, body: parsed };
}
