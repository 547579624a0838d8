import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedMonthWithOrders, commitPeriod } from '../commissions/support.ts';
import { startServer, type TestServer } from '../support/http-client.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { RANKED_PLAN } from './support.ts';

/**
 * The income disclosure in the language asked for by `?language=`, so a plain link (the admin
 * console's CSV download and printable page) gives the Hindi statement whatever language the
 * browser sends; without it, Accept-Language decides as before.
 */
let database: TestDatabase;
let server: TestServer;
let period: number;
const DEVANAGARI = /[\u0900-\u097F]/;

beforeAll(async () => {
  database = await createTestDatabase();
  const company = await closedMonthWithOrders(database.ctx, RANKED_PLAN);
  period = company.period.id;
  await commitPeriod(database, period);
  server = await startServer(database.handle);
}, 120_000);
afterAll(async () => {
  await server?.close();
  await database?.drop();
});

const get = (path: string, language = 'en') => server.request('GET', path, { headers: { 'accept-language': language } });

describe('the income disclosure in a chosen language', () => {
  it('answers in Hindi when asked by the query, although the browser asks for English', async () => {
    const json = await get(`/api/compliance/income-disclosure?from=${period}&language=hi`);
    expect(json.status, json.text).toBe(200);
    expect(json.body.definitions.expenses).toMatch(DEVANAGARI);
    const english = await get(`/api/compliance/income-disclosure?from=${period}`);
    expect(english.body.definitions.expenses).not.toMatch(DEVANAGARI);
    // The same figures either way: only the words change.
    expect({ ...json.body, definitions: null }).toEqual({ ...english.body, definitions: null });

    const html = await get(`/api/compliance/income-disclosure.html?from=${period}&to=${period}&language=hi`);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toContain('text/html');
    expect(html.text).toMatch(/<html[^>]*lang="hi"/);
    expect(html.text).toMatch(DEVANAGARI);
    const csv = await get(`/api/compliance/income-disclosure.csv?from=${period}&language=hi`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-disposition')).toContain('attachment');
    expect(csv.text.split('\n')[0]).toMatch(DEVANAGARI);
  });

  it('answers in English when asked, although the browser asks for Hindi; and by Accept-Language without it', async () => {
    const csv = await get(`/api/compliance/income-disclosure.csv?from=${period}&language=en`, 'hi');
    expect(csv.text).not.toMatch(DEVANAGARI);
    const html = await get(`/api/compliance/income-disclosure.html?from=${period}`, 'hi');
    expect(html.text).toMatch(DEVANAGARI);
  });

  it('refuses a language it does not speak', async () => {
    const wrong = await get(`/api/compliance/income-disclosure.csv?from=${period}&language=fr`);
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(wrong.body.error.details)).toContain('language');
  });
});
