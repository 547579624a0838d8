import { mkdirSync, readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMoney, formatPeriod } from '../src/lib/format.ts';
import type { Member, Period, Statement } from '../src/lib/types.ts';
import type { Run, RunPreview } from '../src/pages/admin/types.ts';
import { DISTRIBUTOR, launchBrowser, openWatched, signInAt, STAFF, startDemoServer, type DemoServer, type TestBrowser } from './support/demo-server.ts';

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

function open(viewport?: { width: number; height: number }): Promise<Page> {
  return openWatched(chrome, demo.server.baseUrl, problems, { viewport });
}

/** Signs in on the sign-in page and lands on `next`. */
const signIn = (page: Page, who: { email: string; password: string }, next: string) => signInAt(page, demo.server.baseUrl, who, next);

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

  it('finds a member, shows their trees, and terminates and reactivates them with a reason', async () => {
    // A distributor with nobody below: terminating them moves no one else.
    const hits = await asOwner<{ items: { code: string; name: string; type: string; status: string }[] }>('/api/members?type=distributor&status=active&limit=100');
    let leaf: { code: string; name: string } | undefined;
    for (const hit of hits.items.slice(20)) {
      const below = await asOwner<{ items: unknown[] }>(`/api/members/${hit.code}/frontline?tree=sponsor&limit=1`);
      const placed = await asOwner<{ items: unknown[] }>(`/api/members/${hit.code}/frontline?tree=placement&limit=1`);
      if (below.items.length === 0 && placed.items.length === 0) {
        leaf = hit;
        break;
      }
    }
    expect(leaf).toBeDefined();
    const page = await open();
    await signIn(page, STAFF.admin, '/admin/members');
    await page.getByTestId('member-search').fill(leaf!.code);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByTestId('members').getByRole('link', { name: leaf!.code }).click();
    await page.getByRole('heading', { name: `${leaf!.name} · ${leaf!.code}` }).waitFor();
    const member = await asOwner<Member>(`/api/members/${leaf!.code}`);
    await page.getByRole('tab', { name: 'Trees' }).click();
    await page.getByRole('link', { name: member.sponsor!.code! }).first().waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}admin-member-en-desktop.png`, fullPage: true });
    // Terminating asks why; without a reason the dialog will not send.
    await page.getByTestId('terminate').click();
    await expect.poll(() => page.getByTestId('terminate-confirm').isDisabled()).toBe(true);
    await page.getByTestId('terminate-dialog').getByLabel('Reason (kept in the audit trail)').fill('Asked to leave the business');
    await page.getByTestId('terminate-confirm').click();
    await page.getByTestId('member-status').getByText('Terminated').waitFor();
    expect((await asOwner<Member>(`/api/members/${leaf!.code}`)).status).toBe('terminated');
    await page.getByTestId('reactivate').click();
    await page.getByTestId('reactivate-dialog').getByLabel('Reason (kept in the audit trail)').fill('Came back after a year');
    await page.getByTestId('reactivate-confirm').click();
    await page.getByTestId('member-status').getByText('Active').waitFor();
    expect((await asOwner<Member>(`/api/members/${leaf!.code}`)).status).toBe('active');
  }, 120_000);

  it('shows a plan document\'s error at its path, and a correct one as clean', async () => {
    const example = readFileSync(new URL('../../../examples/plans/wellness-unilevel.yaml', import.meta.url), 'utf8');
    const page = await open();
    await signIn(page, STAFF.admin, '/admin/plans');
    await page.getByTestId('plan-versions').waitFor();
    await page.getByTestId('plan-source').fill(example.replace('rounding: half-up', 'rounding: sideways'));
    await page.getByTestId('plan-check').click();
    const problem = page.getByTestId('plan-problem-rounding');
    await problem.waitFor();
    expect(await problem.textContent()).toContain('sideways');
    // A plan with an error cannot be saved.
    expect(await page.getByTestId('plan-save').isDisabled()).toBe(true);
    await page.screenshot({ path: `${SCREENSHOTS}admin-plans-en-desktop.png`, fullPage: true });
    await page.getByTestId('plan-source').fill(example);
    await page.getByTestId('plan-check').click();
    await page.getByTestId('plan-lint').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('plan-problem-rounding').count()).toBe(0);
  }, 120_000);

  it('speaks Hindi: the console, its money and its dialogs', async () => {
    const page = await open();
    await signIn(page, STAFF.approver, '/admin');
    await page.getByText('हिन्दी').first().click();
    await page.getByRole('heading', { name: 'एडमिन कंसोल' }).waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}admin-home-hi-desktop.png`, fullPage: true });
    await page.getByTestId('admin-nav').getByRole('link', { name: 'अवधियाँ' }).click();
    await page.getByRole('heading', { name: 'भुगतान अवधियाँ' }).waitFor();
    const paid = (await periods()).find((candidate) => candidate.status === 'paid' || candidate.status === 'committed')!;
    await page.getByTestId(`period-${paid.id}`).click();
    await page.getByTestId('run').waitFor();
    const runs = await asOwner<{ items: Run[] }>(`/api/periods/${paid.id}/runs`);
    const shown = runs.items.find((run) => run.status !== 'superseded')!;
    expect(await page.getByTestId('run-paid').textContent()).toBe(formatMoney('hi', shown.totals.paid));
    await page.screenshot({ path: `${SCREENSHOTS}admin-period-hi-desktop.png`, fullPage: true });
    await page.getByText('English').first().click();
    await page.getByRole('heading', { name: `Period ${formatPeriod('en', paid.start, paid.end)}` }).waitFor();
  }, 120_000);

  it('ran without a script error or a refused resource', () => {
    // The failed requests the tests provoke: the self-approval refusal (403) and the plan with an error (422).
    expect(problems.filter((problem) => !problem.includes('status of 403') && !(problem.includes('status of 422') && problem.includes('/api/plans/lint')))).toEqual([]);
  });
});
