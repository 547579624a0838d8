import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMoney, formatVolume } from '../src/lib/format.ts';
import type { Projection, Wallet } from '../src/lib/types.ts';
import { DISTRIBUTOR, launchBrowser, openWatched, startDemoServer, type DemoServer, type TestBrowser } from './support/demo-server.ts';

/**
 * The web app end to end: Debian's Chromium driving the built app served by the real
 * Samooh server, over a seeded demo company. Figures on screen are checked against what
 * the API answers for the same distributor.
 */
/** Where the screenshots go (the ones shown in the README are copied from here to docs/screenshots/). */
const SCREENSHOTS = process.env.SAMOOH_SCREENSHOTS ?? new URL('../../../.test-results/screenshots/', import.meta.url).pathname;
const PHONE = { width: 360, height: 780 };

let demo: DemoServer;
let chrome: TestBrowser;
/** Everything the browser said went wrong: script errors, refused content (CSP), failed loads. */
const problems: string[] = [];

function open(viewport?: { width: number; height: number }): Promise<Page> {
  return openWatched(chrome, demo.server.baseUrl, problems, { viewport });
}

async function signIn(page: Page): Promise<void> {
  await page.goto(`${demo.server.baseUrl}/`);
  await page.waitForURL(/\/sign-in/);
  await page.getByLabel('Email').fill(DISTRIBUTOR.email);
  await page.locator('input[type="password"]').fill(DISTRIBUTOR.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'My business' }).waitFor();
}

const api = <T>(path: string) => demo.server.request<T>('GET', path, { as: demo.distributor }).then((response) => {
  expect(response.status, response.text).toBe(200);
  return response.body;
});

async function expectNoHorizontalOverflow(page: Page): Promise<void> {
  const widths = await page.evaluate<{ scroll: number; client: number }>('({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth })');
  expect(widths.scroll).toBeLessThanOrEqual(widths.client);
}

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  demo = await startDemoServer();
  chrome = await launchBrowser();
});
afterAll(async () => {
  await chrome?.close();
  await demo?.close();
});

describe('the web app', () => {
  it('serves the app for pages and keeps the API answering JSON', async () => {
    const page = await demo.server.request('GET', '/wallet', { as: 'anonymous' });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.text).toContain('<div id="root">');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const unknown = await demo.server.request('GET', '/api/nothing-here', { as: 'anonymous' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('ROUTE_NOT_FOUND');
    // Chromium asks for /favicon.ico on the API's own pages; it is sent to the app's icon rather than answered 404.
    const icon = await demo.server.request('GET', '/favicon.ico', { as: 'anonymous' });
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toContain('image/svg+xml');
  });

  it('sends a visitor to sign-in, and shows the distributor their figures as the projection API gives them', async () => {
    const page = await open();
    await signIn(page);
    const projection = await api<Projection>(`/api/members/${demo.memberCode}/projection`);
    expect(await page.getByTestId('pv').textContent()).toBe(formatVolume('en', projection.pv));
    expect(await page.getByTestId('gv').textContent()).toBe(formatVolume('en', projection.gv));
    expect(await page.getByTestId('projected').textContent()).toBe(formatMoney('en', projection.projectedEarnings));
    expect(await page.getByTestId('rank').textContent()).toBe(projection.rank ?? 'No rank yet');
    expect(await page.getByTestId('active').textContent()).toBe(projection.active ? 'Active' : 'Not active yet');
    await page.getByText('What I still need').waitFor();
    for (const need of projection.progress.needs) await page.getByTestId(`need-${need.requirement}`).first().waitFor();
    // The earnings history has the committed month, drawn by the lazily loaded chart.
    await page.locator('canvas').first().waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}dashboard-en-desktop.png`, fullPage: true });
  });

  it('asks for the first screen\'s data once, while the app\'s code loads, and the app uses those answers', async () => {
    const page = await open();
    await signIn(page);
    await page.waitForLoadState('networkidle');
    const asked: string[] = [];
    page.on('request', (request) => {
      const path = new URL(request.url()).pathname;
      if (path.startsWith('/api/') || path.endsWith('.js')) asked.push(path);
    });
    await page.reload();
    await page.getByTestId('pv').waitFor();
    const projectionPath = `/api/members/${(await api<{ user: { memberId: number } }>('/api/auth/me')).user.memberId}/projection`;
    expect(asked.filter((path) => path === '/api/auth/me')).toHaveLength(1);
    expect(asked.filter((path) => path === projectionPath)).toHaveLength(1);
    // early.js is the page's first script, so it asks while the app's modules are still on their way.
    expect(asked[0]).toBe('/early.js');
  });

  it('switches to Hindi: Hindi text and ₹ with Indian grouping, remembered on the account', async () => {
    const page = await open();
    await signIn(page);
    await page.getByText('हिन्दी').first().click();
    await page.getByRole('heading', { name: 'मेरा व्यवसाय' }).waitFor();
    const projection = await api<Projection>(`/api/members/${demo.memberCode}/projection`);
    const shown = await page.getByTestId('projected').textContent();
    expect(shown).toBe(formatMoney('hi', projection.projectedEarnings));
    expect(shown).toMatch(/^₹/);
    expect(formatMoney('hi', 123_456_700)).toBe('₹12,34,567.00');
    await expect.poll(async () => (await api<{ user: { language: string } }>('/api/auth/me')).user.language).toBe('hi');
    await page.screenshot({ path: `${SCREENSHOTS}dashboard-hi-desktop.png`, fullPage: true });
    // Another device: a fresh browser signs in and is spoken to in Hindi at once.
    const other = await open();
    await other.goto(`${demo.server.baseUrl}/sign-in`);
    await other.getByLabel('Email').fill(DISTRIBUTOR.email);
    await other.locator('input[type="password"]').fill(DISTRIBUTOR.password);
    await other.getByRole('button', { name: 'Sign in' }).click();
    await other.getByRole('heading', { name: 'मेरा व्यवसाय' }).waitFor();
    await other.getByText('English').first().click();
    await other.getByRole('heading', { name: 'My business' }).waitFor();
    await expect.poll(async () => (await api<{ user: { language: string } }>('/api/auth/me')).user.language).toBe('en');
  });

  it('opens the wallet: the balance, ledger entries and the committed statement with every line explained', async () => {
    const page = await open();
    await signIn(page);
    await page.getByRole('link', { name: 'Wallet' }).click();
    await page.getByRole('heading', { name: 'Wallet' }).waitFor();
    const wallet = await api<Wallet>(`/api/members/${demo.memberCode}/wallet?limit=20`);
    expect(wallet.entries.length).toBeGreaterThan(0);
    expect(await page.getByTestId('balance').textContent()).toBe(formatMoney('en', wallet.balance));
    await expect.poll(() => page.getByTestId('entries').locator('tbody tr').count()).toBe(wallet.entries.length);
    await page.getByRole('tab', { name: 'Statements' }).click();
    await page.getByTestId('statement').waitFor();
    const periods = await api<{ items: { id: number; status: string }[] }>('/api/periods');
    const committed = periods.items.find((period) => period.status === 'committed')!;
    const statement = await api<{ net: number; tds: number; lines: { explanation: string }[] }>(`/api/members/${demo.memberCode}/statement?period=${committed.id}`);
    expect(await page.getByTestId('statement-net').textContent()).toBe(formatMoney('en', statement.net));
    expect(await page.getByTestId('statement-tds').textContent()).toBe(formatMoney('en', -statement.tds));
    expect(statement.lines.length).toBeGreaterThan(0);
    await page.getByText(statement.lines[0]!.explanation, { exact: true }).first().waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}wallet-en-desktop.png`, fullPage: true });
  });

  it('expands the team tree one level on demand, from the frontline API', async () => {
    const page = await open();
    await signIn(page);
    await page.getByRole('link', { name: 'My team' }).click();
    const frontline = await api<{ items: { id: number; code: string; name: string; children: number }[] }>(`/api/members/${demo.memberCode}/frontline?tree=sponsor&limit=25`);
    const parent = frontline.items.find((member) => member.children > 0)!;
    expect(parent).toBeDefined();
    await page.getByTestId(`node-${parent.code}`).waitFor();
    const below = await api<{ items: { code: string }[] }>(`/api/members/${parent.code}/frontline?tree=sponsor&limit=25`);
    await expect.poll(() => page.getByTestId(`node-${below.items[0]!.code}`).count()).toBe(0);
    await page.getByRole('button', { name: `Show ${parent.name}'s team` }).click();
    for (const child of below.items) await page.getByTestId(`node-${child.code}`).waitFor();
    await page.getByTestId('levels').waitFor();
    await page.getByRole('button', { name: `Open ${parent.name}'s card` }).click();
    await page.getByTestId('member-card').getByText(parent.code).waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}team-en-desktop.png`, fullPage: true });
  });

  it('fits a 360-pixel phone: nothing overflows sideways, the menu opens from the burger', async () => {
    const page = await open(PHONE);
    await signIn(page);
    await expectNoHorizontalOverflow(page);
    await page.screenshot({ path: `${SCREENSHOTS}dashboard-en-phone.png`, fullPage: true });
    await page.getByRole('button', { name: 'Open the menu' }).click();
    await page.getByRole('link', { name: 'Wallet' }).click();
    await page.getByTestId('balance').waitFor();
    await expectNoHorizontalOverflow(page);
    await page.getByRole('button', { name: 'Open the menu' }).click();
    await page.getByRole('link', { name: 'My team' }).click();
    await page.getByTestId('levels').waitFor();
    await expectNoHorizontalOverflow(page);
    await page.getByText('हिन्दी').first().click();
    await page.getByRole('heading', { name: 'मेरी टीम' }).waitFor();
    await expectNoHorizontalOverflow(page);
    await page.screenshot({ path: `${SCREENSHOTS}team-hi-phone.png`, fullPage: true });
    await page.getByText('English').first().click();
    await page.getByRole('heading', { name: 'My team' }).waitFor();
  });

  it('is reachable by keyboard: sign-in by typing and Enter', async () => {
    const page = await open();
    await page.goto(`${demo.server.baseUrl}/sign-in`);
    await page.getByLabel('Email').focus();
    await page.keyboard.type(DISTRIBUTOR.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(DISTRIBUTOR.password);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'My business' }).waitFor();
  });

  it('shows a wrong password as the API words it, and signs out', async () => {
    const page = await open();
    await page.goto(`${demo.server.baseUrl}/sign-in`);
    await page.getByLabel('Email').fill(DISTRIBUTOR.email);
    await page.locator('input[type="password"]').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}sign-in-error-en.png` });
    await page.locator('input[type="password"]').fill(DISTRIBUTOR.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'My business' }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).first().click();
    await page.waitForURL(/\/sign-in/);
    await page.goto(`${demo.server.baseUrl}/wallet`);
    await page.waitForURL(/\/sign-in/);
  });

  it('ran without a script error or a refused resource (the CSP allows everything the app needs)', () => {
    // A wrong password is answered 401, which the browser logs as a failed load: that one is expected.
    expect(problems.filter((problem) => !problem.includes('401'))).toEqual([]);
  });
});
