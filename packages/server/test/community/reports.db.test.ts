import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/services/auth/users.ts';
import { enrollMember } from '../../src/services/members/enroll-member.ts';
import { placeOrder } from '../../src/services/orders/place-order.ts';
import { giveProductFeedback } from '../../src/services/products/product-feedback.ts';
import { closedMonthWithOrders, commitPeriod } from '../commissions/support.ts';
import { smallCompany } from '../support/fixtures.ts';
import { startServer, type TestServer } from '../support/http-client.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

describe('retention cohorts on a hand-made network', () => {
  let database: TestDatabase;
  let server: TestServer;

  /**
   * Joined January 2025: Dev (North), Divya (North), Dinesh (South); February 2025: Farah (South).
   * Dev's orders: April and July 2025 (active after 3 and 6 months). Divya: April 2025 (after 3).
   * Dinesh: no order of his own, but his customer Chitra ordered in January 2026 (active after 12).
   * Farah: June 2025 only (four months on: counts for none). Ela joined January 2025 too, ordered
   * in April 2025, but was terminated in February 2025: not active. Times are India's: Dev joined
   * 31 January 2025 at 23:00 IST, which is still January there.
   */
  beforeAll(async () => {
    database = await createTestDatabase();
    await smallCompany(database.ctx);
    const ctx = database.ctx;
    const people: [string, string, string, string][] = [
      ['Dev', 'North', '2025-01-31T17:30:00Z', 'distributor'],
      ['Divya', 'North', '2025-01-05T06:00:00Z', 'distributor'],
      ['Dinesh', 'South', '2025-01-20T06:00:00Z', 'distributor'],
      ['Farah', 'South', '2025-02-01T06:00:00Z', 'distributor'],
      ['Ela', 'North', '2025-01-10T06:00:00Z', 'distributor'],
    ];
    const codes: Record<string, string> = {};
    for (const [name, region, joined] of people) {
      const member = await enrollMember(ctx, { name, type: 'distributor', sponsor: 'SM1', region });
      codes[name] = member.code;
      await sql`UPDATE members SET joined_at = ${joined} WHERE id = ${member.id}`.execute(ctx.db);
    }
    const chitra = await enrollMember(ctx, { name: 'Chitra', type: 'retail', sponsor: codes.Dinesh! });
    codes.Chitra = chitra.code;
    // Naveen joins today: his cohort is too young to measure.
    await enrollMember(ctx, { name: 'Naveen', type: 'distributor', sponsor: 'SM1' });
    const orderOn = async (buyer: string, date: string) => {
      const placed = await placeOrder(ctx, { buyer: codes[buyer]!, items: [{ product: 'NEEM-SOAP', quantity: 1 }] });
      await sql`UPDATE orders SET business_date = ${date} WHERE id = ${placed.order.id}`.execute(ctx.db);
    };
    await orderOn('Dev', '2025-04-10');
    await orderOn('Dev', '2025-07-01');
    await orderOn('Divya', '2025-04-30');
    await orderOn('Chitra', '2026-01-15');
    await orderOn('Farah', '2025-06-15');
    await orderOn('Ela', '2025-04-10');
    await sql`UPDATE members SET status = 'terminated', terminated_at = '2025-02-15T00:00:00Z', placement_parent_id = NULL, placement_slot = NULL WHERE code = ${codes.Ela!}`.execute(ctx.db);
    server = await startServer(database.handle);
  });
  afterAll(async () => {
    await server?.close();
    await database?.drop();
  });

  it('counts new distributors per month and those still active 3, 6 and 12 months on', async () => {
    const report = await server.request('GET', '/api/reports/retention');
    expect(report.status, report.text).toBe(200);
    const past = report.body.items.filter((row: { cohort: string }) => row.cohort < '2026-01');
    expect(past).toEqual([
      { cohort: '2025-01', region: null, newDistributors: 4, activeAfter3: 2, activeAfter6: 1, activeAfter12: 1 },
      { cohort: '2025-02', region: null, newDistributors: 1, activeAfter3: 0, activeAfter6: 0, activeAfter12: 0 },
    ]);
    // Naveen joined this month: too soon to say.
    expect(report.body.items.at(-1)).toMatchObject({ newDistributors: 1, activeAfter3: null, activeAfter6: null, activeAfter12: null });
  });

  it('splits the cohorts by region', async () => {
    const report = await server.request('GET', '/api/reports/retention?by=region');
    expect(report.body.items.filter((row: { cohort: string }) => row.cohort < '2026-01')).toEqual([
      { cohort: '2025-01', region: 'North', newDistributors: 3, activeAfter3: 2, activeAfter6: 1, activeAfter12: 0 },
      { cohort: '2025-01', region: 'South', newDistributors: 1, activeAfter3: 0, activeAfter6: 0, activeAfter12: 1 },
      { cohort: '2025-02', region: 'South', newDistributors: 1, activeAfter3: 0, activeAfter6: 0, activeAfter12: 0 },
    ]);
  });

  it('is for the company only', async () => {
    const dev = (await database.ctx.db.selectFrom('members').select('code').where('name', '=', 'Dev').executeTakeFirstOrThrow()).code;
    await createUser(database.ctx, { email: 'dev@reports.test', roles: ['distributor'], member: dev, password: 'reports-password-42' });
    const session = await server.signIn('dev@reports.test', 'reports-password-42');
    expect((await server.request('GET', '/api/reports/retention', { as: session })).status).toBe(403);
  });
});

describe('self-reliance and product feedback', () => {
  let database: TestDatabase;
  let server: TestServer;
  let company: Awaited<ReturnType<typeof closedMonthWithOrders>>;

  beforeAll(async () => {
    database = await createTestDatabase();
    company = await closedMonthWithOrders(database.ctx);
    await commitPeriod(database, company.period.id);
    server = await startServer(database.handle);
  });
  afterAll(async () => {
    await server?.close();
    await database?.drop();
  });

  it('counts who earned something, more than they spent on their own orders, and at least a threshold', async () => {
    const earned = Object.fromEntries((await database.ctx.db.selectFrom('commission_run_members as r').innerJoin('members as m', 'm.id', 'r.member_id').select(['m.name', 'r.earned']).execute()).map((row) => [row.name, row.earned]));
    // By hand: Bharat's retail profit on Chitra's soap is ₹25 (₹120 − ₹95); he bought 2 × ₹399, far more.
    // Asha bought ₹399 and earns 10% unilevel on Bharat's CV. The company root bought nothing and earns on Asha.
    expect(earned.Bharat).toBeGreaterThanOrEqual(2_500);
    expect(earned.Bharat).toBeLessThan(79_800);
    expect(earned.Asha).toBeGreaterThan(0);
    expect(earned.Asha).toBeLessThan(39_900);
    expect(earned['Company Root']).toBeGreaterThan(0);
    const report = await server.request('GET', `/api/reports/self-reliance?threshold=${earned.Bharat}`);
    expect(report.status, report.text).toBe(200);
    expect(report.body.items).toEqual([{
      periodId: company.period.id, from: company.period.start_date, to: company.period.end_date,
      participants: Object.keys(earned).length, earnedSomething: 3, earnedMoreThanSpent: 1,
      earnedAtLeastThreshold: [earned.Asha!, earned.Bharat!, earned['Company Root']!].filter((amount) => amount >= earned.Bharat!).length,
    }]);
    const high = await server.request('GET', '/api/reports/self-reliance?threshold=100000000');
    expect(high.body.items[0].earnedAtLeastThreshold).toBe(0);
  });

  it('averages ratings per product and month and counts the themes', async () => {
    const { a, b } = company.members;
    const memberCtx = (id: number) => ({ ...database.ctx, actor: { kind: 'user' as const, id: 99, label: 'member', roles: ['distributor'], memberId: id } });
    await giveProductFeedback(memberCtx(a.id), 'TULSI-60', { rating: 5, theme: 'effect' });
    await giveProductFeedback(memberCtx(b.id), 'TULSI-60', { rating: 4, theme: 'taste', suggestion: 'less bitter' });
    await giveProductFeedback(memberCtx(b.id), 'TULSI-60', { rating: 4, theme: 'taste' });
    await giveProductFeedback(memberCtx(a.id), 'NEEM-SOAP', { rating: 2, theme: 'packaging' });
    await sql`UPDATE product_feedback SET created_at = '2025-03-10T06:00:00Z' WHERE rating = 5`.execute(database.ctx.db);
    const report = await server.request('GET', '/api/reports/product-feedback');
    const none = { effect: 0, taste: 0, packaging: 0, price: 0, availability: 0, other: 0 };
    const thisMonth = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Kolkata', year: 'numeric', month: '2-digit' }).format(new Date());
    expect(report.body.items).toEqual([
      { product: 'NEEM-SOAP', month: thisMonth, responses: 1, averageRating: 2, themes: { ...none, packaging: 1 } },
      { product: 'TULSI-60', month: '2025-03', responses: 1, averageRating: 5, themes: { ...none, effect: 1 } },
      { product: 'TULSI-60', month: thisMonth, responses: 2, averageRating: 4, themes: { ...none, taste: 2 } },
    ]);
  });
});
