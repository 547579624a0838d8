/**
 * Compliance benchmark: on a company left by the period benchmark (`npm run bench:period --
 * --members N --runs 1 --keep [--database NAME]`: N members, one closed period, which this
 * calculates and commits first (not timed) unless a committed period is there), times a
 * compliance scan of that period (every monitor, flags stored) and the income disclosure
 * statement over it, a few times each, with this process's peak RSS.
 *
 *   npm run bench:compliance -- [--database NAME] [--url postgres://…] [--runs N]
 *
 * The database keeps the committed run and the flags and scan rows the scans write.
 */
import { parseArgs } from 'node:util';
import pino from 'pino';
import { connect } from '../packages/server/src/db/connection.ts';
import { migrate } from '../packages/server/src/db/migrate.ts';
import type { Actor, RequestContext } from '../packages/server/src/services/context.ts';
import { approveRun } from '../packages/server/src/services/commissions/approve-run.ts';
import { calculatePeriod } from '../packages/server/src/services/commissions/calculate-period.ts';
import { commitRun } from '../packages/server/src/services/commissions/commit-run.ts';
import { incomeDisclosure } from '../packages/server/src/services/compliance/income-disclosure.ts';
import { scanPeriod } from '../packages/server/src/services/compliance/scan-period.ts';
import { databaseExists, databaseUrl } from './lib/postgres.ts';
import { median } from './lib/stats.ts';

const { values } = parseArgs({
  options: {
    database: { type: 'string', default: 'samooh_period_bench' },
    url: { type: 'string', default: process.env.DATABASE_URL ?? 'postgres://samooh:samooh@127.0.0.1:5432/postgres' },
    runs: { type: 'string', default: '3' },
  },
});

if (!(await databaseExists(values.url, values.database))) {
  console.error(`No database ${values.database}: run npm run bench:period -- --members N --runs 1 --keep --database ${values.database} first.`);
  process.exit(1);
}
const handle = await connect({ url: databaseUrl(values.url, values.database) });
try {
  await migrate(handle);
  const ctx: RequestContext = { db: handle.db, actor: { kind: 'system', id: null, label: 'bench', roles: ['owner'] }, language: 'en', log: pino({ level: 'silent' }) };
  let period = await handle.db.selectFrom('periods').select(['id', 'start_date']).where('status', 'in', ['committed', 'paid']).orderBy('start_date').executeTakeFirst();
  if (!period) {
    const closed = await handle.db.selectFrom('periods').select(['id', 'start_date']).where('status', '=', 'closed').orderBy('start_date').executeTakeFirst();
    if (!closed) throw new Error('The benchmark database has no closed or committed period: run the period benchmark with --runs 1 --keep.');
    const user = (id: number): Actor => ({ kind: 'user', id, label: `user:${id}`, roles: ['admin'] });
    const { runId } = await calculatePeriod(handle, user(1), closed.id);
    await approveRun({ ...ctx, actor: user(2) }, runId);
    await commitRun({ ...ctx, actor: user(2) }, runId);
    period = closed;
  }
  const members = Number((await handle.db.selectFrom('members').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const orders = Number((await handle.db.selectFrom('orders').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  console.log(`${members.toLocaleString('en-IN')} members, ${orders.toLocaleString('en-IN')} orders; period ${period.start_date}`);
  const scans: number[] = [];
  const disclosures: number[] = [];
  for (let run = 1; run <= Number(values.runs); run++) {
    let started = performance.now();
    const scan = await scanPeriod(ctx, period.id);
    scans.push((performance.now() - started) / 1000);
    started = performance.now();
    const disclosure = await incomeDisclosure(ctx, period.id, period.id);
    disclosures.push((performance.now() - started) / 1000);
    console.log(`run ${run}: scan ${scans.at(-1)!.toFixed(1)} s (${scan.flags.raised} flags: ${JSON.stringify(scan.flags.byKind)}); disclosure ${disclosures.at(-1)!.toFixed(1)} s (${disclosure.participants} participants, ${disclosure.byRank.length} rank groups)`);
  }
  console.log(`medians: scan ${median(scans).toFixed(1)} s, disclosure ${median(disclosures).toFixed(1)} s; peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB`);
} finally {
  await handle.close();
}
