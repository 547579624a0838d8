/**
 * Autoship benchmark: N subscriptions (default 200,000), all due on one day, are placed on
 * PostgreSQL the way a running Samooh places them: the sweep job splits the due autoships into
 * batch jobs of AUTOSHIP_BATCH_SIZE, and W job workers (default 4) claim and run the batches
 * side by side. Each subscription becomes a paid order (the test payment gateway approves it)
 * with its volume event and fulfilment record, and its month's row in autoship_occurrences.
 *
 *   npm run bench:autoship -- [--subscriptions N] [--workers W] [--stock] [--gst] [--keep] [--database NAME] [--url postgres://…]
 *
 * Each batch is placed set-wise (place-autoships.ts). --stock adds a warehouse holding every
 * product, so each order also reserves stock (all orders then share the same stock rows: see
 * docs/BENCHMARKS.md); --gst gives the company a GSTIN and the products HSN codes and GST
 * rates, so each order also gets its tax invoice. Afterwards it checks that
 * every subscription was placed exactly once and that a second sweep places nothing.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pino from 'pino';
import { connect } from '../packages/server/src/db/connection.ts';
import { migrate } from '../packages/server/src/db/migrate.ts';
import { JobWorker } from '../packages/server/src/jobs/worker.ts';
import { autoshipJobHandlers, sweepAutoships } from '../packages/server/src/services/autoship/run-autoships.ts';
import { setUpCompany } from '../packages/server/src/services/company/set-up-company.ts';
import { SYSTEM_ACTOR, type RequestContext } from '../packages/server/src/services/context.ts';
import { openNextPeriod } from '../packages/server/src/services/periods/periods.ts';
import { createProduct } from '../packages/server/src/services/products/save-product.ts';
import { createWarehouse } from '../packages/server/src/services/stock/create-warehouse.ts';
import { adjustStock } from '../packages/server/src/services/stock/adjust-stock.ts';
import { setTaxSettings } from '../packages/server/src/services/tax/tax-settings.ts';
import { dropDatabase, recreateDatabase } from './lib/postgres.ts';

const { values } = parseArgs({
  options: {
    subscriptions: { type: 'string', default: '200000' },
    workers: { type: 'string', default: '4' },
    stock: { type: 'boolean', default: false },
    gst: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    database: { type: 'string', default: 'samooh_autoship_bench' },
    url: { type: 'string', default: process.env.DATABASE_URL ?? 'postgres://samooh:samooh@127.0.0.1:5432/postgres' },
  },
});
const subscriptions = Number(values.subscriptions);
const workers = Number(values.workers);
/** 09:30 on 15 March 2027 in Kolkata: the day every subscription is due. */
const CLOCK = new Date('2027-03-15T04:00:00Z');
const log = pino({ level: 'silent' });
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

const handle = await connect({ url: await recreateDatabase(values.url, values.database), poolSize: workers + 2 });
const ctx: RequestContext = { db: handle.db, actor: SYSTEM_ACTOR, language: 'en', log, clock: () => CLOCK };
try {
  const setupStart = performance.now();
  await migrate(handle);
  await setUpCompany(ctx, { name: 'Autoship Benchmark', root: { name: 'Root', code: 'SM1' } });
  await openNextPeriod(ctx, CLOCK);
  const inr = (retailPrice: number, distributorPrice: number) => [{ currency: 'INR', retailPrice, distributorPrice }];
  const products = [
    await createProduct(ctx, { sku: 'AMLA-JUICE', name: { en: 'Amla Juice', hi: 'आंवला जूस' }, qv: 25, cv: 20, hsnCode: '2009', gstRate: 18, prices: inr(45_000, 36_000) }),
    await createProduct(ctx, { sku: 'NEEM-SOAP', name: { en: 'Neem Soap', hi: 'नीम साबुन' }, qv: 5, cv: 4, hsnCode: '3401', gstRate: 18, prices: inr(12_000, 9_500) }),
  ];
  if (values.gst) await setTaxSettings(ctx, { gstin: '27AAPFU0939F1ZV', pricesIncludeTax: true });
  if (values.stock) {
    await createWarehouse(ctx, { code: 'WH-1', name: 'Main warehouse' });
    for (const product of products) await adjustStock(ctx, 'WH-1', { product: product.id, change: subscriptions * 3, kind: 'receipt', reason: 'benchmark stock' });
  }
  // Members and their autoships in bulk: every one a distributor under the root, due on the 15th.
  await sql`INSERT INTO members (name, type, sponsor_id) SELECT 'Member ' || g, 'distributor', 1 FROM generate_series(1, ${subscriptions}) g`.execute(handle.db);
  await sql`
    INSERT INTO autoships (member_id, day_of_month, next_run_date, payment_method, shipping_address, created_by)
    SELECT id, 15, DATE '2027-03-15', '{"type":"test","reference":"mandate"}', '{"name":"Member","line1":"1 Road","city":"Pune","state":"Maharashtra","pincode":"411001"}', 'bench'
      FROM members WHERE id > 1`.execute(handle.db);
  await sql`
    INSERT INTO autoship_items (autoship_id, line_no, product_id, quantity)
    SELECT id, 1, ${products[0]!.id}::bigint, 2 FROM autoships UNION ALL SELECT id, 2, ${products[1]!.id}::bigint, 1 FROM autoships`.execute(handle.db);
  await sql`ANALYZE`.execute(handle.db);
  console.log(`set up ${subscriptions.toLocaleString('en-IN')} subscriptions due on 2027-03-15 in ${seconds(performance.now() - setupStart)}${values.stock ? ', with stock' : ''}${values.gst ? ', with GST invoices' : ''}`);

  const start = performance.now();
  const sweep = await handle.db.transaction().execute((tx) => sweepAutoships({ ...ctx, db: tx }));
  const swept = performance.now();
  const pool = Array.from({ length: workers }, () => new JobWorker({ db: handle.db, log, handlers: autoshipJobHandlers, clock: () => CLOCK }));
  const ran = await Promise.all(pool.map((worker) => worker.drain()));
  const elapsed = performance.now() - start;

  const counts = (await sql<{ status: string; n: number }>`SELECT status, count(*)::int AS n FROM autoship_occurrences GROUP BY status`.execute(handle.db)).rows;
  const orders = Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM orders`.execute(handle.db)).rows[0]!.n);
  const invoices = Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM invoices`.execute(handle.db)).rows[0]!.n);
  const failedJobs = Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM jobs WHERE status = 'failed'`.execute(handle.db)).rows[0]!.n);
  const placed = counts.find((row) => row.status === 'placed')?.n ?? 0;
  console.log(`sweep: ${sweep.due.toLocaleString('en-IN')} due in ${sweep.batches} batches (${seconds(swept - start)})`);
  console.log(`placed ${placed.toLocaleString('en-IN')} orders with ${workers} workers (${ran.join(' + ')} batches) in ${seconds(elapsed)}: ${Math.round(placed / (elapsed / 1000)).toLocaleString('en-IN')} a second`);
  console.log(`at that rate 200,000 take ${seconds((200_000 / placed) * elapsed)}; load average ${loadavg().map((v) => v.toFixed(2)).join(', ')}`);
  // Once each, and a second sweep places nothing.
  const again = await handle.db.transaction().execute((tx) => sweepAutoships({ ...ctx, db: tx }));
  await Promise.all(pool.map((worker) => worker.drain()));
  const ordersAfter = Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM orders`.execute(handle.db)).rows[0]!.n);
  const problems = [
    ...(placed !== subscriptions ? [`${placed} placed of ${subscriptions}`] : []),
    ...(orders !== subscriptions ? [`${orders} orders for ${subscriptions} subscriptions`] : []),
    ...(failedJobs > 0 ? [`${failedJobs} failed jobs`] : []),
    ...(values.gst && invoices !== orders ? [`${invoices} invoices for ${orders} orders`] : []),
    ...(again.due !== 0 || ordersAfter !== orders ? [`a second sweep found ${again.due} due and added ${ordersAfter - orders} orders`] : []),
  ];
  console.log(problems.length === 0 ? 'check: every subscription placed exactly once; a second sweep placed nothing' : `PROBLEMS: ${problems.join('; ')}`);
  if (problems.length > 0) process.exitCode = 1;
} finally {
  await handle.close();
  if (!values.keep) await dropDatabase(values.url, values.database);
}
