import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Projector } from '../../server/src/services/projections/projector.ts';
import { formatMoney } from '../src/lib/format.ts';
import { DISTRIBUTOR, launchBrowser, openPeriodsUpToToday, openWatched, startDemoServer, type DemoServer, type TestBrowser } from './support/demo-server.ts';

/**
 * A customer buys through a distributor's public shop (/s/CODE) in Chromium, without
 * signing in; the order is credited to that distributor, and their live projection (PV)
 * moves by the order's volume once the projector has applied it.
 */
const SCREENSHOTS = process.env.SAMOOH_SCREENSHOTS ?? new URL('../../../.test-results/screenshots/', import.meta.url).pathname;
const PHONE = { width: 360, height: 780 };

interface ShopProduct {
  sku: string;
  name: { en: string; hi: string };
  retailPrice: number;
  inStock: boolean;
}

let demo: DemoServer;
let chrome: TestBrowser;
let projector: Projector;
let shopCode = '';
/** Everything the browser said went wrong: script errors, refused content (CSP), failed loads. */
const problems: string[] = [];

function open(viewport?: { width: number; height: number }): Promise<Page> {
  return openWatched(chrome, demo.server.baseUrl, problems, { viewport });
}

async function expectNoHorizontalOverflow(page: Page): Promise<void> {
  const widths = await page.evaluate<{ scroll: number; client: number }>('({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth })');
  expect(widths.scroll).toBeLessThanOrEqual(widths.client);
}

/** The checkout form in English: who, and a delivery address in Maharashtra. */
async function fillCheckout(page: Page, name: string, phone: string): Promise<void> {
  await page.getByLabel('Full name').fill(name);
  await page.getByLabel('Mobile number').fill(phone);
  await page.getByLabel('House, street').fill('4 Lake View');
  await page.getByLabel('City').fill('Nagpur');
  await page.getByTestId('shop-state').fill('Mahara');
  await page.getByRole('option', { name: 'Maharashtra' }).click();
  await page.getByLabel('PIN code').fill('440001');
}

const projectedPv = async () => {
  const response = await demo.server.request('GET', `/api/members/${shopCode}/projection`, { as: demo.distributor });
  expect(response.status, response.text).toBe(200);
  return response.body.pv as number;
};

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  demo = await startDemoServer();
  shopCode = demo.memberCode;
  // A shop order counts in the one open period, the one the projection shows.
  await openPeriodsUpToToday(demo);
  projector = new Projector(demo.database.handle, demo.database.ctx.log, { refreshEveryMs: 0 });
  projector.start();
  chrome = await launchBrowser();
}, 600_000);
afterAll(async () => {
  await chrome?.close();
  await projector?.stop();
  await demo?.close();
});

describe("a distributor's shop", () => {
  it('sells to a customer without signing in, credits the distributor, and their projected PV moves', { timeout: 180_000 }, async () => {
    const products = await demo.server.request('GET', `/api/shop/${shopCode}/products`, { as: 'anonymous' });
    expect(products.status).toBe(200);
    const product = (products.body.items as ShopProduct[]).find((item) => item.inStock)!;
    expect(product).toBeDefined();
    const pvBefore = await projectedPv();

    const page = await open();
    await page.goto(`${demo.server.baseUrl}/s/${shopCode.toLowerCase()}`);
    await page.getByRole('heading', { name: 'Welcome' }).waitFor();
    const shopName = (await demo.server.request('GET', `/api/shop/${shopCode}`, { as: 'anonymous' })).body.name as string;
    await page.getByText(`${shopName}'s shop`).waitFor();
    await page.getByTestId(`product-${product.sku}`).waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}shop-en-desktop.png`, fullPage: true });

    // The product page, then two of it into the cart.
    await page.getByRole('link', { name: product.name.en, exact: true }).click();
    await page.getByRole('heading', { name: product.name.en }).waitFor();
    await page.getByLabel('Quantity').fill('2');
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await page.getByRole('link', { name: /Cart: 2 items/ }).click();
    await page.getByRole('heading', { name: 'Your cart' }).waitFor();
    expect(await page.getByTestId('cart-total').textContent()).toBe(formatMoney('en', 2 * product.retailPrice));
    // The cart is kept in this browser for this shop.
    expect(await page.evaluate(`localStorage.getItem('samooh.shop.cart.${shopCode}')`)).toBe(JSON.stringify([{ sku: product.sku, quantity: 2 }]));

    await page.getByRole('link', { name: 'Checkout' }).click();
    await page.getByRole('heading', { name: 'Checkout' }).waitFor();
    await fillCheckout(page, 'Browser Bhavna', '+91 98700 12345');
    expect(await page.getByTestId('checkout-total').textContent()).toBe(formatMoney('en', 2 * product.retailPrice));
    await page.getByRole('button', { name: 'Place order' }).click();

    await page.getByRole('heading', { name: 'Thank you, your order is placed' }).waitFor();
    const number = (await page.getByTestId('order-number').textContent())!.trim();
    expect(number).toMatch(/^SO/);
    expect(await page.getByTestId('order-total').textContent()).toBe(formatMoney('en', 2 * product.retailPrice));
    await page.getByText(`give them your order number ${number}`, { exact: false }).waitFor();
    expect(await page.evaluate(`localStorage.getItem('samooh.shop.cart.${shopCode}')`)).toBeNull();
    await page.screenshot({ path: `${SCREENSHOTS}shop-order-placed-en-desktop.png`, fullPage: true });

    // Credited to the shop's distributor, waiting for its payment.
    const order = await demo.server.request('GET', `/api/orders/${number}`);
    expect(order.status).toBe(200);
    expect(order.body).toMatchObject({ credited: { code: shopCode }, buyer: { name: 'Browser Bhavna', type: 'retail' }, amount: 2 * product.retailPrice });
    expect((await demo.server.request('GET', `/api/orders/${number}/fulfilment`)).body.state).toBe('placed');

    // The projector applies the volume within moments: poll the distributor's projection.
    const expectedPv = Math.round((pvBefore + order.body.qv) * 100) / 100;
    let pv = pvBefore;
    for (let attempt = 0; attempt < 100 && pv !== expectedPv; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      pv = await projectedPv();
    }
    expect(order.body.qv).toBeGreaterThan(0);
    expect(pv).toBe(expectedPv);

    // The distributor records the UPI payment: the order is paid.
    const paid = await demo.server.request('POST', `/api/orders/${number}/shop-payment`, { as: demo.distributor, body: { reference: 'UPI 998877665544' } });
    expect(paid.status, paid.text).toBe(200);
    expect(paid.body.state).toBe('paid');
    expect(problems).toEqual([]);
  });

  it('works in Hindi on a 360-pixel phone and from the keyboard', { timeout: 120_000 }, async () => {
    const page = await open(PHONE);
    await page.goto(`${demo.server.baseUrl}/s/${shopCode}`);
    await page.getByRole('heading', { name: 'Welcome' }).waitFor();
    await page.locator('.mantine-Card-root').first().waitFor();
    await expectNoHorizontalOverflow(page);
    await page.screenshot({ path: `${SCREENSHOTS}shop-en-phone.png`, fullPage: true });

    // From the keyboard: the skip link first, then an "Add to cart" button is reached and works.
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.className')).toContain('skip-link');
    let reached = false;
    for (let i = 0; i < 25 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = (await page.evaluate('document.activeElement?.textContent')) === 'Add to cart';
    }
    expect(reached).toBe(true);
    await page.keyboard.press('Enter');
    await page.getByRole('link', { name: /Cart: 1 item/ }).waitFor();

    await page.getByText('हिन्दी').click();
    await page.getByRole('heading', { name: 'स्वागत है' }).waitFor();
    await page.getByText('कार्ट में डालें').first().waitFor();
    expect(await page.evaluate('document.documentElement.lang')).toBe('hi');
    await expectNoHorizontalOverflow(page);
    await page.screenshot({ path: `${SCREENSHOTS}shop-hi-phone.png`, fullPage: true });

    await page.getByRole('link', { name: /कार्ट: 1 वस्तु/ }).click();
    await page.getByRole('heading', { name: 'आपकी कार्ट' }).waitFor();
    await expectNoHorizontalOverflow(page);
    await page.getByRole('link', { name: 'ऑर्डर करें' }).click();
    await page.getByLabel('पूरा नाम').waitFor();
    await expectNoHorizontalOverflow(page);
    await page.screenshot({ path: `${SCREENSHOTS}shop-checkout-hi-phone.png`, fullPage: true });
    // A refusal comes back in Hindi: the account needs a strong password.
    await page.getByLabel('पूरा नाम').fill('फ़ोन ग्राहक');
    await page.getByLabel('मोबाइल नंबर').fill('9870099999');
    await page.getByLabel('प्रिफ़र्ड ग्राहक के रूप में खाता बनाएँ').check();
    await page.locator('input[type="email"]').fill('phone.customer@example.com');
    await page.getByLabel('पासवर्ड चुनें').fill('short');
    await page.getByLabel('मकान, गली').fill('1 गली');
    await page.getByLabel('शहर').fill('Jaipur');
    await page.getByTestId('shop-state').fill('Raja');
    await page.getByRole('option', { name: 'Rajasthan' }).click();
    await page.getByLabel('पिन कोड').fill('302001');
    await page.getByRole('button', { name: 'ऑर्डर दें' }).click();
    await page.getByRole('alert').getByText(/पासवर्ड/).waitFor();
    expect(problems.filter((problem) => !problem.includes('422'))).toEqual([]);

    const desktop = await open();
    await desktop.goto(`${demo.server.baseUrl}/s/${shopCode}`);
    await desktop.getByRole('heading', { name: 'Welcome' }).waitFor();
    await desktop.getByText('हिन्दी').click();
    await desktop.getByRole('heading', { name: 'स्वागत है' }).waitFor();
    await desktop.locator('.mantine-Card-root').first().waitFor();
    await desktop.screenshot({ path: `${SCREENSHOTS}shop-hi-desktop.png`, fullPage: true });
    expect(problems.filter((problem) => !problem.includes('422'))).toEqual([]);
  });

  it('takes the order of someone signed in on this device too, fetching the session\'s CSRF token', { timeout: 120_000 }, async () => {
    const page = await open();
    await page.goto(`${demo.server.baseUrl}/sign-in`);
    await page.getByLabel('Email').fill(DISTRIBUTOR.email);
    await page.locator('input[type="password"]').fill(DISTRIBUTOR.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'My business' }).waitFor();
    // A new page load of the shop: this tab has no CSRF token, the browser still sends the session cookie.
    await page.goto(`${demo.server.baseUrl}/s/${shopCode}`);
    await page.getByRole('button', { name: /^Add .* to the cart$/ }).first().click();
    await page.getByRole('link', { name: /Cart: 1 item/ }).waitFor();
    await page.goto(`${demo.server.baseUrl}/s/${shopCode}/checkout`);
    await fillCheckout(page, 'Signed-in Sunil', '9870055555');
    await page.getByRole('button', { name: 'Place order' }).click();
    await page.getByRole('heading', { name: 'Thank you, your order is placed' }).waitFor();
    const number = (await page.getByTestId('order-number').textContent())!.trim();
    expect((await demo.server.request('GET', `/api/orders/${number}`)).body).toMatchObject({ credited: { code: shopCode }, buyer: { name: 'Signed-in Sunil' } });
    // The first attempt was refused for its missing CSRF token (403) and sent again with it.
    expect(problems.filter((problem) => !problem.includes('422') && !problem.includes('403'))).toEqual([]);
  });

  it('says so when the shop code is unknown', async () => {
    const page = await open(PHONE);
    await page.goto(`${demo.server.baseUrl}/s/SM0000000`);
    await page.getByRole('alert').getByText('There is no shop with the code SM0000000.').waitFor();
    expect(problems.filter((problem) => !problem.includes('422') && !problem.includes('403') && !problem.includes('404'))).toEqual([]);
  });
});
