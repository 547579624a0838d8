import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrollMember } from '../../src/services/members/enroll-member.ts';
import { smallCompany } from '../support/fixtures.ts';
import { TEST_OWNER, type Credentials } from '../support/http-client.ts';
import { callJson, signedInOwner, startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { createTestDatabase, TEST_DB, type TestDatabase } from '../support/test-database.ts';

const CLIENTS = 200;
const ORDERS_PER_CLIENT = 3;
const BUYERS = 25;
/** QV of one unit (fixtures): TULSI-60 20, NEEM-SOAP 5. */
const QV = { 'TULSI-60': 20, 'NEEM-SOAP': 5 } as const;

/**
 * 200 clients post orders to a real `samooh serve` process at once. Each order has an
 * Idempotency-Key; every client sends each of its orders twice (the second time at once, as
 * a client whose answer was lost would), and a partner client sends the very same orders
 * with the same keys at the same moment. A 409 CONFLICT_RETRY, 503 or lost connection is
 * retried with the same key. Every key must give exactly one order, the same one to every
 * sender, and the live volumes must be exactly the sum of the orders.
 */
describe.skipIf(TEST_DB !== 'postgres')('200 concurrent clients posting orders with retries and repeated keys', () => {
  let database: TestDatabase;
  let server: ServerProcess;
  let owner: Credentials;
  const buyers: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    await smallCompany(database.ctx);
    for (let i = 0; i < BUYERS; i += 1) buyers.push((await enrollMember(database.ctx, { name: `Buyer ${i}`, type: 'distributor', sponsor: i < 5 ? 'SM1' : buyers[i % 5]! })).code);
    owner = await signedInOwner(database.ctx, TEST_OWNER);
    server = await startServerProcess(database.url!);
  }, 600_000);
  afterAll(async () => {
    await server?.kill('SIGTERM');
    await database?.drop();
  });

  /** The orders a client pair sends: the same for client c and its partner c + CLIENTS / 2. */
  const planFor = (pair: number) =>
    Array.from({ length: ORDERS_PER_CLIENT }, (_, i) => {
      const n = pair * ORDERS_PER_CLIENT + i;
      const sku = n % 3 === 0 ? 'NEEM-SOAP' : 'TULSI-60';
      return { key: `fault-order-${pair}-${i}`, body: { buyer: buyers[n % BUYERS]!, items: [{ product: sku, quantity: 1 + (n % 4) }] }, qv: QV[sku] * (1 + (n % 4)) };
    });

  it('creates every order exactly once and the volumes are exact', async () => {
    const answers = new Map<string, Set<string>>();
    let retried = 0;
    let sent = 0;
    const post = async (key: string, body: unknown): Promise<string> => {
      for (let attempt = 1; ; attempt += 1) {
        sent += 1;
        try {
          const response = await callJson(server.baseUrl, owner, 'POST', '/api/orders', body, { 'idempotency-key': key });
          if (response.status === 201 || response.status === 200) return response.body.number as string;
          // Only a retryable refusal is acceptable here, and it must be coded.
          expect([409, 503], JSON.stringify(response.body)).toContain(response.status);
          expect(response.body.error.code).toMatch(/^(CONFLICT_RETRY|DATABASE_UNAVAILABLE)$/);
        } catch (error) {
          if (attempt > 20) throw error;
        }
        if (attempt > 20) throw new Error(`order ${key} still refused after 20 attempts`);
        retried += 1;
        await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
      }
    };
    const client = async (c: number) => {
      const pair = c % (CLIENTS / 2);
      for (const { key, body } of planFor(pair)) {
        // The same request twice at once, as a client that timed out and sent it again.
        const numbers = await Promise.all([post(key, body), post(key, body)]);
        for (const number of numbers) {
          if (!answers.has(key)) answers.set(key, new Set());
          answers.get(key)!.add(number);
        }
      }
    };
    const started = Date.now();
    await Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
    const elapsed = Date.now() - started;

    const plans = Array.from({ length: CLIENTS / 2 }, (_, pair) => planFor(pair)).flat();
    // Every key answered with one and the same order, to all four senders.
    expect(answers.size).toBe(plans.length);
    for (const [key, numbers] of answers) expect([...numbers], key).toHaveLength(1);
    // Exactly one order per key in the database, and nothing else.
    const { rows: stored } = await sql<{ key: string; orders: number; qv: string }>`
      SELECT idempotency_key AS key, count(*)::int AS orders, sum(qv)::text AS qv FROM orders GROUP BY idempotency_key`.execute(database.handle.db);
    expect(stored).toHaveLength(plans.length);
    const byKey = new Map(stored.map((row) => [row.key, row]));
    for (const plan of plans) {
      expect(byKey.get(plan.key)?.orders, plan.key).toBe(1);
      expect(Number(byKey.get(plan.key)?.qv), plan.key).toBe(plan.qv);
    }
    const distinctNumbers = new Set([...answers.values()].flatMap((numbers) => [...numbers]));
    expect(distinctNumbers.size).toBe(plans.length);

    // Live volumes: once the server's projector has applied every change, each buyer's PV is
    // exactly the QV of their orders and the root's group volume is the sum of all.
    const expected = new Map<string, number>();
    for (const plan of plans) expected.set(plan.body.buyer, (expected.get(plan.body.buyer) ?? 0) + plan.qv);
    const deadline = Date.now() + 30_000;
    while (Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM volume_events`.execute(database.handle.db)).rows[0]!.n) > 0) {
      if (Date.now() > deadline) throw new Error('volume changes not applied within 30 s');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const { rows: volumes } = await sql<{ code: string; pv: string; gv: string }>`
      SELECT m.code, v.pv::text, v.gv::text FROM member_volumes v JOIN members m ON m.id = v.member_id`.execute(database.handle.db);
    const pv = new Map(volumes.map((row) => [row.code, Number(row.pv)]));
    for (const [buyer, qv] of expected) expect(pv.get(buyer), buyer).toBe(qv);
    const total = plans.reduce((sum, plan) => sum + plan.qv, 0);
    expect(Number(volumes.find((row) => row.code === 'SM1')?.gv)).toBe(total);
    console.log(`${CLIENTS} clients: ${plans.length} orders, ${sent} requests (${retried} retried) in ${elapsed} ms; each order stored once, volumes exact (total QV ${total})`);
  }, 900_000);
});
