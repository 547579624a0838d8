import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type DatabaseHandle } from '../../src/db/connection.ts';
import { migrate } from '../../src/db/migrate.ts';
import { enrollMember } from '../../src/services/members/enroll-member.ts';
import { smallCompany } from '../support/fixtures.ts';
import { TEST_OWNER, type Credentials } from '../support/http-client.ts';
import { postgresBinaries, startPrivatePostgres, type PrivatePostgres } from '../support/private-postgres.ts';
import { callJson, signedInOwner, startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { systemContext, TEST_DB } from '../support/test-database.ts';

const bin = postgresBinaries();
if (TEST_DB === 'postgres' && !bin) {
  if (process.env.CI) throw new Error('PostgreSQL server binaries (initdb, pg_ctl) are required in CI for the restart test: apt-get install -y postgresql');
  console.warn('!! skipping "PostgreSQL restarted under load": no initdb/pg_ctl under /usr/lib/postgresql (or SAMOOH_PG_BIN); install Debian\'s postgresql package to run it');
}

const CLIENTS = 16;

interface Outcome {
  at: number;
  status: number | 'network';
  code?: string;
}

/**
 * A private PostgreSQL cluster (never the shared one) is stopped and started again while a
 * real `samooh serve` process takes orders and reads. The server must stay up, answer
 * requests that meet the outage with a coded 503 DATABASE_UNAVAILABLE (never a 500, never
 * a dropped connection), reconnect by itself, and take orders again; orders re-sent with
 * their Idempotency-Keys are stored once.
 */
describe.skipIf(TEST_DB !== 'postgres' || !bin)('PostgreSQL restarted under load', () => {
  let cluster: PrivatePostgres;
  let handle: DatabaseHandle;
  let server: ServerProcess;
  let owner: Credentials;
  const buyers: string[] = [];

  beforeAll(async () => {
    cluster = await startPrivatePostgres(bin!);
    handle = await connect({ url: cluster.url, poolSize: 4 });
    await migrate(handle);
    const ctx = systemContext(handle);
    await smallCompany(ctx);
    for (let i = 0; i < 8; i += 1) buyers.push((await enrollMember(ctx, { name: `Buyer ${i}`, type: 'distributor', sponsor: 'SM1' })).code);
    owner = await signedInOwner(ctx, TEST_OWNER);
    // The test's own pool would see the restart too: it is closed while the server is tested.
    await handle.close();
    server = await startServerProcess(cluster.url);
  }, 600_000);
  afterAll(async () => {
    await server?.kill('SIGTERM');
    await cluster?.destroy();
  });

  it('keeps the server up, fails in-flight requests with a coded 503, and recovers by itself', async () => {
    const outcomes: Outcome[] = [];
    const keys = new Map<string, { body: unknown; stored: boolean }>();
    let running = true;
    const started = Date.now();
    const client = async (c: number) => {
      for (let i = 0; running; i += 1) {
        const read = i % 3 === 2;
        const key = `restart-${c}-${i}`;
        const body = { buyer: buyers[(c + i) % buyers.length]!, items: [{ product: 'TULSI-60', quantity: 1 }] };
        if (!read) keys.set(key, { body, stored: false });
        try {
          const answer = read
            ? await callJson(server.baseUrl, owner, 'GET', `/api/members/${buyers[c % buyers.length]}/frontline`)
            : await callJson(server.baseUrl, owner, 'POST', '/api/orders', body, { 'idempotency-key': key });
          outcomes.push({ at: Date.now() - started, status: answer.status, code: answer.body?.error?.code });
          if (!read && answer.status === 201) keys.get(key)!.stored = true;
          if (answer.status >= 500) await new Promise((resolve) => setTimeout(resolve, 50));
        } catch {
          outcomes.push({ at: Date.now() - started, status: 'network' });
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
    };
    const clients = Array.from({ length: CLIENTS }, (_, c) => client(c));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const stopAt = Date.now() - started;
    await cluster.stop();
    // Down for a while: new connections are refused, not only cut.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await cluster.start();
    const upAt = Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 4000));
    running = false;
    await Promise.all(clients);

    const refused = outcomes.filter((o) => o.status !== 200 && o.status !== 201);
    // No 500, no dropped connection: every failure is the coded, retryable 503.
    expect(refused.filter((o) => o.status !== 503 || o.code !== 'DATABASE_UNAVAILABLE')).toEqual([]);
    expect(refused.length).toBeGreaterThan(0);
    // The server stayed up and recovered by itself: the last second went through.
    const lastSecond = outcomes.filter((o) => o.at > Date.now() - started - 1000);
    expect(lastSecond.length).toBeGreaterThan(0);
    expect(lastSecond.every((o) => o.status === 200 || o.status === 201)).toBe(true);
    const firstSuccessAfter = outcomes.filter((o) => o.at > upAt && (o.status === 200 || o.status === 201)).map((o) => o.at)[0];
    expect(firstSuccessAfter).toBeDefined();

    // Orders refused during the outage go through on a retry with their keys, once each.
    for (const [key, { body, stored }] of keys) {
      if (stored) continue;
      const answer = await callJson(server.baseUrl, owner, 'POST', '/api/orders', body, { 'idempotency-key': key });
      expect(answer.status, JSON.stringify(answer.body)).toBeLessThan(300);
    }
    const check = await connect({ url: cluster.url, poolSize: 1 });
    try {
      const { rows } = await sql<{ keys: number; orders: number }>`SELECT count(DISTINCT idempotency_key)::int AS keys, count(*)::int AS orders FROM orders`.execute(check.db);
      expect(rows[0]).toEqual({ keys: keys.size, orders: keys.size });
    } finally {
      await check.close();
    }
    console.log(`PostgreSQL stopped at ${stopAt} ms, back at ${upAt} ms: ${outcomes.length} requests, ${refused.length} answered 503 DATABASE_UNAVAILABLE, `
      + `first success ${firstSuccessAfter! - upAt} ms after the restart; ${keys.size} orders stored once each`);
  }, 900_000);
});
