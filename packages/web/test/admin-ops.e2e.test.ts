import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatPeriod } from '../src/lib/format.ts';
import type { AuditPage, Fulfilment, PlanVersion, PlanVersionDocument } from '../src/pages/admin/types.ts';
import { launchBrowser, openPeriodsUntilToday, openWatched, STAFF, startDemoServer, type DemoServer, type TestBrowser } from './support/demo-server.ts';

/**
 * The company's operations screens of the admin console, end to end in Chromium over the seeded
 * demo company: fulfilment (receive stock, ship an order with its tracking number), the audit
 * log filtered to that change, a plan version's document, product feedback and the reports;
 * in Hindi once, and at 360 px without sideways scrolling.
 */
const SCREENSHOTS = process.env.SAMOOH_SCREENSHOTS ?? new URL('../../../.test-results/screenshots/', import.meta.url).pathname;
const PHONE = { width: 360, height: 780 };
const WAREHOUSE = 'WH-E2E';
const TRACKING = 'DL-E2E-424242';
const SUGGESTION = 'A smaller pack to try it first';

let demo: DemoServer;
let chrome: TestBrowser;
let page: Page;
let order = '';
let sku = '';
/** Everything the browser said went wrong: script errors, refused content (CSP), failed loads. */
const problems: string[] = [];

const asOwner = async <T,>(method: string, path: string, body?: unknown): Promise<T> => {
  const response = await demo.server.request<T>(method, path, body === undefined ? {} : { body });
  expect(response.status, `${method} ${path}: ${response.text}`).toBeLessThan(300);
  return response.body;
};

/** Goes to a console screen by its navigation link, as a person would. */
async function openSection(name: string, heading: string): Promise<void> {
  await page.getByTestId('admin-nav').getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
}

/** Picks an option of a Mantine select by its visible text. */
async function choose(testId: string, option: string | RegExp): Promise<void> {
  await page.getByTestId(testId).click();
  await page.getByRole('option', { name: option }).click();
}

const noSidewaysScroll = () => page.evaluate<boolean>('document.documentElement.scrollWidth <= document.documentElement.clientWidth');

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  demo = await startDemoServer();
  // An order placed now needs an open period for today.
  await openPeriodsUntilToday(demo.database);
  const products = await asOwner<{ items: { sku: string; active: boolean }[] }>('GET', '/api/products?limit=50');
  sku = products.items.find((product) => product.active)!.sku;
  await asOwner('POST', '/api/warehouses', { code: WAREHOUSE, name: 'Pune central' });
  await asOwner('POST', `/api/warehouses/${WAREHOUSE}/stock`, { product: sku, change: 40, reason: 'GRN 1001' });
  const placed = await asOwner<{ number: string }>('POST', '/api/orders', {
    buyer: demo.memberCode,
    items: [{ product: sku, quantity: 3 }],
    shippingAddress: { name: 'Demo Distributor', line1: '4 MG Road', city: 'Pune', state: 'Maharashtra', pincode: '411001' },
  });
  order = placed.number;
  await asOwner('POST', `/api/orders/${order}/fulfilment`, { action: 'pack' });
  const feedback = await demo.server.request('POST', `/api/products/${sku}/feedback`, { as: demo.distributor, body: { rating: 4, theme: 'packaging', suggestion: SUGGESTION } });
  expect(feedback.status, feedback.text).toBe(201);
  chrome = await launchBrowser();
}, 600_000);
afterAll(async () => {
  await chrome?.close();
  await demo?.close();
});

describe('the operations screens of the admin console', () => {
  it('signs the demo admin in and ships a packed order with its tracking number', async () => {
    page = await openWatched(chrome, demo.server.baseUrl, problems);
    await page.goto(`${demo.server.baseUrl}/sign-in?next=${encodeURIComponent('/admin')}`);
    await page.getByLabel('Email').fill(STAFF.admin.email);
    await page.locator('input[type="password"]').fill(STAFF.admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Admin console' }).waitFor();
    for (const section of ['feedback', 'reports', 'fulfilment', 'audit']) await page.getByTestId(`section-${section}`).waitFor();

    await openSection('Fulfilment', 'Fulfilment');
    await page.getByTestId(`stock-${sku}`).getByTestId('on-hand').getByText('40', { exact: true }).waitFor();
    // Receive more stock: the table shows the new count.
    await choose('stock-product', new RegExp(`^${sku} ·`));
    await page.getByTestId('stock-quantity').fill('12');
    await page.getByTestId('stock-reason').fill('GRN 1002');
    await page.getByTestId('stock-save').click();
    await page.getByTestId('stock-done').waitFor();
    await page.getByTestId(`stock-${sku}`).getByTestId('on-hand').getByText('52', { exact: true }).waitFor();

    // The packed order waits to be shipped; shipping asks for the carrier and tracking number.
    await choose('queue-state', 'Packed: to ship');
    const row = page.getByTestId(`queue-${order}`);
    await row.waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}admin-fulfilment-en-desktop.png`, fullPage: true });
    await row.getByTestId(`ship-${order}`).click();
    await page.getByTestId('ship-carrier').fill('Delhivery');
    await page.getByTestId('ship-tracking').fill(TRACKING);
    await page.getByTestId(`ship-${order}-confirm`).click();
    await row.waitFor({ state: 'detached' });
    await choose('queue-state', 'Shipped: to deliver');
    await page.getByTestId(`queue-${order}`).getByTestId('tracking').getByText(`Delhivery · ${TRACKING}`).waitFor();
    const fulfilment = await asOwner<Fulfilment>('GET', `/api/orders/${order}/fulfilment`);
    expect(fulfilment).toMatchObject({ state: 'shipped', carrier: 'Delhivery', trackingNumber: TRACKING });
  }, 180_000);

  it('finds that change in the audit log, with its state before and after', async () => {
    await openSection('Audit log', 'Audit log');
    await page.getByTestId('audit-entries').waitFor();
    await page.getByTestId('audit-ref').fill(order);
    // The action filter offers the known actions by their labels: typing part of one and picking it with the keyboard sets its code.
    const action = page.getByTestId('audit-action');
    await action.fill('shipped');
    await page.getByRole('option', { name: 'Order shipped' }).waitFor();
    await action.press('ArrowDown');
    await action.press('Enter');
    await expect.poll(() => action.inputValue()).toBe('order.ship');
    await page.getByTestId('audit-apply').click();
    await page.waitForURL((url) => url.searchParams.get('action') === 'order.ship');
    await page.waitForURL((url) => url.searchParams.get('ref') === order);
    const answer = await asOwner<AuditPage>('GET', `/api/audit?ref=${order}&action=order.ship`);
    expect(answer.items).toHaveLength(1);
    const entry = page.getByTestId(`audit-entry-${answer.items[0]!.id}`);
    await entry.waitFor();
    expect(await page.locator('[data-testid^="audit-entry-"]').count()).toBe(1);
    await entry.getByText(`By Asha Verma (${STAFF.admin.email})`).waitFor();
    // The action reads as its label, with its code beside it.
    expect(await entry.getAttribute('data-action')).toBe('order.ship');
    expect(await entry.getByTestId('audit-action-label').textContent()).toBe('Order shipped');
    await entry.getByText('order.ship', { exact: true }).waitFor();
    const state = entry.locator('tr[data-field="state"]');
    expect(await state.getAttribute('data-change')).toBe('changed');
    await state.getByText('packed', { exact: true }).waitFor();
    await state.getByText('shipped', { exact: true }).waitFor();
    expect(await entry.locator('tr[data-field="trackingNumber"]').getAttribute('data-change')).toBe('added');
    await entry.locator('tr[data-field="trackingNumber"]').getByText(TRACKING).waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}admin-audit-en-desktop.png`, fullPage: true });
  }, 120_000);

  it('opens a plan version to read its document beside the linter report', async () => {
    await openSection('Plans', 'Compensation plans');
    const version = (await asOwner<{ items: PlanVersion[] }>('GET', '/api/plans')).items[0]!;
    await page.getByTestId(`plan-open-${version.id}`).first().click();
    await page.getByRole('heading', { name: `Plan ${version.plan}, version ${version.version}` }).waitFor();
    const stored = await asOwner<PlanVersionDocument>('GET', `/api/plans/${version.id}`);
    const shown = await page.getByTestId('plan-document').textContent();
    expect(shown?.trim()).toBe(stored.source.trim());
    await page.getByTestId('plan-version-lint').waitFor({ timeout: 60_000 });
  }, 120_000);

  it('shows what distributors said about the products', async () => {
    await openSection('Product feedback', 'Product feedback');
    const row = page.getByTestId(`feedback-product-${sku}`);
    await row.waitFor();
    await row.getByRole('button', { name: 'Suggestions' }).click();
    await page.getByTestId('feedback-list').getByText(SUGGESTION).waitFor();
    await page.getByTestId('feedback-list').getByText('Packaging').first().waitFor();
  }, 60_000);

  it("shows the company's reports with their figures and charts", async () => {
    await openSection('Reports', 'Company reports');
    const report = await asOwner<{ items: { periodId: number; from: string; to: string; participants: number }[] }>('GET', '/api/reports/self-reliance');
    expect(report.items.length).toBeGreaterThan(0);
    const first = report.items[0]!;
    const row = page.getByTestId(`self-reliance-${first.periodId}`);
    await row.getByText(formatPeriod('en', first.from, first.to)).waitFor();
    await row.getByText(first.participants.toLocaleString('en-IN'), { exact: true }).waitFor();
    await page.getByRole('img', { name: 'Self-reliance' }).locator('canvas').waitFor();
    await page.getByTestId('retention').waitFor();
  }, 60_000);

  it('speaks Hindi, and fits a 360 px phone without sideways scrolling', async () => {
    await page.getByText('हिन्दी').first().click();
    await page.getByRole('heading', { name: 'कंपनी की रिपोर्ट' }).waitFor();
    await page.getByTestId('admin-nav').getByRole('link', { name: 'ऑडिट लॉग' }).click();
    await page.getByRole('heading', { name: 'ऑडिट लॉग', level: 1 }).waitFor();
    await page.getByTestId('audit-entries').getByText('बदला गया').first().waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}admin-audit-hi-desktop.png`, fullPage: true });
    await page.setViewportSize(PHONE);
    await page.goto(`${demo.server.baseUrl}/admin/audit?ref=${order}`);
    await page.getByTestId('audit-entries').waitFor();
    await page.locator('[data-action="order.ship"]').getByTestId('audit-action-label').getByText('ऑर्डर भेजा गया').waitFor();
    await expect.poll(noSidewaysScroll).toBe(true);
    // The action filter's choices, by their Hindi labels, fit the phone too.
    await page.getByTestId('audit-action').fill('भुगतान');
    await page.getByRole('option', { name: 'भुगतान हो गया' }).waitFor();
    await expect.poll(noSidewaysScroll).toBe(true);
    await page.getByTestId('audit-action').press('Escape');
    await page.getByTestId('audit-action').fill('');
    await page.screenshot({ path: `${SCREENSHOTS}admin-audit-hi-phone.png`, fullPage: true });
    await page.goto(`${demo.server.baseUrl}/admin/fulfilment`);
    await page.getByTestId('stock').waitFor();
    await expect.poll(noSidewaysScroll).toBe(true);
    // Back to English: the language is kept on the account.
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByText('English').first().click();
    await page.getByRole('heading', { name: 'Fulfilment', level: 1 }).waitFor();
  }, 120_000);

  it('ran without a script error or a refused resource', () => {
    expect(problems).toEqual([]);
  });
});
