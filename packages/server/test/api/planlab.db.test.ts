import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/services/auth/users.ts';
import { closedMonthWithOrders, TWO_LEVEL_PLAN } from '../commissions/support.ts';
import { startServer, type Credentials, type TestServer } from '../support/http-client.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const MATRIX_PLAN = readFileSync(new URL('../../../../examples/plans/tara-matrix.yaml', import.meta.url), 'utf8');

let database: TestDatabase;
let server: TestServer;
let company: Awaited<ReturnType<typeof closedMonthWithOrders>>;
let finance: Credentials;

/** The committed plan with one level of 20% instead of 10% and 5%. */
const ONE_LEVEL_DRAFT = TWO_LEVEL_PLAN.replace('levels: [10%, 5%]', 'levels: [20%]').replace('version: 1', 'version: 2').replace('2020-01-01', '2030-01-01');

const ASSUMPTIONS = {
  initialDistributors: 8,
  recruitsPerDistributor: 0.5,
  churn: '5%',
  customerShare: '50%',
  buying: { distributor: { ordersPerMonth: 1, cv: 80 }, preferred: { ordersPerMonth: 1, cv: 40 }, retail: { ordersPerMonth: 0.5, cv: 30 } },
};

/** Everything a what-if must leave alone. */
async function committedState(): Promise<string> {
  const { rows } = await sql<{ state: string }>`
    SELECT concat_ws(' ',
      (SELECT count(*) FROM ledger_entries), (SELECT coalesce(sum(amount), 0) FROM ledger_entries WHERE amount > 0),
      (SELECT count(*) FROM commission_runs), (SELECT count(*) FROM commission_lines), (SELECT count(*) FROM commission_run_members),
      (SELECT string_agg(status, ',' ORDER BY id) FROM periods), (SELECT count(*) FROM audit_log), (SELECT count(*) FROM plan_versions)) AS state`.execute(database.handle.db);
  return rows[0]!.state;
}

beforeAll(async () => {
  database = await createTestDatabase();
  company = await closedMonthWithOrders(database.ctx);
  server = await startServer(database.handle);
  await createUser(database.ctx, { email: 'finance@samooh.test', roles: ['finance'], password: 'second-pair-of-eyes-7319' });
  finance = await server.signIn('finance@samooh.test', 'second-pair-of-eyes-7319');
  const run = await server.request('POST', `/api/periods/${company.period.id}/calculate`);
  expect(run.status).toBe(201);
  expect((await server.request('POST', `/api/runs/${run.body.id}/approve`, { as: finance })).status).toBe(200);
  expect((await server.request('POST', `/api/runs/${run.body.id}/commit`, { as: finance })).status).toBe(200);
});
afterAll(async () => {
  await server?.close();
  await database?.drop();
});

describe('the plan linter over HTTP', () => {
  let versionId: number;

  it('lints every stored version and keeps the findings with it, in English and Hindi', async () => {
    const saved = await server.request('POST', '/api/plans', { body: { source: ONE_LEVEL_DRAFT } });
    expect(saved.status).toBe(201);
    versionId = saved.body.id;
    expect(saved.body.lint).toMatchObject({ theoreticalMaxPayout: '20%', uncappedMaxPayout: '20%', cap: null, threshold: '50%', errors: 0, warnings: 1 });
    expect(saved.body.lint.findings.map((f: { code: string; path: string }) => `${f.code} ${f.path}`)).toEqual(['NO_PAYOUT_CAP cap', 'RETAIL_PROFIT_OUTSIDE_BOUND bonuses[0]']);
    const stored = await server.request('GET', `/api/plans/${versionId}/lint`, { headers: { 'accept-language': 'hi' } });
    expect(stored.status).toBe(200);
    expect(stored.body).toMatchObject({ planVersionId: versionId, theoreticalMaxPayout: '20%' });
    expect(stored.body.findings[0]).toMatchObject({ code: 'NO_PAYOUT_CAP', severity: 'warning', message: expect.stringContaining('कोई सीमा नहीं') });
    const row = await database.handle.db.selectFrom('plan_versions').select('lint').where('id', '=', versionId).executeTakeFirstOrThrow();
    expect((row.lint as { findings: { code: string }[] }).findings.map((f) => f.code)).toEqual(['NO_PAYOUT_CAP', 'RETAIL_PROFIT_OUTSIDE_BOUND']);
    expect((await server.request('GET', '/api/plans/999999/lint')).body.error.code).toBe('PLAN_VERSION_NOT_FOUND');
  });

  it('warns about a starter kit with volume, and calls an enrollment fee with volume an error', async () => {
    expect((await server.request('PATCH', '/api/products/STARTER-KIT', { body: { cv: 10 } })).status).toBe(200);
    const fee = await server.request('POST', '/api/products', { body: { sku: 'JOINING-FEE', name: { en: 'Joining fee', hi: 'जॉइनिंग शुल्क' }, qv: 5, cv: 0, enrollmentFee: true, prices: [{ currency: 'INR', retailPrice: 10_000, distributorPrice: 10_000 }] } });
    expect(fee.status).toBe(201);
    expect(fee.body).toMatchObject({ enrollmentFee: true, starterKit: false });
    const lint = await server.request('POST', '/api/plans/lint', { body: { source: ONE_LEVEL_DRAFT, maxPayout: '15%' } });
    expect(lint.status).toBe(200);
    expect(lint.body.findings.map((f: { severity: string; code: string; path: string }) => `${f.severity} ${f.code} ${f.path}`)).toEqual([
      'error ENROLLMENT_ITEM_WITH_VOLUME products.JOINING-FEE',
      'warning STARTER_KIT_WITH_VOLUME products.STARTER-KIT',
      'warning NO_PAYOUT_CAP cap',
      'warning PAYOUT_MAX_ABOVE_THRESHOLD bonuses',
      'info RETAIL_PROFIT_OUTSIDE_BOUND bonuses[0]',
    ]);
    expect(lint.body).toMatchObject({ errors: 1, warnings: 3, threshold: '15%' });
    expect(lint.body.findings[1].message).toBe('Starter kit STARTER-KIT carries 10 CV and 0 QV: 1 bonus(es) would pay people for recruiting rather than for product sold.');
    // Nothing is stored by linting a draft.
    expect((await server.request('GET', '/api/plans')).body.items).toHaveLength(2);
    // A product is a starter kit or an enrollment fee, never both.
    const both = await server.request('PATCH', '/api/products/JOINING-FEE', { body: { starterKit: true } });
    expect([both.status, both.body.error.code]).toEqual([422, 'PRODUCT_KIND_CONFLICT']);
    await server.request('POST', '/api/products/JOINING-FEE/deactivate');
    await server.request('PATCH', '/api/products/STARTER-KIT', { body: { cv: 0 } });
  });

  it('refuses a draft that is not a valid plan, naming the paths', async () => {
    const lint = await server.request('POST', '/api/plans/lint', { body: { source: ONE_LEVEL_DRAFT.replace('20%', '120%') } });
    expect([lint.status, lint.body.error.code]).toEqual([422, 'PLAN_INVALID']);
    expect(lint.body.error.details.issues.map((issue: { path: string }) => issue.path)).toEqual(['bonuses[1].levels[0]']);
    const threshold = await server.request('POST', '/api/plans/lint', { body: { source: ONE_LEVEL_DRAFT, maxPayout: '0%' } });
    expect(threshold.status).toBe(400);
  });
});

describe('a what-if rerun of a committed period', () => {
  it('compares the committed run with a draft plan, member by member, and writes nothing', async () => {
    const before = await committedState();
    const response = await server.request('POST', `/api/periods/${company.period.id}/whatif`, { body: { source: ONE_LEVEL_DRAFT }, as: finance });
    expect(response.status, response.text).toBe(200);
    const result = response.body;
    // Committed: retail 2500 to B; unilevel 10%/5%: A 410 (37 + 4 CV at 10%), SM1 390 (18.5 at 10%, 37 + 4 at 5%).
    // Draft, one level at 20%: A 820, SM1 370 (18.5 at 20%); B unchanged.
    expect(result.before).toMatchObject({ paid: 3300, byBonus: { retail: 2500, unilevel: 800 }, cv: 59.5, payoutRatio: 0.554622, capFactor: 1, earners: 3, plan: 'test-unilevel', version: 1 });
    expect(result.after).toMatchObject({ paid: 3690, byBonus: { retail: 2500, unilevel: 1190 }, cv: 59.5, payoutRatio: 0.620168, capFactor: 1, earners: 3, planVersionId: null, version: 2 });
    expect(result.change).toEqual({ paid: 390, payoutRatio: 0.065546, byBonus: { retail: 0, unilevel: 390 } });
    expect(result.members).toMatchObject({
      compared: 3, winners: 1, losers: 1, unchanged: 1,
      buckets: { lostAll: 0, down50Plus: 0, down10To50: 0, downUnder10: 1, unchanged: 1, upUnder10: 0, up10To50: 0, up50Plus: 1, newEarner: 0 },
      changePercentiles: { p10: -20, p25: -20, p50: 0, p75: 410, p90: 410 },
    });
    expect(result.members.topWinners).toEqual([{ memberId: company.members.a.id, code: company.members.a.code, name: 'Asha', before: 410, after: 820, change: 410 }]);
    expect(result.members.topLosers).toMatchObject([{ code: 'SM1', before: 390, after: 370, change: -20 }]);
    expect(await committedState()).toBe(before);
  });

  it('finds no change when rerun with the committed plan version itself', async () => {
    const same = await server.request('POST', `/api/periods/${company.period.id}/whatif`, { body: { planVersion: 1 } });
    expect(same.body.change).toEqual({ paid: 0, payoutRatio: 0, byBonus: { retail: 0, unilevel: 0 } });
    expect(same.body.members).toMatchObject({ compared: 3, winners: 0, losers: 0, unchanged: 3, topWinners: [], topLosers: [] });
  });

  it('reruns with a stored version too', async () => {
    const versions = (await server.request('GET', '/api/plans')).body.items as { id: number; version: number }[];
    const stored = versions.find((version) => version.version === 2)!;
    const response = await server.request('POST', `/api/periods/${company.period.id}/whatif`, { body: { planVersion: stored.id } });
    expect(response.body.after).toMatchObject({ paid: 3690, planVersionId: stored.id });
  });

  it('refuses a draft that fails validation, an open period, an unknown one, and two plans at once', async () => {
    const before = await committedState();
    const invalid = await server.request('POST', `/api/periods/${company.period.id}/whatif`, { body: { source: ONE_LEVEL_DRAFT.replace('levels: [20%]', 'levels: [20%, 7]') } });
    expect([invalid.status, invalid.body.error.code]).toEqual([422, 'PLAN_INVALID']);
    expect(invalid.body.error.message).toContain('bonuses[1].levels[1]');
    const open = await server.request('POST', `/api/periods/${company.next.id}/whatif`, { body: { source: ONE_LEVEL_DRAFT } });
    expect([open.status, open.body.error.code]).toEqual([409, 'WHATIF_PERIOD_NOT_COMMITTED']);
    expect((await server.request('POST', '/api/periods/999999/whatif', { body: { source: ONE_LEVEL_DRAFT } })).body.error.code).toBe('PERIOD_NOT_FOUND');
    const both = await server.request('POST', `/api/periods/${company.period.id}/whatif`, { body: { source: ONE_LEVEL_DRAFT, planVersion: 1 } });
    expect([both.status, both.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect((await server.request('POST', `/api/periods/${company.period.id}/whatif`, { body: { planVersion: 999_999 } })).body.error.code).toBe('PLAN_VERSION_NOT_FOUND');
    // A plan with a placement-tree bonus of another shape (a 3-wide matrix here) cannot be run on this company's trees.
    const matrix = await server.request('POST', `/api/periods/${company.period.id}/whatif`, { body: { source: MATRIX_PLAN } });
    expect([matrix.status, matrix.body.error.code], matrix.text).toEqual([422, 'PLAN_DOES_NOT_FIT_NETWORK']);
    expect(matrix.body.error.message).toContain('tara-matrix v1');
    expect(await committedState()).toBe(before);
  });
});

describe('a forward simulation over HTTP', () => {
  it('gives the same months for the same seed', async () => {
    const body = { source: ONE_LEVEL_DRAFT, assumptions: ASSUMPTIONS, months: 4, seed: 11, start: '2031-01-01' };
    const first = await server.request('POST', '/api/simulations', { body });
    expect(first.status, first.text).toBe(200);
    expect(first.body.months).toHaveLength(4);
    expect(first.body.months[0]).toMatchObject({ month: 1, start: '2031-01-01', end: '2031-01-31' });
    expect(first.body.months[3].members).toBeGreaterThan(0);
    const again = await server.request('POST', '/api/simulations', { body });
    expect(again.body).toEqual(first.body);
    const other = await server.request('POST', '/api/simulations', { body: { ...body, seed: 12 } });
    expect(other.body.months).not.toEqual(first.body.months);
  });

  it('measures the assumptions on the committed history', async () => {
    const response = await server.request('POST', '/api/simulations', { body: { planVersion: 1, fromHistory: true, months: 2, seed: 3 } });
    expect(response.status, response.text).toBe(200);
    // One committed period: A and B (distributors) and C (a retail customer) joined in it; A and B are live today.
    expect(response.body).toMatchObject({ source: 'history', assumptions: { initialDistributors: 2, customerShare: '33.3333%', preferredShare: '0%', churn: '0%' } });
    expect(response.body.assumptions.buying.retail).toMatchObject({ ordersPerMonth: 1, cv: 4, amount: 12_000 });
  });

  it('refuses assumptions out of range naming the field, and a simulation too large for the API', async () => {
    const bad = await server.request('POST', '/api/simulations', { body: { source: ONE_LEVEL_DRAFT, assumptions: { ...ASSUMPTIONS, churn: '-3%', customerShare: '150%' }, months: 2, seed: 1 } });
    expect([bad.status, bad.body.error.code]).toEqual([422, 'SIMULATION_ASSUMPTIONS_INVALID']);
    expect(bad.body.error.details.issues.map((issue: { path: string }) => issue.path)).toEqual(['churn', 'customerShare']);
    expect(bad.body.error.message).toContain('churn: expected a percentage from 0% to 100%');
    const large = await server.request('POST', '/api/simulations', { body: { source: ONE_LEVEL_DRAFT, assumptions: { ...ASSUMPTIONS, initialDistributors: 19_000, recruitsPerDistributor: 1 }, months: 3, seed: 1 } });
    expect([large.status, large.body.error.code]).toEqual([422, 'SIMULATION_TOO_LARGE']);
    const months = await server.request('POST', '/api/simulations', { body: { source: ONE_LEVEL_DRAFT, assumptions: ASSUMPTIONS, months: 37, seed: 1 } });
    expect(months.status).toBe(400);
  });
});
