import { mkdirSync, readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../server/src/services/auth/users.ts';
import { formatCount, formatMoney, formatPeriod } from '../src/lib/format.ts';
import type { PlanVersion, Simulation, WhatIf } from '../src/lib/types.ts';
import { launchBrowser, openWatched, startDemoServer, type DemoServer, type TestBrowser } from './support/demo-server.ts';
import type { Credentials } from '../../server/test/support/http-client.ts';

/**
 * The plan lab in the admin console, end to end in Chromium: a committed month of the demo
 * company rerun with another plan, and a plan simulated forward. What the screens show is
 * checked against what the API answers for the same request.
 */
const SCREENSHOTS = process.env.SAMOOH_SCREENSHOTS ?? new URL('../../../.test-results/screenshots/', import.meta.url).pathname;
/** The demo company's plan with retail profit brought under the 45% payout cap: a real draft that pays less. */
const DRAFT = readFileSync(new URL('../../../examples/plans/wellness-unilevel.yaml', import.meta.url), 'utf8')
  .replace(/^version: 1$/m, 'version: 2')
  .replace('exclude: [retail-profit]', 'exclude: []');
const ANALYST = { email: 'analyst@demo.test', password: 'plan-lab-password-9' };

let demo: DemoServer;
let chrome: TestBrowser;
let analyst: Credentials;
let version: PlanVersion;
const problems: string[] = [];

async function signedInAt(path: string): Promise<Page> {
  const page = await openWatched(chrome, demo.server.baseUrl, problems, { timeout: 20_000 });
  await page.goto(`${demo.server.baseUrl}${path}`);
  await page.waitForURL(/\/sign-in/);
  await page.getByLabel('Email').fill(ANALYST.email);
  await page.locator('input[type="password"]').fill(ANALYST.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname === path);
  return page;
}

/** Picks an option of a Mantine select by the select's label and the option's text. */
async function choose(page: Page, label: string, option: string): Promise<void> {
  await page.getByLabel(label, { exact: true }).and(page.locator('input')).click();
  await page.getByRole('option', { name: option }).click();
}

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  demo = await startDemoServer();
  await createUser(demo.database.ctx, { email: ANALYST.email, roles: ['finance'], password: ANALYST.password });
  analyst = await demo.server.signIn(ANALYST.email, ANALYST.password);
  const plans = await demo.server.request<{ items: PlanVersion[] }>('GET', '/api/plans', { as: analyst });
  version = plans.body.items[0]!;
  chrome = await launchBrowser();
});
afterAll(async () => {
  await chrome?.close();
  await demo?.close();
});

describe('the plan lab', () => {
  it('reruns a committed month with another plan and shows what the API computes, without touching the ledger', async () => {
    const periods = await demo.server.request<{ items: { id: number; start: string; end: string; status: string }[] }>('GET', '/api/periods', { as: analyst });
    const committed = periods.body.items.find((period) => period.status === 'committed' || period.status === 'paid')!;
    const entriesBefore = await demo.database.ctx.db.selectFrom('ledger_entries').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();

    const page = await signedInAt('/admin/plan-lab/what-if');
    await page.getByRole('heading', { name: /What if/ }).waitFor();
    await choose(page, 'Committed period', formatPeriod('en', committed.start, committed.end));
    await page.getByText('A draft').click();
    // A draft that fails validation shows the engine's refusal, in the API's words.
    await page.getByLabel('Draft plan document (YAML or JSON)').fill('plan: broken\nversion: 1\n');
    await page.getByRole('button', { name: 'Compare' }).click();
    await page.getByRole('alert').waitFor();
    const refused = await demo.server.request('POST', `/api/periods/${committed.id}/whatif`, { as: analyst, body: { source: 'plan: broken\nversion: 1\n' } });
    expect(refused.status).toBe(422);
    expect(await page.getByRole('alert').textContent()).toContain(refused.body.error.message);

    // A real draft: it pays differently, and the screen shows what the API says.
    await page.getByLabel('Draft plan document (YAML or JSON)').fill(DRAFT);
    await page.getByRole('button', { name: 'Compare' }).click();
    await page.getByTestId('whatif-result').waitFor();
    const draft = await demo.server.request<WhatIf>('POST', `/api/periods/${committed.id}/whatif`, { as: analyst, body: { source: DRAFT } });
    expect(draft.status).toBe(200);
    expect(draft.body.change.paid).toBeLessThan(0);
    await expect.poll(() => page.getByTestId('whatif-paid-after').textContent()).toBe(formatMoney('en', draft.body.after.paid));
    expect(await page.getByTestId('whatif-change').textContent()).toBe(formatMoney('en', draft.body.change.paid));

    // The stored version: the same plan as committed, so nothing changes and every figure can be checked.
    await page.getByText('A stored version').click();
    await choose(page, 'Plan version', `${version.plan} v${version.version} (from ${version.effectiveFrom})`);
    await page.getByRole('button', { name: 'Compare' }).click();
    await expect.poll(() => page.getByTestId('whatif-change').textContent()).toBe(formatMoney('en', 0));
    const answer = await demo.server.request<WhatIf>('POST', `/api/periods/${committed.id}/whatif`, { as: analyst, body: { planVersion: version.id } });
    expect(answer.status).toBe(200);
    expect(answer.body.after.paid).toBe(answer.body.before.paid);
    expect(await page.getByTestId('whatif-paid-after').textContent()).toBe(formatMoney('en', answer.body.after.paid));
    expect(await page.getByTestId('whatif-change').textContent()).toBe(formatMoney('en', 0));
    expect(await page.getByTestId('whatif-members').textContent()).toContain(`${formatCount('en', answer.body.members.compared)} members earned under either plan`);
    await page.locator('canvas').first().waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}admin-whatif-en-desktop.png`, fullPage: true });

    const entriesAfter = await demo.database.ctx.db.selectFrom('ledger_entries').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(entriesAfter.n).toBe(entriesBefore.n);
  });

  it('simulates a plan forward, month by month, with the figures the API gives for the same seed', async () => {
    const page = await signedInAt('/admin/plan-lab/simulate');
    await page.getByRole('heading', { name: 'Forward simulation' }).waitFor();
    await choose(page, 'Plan version', `${version.plan} v${version.version} (from ${version.effectiveFrom})`);
    await page.getByLabel('Months').fill('4');
    await page.getByLabel('Seed').fill('7');
    // Text that is not JSON is caught before it is sent.
    const assumptions = page.getByLabel('Assumptions (JSON)');
    const example = await assumptions.inputValue();
    await assumptions.fill('{ not json');
    await page.getByText('This is not a JSON object.').waitFor();
    expect(await page.getByRole('button', { name: 'Simulate' }).isDisabled()).toBe(true);
    await assumptions.fill(example);
    await page.getByRole('button', { name: 'Simulate' }).click();
    await page.getByTestId('simulation-result').waitFor({ timeout: 60_000 });

    const answer = await demo.server.request<Simulation>('POST', '/api/simulations', { as: analyst, body: { planVersion: version.id, assumptions: JSON.parse(example), months: 4, seed: 7 } });
    expect(answer.status).toBe(200);
    const last = answer.body.months.at(-1)!;
    expect(await page.getByTestId('simulation-members').textContent()).toBe(formatCount('en', last.members));
    expect(await page.getByTestId('simulation-months').locator('tbody tr').count()).toBe(4);
    await page.locator('canvas').nth(1).waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}admin-simulate-en-desktop.png`, fullPage: true });
  });

  it('keeps the plan lab from distributors', async () => {
    const refused = await demo.server.request('POST', '/api/simulations', { as: demo.distributor, body: { planVersion: version.id, fromHistory: true, months: 1, seed: 1 } });
    expect(refused.status).toBe(403);
  });

  it('ran without a script error or a refused resource', () => {
    // The browser logs every refused request: the 401 of /api/auth/me before signing in and the 422 of the broken draft are expected.
    const expected = [/status of 401 .*\/api\/auth\/me\)$/, /status of 422 .*\/api\/periods\/\d+\/whatif\)$/];
    const unexpected = problems.filter((problem) => !expected.some((pattern) => pattern.test(problem)));
    expect(unexpected, unexpected.join('\n')).toEqual([]);
  });
});
