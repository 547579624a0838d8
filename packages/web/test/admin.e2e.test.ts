import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMoney, formatPeriod } from '../src/lib/format.ts';
import type { Period, Statement } from '../src/lib/types.ts';
import type { Run, RunPreview } from '../src/pages/admin/types.ts';
import { DISTRIBUTOR, launchBrowser, STAFF, startDemoServer, type DemoServer, type TestBrowser } from './support/demo-server.ts';

/**
 * The admin console end to end: Debian's Chromium driving the built app against the real
 * server over the seeded demo company. One administrator runs a period's preview, a second
 * one approves, commits and pays it, and the distributor finds the statement in their wallet.
 */
const SCREENSHOTS = process.env.SAMOOH_SCREENSHOTS ?? new URL('../../../.test-results/screenshots/', import.meta.url).pathname;

let demo: DemoServer;
let chrome: TestBrowser;
/** Everything the browser said went wrong: script errors, refused content (CSP), failed loads. */
const problems: string[] = [];

async function open(viewport?: { width: number; height: number }): Promise<Page> {
  const page = await chrome.freshPage(viewport);
  page.setDefaultTimeout(15_000);
  await page.goto(`${demo.server.baseUrl}/api/health`);
  await page.evaluate('localStorage.clear()');
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()} (${message.location().url})`);
  });
  page.on('response', (response) => {
    if (response.status() === 404) problems.push(`404 ${response.url()}`);
  });
  page.on('pageerror', (error) => problems.push(`page: ${error.message}`));
  return page;
}

/** Signs in on the sign-in page and lands on `next`. */
async function signIn(page: Page, who: { email: string; password: string }, next: string): Promise<void> {
  await page.goto(`${demo.server.baseUrl}/sign-in?next=${encodeURIComponent(next)}`);
  await page.getByLabel('Email').fill(who.email);
  await page.locator('input[type="password"]').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname === next);
}

const asOwner = async <T,>(path: string): Promise<T> => {
  const response = await demo.server.request<T>('GET', path);
  expect(response.status, response.text).toBe(200);
  return response.body;
};

const periods = () => asOwner<{ items: Period[] }>('/api/periods').then((answer) => answer.items);

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  demo = await startDemoServer();
  chrome = await launchBrowser();
});
afterAll(async () => {
  await chrome?.close();
  await demo?.close();
});

describe('the admin console', () => {
  it('runs a period end to end: a preview by one administrator, approval, commit and pay by a second, and the distributor sees the statement', async () => {
    // The demo's second month is closed and not yet calculated.
    const period = (await periods()).find((candidate) => candidate.status === 'closed')!;
    expect(period).toBeDefined();
    const label = formatPeriod('en', period.start, period.end);

    const first = await open();
    await signIn(first, STAFF.admin, '/admin/periods');
    await first.getByRole('heading', { name: 'Pay periods' }).waitFor();
    await first.getByTestId(`period-${period.id}`).click();
    await first.getByRole('heading', { name: `Period ${label}` }).waitFor();
    await first.getByTestId('calculate').click();
    await first.getByTestId('run').waitFor({ timeout: 60_000 });
    const runs = await asOwner<{ items: Run[] }>(`/api/periods/${period.id}/runs`);
    expect(runs.items).toHaveLength(1);
    const preview = await asOwner<RunPreview>(`/api/runs/${runs.items[0]!.id}`);
    expect(preview.totals.paid).toBeGreaterThan(0);
    // The figures on screen are the API's: paid, net, earners, and every bonus's total.
    expect(await first.getByTestId('run-paid').textContent()).toBe(formatMoney('en', preview.totals.paid));
    expect(await first.getByTestId('run-net').textContent()).toBe(formatMoney('en', preview.totals.net));
    expect(await first.getByTestId('run-earners').textContent()).toBe(String(preview.totals.earners));
    for (const amount of Object.values(preview.totals.byBonus)) await first.getByTestId('by-bonus').getByText(formatMoney('en', amount), { exact: true }).first().waitFor();
    await first.getByTestId('top-earners').getByText(preview.topEarners[0]!.code).waitFor();
    await first.getByTestId('run-status').getByText('Preview').waitFor();
    await first.screenshot({ path: `${SCREENSHOTS}admin-period-en-desktop.png`, fullPage: true });
    // The one who ran it may not approve it: the API's refusal is shown, nothing changes.
    await first.getByTestId('approve').click();
    await first.getByRole('alert').waitFor();
    expect((await periods()).find((candidate) => candidate.id === period.id)!.status).toBe('calculated');

    const second = await open();
    await signIn(second, STAFF.approver, `/admin/periods/${period.id}`);
    await second.getByTestId('approve').click();
    await second.getByTestId('period-status').getByText('Approved').waitFor();
    // Committing moves money: the dialog says how much and to how many before anything is sent.
    await second.getByTestId('commit').click();
    const commitDialog = second.getByTestId('commit-dialog');
    await commitDialog.waitFor();
    const amount = formatMoney('en', preview.totals.paid + preview.totals.clawbacks);
    await commitDialog.getByText(`${amount} will be posted to the wallets of ${preview.totals.earners} earners`, { exact: false }).waitFor();
    await commitDialog.getByText(formatMoney('en', preview.totals.net), { exact: false }).waitFor();
    expect((await periods()).find((candidate) => candidate.id === period.id)!.status).toBe('approved');
    await second.getByTestId('commit-confirm').click();
    await second.getByTestId('period-status').getByText('Committed').waitFor();
    expect((await periods()).find((candidate) => candidate.id === period.id)!.status).toBe('committed');
    // Paying asks too, and states the net owed.
    await second.getByTestId('pay').click();
    await second.getByTestId('pay-dialog').getByText(formatMoney('en', preview.totals.net), { exact: false }).waitFor();
    await second.getByTestId('pay-confirm').click();
    await second.getByTestId('period-status').getByText('Paid').waitFor();
    expect((await periods()).find((candidate) => candidate.id === period.id)!.status).toBe('paid');
    // A paid period offers nothing more.
    await expect.poll(() => second.getByTestId('period-actions').getByRole('button').count()).toBe(0);

    const distributor = await open();
    await signIn(distributor, DISTRIBUTOR, '/wallet');
    await distributor.getByRole('tab', { name: 'Statements' }).click();
    await distributor.getByTestId('statement').waitFor();
    const statement = (await demo.server.request<Statement>('GET', `/api/members/${demo.memberCode}/statement?period=${period.id}`, { as: demo.distributor })).body;
    expect(statement.run?.status).toBe('committed');
    expect(statement.period.status).toBe('paid');
    // The newest final period is the one just paid: its statement is the one on screen.
    expect(await distributor.getByLabel('Period', { exact: true }).first().inputValue()).toBe(label);
    expect(await distributor.getByTestId('statement-net').textContent()).toBe(formatMoney('en', statement.net));
  }, 240_000);

  it('shows a support agent no money actions', async () => {
    const page = await open();
    await signIn(page, STAFF.support, '/admin');
    await page.getByRole('heading', { name: 'Admin console' }).waitFor();
    const nav = page.getByTestId('admin-nav');
    await nav.getByRole('link', { name: 'Overview' }).waitFor();
    for (const name of ['Periods', 'Payouts', 'Plans']) expect(await nav.getByRole('link', { name }).count(), name).toBe(0);
    // Opening a committed period's address anyway shows no action that moves money.
    const committed = (await periods()).find((candidate) => candidate.status === 'committed')!;
    await page.goto(`${demo.server.baseUrl}/admin/periods/${committed.id}`);
    await page.getByTestId('period-status').waitFor();
    expect(await page.getByTestId('period-actions').getByRole('button').count()).toBe(0);
  });

  it('ran without a script error or a refused resource', () => {
    // The self-approval refusal (403) is the only failed request the tests provoke.
    expect(problems.filter((problem) => !problem.includes('403'))).toEqual([]);
  });
});
