import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/services/auth/users.ts';
import { closedMonthWithOrders, TWO_LEVEL_PLAN } from '../commissions/support.ts';
import { startServer, type TestServer } from '../support/http-client.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let database: TestDatabase;
let server: TestServer;
let company: Awaited<ReturnType<typeof closedMonthWithOrders>>;

beforeAll(async () => {
  database = await createTestDatabase();
  company = await closedMonthWithOrders(database.ctx);
  server = await startServer(database.handle);
});
afterAll(async () => {
  await server.close();
  await database.drop();
});

describe('plans over HTTP', () => {
  it('refuses a plan document naming the path that is wrong, and stores nothing', async () => {
    const response = await server.request('POST', '/api/plans', { body: { source: TWO_LEVEL_PLAN.replace('10%', '140%').replace('version: 1', 'version: 2').replace('2020-01-01', '2021-01-01') } });
    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe('PLAN_INVALID');
    expect(response.body.error.message).toContain('bonuses[1].levels[0]');
    expect((await server.request('GET', '/api/plans')).body.items).toHaveLength(1);
  });

  it('refuses a second copy of a version', async () => {
    const response = await server.request('POST', '/api/plans', { body: { source: TWO_LEVEL_PLAN } });
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('PLAN_VERSION_EXISTS');
  });
});

describe('a period over HTTP: calculate, review, statements, wallet', () => {
  let runId: number;

  it('calculates a closed period and shows the preview totals', async () => {
    const response = await server.request('POST', `/api/periods/${company.period.id}/calculate`);
    expect(response.status).toBe(201);
    expect(response.body.totals).toMatchObject({ paid: 3300, byBonus: { retail: 2500, unilevel: 800 }, capFactor: 1 });
    expect(response.body.status).toBe('preview');
    runId = response.body.id;
    const runs = await server.request('GET', `/api/periods/${company.period.id}/runs`);
    expect(runs.body.items.map((run: { id: number }) => run.id)).toEqual([runId]);
  });

  it('refuses to calculate an open period', async () => {
    const response = await server.request('POST', `/api/periods/${company.next.id}/calculate`);
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('PERIOD_TRANSITION_INVALID');
  });

  it('refuses approval by the person who calculated the run, and lets a second person approve and commit it', async () => {
    const response = await server.request('POST', `/api/runs/${runId}/approve`, { headers: { 'accept-language': 'hi' } });
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('RUN_SELF_APPROVAL');
    expect(response.body.error.message).toContain('दूसरा व्यक्ति');
    await createUser(database.ctx, { email: 'finance@samooh.test', roles: ['finance'], password: 'second-pair-of-eyes-7319' });
    const finance = await server.signIn('finance@samooh.test', 'second-pair-of-eyes-7319');
    const approved = await server.request('POST', `/api/runs/${runId}/approve`, { as: finance });
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('approved');
    const committed = await server.request('POST', `/api/runs/${runId}/commit`, { as: finance });
    expect(committed.body.status).toBe('committed');
    // Committing again posts nothing and answers with the committed run.
    const again = await server.request('POST', `/api/runs/${runId}/commit`);
    expect([again.status, again.body.committedAt]).toEqual([200, committed.body.committedAt]);
  });

  it('shows a committed statement with every line explained, as JSON, CSV and a printable page', async () => {
    const code = company.members.a.code;
    const json = await server.request('GET', `/api/members/${code}/statement?period=${company.period.id}`);
    expect(json.status).toBe(200);
    expect(json.body).toMatchObject({ run: { id: runId, preview: false }, gross: 410, tds: 82, fee: 0, net: 328 });
    expect(json.body.lines.map((line: { explanation: string }) => line.explanation)).toEqual([
      `from order ${company.orders.b.number} of ${company.members.b.code}, level 1, 10% of ₹37.00`,
      `from order ${company.orders.c.number} of ${company.members.c.code}, level 1, 10% of ₹4.00`,
    ]);
    const csv = await server.request('GET', `/api/members/${code}/statement.csv?period=${company.period.id}`);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.text.trim().split('\n').at(-1)).toBe(',Net to wallet,328,');
    const html = await server.request('GET', `/api/members/${code}/statement.html?period=${company.period.id}`, { headers: { 'accept-language': 'hi' } });
    expect(html.headers.get('content-type')).toContain('text/html');
    expect(html.text).toContain('वॉलेट में शुद्ध राशि');
    expect(html.text).toContain('₹3.28');
  });

  it('shows the wallet balance from the ledger, entries newest first', async () => {
    const wallet = await server.request('GET', `/api/members/${company.members.a.code}/wallet`);
    expect(wallet.status).toBe(200);
    expect(wallet.body.balance).toBe(328);
    expect(wallet.body.entries.map((entry: { amount: number }) => entry.amount)).toEqual([-82, 410]);
  });

  it('refuses a statement for a period that does not exist', async () => {
    const response = await server.request('GET', `/api/members/SM1/statement?period=9999`);
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('PERIOD_NOT_FOUND');
  });
});
