import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { sql } from 'kysely';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobWorker } from '../../src/jobs/worker.ts';
import { webhookJobHandlers } from '../../src/services/webhooks/deliver-webhook.ts';
import { verifySignature } from '../../src/services/webhooks/signature.ts';
import { smallCompany } from '../support/fixtures.ts';
import { startServer, type TestServer } from '../support/http-client.ts';
import { createTestDatabase, silentLogger, type TestDatabase } from '../support/test-database.ts';

interface Received {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A webhook receiver on 127.0.0.1 answering with the given statuses in turn (then 200). */
class Receiver {
  readonly received: Received[] = [];
  server!: Server;
  constructor(private readonly statuses: number[] = []) {}
  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        this.received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
        response.writeHead(this.statuses.shift() ?? 200).end('ok');
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks/samooh`;
  }
  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

let database: TestDatabase;
let server: TestServer;
let worker: JobWorker;
const good = new Receiver();
const flaky = new Receiver([500, 503]);
let goodHook: { id: number; secret: string };
let flakyHook: { id: number; secret: string };
let goodUrl = '';
let flakyUrl = '';

beforeAll(async () => {
  database = await createTestDatabase();
  await smallCompany(database.ctx);
  server = await startServer(database.handle);
  worker = new JobWorker({ db: database.handle.db, log: silentLogger, handlers: webhookJobHandlers({ retryDelaySeconds: () => 0, timeoutMs: 5000 }) });
  goodUrl = await good.start();
  flakyUrl = await flaky.start();
});
afterAll(async () => {
  await server?.close();
  await good.close();
  await flaky.close();
  await database?.drop();
});

const count = async (table: 'webhook_subscriptions' | 'webhook_events' | 'webhook_deliveries') =>
  Number((await database.handle.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
const hook = (body: unknown) => server.request('POST', '/api/webhooks', { body });

describe('webhook subscriptions', () => {
  it('refuses a URL that is not http(s) and an unknown event, writing nothing', async () => {
    for (const url of ['ftp://127.0.0.1/x', 'javascript:alert(1)', 'not a url', 'http://user:pw@127.0.0.1/']) {
      const refused = await hook({ url, events: ['order.placed'] });
      expect(refused.status, url).toBe(422);
      expect(refused.body.error.code).toBe('WEBHOOK_URL_INVALID');
    }
    expect((await hook({ url: 'https://example.com/h', events: ['order.exploded'] })).body.error.code).toBe('WEBHOOK_EVENT_UNKNOWN');
    expect(await count('webhook_subscriptions')).toBe(0);
  });

  it('shows the signing secret once', async () => {
    const created = await hook({ url: goodUrl, events: ['member.enrolled', 'order.placed', 'order.refunded'] });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    goodHook = created.body;
    const listed = await server.request('GET', '/api/webhooks');
    expect(listed.body.items).toHaveLength(1);
    expect(listed.text).not.toContain(created.body.secret);
    flakyHook = (await hook({ url: flakyUrl, events: ['order.placed'] })).body;
  });
});

describe('webhook deliveries', () => {
  it('delivers signed events that a receiver can verify', async () => {
    const member = await server.request('POST', '/api/members', { body: { name: 'Ira Distributor', type: 'distributor', sponsor: 'SM1' } });
    const placed = await server.request('POST', '/api/orders', { body: { buyer: member.body.code, items: [{ product: 'TULSI-60', quantity: 1 }] } });
    expect(placed.status).toBe(201);
    expect(good.received).toHaveLength(0); // delivered by the job queue, not in the request
    await worker.drain();
    const types = good.received.map((r) => r.headers['samooh-event']);
    expect(types).toEqual(['member.enrolled', 'order.placed']);
    for (const request of good.received) {
      const signature = String(request.headers['samooh-signature']);
      expect(verifySignature(goodHook.secret, request.body, signature)).toBe(true);
      // The documented check, written out: HMAC-SHA256 over "<t>.<raw body>".
      const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(signature)!;
      expect(createHmac('sha256', goodHook.secret).update(`${t}.${request.body}`).digest('hex')).toBe(v1);
      expect(verifySignature('whsec_wrong', request.body, signature)).toBe(false);
      expect(verifySignature(goodHook.secret, request.body.replace('}', ' }'), signature)).toBe(false);
    }
    const orderEvent = JSON.parse(good.received[1]!.body);
    expect(orderEvent).toMatchObject({ type: 'order.placed', data: { order: { number: placed.body.number, amount: 39_900 } } });
    expect(good.received[1]!.headers['samooh-event-id']).toBe(String(orderEvent.id));
    const enrolled = JSON.parse(good.received[0]!.body);
    expect(enrolled.data.member).toMatchObject({ code: member.body.code, type: 'distributor' });
  });

  it('retries a failing receiver with back-off and logs every attempt', async () => {
    expect(flaky.received).toHaveLength(3); // 500, 503, then 200
    const log = await server.request('GET', `/api/webhooks/${flakyHook.id}/deliveries`);
    expect(log.status).toBe(200);
    expect(log.body.items).toHaveLength(1);
    expect(log.body.items[0]).toMatchObject({ event: 'order.placed', status: 'delivered', nextAttemptAt: null });
    expect(log.body.items[0].attempts.map((a: { httpStatus: number }) => a.httpStatus)).toEqual([500, 503, 200]);
    expect(log.body.items[0].attempts[0].error).toBe('HTTP 500');
    // Every attempt carried the same body.
    expect(new Set(flaky.received.map((r) => r.body)).size).toBe(1);
  });

  it('waits 10 s, 40 s, 90 s … between attempts by default, and gives up after the last', async () => {
    const dead = await hook({ url: 'http://127.0.0.1:1/nobody-listens', events: ['order.refunded'] });
    const refund = await server.request('POST', '/api/orders/1/refunds', { body: { reason: 'test' } });
    expect(refund.status).toBe(201);
    const patient = new JobWorker({ db: database.handle.db, log: silentLogger, handlers: webhookJobHandlers({ timeoutMs: 2000 }) });
    const started = Date.now();
    await patient.drain();
    const delivery = await database.handle.db.selectFrom('webhook_deliveries').selectAll().where('subscription_id', '=', dead.body.id).executeTakeFirstOrThrow();
    expect(delivery).toMatchObject({ status: 'pending', attempts: 1 });
    const wait = delivery.next_attempt_at!.getTime() - started;
    expect(wait).toBeGreaterThanOrEqual(9_000);
    expect(wait).toBeLessThan(15_000);
    const attempt = await database.handle.db.selectFrom('webhook_attempts').selectAll().where('delivery_id', '=', delivery.id).executeTakeFirstOrThrow();
    expect(attempt.http_status).toBeNull();
    expect(attempt.error).toMatch(/fetch failed|ECONNREFUSED/);
    // With no waiting, the attempts run out and the delivery fails.
    await sql`UPDATE jobs SET run_at = now() WHERE status = 'queued'`.execute(database.handle.db);
    await worker.drain();
    const failed = await database.handle.db.selectFrom('webhook_deliveries').selectAll().where('id', '=', delivery.id).executeTakeFirstOrThrow();
    expect(failed).toMatchObject({ status: 'failed', attempts: 8 });
    expect(good.received.at(-1)!.headers['samooh-event']).toBe('order.refunded');
  });

  it('replays a delivery as a new one with the same body and a fresh signature', async () => {
    const log = await server.request('GET', `/api/webhooks/${goodHook.id}/deliveries`);
    const first = log.body.items.at(-1);
    const before = good.received.length;
    const replay = await server.request('POST', `/api/webhook-deliveries/${first.id}/replay`);
    expect(replay.status).toBe(202);
    expect(replay.body).toMatchObject({ replayOf: first.id });
    await worker.drain();
    expect(good.received).toHaveLength(before + 1);
    const again = good.received.at(-1)!;
    expect(again.body).toBe(good.received[0]!.body);
    expect(again.headers['samooh-delivery']).toBe(String(replay.body.id));
    expect(verifySignature(goodHook.secret, again.body, String(again.headers['samooh-signature']))).toBe(true);
    const after = await server.request('GET', `/api/webhooks/${goodHook.id}/deliveries`);
    expect(after.body.items[0]).toMatchObject({ id: replay.body.id, replayOf: first.id, status: 'delivered' });
    expect((await server.request('POST', '/api/webhook-deliveries/999999/replay')).body.error.code).toBe('WEBHOOK_DELIVERY_NOT_FOUND');
  });

  it('writes an event only with the change it reports, and none to a switched-off subscription', async () => {
    const events = await count('webhook_events');
    const refused = await server.request('POST', '/api/orders', { body: { buyer: 'SM1', items: [{ product: 'NO-SUCH', quantity: 1 }] } });
    expect(refused.status).toBe(404);
    expect(await count('webhook_events')).toBe(events);
    const off = await server.request('PATCH', `/api/webhooks/${flakyHook.id}`, { body: { active: false } });
    expect(off.body).toMatchObject({ active: false });
    const deliveries = await count('webhook_deliveries');
    await server.request('POST', '/api/orders', { body: { buyer: 'SM1', items: [{ product: 'TULSI-60', quantity: 1 }] } });
    expect(await count('webhook_events')).toBe(events + 1);
    expect(await count('webhook_deliveries')).toBe(deliveries + 1); // the good hook only
    expect((await server.request('PATCH', '/api/webhooks/999999', { body: { active: true } })).body.error.code).toBe('WEBHOOK_NOT_FOUND');
  });
});
