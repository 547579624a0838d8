import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/services/auth/users.ts';
import { approveRun } from '../../src/services/commissions/approve-run.ts';
import { calculatePeriod } from '../../src/services/commissions/calculate-period.ts';
import { commitRun } from '../../src/services/commissions/commit-run.ts';
import { enrollMember } from '../../src/services/members/enroll-member.ts';
import { as as actingAs, closedMonthWithOrders, TWO_LEVEL_PLAN, user } from '../commissions/support.ts';
import { startServer, type Credentials, type TestServer } from '../support/http-client.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const PASSWORD = 'community-password-42';
let database: TestDatabase;
let server: TestServer;
let company: Awaited<ReturnType<typeof closedMonthWithOrders>>;
let bala: { id: number; code: string };
const session = {} as Record<'asha' | 'bharat' | 'bala', Credentials>;

/** SM1 ← Asha ← Bharat ← Chitra (retail customer); SM1 ← Bala, another team. Last month is committed. */
beforeAll(async () => {
  database = await createTestDatabase();
  company = await closedMonthWithOrders(database.ctx, `${TWO_LEVEL_PLAN}ranks:\n  - id: associate\n  - id: builder\n    requires: { pv: 30 }\n`);
  const { runId } = await calculatePeriod(database.handle, user(1), company.period.id);
  await approveRun(actingAs(database.ctx, 2), runId);
  await commitRun(actingAs(database.ctx, 2), runId);
  bala = await enrollMember(database.ctx, { name: 'Bala', type: 'distributor', sponsor: 'SM1' });
  server = await startServer(database.handle);
  for (const [key, code] of [['asha', company.members.a.code], ['bharat', company.members.b.code], ['bala', bala.code]] as const) {
    await createUser(database.ctx, { email: `${key}@events.test`, roles: ['distributor'], member: code, password: PASSWORD });
    session[key] = await server.signIn(`${key}@events.test`, PASSWORD);
  }
});
afterAll(async () => {
  await server?.close();
  await database?.drop();
});

const inDays = (days: number, hours = 0) => new Date(Date.now() + days * 86_400_000 + hours * 3_600_000).toISOString();
const eventCount = async () => Number((await database.ctx.db.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

describe('events', () => {
  it('refuses an event that ends before it starts or is neither online nor at a place, and writes nothing', async () => {
    const before = await eventCount();
    const backwards = await server.request('POST', '/api/events', { body: { scope: 'company', kind: 'launch', language: 'en', title: 'Launch', place: 'Jaipur', startsAt: inDays(3), endsAt: inDays(2) } });
    expect(backwards.status).toBe(422);
    expect(backwards.body.error.code).toBe('EVENT_ENDS_BEFORE_START');
    const nowhere = await server.request('POST', '/api/events', { body: { scope: 'company', kind: 'launch', language: 'en', title: 'Launch', startsAt: inDays(2), endsAt: inDays(3) } });
    expect(nowhere.status).toBe(400);
    expect(nowhere.body.error.code).toBe('VALIDATION_FAILED');
    expect(await eventCount()).toBe(before);
  });

  it('shows a team event to the organizer\'s downline only, with registration, capacity and attendance', async () => {
    const created = await server.request('POST', '/api/events', {
      as: session.asha,
      body: { scope: 'team', kind: 'training', language: 'hi', title: 'उत्पाद प्रशिक्षण', onlineUrl: 'https://meet.example.com/tulsi', startsAt: inDays(1), endsAt: inDays(1, 2), capacity: 1 },
    });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({ scope: 'team', organizer: { code: company.members.a.code }, registered: 0 });
    const id = created.body.id;
    const company_ = await server.request('POST', '/api/events', { body: { scope: 'company', kind: 'launch', language: 'en', title: 'Annual launch', place: 'Jaipur', startsAt: inDays(5), endsAt: inDays(5, 3) } });

    const seen = (who: Credentials) => server.request('GET', '/api/events', { as: who }).then((r) => r.body.items.map((item: { id: number }) => item.id));
    expect(await seen(session.bharat)).toEqual([id, company_.body.id]);
    expect(await seen(session.bala)).toEqual([company_.body.id]);
    expect((await server.request('POST', `/api/events/${id}/registrations`, { as: session.bala })).status).toBe(403);

    expect((await server.request('POST', `/api/events/${id}/registrations`, { as: session.bharat })).body).toMatchObject({ registered: 1 });
    expect((await server.request('POST', `/api/events/${id}/registrations`, { as: session.bharat })).body).toMatchObject({ registered: 1 });
    const full = await server.request('POST', `/api/events/${id}/registrations`, { as: session.asha });
    expect(full.status).toBe(409);
    expect(full.body.error.code).toBe('EVENT_FULL');

    const attendance = await server.request('POST', `/api/events/${id}/attendance`, { as: session.asha, body: { members: [company.members.b.code, bala.code] } });
    expect(attendance.body).toEqual({ eventId: id, attended: 1, notRegistered: [bala.code] });
    const registrations = await server.request('GET', `/api/events/${id}/registrations`, { as: session.asha });
    expect(registrations.body.items).toMatchObject([{ code: company.members.b.code, attended: true }]);
    expect((await server.request('GET', `/api/events/${id}/registrations`, { as: session.bharat })).status).toBe(403);
    expect((await server.request('POST', `/api/events/${id}/attendance`, { as: session.bala, body: { members: [bala.code] } })).status).toBe(403);
    expect((await server.request('GET', '/api/events', { as: session.bharat })).body.items[0].myRegistration).toEqual({ attended: true });
  });

  it('refuses registration once an event is over', async () => {
    const past = await server.request('POST', '/api/events', { body: { scope: 'company', kind: 'meeting', language: 'en', title: 'Last week', place: 'Delhi', startsAt: inDays(-8), endsAt: inDays(-7) } });
    const late = await server.request('POST', `/api/events/${past.body.id}/registrations`, { as: session.bharat });
    expect(late.status).toBe(422);
    expect(late.body.error.code).toBe('EVENT_OVER');
    expect((await server.request('POST', '/api/events/999999/registrations', { as: session.bharat })).body.error.code).toBe('EVENT_NOT_FOUND');
  });
});

describe('recognition', () => {
  it('names the month\'s rank advancements, top sellers by customer sales and new distributors, and leaves out who opted out', async () => {
    const month = company.period.start_date.slice(0, 7);
    const { a, b } = company.members;
    const recognition = await server.request('GET', `/api/recognition?month=${month}`, { as: session.bala });
    expect(recognition.status, recognition.text).toBe(200);
    // Bharat bought 40 QV himself (builder); Asha 20 (associate). Chitra, a customer, holds no rank.
    expect(recognition.body.rankAdvancements).toEqual(expect.arrayContaining([{ code: b.code, name: 'Bharat', rank: 'builder' }, { code: a.code, name: 'Asha', rank: 'associate' }]));
    // Only Chitra's order is a customer sale (₹120 credited to Bharat); Asha's and Bharat's own orders do not count.
    expect(recognition.body.topSellers).toEqual([{ code: b.code, name: 'Bharat', customerSales: 12_000, currency: 'INR' }]);
    expect(recognition.body.newMembers.map((member: { code: string }) => member.code)).toEqual([a.code, b.code]);

    const optOut = await server.request('PUT', `/api/members/${b.code}/recognition`, { as: session.bharat, body: { optOut: true } });
    expect(optOut.body).toMatchObject({ recognitionOptOut: true });
    expect((await server.request('PUT', `/api/members/${a.code}/recognition`, { as: session.bharat, body: { optOut: true } })).status).toBe(403);
    const after = await server.request('GET', `/api/recognition?month=${month}`, { as: session.bala });
    const everywhere = JSON.stringify(after.body);
    expect(everywhere).not.toContain(b.code);
    expect(after.body.topSellers).toEqual([]);
    expect(after.body.newMembers.map((member: { code: string }) => member.code)).toEqual([a.code]);
    expect((await server.request('GET', '/api/recognition?month=2026-13')).status).toBe(400);
  });

  it('tells the company who reached a rank and lets it address a rank and above', async () => {
    const posted = await server.request('POST', '/api/announcements', { body: { language: 'en', title: 'Builders', body: 'Builders meet', audience: { scope: 'company', rankAtLeast: 'builder' } } });
    expect(posted.status, posted.text).toBe(201);
    const recipients = await database.ctx.db.selectFrom('announcement_recipients').select('member_id').where('announcement_id', '=', posted.body.id).execute();
    expect(recipients.map((row) => row.member_id)).toEqual([company.members.b.id]);
  });
});
