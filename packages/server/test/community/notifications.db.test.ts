import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobWorker } from '../../src/jobs/worker.ts';
import { createUser } from '../../src/services/auth/users.ts';
import { approveRun } from '../../src/services/commissions/approve-run.ts';
import { calculatePeriod } from '../../src/services/commissions/calculate-period.ts';
import { commitRun } from '../../src/services/commissions/commit-run.ts';
import { enrollMember } from '../../src/services/members/enroll-member.ts';
import { placeOrder } from '../../src/services/orders/place-order.ts';
import { notificationJobHandlers } from '../../src/services/notifications/deliver-notifications.ts';
import { logTransport, smtpTransport, type OutgoingMessage, type Transports } from '../../src/services/notifications/transports.ts';
import { buildPayoutBatch } from '../../src/services/payouts/build-batch.ts';
import { exportPayoutBatch } from '../../src/services/payouts/export-batch.ts';
import { settlePayout } from '../../src/services/payouts/settle-payout.ts';
import { as, closedMonthWithOrders, TWO_LEVEL_PLAN, user } from '../commissions/support.ts';
import { smallCompany } from '../support/fixtures.ts';
import { startServer, type Credentials, type TestServer } from '../support/http-client.ts';
import { freePort, startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';
import { createTestDatabase, silentLogger, type TestDatabase } from '../support/test-database.ts';

const PASSWORD = 'community-password-42';

/** SMS and WhatsApp are logged; the test keeps what was "sent" to look at it. */
function recordingTransport(sent: OutgoingMessage[]) {
  const logged = logTransport(silentLogger);
  return { async send(message: OutgoingMessage) { sent.push(message); await logged.send(message); } };
}

function workerFor(database: TestDatabase, transports: Transports) {
  return new JobWorker({ db: database.handle.db, log: silentLogger, handlers: notificationJobHandlers(transports) });
}

/** Lets every back-off run out, as if the time had passed. */
async function waitOutBackOff(database: TestDatabase) {
  await sql`UPDATE notification_outbox SET next_attempt_at = now() - interval '1 second' WHERE status = 'pending'`.execute(database.ctx.db);
  await sql`UPDATE jobs SET run_at = now() - interval '1 second' WHERE status = 'queued'`.execute(database.ctx.db);
}

const outboxOf = async (database: TestDatabase, memberId: number) =>
  (await sql<{ channel: string; address: string; language: string; status: string; attempts: number; next_attempt_at: Date; kind: string; last_error: string | null }>`
    SELECT o.channel, o.address, o.language, o.status, o.attempts, o.next_attempt_at, n.kind, o.last_error
      FROM notification_outbox o JOIN notifications n ON n.id = o.notification_id WHERE n.member_id = ${memberId} ORDER BY o.id`.execute(database.ctx.db)).rows;

describe('notifications from enrollment and orders', () => {
  let database: TestDatabase;
  let server: TestServer;
  let sink: SmtpSink;
  const texts: OutgoingMessage[] = [];
  let priya: { id: number; code: string };
  let priyaSession: Credentials;
  let worker: JobWorker;

  beforeAll(async () => {
    database = await createTestDatabase();
    await smallCompany(database.ctx);
    sink = await startSmtpSink();
    worker = workerFor(database, { email: smtpTransport({ url: sink.url, from: 'Samooh <no-reply@samooh.test>' }), sms: recordingTransport(texts), whatsapp: recordingTransport(texts) });
    priya = await enrollMember(database.ctx, { name: 'Priya Sharma', type: 'distributor', sponsor: 'SM1', email: 'priya@community.test', phone: '9876500001', language: 'hi' });
    await createUser(database.ctx, { email: 'priya@community.test', roles: ['distributor'], member: priya.code, password: PASSWORD });
    server = await startServer(database.handle);
    priyaSession = await server.signIn('priya@community.test', PASSWORD);
  });
  afterAll(async () => {
    await server?.close();
    await sink?.close();
    await database?.drop();
  });

  it('tells the sponsor a member joined, by e-mail in the sponsor\'s language, once', async () => {
    const ravi = await enrollMember(database.ctx, { name: 'Ravi Kumar', type: 'distributor', sponsor: priya.code, email: 'ravi@community.test', language: 'en' });
    expect(await outboxOf(database, priya.id)).toMatchObject([{ channel: 'email', address: 'priya@community.test', language: 'hi', status: 'pending', kind: 'team.member-joined' }]);
    expect(await worker.drain()).toBeGreaterThan(0);
    expect(sink.messages).toHaveLength(1);
    expect(sink.messages[0]!.to).toMatchObject({ text: 'priya@community.test' });
    expect(sink.messages[0]!.subject).toBe('Ravi Kumar आपकी टीम में शामिल हुए');
    expect(sink.messages[0]!.text).toContain(`Ravi Kumar (${ravi.code}) आपको स्पॉन्सर बनाकर जुड़े हैं`);
    await waitOutBackOff(database);
    await worker.drain();
    expect(sink.messages).toHaveLength(1);

    // Ravi reads English: his team's news reaches him in English.
    await enrollMember(database.ctx, { name: 'Sunil', type: 'distributor', sponsor: ravi.code });
    await worker.drain();
    expect(sink.messages.at(-1)).toMatchObject({ subject: 'Sunil joined your team', to: { text: 'ravi@community.test' } });
  });

  it('writes nothing when the enrollment is refused', async () => {
    const before = await database.ctx.db.selectFrom('notifications').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const refused = await server.request('POST', '/api/members', { body: { name: 'Nobody', type: 'distributor', sponsor: priya.code, placement: { parent: 'SM1', slot: 'L' } } });
    expect(refused.status).toBe(422);
    const after = await database.ctx.db.selectFrom('notifications').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('lists notifications in the app in the reader\'s language, with read and unread', async () => {
    const list = await server.request('GET', `/api/members/${priya.code}/notifications`, { as: priyaSession });
    expect(list.status, list.text).toBe(200);
    expect(list.body).toMatchObject({ unread: 1, items: [{ kind: 'team.member-joined', subject: 'Ravi Kumar joined your team', readAt: null }] });
    const hindi = await server.request('GET', `/api/members/${priya.code}/notifications?unread=true`, { as: priyaSession, headers: { 'accept-language': 'hi' } });
    expect(hindi.body.items[0].subject).toBe('Ravi Kumar आपकी टीम में शामिल हुए');
    const read = await server.request('POST', `/api/members/${priya.code}/notifications/read`, { as: priyaSession, body: { all: true } });
    expect(read.body).toEqual({ marked: 1 });
    const after = await server.request('GET', `/api/members/${priya.code}/notifications?unread=true`, { as: priyaSession });
    expect(after.body).toMatchObject({ unread: 0, items: [] });
    const others = await server.request('GET', `/api/members/SM1/notifications`, { as: priyaSession });
    expect(others.status).toBe(403);
  });

  it('follows the member\'s channel choices: e-mail off and SMS on for one kind, the app channel off for another', async () => {
    const changed = await server.request('PUT', `/api/members/${priya.code}/notification-preferences`, {
      as: priyaSession,
      body: { kinds: { 'team.member-joined': { email: false, sms: true }, 'shop.customer-ordered': { in_app: false } } },
    });
    expect(changed.status, changed.text).toBe(200);
    expect(changed.body.kinds['team.member-joined']).toEqual({ in_app: true, email: false, sms: true, whatsapp: false });
    expect(changed.body.kinds['payout.paid']).toEqual({ in_app: true, email: true, sms: false, whatsapp: false });

    const sent = sink.messages.length;
    await enrollMember(database.ctx, { name: 'Meena', type: 'distributor', sponsor: priya.code });
    await worker.drain();
    expect(sink.messages).toHaveLength(sent);
    expect(texts.at(-1)).toMatchObject({ channel: 'sms', to: '9876500001', language: 'hi', subject: 'Meena आपकी टीम में शामिल हुए' });

    // A customer of Priya's orders: she is told by e-mail, not in the app list.
    const customer = await enrollMember(database.ctx, { name: 'Kavita', type: 'retail', sponsor: priya.code });
    const order = await placeOrder(database.ctx, { buyer: customer.code, items: [{ product: 'NEEM-SOAP', quantity: 2 }] });
    await worker.drain();
    expect(sink.messages.at(-1)!.subject).toBe('Kavita ने आपकी दुकान से ऑर्डर किया');
    expect(sink.messages.at(-1)!.text).toContain(order.order.number);
    expect(sink.messages.at(-1)!.text).toContain('₹240.00');
    const list = await server.request('GET', `/api/members/${priya.code}/notifications`, { as: priyaSession });
    expect(list.body.items.map((item: { kind: string }) => item.kind)).not.toContain('shop.customer-ordered');
    // Priya's own order is not a customer order: nothing new for her.
    const count = (await outboxOf(database, priya.id)).length;
    await placeOrder(database.ctx, { buyer: priya.code, items: [{ product: 'NEEM-SOAP', quantity: 1 }] });
    expect(await outboxOf(database, priya.id)).toHaveLength(count);
  });

  it('refuses an unknown time zone and another member\'s preferences', async () => {
    const bad = await server.request('PUT', `/api/members/${priya.code}/notification-preferences`, { as: priyaSession, body: { timeZone: 'Mars/Olympus' } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe('TIME_ZONE_UNKNOWN');
    const foreign = await server.request('PUT', `/api/members/SM1/notification-preferences`, { as: priyaSession, body: { timeZone: 'Asia/Kolkata' } });
    expect(foreign.status).toBe(403);
  });

  it('holds messages during quiet hours and sends them when they end, in the member\'s time zone', async () => {
    const due = async (start: string, end: string, zone: string, at: string) =>
      (await sql<{ due: Date }>`SELECT notification_due_at(${start}::time, ${end}::time, ${zone}, ${at}::timestamptz) AS due`.execute(database.ctx.db)).rows[0]!.due.toISOString();
    // 22:00–07:00 in India: 23:30 IST waits until 07:00 IST; 15:30 IST goes at once.
    expect(await due('22:00', '07:00', 'Asia/Kolkata', '2026-01-01T18:00:00Z')).toBe('2026-01-02T01:30:00.000Z');
    expect(await due('22:00', '07:00', 'Asia/Kolkata', '2026-01-01T22:00:00Z')).toBe('2026-01-02T01:30:00.000Z');
    expect(await due('22:00', '07:00', 'Asia/Kolkata', '2026-01-01T10:00:00Z')).toBe('2026-01-01T10:00:00.000Z');
    expect(await due('13:00', '14:00', 'Asia/Kolkata', '2026-01-01T08:00:00Z')).toBe('2026-01-01T08:30:00.000Z');
    expect(await due('13:00', '14:00', 'Europe/London', '2026-01-01T13:15:00Z')).toBe('2026-01-01T14:00:00.000Z');

    // Quiet now, in Priya's zone: the e-mail waits until the end.
    const local = (offsetMinutes: number) =>
      new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Kolkata', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(Date.now() + offsetMinutes * 60_000));
    const quiet = { start: local(-60), end: local(60) };
    const set = await server.request('PUT', `/api/members/${priya.code}/notification-preferences`, {
      as: priyaSession, body: { quietHours: quiet, timeZone: 'Asia/Kolkata', kinds: { 'team.member-joined': { email: true, sms: false } } },
    });
    expect(set.body).toMatchObject({ quietHours: quiet, timeZone: 'Asia/Kolkata' });
    const sent = sink.messages.length;
    await enrollMember(database.ctx, { name: 'Late Lata', type: 'distributor', sponsor: priya.code });
    const row = (await outboxOf(database, priya.id)).at(-1)!;
    const wait = new Date(row.next_attempt_at).getTime() - Date.now();
    expect(wait).toBeGreaterThan(58 * 60_000);
    expect(wait).toBeLessThan(61 * 60_000);
    await worker.drain();
    expect(sink.messages).toHaveLength(sent);
    const waiting = await sql<{ n: number }>`SELECT count(*)::int AS n FROM jobs WHERE kind = 'notifications.deliver' AND status = 'queued' AND run_at <= ${row.next_attempt_at}`.execute(database.ctx.db);
    expect(waiting.rows[0]!.n).toBeGreaterThan(0);
    await waitOutBackOff(database);
    await worker.drain();
    expect(sink.messages.at(-1)!.subject).toBe('Late Lata आपकी टीम में शामिल हुए');
    await server.request('PUT', `/api/members/${priya.code}/notification-preferences`, { as: priyaSession, body: { quietHours: null } });
  });
});

describe('the outbox when the mail server is down', () => {
  let database: TestDatabase;
  let sink: SmtpSink | undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
    await smallCompany(database.ctx);
  });
  afterAll(async () => {
    await sink?.close();
    await database?.drop();
  });

  it('keeps the message, retries with back-off, and delivers it exactly once when the server is back', async () => {
    const port = await freePort();
    const worker = workerFor(database, { email: smtpTransport({ url: `smtp://127.0.0.1:${port}`, from: 'Samooh <no-reply@samooh.test>', timeoutMs: 2000 }), sms: logTransport(silentLogger), whatsapp: logTransport(silentLogger) });
    const anil = await enrollMember(database.ctx, { name: 'Anil', type: 'distributor', sponsor: 'SM1', email: 'anil@community.test' });
    await enrollMember(database.ctx, { name: 'Bina', type: 'distributor', sponsor: anil.code });

    await worker.drain();
    const [failed] = await outboxOf(database, anil.id);
    expect(failed).toMatchObject({ status: 'pending', attempts: 1 });
    expect(failed!.last_error).toMatch(/ECONNREFUSED|connect/i);
    expect(new Date(failed!.next_attempt_at).getTime() - Date.now()).toBeGreaterThan(5_000);
    // A job waits for the back-off: the worker finds nothing due before then.
    expect(await worker.drain()).toBe(0);

    await waitOutBackOff(database);
    await worker.drain();
    expect(await outboxOf(database, anil.id)).toMatchObject([{ status: 'pending', attempts: 2 }]);

    sink = await startSmtpSink(port);
    await waitOutBackOff(database);
    await worker.drain();
    expect(sink.messages).toHaveLength(1);
    expect(sink.messages[0]!.subject).toBe('Bina joined your team');
    expect(await outboxOf(database, anil.id)).toMatchObject([{ status: 'sent', attempts: 3, last_error: null }]);

    // Nothing is sent twice, however often the queue runs.
    await waitOutBackOff(database);
    await worker.drain();
    await sql`INSERT INTO jobs (kind) VALUES ('notifications.deliver')`.execute(database.ctx.db);
    await worker.drain();
    expect(sink.messages).toHaveLength(1);
  });
});

describe('notifications from the money path', () => {
  let database: TestDatabase;
  let company: Awaited<ReturnType<typeof closedMonthWithOrders>>;

  beforeAll(async () => {
    database = await createTestDatabase();
    company = await closedMonthWithOrders(database.ctx, `${TWO_LEVEL_PLAN}ranks:\n  - id: associate\n  - id: builder\n    requires: { pv: 30 }\n`);
  });
  afterAll(async () => database?.drop());

  const kindsOf = async (memberId: number) =>
    (await database.ctx.db.selectFrom('notifications').select(['kind', 'params']).where('member_id', '=', memberId).orderBy('id').execute());

  it('tells each earner their statement is ready and each new rank holder their rank when a run is committed, then the payout when paid', async () => {
    const { members } = company;
    const { runId } = await calculatePeriod(database.handle, user(1), company.period.id);
    await approveRun(as(database.ctx, 2), runId);
    await commitRun(as(database.ctx, 2), runId);
    const earners = await database.ctx.db.selectFrom('commission_run_members').select(['member_id', 'earned', 'tds', 'fee', 'highest_rank']).where('run_id', '=', runId).execute();
    const bharat = earners.find((row) => row.member_id === members.b.id)!;
    expect(bharat.earned).toBeGreaterThan(0);
    const notes = await kindsOf(members.b.id);
    expect(notes.find((note) => note.kind === 'statement.ready')?.params).toMatchObject({ period: company.period.id, amount: bharat.earned - bharat.tds - bharat.fee, currency: 'INR' });
    expect(notes.find((note) => note.kind === 'rank.reached')?.params).toMatchObject({ rank: bharat.highest_rank });
    const statementReady = await database.ctx.db.selectFrom('notifications').select((eb) => eb.fn.countAll<number>().as('n')).where('kind', '=', 'statement.ready').executeTakeFirstOrThrow();
    expect(Number(statementReady.n)).toBe(earners.filter((row) => row.earned !== 0).length);
    // A repeated commit posts nothing and tells nobody twice.
    await commitRun(as(database.ctx, 2), runId);
    expect(await kindsOf(members.b.id)).toHaveLength(notes.length);

    await sql`UPDATE members SET bank_account = '123456789012', bank_ifsc = 'HDFC0001234', kyc_status = 'verified', pan = 'ABCDE1234F' WHERE id = ${members.b.id}`.execute(database.ctx.db);
    await sql`UPDATE company SET minimum_payout = 1`.execute(database.ctx.db);
    const batch = await buildPayoutBatch(as(database.ctx, 3), { members: [members.b.code] });
    await exportPayoutBatch(as(database.ctx, 3), batch.id);
    await settlePayout(as(database.ctx, 3), batch.payouts[0]!.id, { outcome: 'paid' });
    expect((await kindsOf(members.b.id)).at(-1)).toMatchObject({ kind: 'payout.paid', params: { amount: batch.payouts[0]!.amount, currency: 'INR' } });
  });
});
