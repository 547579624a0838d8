/**
 * First screen of the distributor dashboard in Chromium over loopback, for a
 * member with at least --below people (default 100,000) in their sponsor
 * downline: a demo company of --members members on PostgreSQL, the real
 * `samooh serve` process serving the built web app, and a fresh browser
 * context per run (nothing cached: a first visit). A run is timed from asking
 * for the page to the moment the live figures (PV) and the rank report card
 * are on screen, on a desktop and on a 360-pixel phone. Target: 2 s.
 *
 *   npm run bench:web -- [--members N] [--below N] [--runs N] [--reuse] [--keep] [--database NAME] [--url postgres://…]
 */
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pino from 'pino';
import { chromium, type Browser } from 'playwright-core';
import { connect, type DatabaseHandle } from '../packages/server/src/db/connection.ts';
import { migrate } from '../packages/server/src/db/migrate.ts';
import { bringUpToDate } from './lib/bring-up-to-date.ts';
import { createUser } from '../packages/server/src/services/auth/users.ts';
import { SYSTEM_ACTOR, type RequestContext } from '../packages/server/src/services/context.ts';
import { seedDemo } from '../packages/server/src/services/demo/seed-demo.ts';
import { refreshProjections } from '../packages/server/src/services/projections/refresh-projections.ts';
import { startServerProcess } from '../packages/server/test/support/server-process.ts';
import { databaseExists, databaseUrl, dropDatabase, recreateDatabase } from './lib/postgres.ts';
import { median } from './lib/stats.ts';

const { values } = parseArgs({
  options: {
    members: { type: 'string', default: '150000' },
    below: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '5' },
    reuse: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    database: { type: 'string', default: 'samooh_web_bench' },
    url: { type: 'string', default: process.env.DATABASE_URL ?? 'postgres://samooh:samooh@127.0.0.1:5432/postgres' },
  },
});
const TARGET_MS = 2000;
const PASSWORD = 'web-bench-leader-73';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const WEB_ROOT = new URL('../packages/web/dist', import.meta.url).pathname;
const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 360, height: 740 },
];

const reuse = values.reuse && (await databaseExists(values.url!, values.database!));
const url = reuse ? databaseUrl(values.url!, values.database!) : await recreateDatabase(values.url!, values.database!);
try {
  const handle = await connect({ url, poolSize: 4 });
  let leader: Awaited<ReturnType<typeof pickLeader>>;
  try {
    if (reuse) await bringUpToDate(handle);
    else await setUp(handle);
    leader = await pickLeader(handle, Number(values.below));
  } finally {
    await handle.close();
  }
  await measure(leader);
} finally {
  if (!values.keep) await dropDatabase(values.url!, values.database!);
}

async function setUp(db: DatabaseHandle): Promise<void> {
  await migrate(db);
  const started = performance.now();
  await seedDemo(db, { members: Number(values.members), months: 1, seed: 42 });
  await db.exec('VACUUM ANALYZE');
  await refreshProjections(db);
  console.log(`seeded ${Number(values.members).toLocaleString('en')} members and computed the live standing in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** The distributor whose sponsor downline is the smallest one of at least `below` people, with a sign-in. */
async function pickLeader(db: DatabaseHandle, below: number): Promise<{ code: string; team: number; email: string }> {
  const { rows } = await sql<{ code: string; team: number }>`
    SELECT m.code, c.team FROM genealogy_counts c JOIN members m ON m.id = c.member_id
     WHERE c.tree = 'sponsor' AND m.type = 'distributor' AND m.status = 'active' AND c.team >= ${below}
     ORDER BY c.team, m.id LIMIT 1`.execute(db.db);
  const leader = rows[0];
  if (!leader) throw new Error(`no distributor has ${below.toLocaleString('en')} people below; seed more --members`);
  const email = `web-bench-${leader.code.toLowerCase()}@samooh.test`;
  const exists = await db.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
  const ctx: RequestContext = { db: db.db, actor: SYSTEM_ACTOR, language: 'en', log: pino({ level: 'silent' }) };
  if (!exists) await createUser(ctx, { email, roles: ['distributor'], member: leader.code, password: PASSWORD });
  return { code: leader.code, team: Number(leader.team), email };
}

async function measure(leader: { code: string; team: number; email: string }): Promise<void> {
  const build = spawnSync(process.execPath, [new URL('../scripts/build-web.mjs', import.meta.url).pathname], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('building the web app failed');
  const server = await startServerProcess(url, { env: { SAMOOH_WEB_DIR: WEB_ROOT, LOG_LEVEL: 'error' } });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    console.log(`${leader.code}: ${leader.team.toLocaleString('en')} people below; ${values.runs} runs per screen, a fresh browser context each`);
    for (const viewport of VIEWPORTS) {
      const runs: Timing[] = [];
      for (let run = 0; run < Number(values.runs); run++) runs.push(await firstScreen(browser, server.baseUrl, leader.email, viewport));
      const mid = (key: keyof Timing) => median(runs.map((run) => run[key])).toFixed(0);
      console.log(`${viewport.name.padEnd(8)} shown ${runs.map((run) => run.shown.toFixed(0)).join(', ')} ms; median: page loaded ${mid('loaded')} ms, `
        + `standing answered ${mid('answered')} ms, figures shown ${mid('shown')} ms; target ${TARGET_MS} ms: ${Number(mid('shown')) <= TARGET_MS ? 'met' : 'NOT met'}`);
    }
  } finally {
    await browser.close();
    await server.kill('SIGTERM');
  }
}

/** Milliseconds from asking for the page: its load event, the live standing's answer, the figures on screen. */
interface Timing {
  loaded: number;
  answered: number;
  shown: number;
}

/** Signs in (not timed), then times a first visit to the dashboard until its figures and the rank card show. */
async function firstScreen(browser: Browser, baseUrl: string, email: string, viewport: { width: number; height: number }): Promise<Timing> {
  const context = await browser.newContext({ viewport });
  try {
    const signIn = await context.request.post(`${baseUrl}/api/auth/sign-in`, { data: { email, password: PASSWORD } });
    if (!signIn.ok()) throw new Error(`sign-in failed: ${signIn.status()} ${await signIn.text()}`);
    const page = await context.newPage();
    const started = performance.now();
    const answered = page.waitForResponse((response) => /\/api\/members\/[^/]+\/projection$/.test(new URL(response.url()).pathname)).then(() => performance.now() - started);
    await page.goto(`${baseUrl}/`, { waitUntil: 'load' });
    const loaded = performance.now() - started;
    await page.getByTestId('pv').waitFor();
    await page.locator('#rank-card-title').waitFor();
    const shown = performance.now() - started;
    return { shown, loaded, answered: await answered };
  } finally {
    await context.close();
  }
}
