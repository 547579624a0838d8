/**
 * HTTP load benchmark: a real `samooh serve` process on PostgreSQL, driven over loopback by
 * autocannon, against the demo company seeded with --members members.
 *
 *   npm run bench:http -- [--members N] [--duration S] [--connections N] [--distributors N]
 *                         [--seed N] [--database NAME] [--url postgres://…] [--keep] [--reuse]
 *                         [--only orders,frontline,dashboard,enrollment] [--profile DIR]
 *
 * Scenarios (each for --duration seconds, default 10, with --connections open connections,
 * default 50):
 *   orders       POST /api/orders as the owner: random real distributors and products, each
 *                request with its own Idempotency-Key (so every one creates an order)
 *   frontline    GET /api/members/{own code}/frontline as signed-in distributors
 *   dashboard    GET /api/members/{own code}/projection (live standing) as signed-in distributors
 *   enrollment   POST /api/members as signed-in distributors enrolling their own recruits
 * For each it prints requests per second, p50 and p99 latency, non-2xx answers, and whether
 * the target of issue 7 is met (orders ≥ 1,000/s with p99 < 100 ms; reads ≥ 2,000/s with
 * p99 < 50 ms; enrollment ≥ 500/s). The targets are for 1,000,000 members on a 2-core machine:
 *   npm run bench:http -- --members 1000000
 * The default, 20,000 members, is a quick check. --keep leaves the database for a later --reuse.
 */
import { randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import pino from 'pino';
import { connect, type DatabaseHandle } from '../packages/server/src/db/connection.ts';
import { migrate } from '../packages/server/src/db/migrate.ts';
import { bringUpToDate } from './lib/bring-up-to-date.ts';
import { signIn } from '../packages/server/src/services/auth/sessions.ts';
import { createOwner, createUser } from '../packages/server/src/services/auth/users.ts';
import { SYSTEM_ACTOR, type RequestContext } from '../packages/server/src/services/context.ts';
import { seedDemo } from '../packages/server/src/services/demo/seed-demo.ts';
import { refreshProjections } from '../packages/server/src/services/projections/refresh-projections.ts';
import { startServerProcess } from '../packages/server/test/support/server-process.ts';
import { databaseExists, databaseUrl, dropDatabase, recreateDatabase } from './lib/postgres.ts';

const { values } = parseArgs({
  options: {
    members: { type: 'string', default: '20000' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    distributors: { type: 'string', default: '8' },
    seed: { type: 'string', default: '42' },
    database: { type: 'string', default: 'samooh_http_bench' },
    url: { type: 'string', default: process.env.DATABASE_URL ?? 'postgres://samooh:samooh@127.0.0.1:5432/postgres' },
    keep: { type: 'boolean', default: false },
    reuse: { type: 'boolean', default: false },
    only: { type: 'string' },
    profile: { type: 'string' },
  },
});
const OWNER = { email: 'bench-owner@samooh.test', password: 'http-bench-password-42' };
const DISTRIBUTOR_PASSWORD = 'http-bench-distributor-42';
const log = pino({ level: 'silent' });
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const load = () => loadavg().map((value) => value.toFixed(2)).join(', ');

interface Target {
  rps: number;
  p99?: number;
}
const TARGETS: Record<string, Target> = {
  orders: { rps: 1000, p99: 100 },
  frontline: { rps: 2000, p99: 50 },
  dashboard: { rps: 2000, p99: 50 },
  enrollment: { rps: 500 },
};

const reuse = values.reuse && (await databaseExists(values.url, values.database));
const url = reuse ? databaseUrl(values.url, values.database) : await recreateDatabase(values.url, values.database);
const handle = await connect({ url, poolSize: 4 });
const ctx: RequestContext = { db: handle.db, actor: SYSTEM_ACTOR, language: 'en', log };
try {
  if (reuse) await bringUpToDate(handle);
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
  await createOwner(ctx, OWNER);
  // Distributors with a frontline of their own sign in as themselves.
  const { rows } = await sql<{ code: string }>`
    SELECT m.code FROM members m
     WHERE m.type = 'distributor' AND m.status = 'active' AND m.sponsor_id IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM users u WHERE u.member_id = m.id)
       AND (SELECT count(*) FROM members c WHERE c.sponsor_id = m.id) >= 2
     ORDER BY m.id LIMIT ${Number(values.distributors)}`.execute(handle.db);
  for (const { code } of rows) await createUser(ctx, { email: `bench-${code.toLowerCase()}@samooh.test`, roles: ['distributor'], member: code, password: DISTRIBUTOR_PASSWORD });
  started = performance.now();
  await handle.exec('VACUUM ANALYZE');
  console.log(`vacuumed and analysed in ${seconds(performance.now() - started)}`);
  started = performance.now();
  await refreshProjections(handle);
  console.log(`live standing computed in ${seconds(performance.now() - started)}`);
}

interface Session {
  /** Cookie and CSRF token; writes add a JSON content type. */
  headers: Record<string, string>;
  code: string;
}

async function benchmark(handle: DatabaseHandle): Promise<void> {
  const owner = await signIn(ctx, { ...OWNER, address: 'bench' });
  const ownerHeaders = { cookie: `samooh_session=${owner.secret}`, 'x-csrf-token': owner.csrfToken, 'content-type': 'application/json' };
  const { rows: accounts } = await sql<{ email: string; code: string }>`
    SELECT u.email, m.code FROM users u JOIN members m ON m.id = u.member_id WHERE u.email LIKE 'bench-%' ORDER BY u.id`.execute(handle.db);
  const distributors: Session[] = [];
  for (const account of accounts) {
    const session = await signIn(ctx, { email: account.email, password: DISTRIBUTOR_PASSWORD, address: 'bench' });
    distributors.push({ code: account.code, headers: { cookie: `samooh_session=${session.secret}`, 'x-csrf-token': session.csrfToken } });
  }
  const { rows: buyers } = await sql<{ code: string }>`
    SELECT code FROM members WHERE type = 'distributor' AND status = 'active' ORDER BY random() LIMIT 2000`.execute(handle.db);
  const { rows: products } = await sql<{ sku: string }>`SELECT sku FROM products WHERE active AND NOT starter_kit ORDER BY sku`.execute(handle.db);
  const [{ count: members }] = (await sql<{ count: number }>`SELECT count(*)::int AS count FROM members`.execute(handle.db)).rows as [{ count: number }];

  // --profile DIR: the server writes a V8 CPU profile there when it stops (open it in Chrome's DevTools).
  const server = await startServerProcess(url, { env: { LOG_LEVEL: 'error' }, nodeArgs: values.profile ? ['--cpu-prof', `--cpu-prof-dir=${values.profile}`] : [] });
  const pick = <T>(list: T[]) => list[Math.floor(Math.random() * list.length)]!;
  console.log(`\n${members.toLocaleString('en')} members; server on ${server.baseUrl}; ${cpus().length} cores (${cpus()[0]?.model.trim()}); `
    + `${values.connections} connections, ${values.duration} s per scenario; load average before: ${load()}`);
  try {
    const scenarios: { name: string; method: 'GET' | 'POST'; setup: (request: autocannon.Request) => autocannon.Request }[] = [
      {
        name: 'orders',
        method: 'POST',
        setup: (request) => ({
          ...request,
          headers: { ...ownerHeaders, 'idempotency-key': randomUUID() },
          body: JSON.stringify({ buyer: pick(buyers).code, items: [{ product: pick(products).sku, quantity: 1 + Math.floor(Math.random() * 3) }] }),
        }),
      },
      { name: 'frontline', method: 'GET', setup: (request) => withSession(request, pick(distributors), 'frontline') },
      { name: 'dashboard', method: 'GET', setup: (request) => withSession(request, pick(distributors), 'projection') },
      {
        name: 'enrollment',
        method: 'POST',
        setup: (request) => {
          const sponsor = pick(distributors);
          return { ...request, path: '/api/members', headers: { ...sponsor.headers, 'content-type': 'application/json' }, body: JSON.stringify({ name: `Bench Recruit ${randomUUID().slice(0, 8)}`, type: 'distributor', sponsor: sponsor.code }) };
        },
      },
    ];
    const only = values.only?.split(',');
    for (const scenario of scenarios.filter((candidate) => !only || only.includes(candidate.name))) {
      const result = await autocannon({
        url: server.baseUrl,
        connections: Number(values.connections),
        duration: Number(values.duration),
        requests: [{ method: scenario.method, path: scenario.name === 'orders' ? '/api/orders' : '/api/health', setupRequest: scenario.setup }],
      });
      const target = TARGETS[scenario.name]!;
      const rps = result.requests.average;
      const p99 = result.latency.p99;
      const ok = rps >= target.rps && (target.p99 === undefined || p99 < target.p99);
      const line = `${scenario.name.padEnd(11)} ${rps.toFixed(0).padStart(6)} req/s  p50 ${String(result.latency.p50).padStart(4)} ms  p99 ${String(p99).padStart(5)} ms  `
        + `${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts  `
        + `target ≥ ${target.rps}/s${target.p99 ? `, p99 < ${target.p99} ms` : ''}: ${ok ? 'met' : 'NOT met'}  (load average ${load()})`;
      console.log(line);
    }
  } finally {
    await server.kill('SIGTERM');
  }
}

function withSession(request: autocannon.Request, session: Session, view: 'frontline' | 'projection'): autocannon.Request {
  return { ...request, method: 'GET', path: `/api/members/${session.code}/${view}`, headers: session.headers };
}
