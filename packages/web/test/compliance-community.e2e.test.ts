import { mkdirSync, readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Member, Period } from '../src/lib/types.ts';
import type { ComplianceSettings, Flag, HeldMember, IncomeDisclosure } from '../src/pages/admin/compliance/types.ts';
import { DISTRIBUTOR, launchBrowser, openPeriodsUntilToday, openWatched, signInAt, STAFF, startDemoServer, type DemoServer, type TestBrowser } from './support/demo-server.ts';

/**
 * The compliance officer's screen and the distributor's side of community and enrollment, end to
 * end: Debian's Chromium driving the built app against the real server over the seeded demo
 * company (its first month committed). An administrator changes settings (a mistake shown under
 * its field first), scans a period, acknowledges a flag with a note, puts a member on hold and
 * releases them, and takes the income disclosure as CSV and as the Hindi printable page. The demo
 * distributor opts out of public recognition (still so after a reload), enrolls a recruit after
 * seeing the joining notice, and records the UPI payment of an order placed in their shop.
 */
const SCREENSHOTS = process.env.SAMOOH_SCREENSHOTS ?? new URL('../../../.test-results/screenshots/', import.meta.url).pathname;
const PHONE = { width: 360, height: 780 };
const SLOW = 180_000;
const DEVANAGARI = /[\u0900-\u097F]/;

let demo: DemoServer;
let chrome: TestBrowser;
/** Everything the browser said went wrong: script errors, refused content (CSP), failed loads. */
const problems: string[] = [];

function open(viewport?: { width: number; height: number }): Promise<Page> {
  return openWatched(chrome, demo.server.baseUrl, problems, { viewport, timeout: 20_000 });
}

/** Signs in on the sign-in page and lands on `next`. */
const signIn = (page: Page, who: { email: string; password: string }, next: string) => signInAt(page, demo.server.baseUrl, who, next);

const asOwner = async <T = any>(path: string): Promise<T> => {
  const response = await demo.server.request<T>('GET', path);
  expect(response.status, response.text).toBe(200);
  return response.body;
};

async function fitsThePhone(page: Page): Promise<void> {
  const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
  expect(overflow).toBeLessThanOrEqual(0);
}

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  demo = await startDemoServer();
  chrome = await launchBrowser();
}, 300_000);
afterAll(async () => {
  await chrome?.close();
  await demo?.close();
});

describe('the compliance screen', () => {
  it('changes settings, with a mistake shown under its field and nothing saved until it is right; the India checklist follows', async () => {
    const before = await asOwner<ComplianceSettings>('/api/compliance/settings');
    expect(before.coolingOffDays).toBeNull();
    const page = await open();
    await signIn(page, STAFF.admin, '/admin/compliance/checklist');
    // Without a cooling-off window that check fails, and says where to put it right.
    const coolingOff = page.getByTestId('check-coolingOffConfigured');
    await coolingOff.getByText('Does not hold').waitFor();
    await coolingOff.getByTestId('remedy-coolingOffConfigured').click();
    await page.waitForURL((url) => url.pathname === '/admin/compliance/settings');

    await page.getByTestId('setting-groupMinCv').fill('a lot');
    await page.getByTestId('setting-customerShareAlertBelowPercent').fill('90');
    await page.getByTestId('setting-coolingOffDays').fill('14');
    await page.getByTestId('settings-save').click();
    await page.getByText('A number, like 12.5.').waitFor();
    await page.getByText('The alert level may not be above the warning level.').waitFor();
    expect(await asOwner<ComplianceSettings>('/api/compliance/settings')).toEqual(before);

    await page.getByTestId('setting-groupMinCv').fill('150');
    await page.getByTestId('setting-customerShareAlertBelowPercent').fill('50');
    // Every period's customer share is below 100%: the company-wide monitor will flag it.
    await page.getByTestId('setting-customerShareWarnBelowPercent').fill('100');
    await page.getByTestId('settings-save').click();
    await page.getByTestId('settings-saved').waitFor();
    expect(await asOwner<ComplianceSettings>('/api/compliance/settings')).toEqual({ ...before, groupMinCv: 150, customerShareAlertBelowPercent: 50, customerShareWarnBelowPercent: 100, coolingOffDays: 14 });
    await page.screenshot({ path: `${SCREENSHOTS}admin-compliance-settings-en-desktop.png`, fullPage: true });

    await page.getByTestId('compliance-tab-checklist').click();
    await page.getByTestId('check-coolingOffConfigured').getByText('Holds', { exact: true }).waitFor();
    const checklist = await asOwner<{ holds: number; total: number }>('/api/compliance/india-checklist');
    expect(await page.getByTestId('checklist-summary').textContent()).toBe(`${checklist.holds} of ${checklist.total} checks hold.`);
  }, SLOW);

  it('scans a period, shows its monitors against the thresholds, and acknowledges a flag with a note', async () => {
    const committed = (await asOwner<{ items: Period[] }>('/api/periods')).items.find((period) => period.status === 'committed' || period.status === 'paid')!;
    const page = await open();
    await signIn(page, STAFF.admin, '/admin/compliance/monitors');
    await page.getByTestId('monitor-customer-share').waitFor();
    await page.getByTestId('monitor-payout').getByTestId('payout-ratio').waitFor();
    const monitors = await asOwner<{ customerShare: { customerSharePercent: number } }>(`/api/compliance/periods/${committed.id}/monitors`);
    expect(monitors.customerShare.customerSharePercent).toBeLessThan(100);
    expect(await page.getByTestId('monitor-customer-share-verdict').getAttribute('data-level')).toMatch(/^(warning|alert)$/);
    await page.getByText('warning below 100%').waitFor();
    await page.getByTestId('scan').click();
    await page.getByTestId('scan-result').waitFor();
    const flags = await asOwner<{ items: Flag[] }>(`/api/compliance/flags?period=${committed.id}&kind=customer_share`);
    expect(flags.items).toHaveLength(1);
    const flag = flags.items[0]!;
    expect(flag.status).toBe('open');
    await page.getByTestId('last-scan').getByText('Last scanned', { exact: false }).waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}admin-compliance-monitors-en-desktop.png`, fullPage: true });

    await page.getByTestId('scan-result').getByRole('link', { name: 'See the flags' }).click();
    await page.waitForURL((url) => url.pathname === '/admin/compliance/flags');
    // Many groups fall below a 100% warning level too: narrow the list to the company-wide share.
    await page.getByTestId('flag-kind').click();
    await page.getByRole('option', { name: 'Customer share (company)' }).click();
    const card = page.getByTestId(`flag-${flag.id}`);
    await card.getByText('Customer share (company)').waitFor();
    await card.getByText('Warning below').waitFor();
    // Acknowledging needs a note: the dialog will not send without one.
    await card.getByTestId(`acknowledge-${flag.id}`).click();
    const dialog = page.getByTestId(`acknowledge-${flag.id}-dialog`);
    await expect.poll(() => page.getByTestId(`acknowledge-${flag.id}-confirm`).isDisabled()).toBe(true);
    await dialog.getByLabel('Note (what was checked or done)').fill('Retail programme starts next month; reviewed with the sales head');
    await page.getByTestId(`acknowledge-${flag.id}-confirm`).click();
    await expect.poll(async () => page.getByTestId(`flag-${flag.id}`).getAttribute('data-status')).toBe('acknowledged');
    await card.getByTestId('acknowledged').getByText('Retail programme starts next month', { exact: false }).waitFor();
    const after = (await asOwner<{ items: Flag[] }>(`/api/compliance/flags?period=${committed.id}&kind=customer_share`)).items[0]!;
    expect(after.status).toBe('acknowledged');
    expect(after.acknowledged?.note).toBe('Retail programme starts next month; reviewed with the sales head');

    // The flags part on a phone: filters stack, nothing overflows sideways.
    const phone = await open(PHONE);
    await signIn(phone, STAFF.admin, '/admin/compliance/flags');
    // A monitor's link opens the flags filtered by its address.
    await phone.goto(`${demo.server.baseUrl}/admin/compliance/flags?period=${committed.id}&kind=customer_share`);
    await phone.getByTestId(`flag-${flag.id}`).waitFor();
    const kinds = await Promise.all((await phone.getByTestId('flags').locator('[data-kind]').all()).map((card) => card.getAttribute('data-kind')));
    expect(kinds).toEqual(['customer_share']);
    await fitsThePhone(phone);
    await phone.screenshot({ path: `${SCREENSHOTS}admin-compliance-flags-en-phone.png`, fullPage: true });
  }, SLOW);

  it('puts a member on compliance hold with a reason and releases them', async () => {
    const candidates = await asOwner<{ items: Member[] }>('/api/members?type=distributor&status=active&limit=20');
    const member = candidates.items.find((candidate) => candidate.code !== demo.memberCode && candidate.sponsor !== null)!;
    const page = await open();
    await signIn(page, STAFF.admin, '/admin/compliance/holds');
    await page.getByTestId('hold-member').fill(member.code.toLowerCase());
    await page.getByTestId('hold').click();
    await page.getByTestId('hold-dialog').getByText(`Payouts to ${member.code} stop until the hold is released.`, { exact: false }).waitFor();
    await page.getByTestId('hold-dialog').getByLabel('Reason (kept in the audit trail)').fill('Inventory loading under review');
    await page.getByTestId('hold-confirm').click();
    await page.getByTestId(`hold-${member.code}`).getByText('Inventory loading under review').waitFor();
    expect((await asOwner<{ items: HeldMember[] }>('/api/compliance/holds')).items).toEqual([{ memberId: member.id, code: member.code, name: member.name, reason: 'Inventory loading under review' }]);

    await page.getByTestId(`release-${member.code}`).click();
    await page.getByTestId(`release-${member.code}-confirm`).click();
    await page.getByText('Nobody is on hold.').waitFor();
    expect((await asOwner<{ items: HeldMember[] }>('/api/compliance/holds')).items).toEqual([]);
  }, SLOW);

  it('shows the income disclosure of a committed range, downloads its CSV and opens the Hindi printable page', async () => {
    const committed = (await asOwner<{ items: Period[] }>('/api/periods')).items.find((period) => period.status === 'committed' || period.status === 'paid')!;
    const disclosure = await asOwner<IncomeDisclosure>(`/api/compliance/income-disclosure?from=${committed.id}&to=${committed.id}`);
    const page = await open();
    await signIn(page, STAFF.admin, '/admin/compliance/disclosure');
    await page.getByTestId('disclosure-table').waitFor();
    expect(await page.getByTestId('disclosure-participants').textContent()).toBe(disclosure.participants.toLocaleString('en-IN'));
    await page.getByTestId('disclosure-row-all').waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}admin-compliance-disclosure-en-desktop.png`, fullPage: true });

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('disclosure-csv').click()]);
    // The file as saved, less a byte-order mark (which fetch's text() drops too).
    const csv = readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '');
    const fromApi = await demo.server.request('GET', `/api/compliance/income-disclosure.csv?from=${committed.id}&to=${committed.id}&language=en`);
    expect(csv).toBe(fromApi.text);
    expect(csv).toContain(String(disclosure.participants));

    await page.getByTestId('disclosure-language').getByText('हिन्दी').click();
    const [printable] = await Promise.all([page.context().waitForEvent('page'), page.getByTestId('disclosure-print').click()]);
    await printable.waitForLoadState();
    expect(await printable.locator('html').getAttribute('lang')).toBe('hi');
    expect(await printable.locator('body').innerText()).toMatch(DEVANAGARI);
    await printable.close();
  }, SLOW);

  it('speaks Hindi on a phone: the monitors, the flags and the India checklist', async () => {
    // The second administrator: the language is remembered on the account, the first one stays English.
    const page = await open(PHONE);
    await signIn(page, STAFF.approver, '/admin/compliance/monitors');
    await page.getByText('हिन्दी').first().click();
    await page.getByRole('heading', { name: 'अनुपालन' }).waitFor();
    await page.getByTestId('monitor-customer-share').getByText('ग्राहक हिस्सेदारी, पूरी कंपनी').waitFor();
    await page.getByTestId('monitor-refunds').getByText('₹', { exact: false }).first().waitFor();
    await fitsThePhone(page);
    await page.screenshot({ path: `${SCREENSHOTS}admin-compliance-monitors-hi-phone.png`, fullPage: true });
    await page.getByTestId('compliance-tab-flags').click();
    await page.getByTestId('flags').getByText('चेतावनी').first().waitFor();
    await fitsThePhone(page);
    await page.getByTestId('compliance-tab-checklist').click();
    await page.getByTestId('checklist-summary').getByText('जाँचें सही हैं', { exact: false }).waitFor();
    // The checks' titles are the API's, in the reader's language.
    expect(await page.getByTestId('check-coolingOffConfigured').locator('h2').innerText()).toMatch(DEVANAGARI);
    await fitsThePhone(page);
    await page.getByText('English').first().click();
    await page.getByRole('heading', { name: 'Compliance' }).waitFor();
  }, SLOW);
});

describe("the distributor's community, enrollment and shop payments", () => {
  it('opts out of public recognition, and the choice is still there after a reload', async () => {
    const page = await open();
    await signIn(page, DISTRIBUTOR, '/community');
    await page.getByRole('tab', { name: 'Recognition' }).click();
    const choice = page.getByTestId('recognition-choice');
    await choice.getByText('Your name can appear in recognition.').waitFor();
    await page.getByRole('switch', { name: "Show my name in the month's recognition" }).click();
    await choice.getByText('Your name is left out of recognition.').waitFor();
    expect((await demo.server.request('GET', `/api/members/${demo.memberCode}/recognition`, { as: demo.distributor })).body.recognitionOptOut).toBe(true);
    await page.reload();
    await page.getByRole('tab', { name: 'Recognition' }).click();
    await page.getByTestId('recognition-choice').getByText('Your name is left out of recognition.').waitFor();
    expect(await page.getByLabel("Show my name in the month's recognition").isChecked()).toBe(false);
  }, SLOW);

  it('enrolls a recruit from the team page: the joining notice first, mistakes by field, the terms after', async () => {
    const page = await open(PHONE);
    await signIn(page, DISTRIBUTOR, '/team');
    await page.getByTestId('enroll').click();
    await page.waitForURL((url) => url.pathname === '/team/enroll');
    // Before anything is sent: joining is free.
    await page.getByTestId('joining-notice').getByText('No joining fee, no starter kit and no purchase is needed to join', { exact: false }).waitFor();
    await page.getByTestId('enroll-submit').click();
    await page.getByText('Please give the full name.').waitFor();
    await page.getByLabel('Full name').fill('Kavya Recruit');
    await page.getByLabel('Phone').fill('12');
    await page.getByTestId('enroll-submit').click();
    await page.getByText('A phone number of 7 to 15 digits, optionally starting with +.').waitFor();
    await page.getByLabel('Phone').fill('9812345670');
    await page.getByTestId('enroll-placement').click();
    await page.getByRole('option', { name: 'In my leg with fewer members' }).click();
    await fitsThePhone(page);
    await page.screenshot({ path: `${SCREENSHOTS}enroll-en-phone.png`, fullPage: true });
    await page.getByTestId('enroll-submit').click();
    const terms = page.getByTestId('joining-terms');
    await terms.waitFor();
    expect(await terms.textContent()).toBe('Joining is free: no purchase, starter kit or fee is required to enroll, and none may be asked for.');
    await page.getByTestId('purchase-required').getByText('No purchase is required.').waitFor();
    const found = await asOwner<{ items: Member[] }>('/api/members?q=Kavya%20Recruit');
    expect(found.items).toHaveLength(1);
    const recruit = await asOwner<Member>(`/api/members/${found.items[0]!.code}`);
    expect(recruit).toMatchObject({ name: 'Kavya Recruit', type: 'distributor', phone: '9812345670', sponsor: { code: demo.memberCode } });
    expect(recruit.placement).not.toBeNull();
  }, SLOW);

  it("records the UPI payment of an order placed in the distributor's shop", async () => {
    await openPeriodsUntilToday(demo.database);
    const products = await demo.server.request<{ items: { sku: string; inStock: boolean }[] }>('GET', `/api/shop/${demo.memberCode}/products`, { as: 'anonymous' });
    const sku = products.body.items.find((product) => product.inStock)!.sku;
    const placed = await demo.server.request('POST', `/api/shop/${demo.memberCode}/checkout`, {
      as: 'anonymous',
      headers: { 'idempotency-key': `compliance-community-${Date.now()}` },
      body: { customer: { name: 'Meera Shopper', phone: '9811177777' }, shippingAddress: { line1: '4 Park Street', city: 'Pune', state: 'MH', pincode: '411001' }, lines: [{ sku, quantity: 1 }] },
    });
    expect(placed.status, placed.text).toBe(201);
    const number = placed.body.number as string;

    const page = await open();
    await signIn(page, DISTRIBUTOR, '/orders');
    await page.getByRole('tab', { name: 'Shop payments' }).click();
    const card = page.getByTestId(`awaiting-${number}`);
    await card.getByText('Meera Shopper', { exact: false }).waitFor();
    await card.getByTestId('payment-reference').fill('U1');
    await card.getByTestId('record-payment').click();
    await card.getByText('From 3 to 100 characters.').waitFor();
    expect((await demo.server.request('GET', `/api/orders/${number}/fulfilment`)).body.state).toBe('placed');
    await card.getByTestId('payment-reference').fill('UPI 412345678901');
    await card.getByTestId('record-payment').click();
    await page.getByTestId('payment-recorded').getByText(`Payment for order ${number} recorded`, { exact: false }).waitFor();
    await expect.poll(() => page.getByTestId(`awaiting-${number}`).count()).toBe(0);
    expect((await demo.server.request('GET', `/api/orders/${number}/fulfilment`)).body.state).toBe('paid');
  }, SLOW);

  it('ran without a script error or a refused resource', () => {
    expect(problems).toEqual([]);
  });
});
