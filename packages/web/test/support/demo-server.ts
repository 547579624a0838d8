import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { createUser } from '../../../server/src/services/auth/users.ts';
import { approveRun } from '../../../server/src/services/commissions/approve-run.ts';
import { calculatePeriod } from '../../../server/src/services/commissions/calculate-period.ts';
import { commitRun } from '../../../server/src/services/commissions/commit-run.ts';
import { createDemoDistributorAccount } from '../../../server/src/services/demo/demo-distributor.ts';
import { createDemoStaffAccounts, DEMO_STAFF } from '../../../server/src/services/demo/demo-staff.ts';
import { seedDemo } from '../../../server/src/services/demo/seed-demo.ts';
import { SYSTEM_ACTOR } from '../../../server/src/services/context.ts';
import { changePeriodStatus, openNextPeriod } from '../../../server/src/services/periods/periods.ts';
import { refreshProjections } from '../../../server/src/services/projections/refresh-projections.ts';
import { startServer, type Credentials, type TestServer } from '../../../server/test/support/http-client.ts';
import { createTestDatabase, type TestDatabase } from '../../../server/test/support/test-database.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const DISTRIBUTOR = { email: 'distributor@example.com', password: 'green-valley-7421' };
/** The demo staff (services/demo/demo-staff.ts): two administrators and a support agent. */
export const STAFF_PASSWORDS = { admin: 'saffron-kite-5310', approver: 'monsoon-lamp-8826', support: 'quiet-harbour-4172' } as const;
export const STAFF = Object.fromEntries(DEMO_STAFF.map((staff) => [staff.key, { email: staff.email, password: STAFF_PASSWORDS[staff.key] }])) as Record<keyof typeof STAFF_PASSWORDS, { email: string; password: string }>;
const WEB_ROOT = new URL('../../dist', import.meta.url).pathname;

export interface DemoServer {
  database: TestDatabase;
  server: TestServer;
  distributor: Credentials;
  memberCode: string;
  close(): Promise<void>;
}

/** Builds the web app if its sources changed since the last build (scripts/build-web.mjs). */
export function buildWebApp(): void {
  const run = spawnSync(process.execPath, [new URL('../../../../scripts/build-web.mjs', import.meta.url).pathname], { stdio: 'inherit' });
  if (run.status !== 0) throw new Error('building the web app failed');
}

/**
 * The real Samooh server on a free loopback port, serving the built web app, over a small
 * seeded demo company whose first month is calculated, approved by a second person and
 * committed (so wallets and statements have entries), with live projections refreshed and
 * a demo distributor account.
 */
export async function startDemoServer(): Promise<DemoServer> {
  buildWebApp();
  const database = await createTestDatabase();
  await seedDemo(database.handle, { members: 400, months: 3, seed: 42, until: '2025-03-20' });
  const ctx = database.ctx;
  const calculator = await createUser(ctx, { email: 'calc@demo.test', roles: ['finance'], password: 'finance-password-1' });
  const approver = await createUser(ctx, { email: 'approve@demo.test', roles: ['finance'], password: 'finance-password-2' });
  const actorOf = (id: number) => ({ kind: 'user' as const, id, label: `user:${id}`, roles: ['finance'] });
  const first = await database.handle.db.selectFrom('periods').select('id').orderBy('start_date').executeTakeFirstOrThrow();
  const { runId } = await calculatePeriod(database.handle, actorOf(calculator.user.id), first.id);
  await approveRun({ ...ctx, actor: actorOf(approver.user.id) }, runId);
  await commitRun({ ...ctx, actor: actorOf(approver.user.id) }, runId);
  await refreshProjections(database.handle);
  const demo = await createDemoDistributorAccount(ctx, DISTRIBUTOR);
  await createDemoStaffAccounts(ctx, STAFF_PASSWORDS);
  const server = await startServer(database.handle, { webRoot: WEB_ROOT });
  const distributor = await server.signIn(DISTRIBUTOR.email, DISTRIBUTOR.password);
  return {
    database,
    server,
    distributor,
    memberCode: demo.memberCode,
    async close() {
      await server.close();
      await database.drop();
    },
  };
}

/**
 * The demo company's months lie in the past: closes its open period and opens the months up
 * to today, so an order placed now counts in the one open period.
 */
export async function openPeriodsUntilToday(database: TestDatabase): Promise<void> {
  const ctx = { ...database.ctx, actor: SYSTEM_ACTOR };
  const db = database.handle.db;
  for (const period of await db.selectFrom('periods').select('id').where('status', '=', 'open').execute()) await changePeriodStatus(ctx, period.id, 'close');
  const today = new Date().toISOString().slice(0, 10);
  for (;;) {
    const period = await openNextPeriod(ctx);
    if (period.end >= today) break;
    await changePeriodStatus(ctx, period.id, 'close');
  }
}

export interface TestBrowser {
  context: BrowserContext;
  /** A new tab with the given viewport, after forgetting every cookie and stored setting. */
  freshPage(viewport?: { width: number; height: number }): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Debian's Chromium, headless, with a fresh profile directory (--user-data-dir, given by
 * Playwright's persistent context) and no background traffic: this machine has no network.
 */
export async function launchBrowser(): Promise<TestBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'samooh-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    locale: 'en-IN',
    viewport: { width: 1280, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  return {
    context,
    async freshPage(viewport = { width: 1280, height: 900 }) {
      await context.clearCookies();
      for (const page of context.pages()) await page.close();
      const page = await context.newPage();
      await page.setViewportSize(viewport);
      return page;
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * A fresh tab on the demo server's origin with nothing stored in this browser (a new device),
 * watched: every script error, refused content (CSP) and failed load it logs is added to
 * `problems`, with the address it came from, for the test that checks the run stayed clean.
 */
export async function openWatched(chrome: TestBrowser, baseUrl: string, problems: string[], options: { viewport?: { width: number; height: number }; timeout?: number } = {}): Promise<Page> {
  const page = await chrome.freshPage(options.viewport);
  page.setDefaultTimeout(options.timeout ?? 15_000);
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()} (${message.location().url})`);
  });
  page.on('response', (response) => {
    if (response.status() === 404) problems.push(`404 ${response.url()}`);
  });
  page.on('pageerror', (error) => problems.push(`page: ${error.message}`));
  await page.goto(`${baseUrl}/api/health`);
  await page.evaluate('localStorage.clear()');
  return page;
}

/** Signs in on the sign-in page of the server at `baseUrl` and waits to land on `next` (a path without a query). */
export async function signInAt(page: Page, baseUrl: string, who: { email: string; password: string }, next: string): Promise<void> {
  await page.goto(`${baseUrl}/sign-in?next=${encodeURIComponent(next)}`);
  await page.getByLabel('Email').fill(who.email);
  await page.locator('input[type="password"]').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname === next);
}

