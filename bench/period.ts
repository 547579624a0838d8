/**
 * Period-run benchmark: a seeded company (default 1,000,000 members in the sponsor and binary
 * placement trees, 5,000,000 orders in one closed period, the engine benchmark's generator) is
 * loaded into a fresh PostgreSQL database with COPY, then the money path is timed several
 * times: calculatePeriod (snapshot load, engine, lines COPY, member outcomes COPY, commit),
 * approveRun and commitRun (ledger postings), with the lines written, this process's peak RSS
 * and the database's growth.
 *
 *   npm run bench:period -- [--members N] [--orders N] [--runs N] [--seed N] [--plan FILE] [--verify] [--checksum] [--keep] [--reuse]
 *                          [--database NAME] [--url postgres://…]
 *
 * Between runs (not timed) the committed run is taken back: the ledger tables are emptied, the
 * run is marked superseded and its lines removed, and the period is closed again, so every run
 * starts from the same state as the first. --verify also checks every order's totals against
 * its lines after loading (set-based, as bulk loads do); --checksum prints, after each
 * calculation (not timed), a checksum of every stored line's text, the same for the same lines
 * whatever wrote them. The database samooh_period_bench (--database) is created for the
 * benchmark and dropped at the end; --keep leaves it in place, and --reuse times the runs on the
 * one left by an earlier --keep instead of generating and loading again.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { MEMBER_TYPES, NONE, LEFT_LEG, VOLUME_SCALE, type Snapshot } from '../packages/engine/src/index.ts';
import { verifyOrderTotals } from '../packages/server/src/db/bulk-verify.ts';
import { connect, type DatabaseHandle, type RawSession } from '../packages/server/src/db/connection.ts';
import { chunkRows } from '../packages/server/src/db/copy-text.ts';
import { migrate } from '../packages/server/src/db/migrate.ts';
import type { Actor, RequestContext } from '../packages/server/src/services/context.ts';
import { approveRun } from '../packages/server/src/services/commissions/approve-run.ts';
import { calculatePeriod, type CalculationPhase } from '../packages/server/src/services/commissions/calculate-period.ts';
import { commitRun } from '../packages/server/src/services/commissions/commit-run.ts';
import { dropRunLines } from '../packages/server/src/services/commissions/supersede-previews.ts';
import { savePlanVersion } from '../packages/server/src/services/commissions/plan-versions.ts';
import { generateNetwork } from './lib/network.ts';
import { databaseExists, databaseUrl, dropDatabase, recreateDatabase } from './lib/postgres.ts';
import { median } from './lib/stats.ts';

const { values } = parseArgs({
  options: {
    members: { type: 'string', default: '1000000' },
    orders: { type: 'string' },
    runs: { type: 'string', default: '3' },
    seed: { type: 'string', default: '20260301' },
    plan: { type: 'string', default: new URL('../examples/plans/wellness-unilevel.yaml', import.meta.url).pathname },
    verify: { type: 'boolean', default: false },
    checksum: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    reuse: { type: 'boolean', default: false },
    database: { type: 'string', default: 'samooh_period_bench' },
    url: { type: 'string', default: process.env.DATABASE_URL ?? 'postgres://samooh:samooh@127.0.0.1:5432/postgres' },
  },
});
const BENCH_DATABASE = values.database;
const PERIOD = { id: 1, start: '2026-03-01', end: '2026-03-31' };
/** Product k sells at the k-th QV price point of the generator: ₹2.50 retail and ₹2 to distributors per point, CV 80% of QV. */
const PRICE_POINTS = [10, 20, 25, 30, 50, 75];
const productOf = new Map(PRICE_POINTS.map((qv, index) => [qv * VOLUME_SCALE, index + 1]));
const MEMBER_CODE_BASE = 1_000_000;
const ORDER_NUMBER_BASE = 10_000_000;
const points = (units: number) => String(units / VOLUME_SCALE);
const dayOf = (epochDay: number) => new Date(epochDay * 86_400_000).toISOString().slice(0, 10);
const members = Number(values.members);
const orders = values.orders === undefined ? members * 5 : Number(values.orders);

const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const peakRss = (): number => process.resourceUsage().maxRSS * 1024;
const load = (): string => loadavg().map((value) => value.toFixed(2)).join(', ');
/** CPU seconds of this process so far. */
const nodeCpu = (): number => { const usage = process.cpuUsage(); return (usage.user + usage.system) / 1e6; };
const user = (id: number): Actor => ({ kind: 'user', id, label: `user:${id}`, roles: ['admin'] });
const contextOf = (handle: DatabaseHandle, actor: Actor): RequestContext => ({ db: handle.db, actor, language: 'en', log: pino({ level: 'silent' }) });

const reuse = values.reuse && await databaseExists(values.url, BENCH_DATABASE);
const handle = await connect({ url: reuse ? databaseUrl(values.url, BENCH_DATABASE) : await recreateDatabase(values.url, BENCH_DATABASE), poolSize: 4 });
try {
  // A kept database gets the migrations added since.
  if (reuse) await migrate(handle);
  else await setUp(handle);
  if (Number(values.runs) > 0) await benchmark(handle, Number(values.runs));
} finally {
  await handle.close();
  if (!values.keep) await dropDatabase(values.url, BENCH_DATABASE);
}

async function setUp(handle: DatabaseHandle): Promise<void> {
  let started = performance.now();
  const network = generateNetwork({ members, orders, seed: Number(values.seed), periodStart: PERIOD.start, binaryPlacement: true });
  console.log(`generated ${members.toLocaleString('en')} members, ${orders.toLocaleString('en')} orders in ${seconds(performance.now() - started)}`);
  await migrate(handle);
  started = performance.now();
  await loadCompany(handle, network);
  console.log(`loaded with COPY in ${seconds(performance.now() - started)} (load average ${load()})`);
  if (values.verify) {
    started = performance.now();
    await handle.rawTransaction(verifyOrderTotals);
    console.log(`order totals verified in ${seconds(performance.now() - started)}`);
  }
  const yaml = readFileSync(values.plan, 'utf8').replace(/^effectiveFrom:.*$/m, `effectiveFrom: ${PERIOD.start}`);
  await savePlanVersion(contextOf(handle, user(1)), yaml);
  started = performance.now();
  await handle.exec('VACUUM ANALYZE');
  console.log(`vacuumed and analysed in ${seconds(performance.now() - started)}; database ${mib(await databaseSize(handle))}`);
}

interface RunFigures {
  calculate: number;
  phases: Record<CalculationPhase | 'commit', number>;
  approve: number;
  commit: number;
  /** CPU seconds: this process and the database backends during calculate, the backends during commit. */
  cpu: { calculateNode: number; calculateDb: number; commitDb: number };
}

async function benchmark(handle: DatabaseHandle, runs: number): Promise<void> {
  const figures: RunFigures[] = [];
  for (let run = 1; run <= runs; run += 1) {
    const sizeBefore = await databaseSize(handle);
    const loadBefore = load();
    const phases = {} as RunFigures['phases'];
    const dbCpuBefore = backendCpu(), nodeCpuBefore = nodeCpu();
    let phaseStarted = performance.now();
    const calculateStarted = phaseStarted;
    const { runId } = await calculatePeriod(handle, user(1), PERIOD.id, {
      onPhase: (phase) => {
        const now = performance.now();
        phases[phase] = now - phaseStarted;
        phaseStarted = now;
      },
    });
    phases.commit = performance.now() - phaseStarted;
    const calculate = performance.now() - calculateStarted;
    const calculateCpu = { node: nodeCpu() - nodeCpuBefore, db: cpuSince(dbCpuBefore) };
    const afterCalculate = await databaseSize(handle);
    const [counts] = await handle.db.selectFrom('commission_runs').select(['line_count', 'totals']).where('id', '=', runId).execute();
    if (values.checksum) console.log(`  lines checksum ${await linesChecksum(handle, runId)}`);

    let stepStarted = performance.now();
    await approveRun(contextOf(handle, user(2)), runId);
    const approve = performance.now() - stepStarted;
    const commitCpuBefore = backendCpu();
    stepStarted = performance.now();
    await commitRun(contextOf(handle, user(2)), runId);
    const commit = performance.now() - stepStarted;
    const commitDb = cpuSince(commitCpuBefore);
    const afterCommit = await databaseSize(handle);
    const postings = await ledgerCounts(handle);
    figures.push({ calculate, phases, approve, commit, cpu: { calculateNode: calculateCpu.node, calculateDb: calculateCpu.db, commitDb } });

    const totals = counts!.totals as { earners: number; paid: number };
    console.log(`run ${run} (load average before ${loadBefore}, after ${load()}):`);
    console.log(`  calculate ${seconds(calculate)}: snapshot ${seconds(phases.snapshot)}, engine ${seconds(phases.engine)}, `
      + `lines ${seconds(phases.lines)}, members ${seconds(phases.members)}, commit ${seconds(phases.commit)}; `
      + `${Number(counts!.line_count).toLocaleString('en')} lines, ${totals.earners.toLocaleString('en')} earners, paid ${totals.paid.toLocaleString('en')} paise; `
      + `database +${mib(afterCalculate - sizeBefore)}; CPU node ${seconds(1000 * calculateCpu.node)}, PostgreSQL ${seconds(1000 * calculateCpu.db)}`);
    console.log(`  approve ${seconds(approve)}; commit ${seconds(commit)}: ${postings.transactions.toLocaleString('en')} transactions, `
      + `${postings.entries.toLocaleString('en')} entries, database +${mib(afterCommit - afterCalculate)}, CPU PostgreSQL ${seconds(1000 * commitDb)}; peak RSS ${mib(peakRss())}`);
    await takeBackCommit(handle, runId);
  }
  const summary = (pick: (run: RunFigures) => number) => {
    const times = figures.map(pick);
    return `${seconds(median(times))} (${times.map(seconds).join(', ')})`;
  };
  console.log(`medians over ${runs} runs (load average now ${load()}):`);
  console.log(`  calculate ${summary((run) => run.calculate)}`);
  for (const phase of ['snapshot', 'engine', 'lines', 'members', 'commit'] as const) console.log(`    ${phase} ${summary((run) => run.phases[phase])}`);
  console.log(`    CPU node ${summary((run) => 1000 * run.cpu.calculateNode)}, PostgreSQL ${summary((run) => 1000 * run.cpu.calculateDb)}`);
  console.log(`  approve ${summary((run) => run.approve)}`);
  console.log(`  commit ${summary((run) => run.commit)}`);
  console.log(`    CPU PostgreSQL ${summary((run) => 1000 * run.cpu.commitDb)}`);
  console.log(`peak RSS ${mib(peakRss())}`);
}

/**
 * CPU seconds used so far by each PostgreSQL backend serving the bench database, by pid (from
 * /proc; Linux clock ticks of 10 ms). On a shared machine CPU time varies less than wall time.
 */
function backendCpu(): Map<number, number> {
  const cpu = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const title = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (!title.startsWith('postgres: ') || !title.includes(` ${BENCH_DATABASE} `)) continue;
      const fields = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ');
      cpu.set(Number(entry), (Number(fields[11]) + Number(fields[12])) / 100);
    } catch {
      // the process ended meanwhile
    }
  }
  return cpu;
}

function cpuSince(before: Map<number, number>): number {
  let used = 0;
  for (const [pid, seconds] of backendCpu()) used += seconds - (before.get(pid) ?? 0);
  return used;
}

/**
 * A checksum of the text of every stored line of a run, every column but the run's id (line numbers
 * included): the same for the same lines whatever the run and whatever the order of rows on disk.
 */
async function linesChecksum(handle: DatabaseHandle, runId: number): Promise<string> {
  const [row] = await handle.rawTransaction((session) => session.query<{ lines: string; checksum: string }>(
    `SELECT count(*) AS lines, sum(hashtextextended(row(line_no, payee_id, bonus, amount, source_member_id, source_order_id, level, paid_level,
                                                        rate, base, reverses_run_id, reverses_line_no)::text, 0)::numeric)::text AS checksum
       FROM commission_lines WHERE run_id = $1`, [runId],
  ));
  return `${row!.lines} lines, ${row!.checksum}`;
}

async function databaseSize(handle: DatabaseHandle): Promise<number> {
  const [row] = await handle.rawTransaction((session) => session.query<{ size: string }>('SELECT pg_database_size(current_database()) AS size'));
  return Number(row!.size);
}

async function ledgerCounts(handle: DatabaseHandle): Promise<{ transactions: number; entries: number }> {
  const [row] = await handle.rawTransaction((session) => session.query<{ transactions: string; entries: string }>(
    'SELECT (SELECT count(*) FROM ledger_transactions) AS transactions, (SELECT count(*) FROM ledger_entries) AS entries',
  ));
  return { transactions: Number(row!.transactions), entries: Number(row!.entries) };
}

/**
 * Undoes a commit outside the product's rules, so the next run starts as the first did: the
 * ledger is emptied (TRUNCATE, as entries are never deleted), the run superseded with its lines
 * partition dropped, the period closed again.
 */
async function takeBackCommit(handle: DatabaseHandle, runId: number): Promise<void> {
  await handle.rawTransaction(async (session) => {
    await session.exec('TRUNCATE ledger_entries, ledger_transactions, payouts');
    await dropRunLines(session, [runId]);
    await session.query("DELETE FROM ledger_accounts WHERE kind = 'member_wallet'");
    await session.query("UPDATE commission_runs SET status = 'superseded' WHERE id = $1", [runId]);
    await session.query("UPDATE periods SET status = 'closed' WHERE id = $1", [PERIOD.id]);
  });
  await handle.exec('VACUUM ANALYZE ledger_accounts, commission_runs, periods');
}

/**
 * The company, its products, one closed period, the members and the period's orders with one
 * line each, in one transaction. Foreign keys and triggers are held off while loading
 * (session_replication_role = replica; the generator links only rows it wrote before) and the
 * order totals match their lines by construction (--verify checks them).
 */
async function loadCompany(handle: DatabaseHandle, network: Snapshot): Promise<void> {
  await handle.rawTransaction(async (session) => {
    await session.exec("SET LOCAL samooh.bulk_load = 'on'; SET LOCAL session_replication_role = replica; SET LOCAL synchronous_commit = off");
    await session.query(`INSERT INTO company (id, name, currency, time_zone, placement_tree) VALUES (1, 'Period Bench', 'INR', 'Asia/Kolkata', 'binary')`);
    await session.query(
      `INSERT INTO products (id, sku, name_en, name_hi, qv, cv) SELECT k, 'QV-' || qv, 'Product ' || qv, 'उत्पाद ' || qv, qv, qv * 0.8 FROM unnest($1::int[]) WITH ORDINALITY AS p (qv, k)`,
      [PRICE_POINTS],
    );
    await session.query(`INSERT INTO product_prices (product_id, currency, retail_price, distributor_price) SELECT id, 'INR', qv * 250, qv * 200 FROM products`);
    await session.query(`INSERT INTO periods (id, start_date, end_date, status) VALUES ($1, $2, $3, 'closed')`, [PERIOD.id, PERIOD.start, PERIOD.end]);
    let step = performance.now();
    await copyMembers(session, network);
    console.log(`  members ${seconds(performance.now() - step)}`);
    step = performance.now();
    await copyOrders(session, network);
    console.log(`  orders and order lines ${seconds(performance.now() - step)}`);
    await session.query(`SELECT setval(pg_get_serial_sequence('members', 'id'), $1), setval(pg_get_serial_sequence('orders', 'id'), $2),
                                setval(pg_get_serial_sequence('order_lines', 'id'), $2), setval(pg_get_serial_sequence('products', 'id'), $3),
                                setval(pg_get_serial_sequence('periods', 'id'), 1),
                                setval('member_code_seq', $4), setval('order_number_seq', $5)`,
    [network.memberCount, network.orderCount, PRICE_POINTS.length, MEMBER_CODE_BASE + network.memberCount, ORDER_NUMBER_BASE + network.orderCount]);
  });
}

/** Ids follow the generator's indices (sponsors before the members they sponsor); codes have one width, so code order is id order. */
async function copyMembers(session: RawSession, network: Snapshot): Promise<void> {
  function* rows(): Generator<string> {
    for (let i = 0; i < network.memberCount; i += 1) {
      const id = i + 1;
      const sponsor = network.sponsor[i] === NONE ? '\\N' : String(network.sponsor[i]! + 1);
      const placed = network.placement[i] !== NONE;
      const parent = placed ? String(network.placement[i]! + 1) : '\\N';
      const slot = placed ? (network.placementLeg[i] === LEFT_LEG ? '0' : '1') : '\\N';
      // Midday in India on the day of joining, so the company's calendar day is the generator's.
      const joined = `${dayOf(network.joinedDay[i]!)} 06:30:00+00`;
      const terminated = network.terminated[i] === 1;
      yield `${id}\tSM${MEMBER_CODE_BASE + id}\tMember ${id}\t${MEMBER_TYPES[network.memberType[i]!]}\t${terminated ? 'terminated' : 'active'}\t`
        + `${sponsor}\t${parent}\t${slot}\t${joined}\t${terminated ? joined : '\\N'}\n`;
    }
  }
  const columns = ['id', 'code', 'name', 'type', 'status', 'sponsor_id', 'placement_parent_id', 'placement_slot', 'joined_at', 'terminated_at'];
  await session.copyFrom('members', columns, chunkRows(rows()));
}

/** One line per order (quantity 1 of the product at the order's price point); a customer's order is credited to the distributor above. */
async function copyOrders(session: RawSession, network: Snapshot): Promise<void> {
  const isDistributor = (member: number) => network.memberType[member] === 0;
  function* orderRows(): Generator<string> {
    for (let o = 0; o < network.orderCount; o += 1) {
      const buyer = network.orderBuyer[o]!;
      const credited = isDistributor(buyer) ? buyer : network.sponsor[buyer]!;
      yield `${o + 1}\tSO${ORDER_NUMBER_BASE + o + 1}\t${buyer + 1}\t${credited + 1}\t${PERIOD.id}\t${dayOf(network.orderDay[o]!)}\tpaid\tINR\t`
        + `${isDistributor(buyer) ? 'distributor' : 'retail'}\t${network.orderAmount[o]}\t${network.orderWholesale[o]}\t${points(network.orderQv[o]!)}\t${points(network.orderCv[o]!)}\n`;
    }
  }
  function* lineRows(): Generator<string> {
    for (let o = 0; o < network.orderCount; o += 1) {
      const qv = points(network.orderQv[o]!), cv = points(network.orderCv[o]!);
      const product = productOf.get(network.orderQv[o]!)!;
      const amount = network.orderAmount[o], wholesale = network.orderWholesale[o];
      yield `${o + 1}\t${o + 1}\t1\t${product}\tQV-${PRICE_POINTS[product - 1]}\t1\t${amount}\t${wholesale}\t${qv}\t${cv}\t${amount}\t${wholesale}\t${qv}\t${cv}\n`;
    }
  }
  await session.copyFrom('orders', ['id', 'number', 'buyer_id', 'credited_id', 'period_id', 'business_date', 'status', 'currency', 'price_tier', 'amount', 'wholesale_amount', 'qv', 'cv'], chunkRows(orderRows()));
  await session.copyFrom('order_lines', ['id', 'order_id', 'line_no', 'product_id', 'sku', 'quantity', 'unit_price', 'unit_wholesale', 'unit_qv', 'unit_cv', 'amount', 'wholesale_amount', 'qv', 'cv'], chunkRows(lineRows()));
}
