import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAutoship } from '../../src/services/autoship/create-autoship.ts';
import { placeAutoship } from '../../src/services/autoship/place-autoship.ts';
import { savePlanVersion } from '../../src/services/commissions/plan-versions.ts';
import { businessDate, getCompany } from '../../src/services/company/get-company.ts';
import { inTransaction } from '../../src/services/context.ts';
import { enrollMember } from '../../src/services/members/enroll-member.ts';
import { placeOrder } from '../../src/services/orders/place-order.ts';
import { refundOrder } from '../../src/services/orders/refund-order.ts';
import { refreshProjections } from '../../src/services/projections/refresh-projections.ts';
import { smallCompany } from '../support/fixtures.ts';
import { startServer, type TestServer } from '../support/http-client.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

/**
 * A plan where being active needs PV 10 and an active autoship of at least 30 QV, and unilevel
 * pays 10% of level 1 CV to active members only. SM1 ← A ← {B, C}.
 * A's autoship places 2 × Tulsi (QV 40): active. C's places 4 × Neem Soap (QV 20): PV 20 but not
 * active. B orders 1 × Tulsi (CV 18.5) without autoship. A earns 10% of level 1: B's 18.5 CV and
 * C's 16 CV (4 × 4), 10% of 34.5 CV = ₹3.45 = 345 paise; SM1, with no autoship, earns nothing on A's.
 */
const PLAN = `
plan: autoship-wellness
version: 1
effectiveFrom: 2020-01-01
currency: INR
activity: { minPV: 10, autoshipQV: 30 }
ranks:
  - id: member
  - id: silver
    requires: { pv: 10, autoshipQV: 40 }
bonuses:
  - id: unilevel
    type: unilevel
    levels: [10%]
    compression: none
    qualify: { active: true }
`;

let database: TestDatabase;
let server: TestServer;
const members = {} as Record<'a' | 'b' | 'c', { id: number; code: string }>;
let autoshipOrderA = 0;

beforeAll(async () => {
  database = await createTestDatabase();
  const ctx = database.ctx;
  await smallCompany(ctx);
  await savePlanVersion(ctx, PLAN);
  members.a = await enrollMember(ctx, { name: 'Asha', type: 'distributor', sponsor: 'SM1' });
  members.b = await enrollMember(ctx, { name: 'Bharat', type: 'distributor', sponsor: members.a.code });
  members.c = await enrollMember(ctx, { name: 'Chitra', type: 'distributor', sponsor: members.a.code });
  const today = businessDate(await getCompany(ctx.db), new Date());
  const address = { name: 'Home', line1: '1 Main Road', city: 'Pune', state: 'Maharashtra', pincode: '411001' };
  for (const [key, items] of [['a', [{ product: 'TULSI-60', quantity: 2 }]], ['c', [{ product: 'NEEM-SOAP', quantity: 4 }]]] as const) {
    const autoship = await createAutoship(ctx, { member: members[key].code, items: [...items], dayOfMonth: Number(today.slice(8)), paymentMethod: { type: 'test', reference: 'ok' }, shippingAddress: address });
    expect(await inTransaction(ctx, (tx) => placeAutoship(tx, autoship.id))).toBe('placed');
    if (key === 'a') autoshipOrderA = (await ctx.db.selectFrom('autoship_occurrences').select('order_id').where('autoship_id', '=', autoship.id).executeTakeFirstOrThrow()).order_id!;
  }
  await placeOrder(ctx, { buyer: members.b.code, items: [{ product: 'TULSI-60', quantity: 1 }] });
  server = await startServer(database.handle);
});
afterAll(async () => {
  await server?.close();
  await database?.drop();
});

const standing = async () => Object.fromEntries((await database.handle.db.selectFrom('member_volumes').select(['member_id', 'active', 'rank', 'projected_earnings']).execute())
  .map((row) => [row.member_id, { active: row.active, rank: row.rank, earned: row.projected_earnings }]));

describe('an active autoship as a qualification, from the database', () => {
  it('makes a member active and paid only with enough autoship QV this period', async () => {
    await refreshProjections(database.handle);
    const now = await standing();
    expect(now[members.a.id]).toEqual({ active: true, rank: 'silver', earned: 345 });
    expect(now[1]).toMatchObject({ active: false, earned: 0 });
    expect(now[members.c.id]).toMatchObject({ active: false, rank: 'member', earned: 0 });
    expect(now[members.b.id]).toMatchObject({ active: false, earned: 0 });

    const projection = await server.request('GET', `/api/members/${members.a.code}/projection`);
    expect(projection.body).toMatchObject({ autoshipQv: 40, active: true });
    const c = await server.request('GET', `/api/members/${members.c.code}/projection`);
    expect(c.body).toMatchObject({ pv: 20, autoshipQv: 20, active: false });
  });

  it('takes refunded autoship volume off: half of A\'s autoship refunded leaves 20 QV, not active', async () => {
    await refundOrder(database.ctx, autoshipOrderA, { lines: [{ lineNo: 1, quantity: 1 }], reason: 'one bottle broken' });
    await refreshProjections(database.handle);
    expect((await standing())[members.a.id]).toMatchObject({ active: false, rank: 'member', earned: 0 });
    const projection = await server.request('GET', `/api/members/${members.a.code}/projection`);
    expect(projection.body).toMatchObject({ autoshipQv: 20, active: false });
    expect(projection.body.progress).toMatchObject({ nextRank: 'silver', needs: [{ requirement: 'pv', missing: 0 }, { requirement: 'autoshipQV', required: 40, current: 20, missing: 20 }] });
  });
});
