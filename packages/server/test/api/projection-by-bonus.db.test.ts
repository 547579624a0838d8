import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/services/auth/users.ts';
import { calculatePeriod } from '../../src/services/commissions/calculate-period.ts';
import { savePlanVersion } from '../../src/services/commissions/plan-versions.ts';
import { enrollMember } from '../../src/services/members/enroll-member.ts';
import { refreshProjections } from '../../src/services/projections/refresh-projections.ts';
import { smallCompany } from '../support/fixtures.ts';
import { startServer, type Credentials, type TestServer } from '../support/http-client.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

/**
 * GET /api/members/{ref}/projection carries the projected earnings bonus by bonus. They
 * are checked against the commission lines the period's own preview run writes for the
 * same orders: the full recompute and the run use the same engine on the same period.
 */
const wellness = readFileSync(new URL('../../../../examples/plans/wellness-unilevel.yaml', import.meta.url), 'utf8').replace('effectiveFrom: 2026-01-01', 'effectiveFrom: 2020-01-01');

let database: TestDatabase;
let server: TestServer;
let periodId: number;
const codes: Record<string, string> = {};

beforeAll(async () => {
  database = await createTestDatabase();
  const company = await smallCompany(database.ctx);
  periodId = company.period.id;
  await savePlanVersion(database.ctx, wellness);
  // SM1 ← A ← B ← C, and Dev a retail customer of A: unilevel, fast start and retail profit all pay A.
  const a = await enrollMember(database.ctx, { name: 'Asha', type: 'distributor', sponsor: 'SM1' });
  const b = await enrollMember(database.ctx, { name: 'Bharat', type: 'distributor', sponsor: a.code });
  const c = await enrollMember(database.ctx, { name: 'Chitra', type: 'distributor', sponsor: b.code });
  const d = await enrollMember(database.ctx, { name: 'Dev', type: 'retail', sponsor: a.code });
  Object.assign(codes, { a: a.code, b: b.code, c: c.code, d: d.code });
  server = await startServer(database.handle);
  for (const [buyer, quantity] of [[a.code, 6], [b.code, 6], [c.code, 8], [d.code, 3]] as const) {
    const placed = await server.request('POST', '/api/orders', { body: { buyer, items: [{ product: 'TULSI-60', quantity }] } });
    expect(placed.status, placed.text).toBe(201);
  }
  await createUser(database.ctx, { email: 'asha@bonus.test', roles: ['distributor'], member: a.code, password: 'bonus-password-1' });
}, 300_000);
afterAll(async () => {
  await server?.close();
  await database?.drop();
});

describe('projected earnings by bonus', () => {
  it('lists every bonus of the plan with zero before the first full recompute', async () => {
    const before = await server.request('GET', `/api/members/${codes.a}/projection`);
    expect(before.status, before.text).toBe(200);
    // Every bonus of the plan, in plan order.
    expect(before.body.projectedByBonus.map((line: { bonus: string; type: string }) => `${line.bonus}:${line.type}`)).toEqual([
      'retail-profit:retailProfit', 'fast-start:fastStart', 'unilevel:unilevel', 'check-match:matching', 'leadership-pool:pool', 'rank-advancement:rankAdvancement',
    ]);
    expect(before.body.projectedByBonus.every((line: { amount: number }) => line.amount === 0)).toBe(true);
  });

  it('after a recompute, gives each bonus what the period preview pays, adding up to the projected total', async () => {
    await refreshProjections(database.handle);
    const asha: Credentials = await server.signIn('asha@bonus.test', 'bonus-password-1');
    const projections: Record<string, { projectedEarnings: number; projectedByBonus: { bonus: string; amount: number }[] }> = {};
    for (const key of ['a', 'b', 'c'] as const) {
      const answer = await server.request('GET', `/api/members/${codes[key]}/projection`, { as: asha });
      expect(answer.status, answer.text).toBe(200);
      projections[key] = answer.body;
    }
    for (const projection of Object.values(projections)) {
      expect(projection.projectedByBonus.reduce((sum, line) => sum + line.amount, 0)).toBe(projection.projectedEarnings);
    }
    // Something is earned, so the comparison below is not between two empty breakdowns.
    expect(Object.values(projections).some((projection) => projection.projectedByBonus.some((line) => line.amount > 0))).toBe(true);

    // The same period, closed and previewed: its lines by payee and bonus are the reference.
    expect((await server.request('POST', `/api/periods/${periodId}/close`)).status).toBe(200);
    const owner = await database.handle.db.selectFrom('users').select('id').where('email', '=', 'owner@samooh.test').executeTakeFirstOrThrow();
    const { runId } = await calculatePeriod(database.handle, { kind: 'user', id: owner.id, label: `user:${owner.id}`, roles: ['owner'] }, periodId);
    const lines = await database.handle.db
      .selectFrom('commission_lines as l')
      .innerJoin('members as m', 'm.id', 'l.payee_id')
      .select(['m.code', 'l.bonus', (eb) => eb.fn.sum<string>('l.amount').as('amount')])
      .where('l.run_id', '=', runId)
      .groupBy(['m.code', 'l.bonus'])
      .execute();
    for (const key of ['a', 'b', 'c'] as const) {
      const expected = Object.fromEntries(lines.filter((line) => line.code === codes[key]).map((line) => [line.bonus, Number(line.amount)]));
      const shown = Object.fromEntries(projections[key]!.projectedByBonus.filter((line) => line.amount !== 0).map((line) => [line.bonus, line.amount]));
      expect(shown, key).toEqual(expected);
    }
  });
});
