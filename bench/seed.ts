/**
 * Demo seed benchmark: seeds the demo company (default 1,000,000 members and 3 months of
 * orders) into a fresh PostgreSQL database, several times, and reports each run, the
 * median and the peak memory of this process (PostgreSQL's own memory is not counted).
 * Each run creates and drops its own database, samooh_seed_bench.
 *
 *   npm run bench:seed -- [--members N] [--months M] [--runs N] [--seed S] [--until YYYY-MM-DD] [--url postgres://…]
 */
import { parseArgs } from 'node:util';
import { connect } from '../packages/server/src/db/connection.ts';
import { dropDatabase, recreateDatabase } from './lib/postgres.ts';
import { median } from './lib/stats.ts';
import { migrate } from '../packages/server/src/db/migrate.ts';
import { seedDemo, type SeedDemoResult } from '../packages/server/src/services/demo/seed-demo.ts';

const { values } = parseArgs({
  options: {
    members: { type: 'string', default: '1000000' },
    months: { type: 'string', default: '3' },
    runs: { type: 'string', default: '3' },
    seed: { type: 'string', default: '42' },
    until: { type: 'string', default: '2025-03-31' },
    url: { type: 'string', default: process.env.DATABASE_URL ?? 'postgres://samooh:samooh@127.0.0.1:5432/postgres' },
  },
});
const BENCH_DATABASE = 'samooh_seed_bench';

const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const peakRss = (): number => process.resourceUsage().maxRSS * 1024;


/** One run on a new database: the time of seedDemo alone, migrations excluded. */
async function seedOnce(): Promise<{ ms: number; result: SeedDemoResult }> {
  const handle = await connect({ url: await recreateDatabase(values.url, BENCH_DATABASE), poolSize: 2 });
  try {
    await migrate(handle);
    // Kysely ends the connection pool on close only once it has run a query itself.
    await handle.db.selectFrom('company').select('id').execute();
    const started = performance.now();
    const result = await seedDemo(handle, {
      members: Number(values.members),
      months: Number(values.months),
      seed: Number(values.seed),
      until: values.until,
    });
    return { ms: performance.now() - started, result };
  } finally {
    await handle.close();
    await dropDatabase(values.url, BENCH_DATABASE);
  }
}

const times: number[] = [];
for (let run = 1; run <= Number(values.runs); run += 1) {
  const { ms, result } = await seedOnce();
  times.push(ms);
  console.log(`run ${run}: ${seconds(ms)}  ${result.members.toLocaleString('en')} members, ${result.orders.toLocaleString('en')} orders, `
    + `${result.refunds.toLocaleString('en')} refunds, ${result.periods} periods  peak RSS ${mib(peakRss())}`);
}
console.log(`median ${seconds(median(times))} over ${times.length} runs, peak RSS ${mib(peakRss())}`);
