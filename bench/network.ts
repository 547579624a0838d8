/**
 * Genealogy benchmark on PostgreSQL: a demo company of N members (default
 * 1,000,000) plus a placement chain thousands of levels deep, then p50 / p95 /
 * max of each genealogy read and of enrollment under the deep leg, through the
 * same services the API calls. The database samooh_network_bench is kept
 * between runs with --reuse.
 *
 *   npm run bench:network -- [--members N] [--samples N] [--deep N] [--reuse] [--database NAME] [--url postgres://…]
 */
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pino from 'pino';
import { connect, type DatabaseHandle } from '../packages/server/src/db/connection.ts';
import { databaseExists, databaseUrl, recreateDatabase } from './lib/postgres.ts';
import { percentile } from './lib/stats.ts';
import { migrate } from '../packages/server/src/db/migrate.ts';
import { drainGenealogy, isInDownline, selectUpline, teamSizes } from '../packages/server/src/db/tree-queries.ts';
import { downlineStatistics } from '../packages/server/src/services/members/downline-statistics.ts';
import { SYSTEM_ACTOR, type RequestContext } from '../packages/server/src/services/context.ts';
import { seedDemo } from '../packages/server/src/services/demo/seed-demo.ts';
import { enrollMember } from '../packages/server/src/services/members/enroll-member.ts';
import { listFrontline } from '../packages/server/src/services/members/list-frontline.ts';
import { searchMemberDownline } from '../packages/server/src/services/members/search-downline.ts';

const { values } = parseArgs({
  options: {
    members: { type: 'string', default: '1000000' },
    samples: { type: 'string', default: '300' },
    deep: { type: 'string', default: '5000' },
    reuse: { type: 'boolean', default: false },
    database: { type: 'string', default: 'samooh_network_bench' },
    url: { type: 'string', default: process.env.DATABASE_URL ?? 'postgres://samooh:samooh@127.0.0.1:5432/postgres' },
  },
});
const BENCH_DATABASE = values.database!;
const samples = Number(values.samples);
const deep = Number(values.deep);

async function prepare(): Promise<DatabaseHandle> {
  const url = values.reuse && (await databaseExists(values.url!, BENCH_DATABASE))
    ? databaseUrl(values.url!, BENCH_DATABASE)
    : await recreateDatabase(values.url!, BENCH_DATABASE);
  const handle = await connect({ url, poolSize: 4 });
  const migrating = Date.now();
  const applied = await migrate(handle);
  // On a database that had members, this is what the migrations' index builds cost (0025: the trigram indexes).
  if (applied.length > 0 && applied.length < 20) console.log(`migrations ${applied.join(', ')} applied in ${((Date.now() - migrating) / 1000).toFixed(1)} s`);
  if (!(await handle.db.selectFrom('company').select('id').executeTakeFirst())) {
    const started = Date.now();
    await seedDemo(handle, { members: Number(values.members), months: 1, seed: 42, until: '2026-11-15' });
    await addDeepChain(handle);
    await sql`ANALYZE`.execute(handle.db);
    console.log(`seeded ${values.members} members and a ${deep}-level chain in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
  // The chain went in by plain SQL, one pending team-size entry per member: count them in,
  // as the drain after an enrollment would.
  const started = Date.now();
  let drained = 0;
  for (let batch; (batch = await drainGenealogy(handle.db)) !== 0; ) drained += Math.max(batch, 0);
  if (drained > 0) console.log(`drained ${drained} pending team-size entries in ${Date.now() - started} ms`);
  return handle;
}

/** A chain hanging from the bottom of the root's outer left edge, as extreme-left spillover makes. */
async function addDeepChain(handle: DatabaseHandle): Promise<void> {
  await sql`
    WITH RECURSIVE edge (id, steps) AS (
      SELECT 1::bigint, 0 UNION ALL
      SELECT m.id, edge.steps + 1 FROM edge JOIN members m ON m.placement_parent_id = edge.id AND m.placement_slot = 0
    ), bottom AS (SELECT id FROM edge ORDER BY steps DESC LIMIT 1),
    base AS (SELECT max(id) AS id FROM members)
    INSERT INTO members (id, code, name, type, sponsor_id, placement_parent_id, placement_slot)
    SELECT base.id + n, 'DEEP-' || n, 'Deep Chain ' || n, 'distributor', 1,
           CASE WHEN n = 1 THEN (SELECT id FROM bottom) ELSE base.id + n - 1 END, 0
      FROM generate_series(1, ${deep}) AS n, base`.execute(handle.db);
  await sql`SELECT setval(pg_get_serial_sequence('members', 'id'), (SELECT max(id) FROM members))`.execute(handle.db);
}

async function measure(name: string, count: number, run: (i: number) => Promise<unknown>): Promise<void> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await run(i);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const ms = (value: number) => `${value.toFixed(1)} ms`.padStart(10);
  console.log(`${name.padEnd(48)} p50 ${ms(percentile(times, 50))}  p95 ${ms(percentile(times, 95))}  max ${ms(times.at(-1)!)}  (${count})`);
}

/** A seeded pick so runs compare like with like. */
function picker(max: number, seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return 1 + (state % max);
  };
}

const handle = await prepare();
const ctx: RequestContext = { db: handle.db, actor: SYSTEM_ACTOR, language: 'en', log: pino({ level: 'silent' }) };
const [{ max } = { max: 0 }] = (await sql<{ max: number }>`SELECT max(id)::int AS max FROM members WHERE code NOT LIKE 'DEEP-%'`.execute(handle.db)).rows;
const distributors = (await sql<{ id: number }>`SELECT id FROM members WHERE type = 'distributor' AND code NOT LIKE 'DEEP-%' ORDER BY id`.execute(handle.db)).rows.map((r) => r.id);
const anyMember = picker(max, 7);
const anyDistributor = (() => {
  const next = picker(distributors.length, 11);
  return () => distributors[next() - 1]!;
})();
const deepest = (await sql<{ id: number }>`SELECT id FROM members WHERE code = ${`DEEP-${deep}`}`.execute(handle.db)).rows[0]!.id;
console.log(`members ${max.toLocaleString('en')} + chain ${deep}; load average ${(await import('node:os')).loadavg().map((l) => l.toFixed(2)).join(' ')}`);

await measure('frontline page (sponsor tree, 50)', samples, () => listFrontline(ctx, anyDistributor(), 'sponsor', { limit: 50, offset: 0 }));
await measure('frontline page (placement tree)', samples, () => listFrontline(ctx, anyDistributor(), 'placement', { limit: 50, offset: 0 }));
await measure('upline path (sponsor tree)', samples, () => selectUpline(handle.db, anyMember(), 'sponsor'));
await measure('upline path (placement tree)', samples, () => selectUpline(handle.db, anyMember(), 'placement'));
await measure(`upline path (placement, ${deep} deep)`, 20, () => selectUpline(handle.db, deepest, 'placement'));
await measure('downline check (random pair, sponsor)', samples, () => isInDownline(handle.db, anyDistributor(), anyMember(), 'sponsor'));
await measure('downline check (random pair, placement)', samples, () => isInDownline(handle.db, anyDistributor(), anyMember(), 'placement'));
await measure(`downline check (root to ${deep} deep)`, 20, () => isInDownline(handle.db, 1, deepest, 'placement'));
await measure('downline search (name, 10 levels)', Math.min(samples, 100), () => searchMemberDownline(ctx, anyDistributor(), { tree: 'sponsor', q: 'sharma', maxLevels: 10, limit: 20, offset: 0 }));
await measure('downline search, rare term (10 levels)', Math.min(samples, 100), () => searchMemberDownline(ctx, anyDistributor(), { tree: 'sponsor', q: 'zzqx', maxLevels: 10, limit: 20, offset: 0 }));
await measure('downline statistics (10 levels, random distributor)', Math.min(samples, 100), () => downlineStatistics(ctx, anyDistributor(), { tree: 'sponsor', maxLevels: 10 }));
await measure('team size of the root (both trees)', 20, () => teamSizes(handle.db, [1], 'sponsor').then(() => teamSizes(handle.db, [1], 'placement')));
await measure('downline search from the root (10 levels)', 10, () => searchMemberDownline(ctx, 1, { tree: 'sponsor', q: 'sharma', maxLevels: 10, limit: 20, offset: 0 }));
// A rare term walks every level asked for unless an index finds its candidates.
await measure('downline search, rare term (50 levels)', Math.min(samples, 100), () => searchMemberDownline(ctx, anyDistributor(), { tree: 'sponsor', q: 'zzqx', maxLevels: 50, limit: 20, offset: 0 }));
await measure('downline search, rare term from the root (50 levels)', 20, () => searchMemberDownline(ctx, 1, { tree: 'sponsor', q: 'zzqx', maxLevels: 50, limit: 20, offset: 0 }));
await measure('downline search, one member by code from the root', 20, (i) => searchMemberDownline(ctx, 1, { tree: 'placement', q: `SM${100000 + 1 + ((i * 7919) % Math.max(1, max - 1))}`, maxLevels: 50, limit: 20, offset: 0 }));
await measure('downline search, name from the root (placement, 50 levels)', 20, () => searchMemberDownline(ctx, 1, { tree: 'placement', q: 'sharma', maxLevels: 50, limit: 20, offset: 0 }));
await measure(`enroll under the ${deep}-deep leg (extreme-left)`, 100, (i) => enrollMember(ctx, { name: `Bench ${Date.now()} ${i}`, type: 'distributor', sponsor: 1, placement: { policy: 'extreme-left' } }));
await measure('enroll by spillover under a random sponsor', 50, (i) => enrollMember(ctx, { name: `Bench ${Date.now()} ${i}`, type: 'distributor', sponsor: anyDistributor() }));
await handle.close();
