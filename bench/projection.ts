/**
 * Live projection benchmark: how soon an order shows in the buyer's projected standing, with
 * the server and its projector running on PostgreSQL as `samooh serve` runs them.
 *
 *   npm run bench:projection -- [--members N] [--orders N] [--concurrency N] [--seed N]
 *                               [--database NAME] [--url postgres://…] [--keep] [--reuse]
 *
 * A demo company of --members (default 1,000,000, one month of orders) is seeded into a fresh
 * database, the open period's standing is computed in full once (timed), and then --orders
 * orders (default 300) for random distributors are placed over HTTP by --concurrency clients
 * (default 4). Each client reads the buyer's projection, places the order, and polls the
 * projection every 10 ms until the order's volume is in it: the delay from the order's answer
 * to the projection showing it is the figure (target: p95 within 1 s). --keep leaves the
 * database for a later --reuse.
 */
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pino from 'pino';
import { connect, type DatabaseHandle } from '../packages/server/src/db/connection.ts';
import { migrate } from '../packages/server/src/db/migrate.ts';
import { buildApp } from '../packages/server/src/http/app.ts';
import { signIn } from '../packages/server/src/services/auth/sessions.ts';
import { createOwner } from '../packages/server/src/services/auth/users.ts';
import { SYSTEM_ACTOR } from '../packages/server/src/services/context.ts';
import { seedDemo } from '../packages/server/src/services/demo/seed-demo.ts';
import { Projector } from '../packages/server/src/services/projections/projector.ts';
import { refreshProjections } from '../packages/server/src/services/projections/refresh-projections.ts';
import { databaseExists, databaseUrl, dropDatabase, recreateDatabase } from './lib/postgres.ts';
import { percentile } from './lib/stats.ts';

const { values } = parseArgs({
  options: {
    members: { type: 'string', default: '1000000' },
    orders: { type: 'string', default: '300' },
    concurrency: { type: 'string', default: '4' },
    seed: { type: 'string', default: '42' },
    database: { type: 'string', default: 'samooh_projection_bench' },
    url: { type: 'string', default: process.env.DATABASE_URL ?? 'postgres://samooh:samooh@127.0.0.1:5432/postgres' },
    keep: { type: 'boolean', default: false },
    reuse: { type: 'boolean', default: false },
  },
});
const OWNER = { email: 'bench-owner@samooh.test', password: 'projection-bench-42' };
const log = pino({ level: 'silent' });
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const ms = (value: number) => `${value.toFixed(0)} ms`;
const load = () => loadavg().map((value) => value.toFixed(2)).join(', ');

const reuse = values.reuse && await databaseExists(values.url, values.database);
const handle = await connect({ url: reuse ? databaseUrl(values.url, values.database) : await recreateDatabase(values.url, values.database), poolSize: 8 });
try {
  // A kept database gets the migrations added since (the full recompute below fills what they leave).
  if (reuse) await migrate(handle);
  else await setUp(handle);
  await benchmark(handle);
} finally {
  await handle.close();
  if (!values.keep) await dropDatabase(values.url, values.database);
}

async function setUp(handle: DatabaseHandle): Promise<void> {
  await migrate(handle);
  let started = performance.now();
  const seeded = await seedDemo(handle, { members: Number(values.members), months: 1, seed: Number(values.seed) });
  console.log(`seeded ${seeded.members.toLocaleString('en')} members, ${seeded.orders.toLocaleString('en')} orders in ${seconds(performance.now() - started)}`);
  await createOwner({ db: handle.db, actor: SYSTEM_ACTOR, language: 'en', log }, OWNER);
  started = performance.now();
  await handle.exec('VACUUM ANALYZE');
  console.log(`vacuumed and analysed in ${seconds(performance.now() - started)}`);
}

async function benchmark(handle: DatabaseHandle): Promise<void> {
  let started = performance.now();
  const refreshed = await refreshProjections(handle);
  console.log(`full recompute of the open period: ${seconds(performance.now() - started)} (${refreshed?.members.toLocaleString('en')} members with standing; load average ${load()})`);

  const projector = new Projector(handle, log, { refreshEveryMs: 0 });
  projector.start();
  const app = await buildApp({ database: handle, logger: log, rateLimit: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/api`;
  const session = await signIn({ db: handle.db, actor: SYSTEM_ACTOR, language: 'en', log }, { ...OWNER, address: 'bench' });
  const headers = { cookie: `samooh_session=${session.secret}`, 'x-csrf-token': session.csrfToken, 'content-type': 'application/json' };
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const json = await response.json() as any;
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  };

  const count = Number(values.orders);
  const { rows: buyers } = await sql<{ code: string }>`
    SELECT code FROM members WHERE type = 'distributor' AND status = 'active' ORDER BY random() LIMIT ${count}`.execute(handle.db);
  const { rows: products } = await sql<{ sku: string }>`SELECT sku FROM products WHERE active ORDER BY sku LIMIT 5`.execute(handle.db);
  const delays: number[] = [];
  const placing: number[] = [];
  let next = 0;
  started = performance.now();
  const client = async () => {
    while (next < buyers.length) {
      const { code } = buyers[next]!;
      const sku = products[next % products.length]!.sku;
      next += 1;
      const before = (await call('GET', `/members/${code}/projection`)).pv as number;
      const orderStarted = performance.now();
      const order = await call('POST', '/orders', { buyer: code, items: [{ product: sku, quantity: 1 }] });
      const answered = performance.now();
      placing.push(answered - orderStarted);
      for (;;) {
        const { pv } = await call('GET', `/members/${code}/projection`);
        if (pv >= before + Number(order.qv) - 1e-9) break;
        if (performance.now() - answered > 60_000) throw new Error(`order ${order.number} not in ${code}'s projection after 60 s`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      delays.push(performance.now() - answered);
    }
  };
  await Promise.all(Array.from({ length: Number(values.concurrency) }, client));
  const elapsed = performance.now() - started;
  await app.close();
  await projector.stop();

  delays.sort((a, b) => a - b);
  placing.sort((a, b) => a - b);
  console.log(`${count} orders by ${values.concurrency} clients in ${seconds(elapsed)} (load average ${load()})`);
  console.log(`  order placed:          p50 ${ms(percentile(placing, 50))}  p95 ${ms(percentile(placing, 95))}  max ${ms(placing.at(-1)!)}`);
  console.log(`  in the projection in:  p50 ${ms(percentile(delays, 50))}  p95 ${ms(percentile(delays, 95))}  p99 ${ms(percentile(delays, 99))}  max ${ms(delays.at(-1)!)}`);
}
