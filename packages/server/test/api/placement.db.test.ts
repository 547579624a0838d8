import { isInDownline } from '../../src/db/tree-queries.ts';
import { requireMember } from '../../src/services/members/find-member.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallCompany } from '../support/fixtures.ts';
import { startServer, useApiServer, type TestServer } from '../support/http-client.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const env = useApiServer();

type Placement = { parentCode: string; slot: string | number };
const enroll = async (body: Record<string, unknown>) => {
  const response = await env.server.request('POST', '/api/members', { body: { type: 'distributor', ...body } });
  expect(response.status, response.text).toBe(201);
  return response.body as { code: string; placement: Placement };
};
const where = (member: { placement: Placement }) => `${member.placement.parentCode}:${member.placement.slot}`;

describe('binary placement policies', () => {
  it('extreme-left and extreme-right follow the outer edge of that leg', async () => {
    const sponsor = await enroll({ name: 'Edge Sponsor', sponsor: 'SM1' });
    const l1 = await enroll({ name: 'L1', sponsor: sponsor.code, placement: { policy: 'extreme-left' } });
    const l2 = await enroll({ name: 'L2', sponsor: sponsor.code, placement: { policy: 'extreme-left' } });
    const l3 = await enroll({ name: 'L3', sponsor: sponsor.code, placement: { policy: 'extreme-left' } });
    expect([where(l1), where(l2), where(l3)]).toEqual([`${sponsor.code}:L`, `${l1.code}:L`, `${l2.code}:L`]);
    const r1 = await enroll({ name: 'R1', sponsor: sponsor.code, placement: { policy: 'extreme-right' } });
    const r2 = await enroll({ name: 'R2', sponsor: l1.code, placement: { policy: 'extreme-right' } });
    expect([where(r1), where(r2)]).toEqual([`${sponsor.code}:R`, `${l1.code}:R`]);
  });

  it('alternate sends the sponsor’s recruits left, right, left …', async () => {
    const sponsor = await enroll({ name: 'Alternating Sponsor', sponsor: 'SM1' });
    const placed = [];
    for (const name of ['A1', 'A2', 'A3', 'A4']) placed.push(await enroll({ name, sponsor: sponsor.code, placement: { policy: 'alternate' } }));
    expect(placed.map(where)).toEqual([`${sponsor.code}:L`, `${sponsor.code}:R`, `${placed[0]!.code}:L`, `${placed[1]!.code}:R`]);
  });

  it('weaker-leg-count places in the leg with fewer members, ties going left', async () => {
    const sponsor = await enroll({ name: 'Counting Sponsor', sponsor: 'SM1' });
    const first = await enroll({ name: 'W1', sponsor: sponsor.code, placement: { policy: 'weaker-leg-count' } });
    expect(where(first)).toBe(`${sponsor.code}:L`);
    const second = await enroll({ name: 'W2', sponsor: sponsor.code, placement: { policy: 'weaker-leg-count' } });
    expect(where(second)).toBe(`${sponsor.code}:R`);
    // Make the left leg bigger: two more under W1, so left has 3 and right 1.
    await enroll({ name: 'x', sponsor: sponsor.code, placement: { parent: first.code, slot: 'L' } });
    await enroll({ name: 'y', sponsor: sponsor.code, placement: { parent: first.code, slot: 'R' } });
    const third = await enroll({ name: 'W3', sponsor: sponsor.code, placement: { policy: 'weaker-leg-count' } });
    expect(where(third)).toBe(`${second.code}:R`);
  });

  it('weaker-leg-volume places in the leg with less CV this period', async () => {
    const sponsor = await enroll({ name: 'Volume Sponsor', sponsor: 'SM1' });
    const left = await enroll({ name: 'VL', sponsor: sponsor.code, placement: { parent: sponsor.code, slot: 'L' } });
    await enroll({ name: 'VR', sponsor: sponsor.code, placement: { parent: sponsor.code, slot: 'R' } });
    const bought = await env.server.request('POST', '/api/orders', { body: { buyer: left.code, items: [{ product: 'TULSI-60', quantity: 1 }] } });
    expect(bought.status).toBe(201);
    const next = await enroll({ name: 'V3', sponsor: sponsor.code, placement: { policy: 'weaker-leg-volume' } });
    expect(next.placement.parentCode).not.toBe(left.code);
    expect(next.placement.slot).toBe('R');
  });

  it('uses the sponsor’s own preference when the request names none', async () => {
    const sponsor = await enroll({ name: 'Preferring Sponsor', sponsor: 'SM1' });
    const patched = await env.server.request('PATCH', `/api/members/${sponsor.code}`, { body: { placementPolicy: 'extreme-right' } });
    expect(patched.body.placementPolicy).toBe('extreme-right');
    const a = await enroll({ name: 'P1', sponsor: sponsor.code });
    const b = await enroll({ name: 'P2', sponsor: sponsor.code });
    expect([where(a), where(b)]).toEqual([`${sponsor.code}:R`, `${a.code}:R`]);
  });

  it('refuses an unknown policy', async () => {
    const response = await env.server.request('POST', '/api/members', { body: { name: 'X', type: 'distributor', sponsor: 'SM1', placement: { policy: 'random' } } });
    expect(response.status).toBe(400);
  });
});

describe('concurrent enrollments', () => {
  it('put every member in a slot of their own, with no failures', async () => {
    const sponsor = await enroll({ name: 'Busy Sponsor', sponsor: 'SM1' });
    const policies = ['spillover', 'extreme-left', 'extreme-right', 'alternate', 'weaker-leg-count'];
    const responses = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        env.server.request('POST', '/api/members', { body: { name: `Racer ${i}`, type: 'distributor', sponsor: sponsor.code, placement: { policy: policies[i % policies.length] } } }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(25).fill(201));
    const slots = responses.map((r) => where(r.body));
    expect(new Set(slots).size).toBe(25);
  });

  it('under sponsors in one another\'s legs go side by side, and where their free slots meet the later one looks again', async () => {
    // An upline sponsor and two sponsors placed right below them: spillover from the top reaches
    // the same free slots as spillover from the two below it.
    const top = await enroll({ name: 'Nested Top', sponsor: 'SM1' });
    const left = await enroll({ name: 'Nested Left', sponsor: top.code, placement: { parent: top.code, slot: 'L' } });
    const right = await enroll({ name: 'Nested Right', sponsor: top.code, placement: { parent: top.code, slot: 'R' } });
    const sponsors = [top.code, left.code, right.code];
    const responses = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        env.server.request('POST', '/api/members', { body: { name: `Nested Racer ${i}`, type: 'distributor', sponsor: sponsors[i % 3], placement: { policy: 'spillover' } } }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(24).fill(201));
    expect(new Set(responses.map((r) => where(r.body))).size).toBe(24);
    // Each is placed below the sponsor it was enrolled under.
    for (const response of responses) {
      const [member, sponsor] = await Promise.all([response.body.code, response.body.sponsor.code].map((code: string) => requireMember(env.database.handle.db, code)));
      expect(await isInDownline(env.database.handle.db, sponsor!.id, member!.id, 'placement'), response.body.code).toBe(true);
    }
  });

  it('give an explicit slot to exactly one of many racers, and a clear 409 to the rest', async () => {
    const sponsor = await enroll({ name: 'Contested Sponsor', sponsor: 'SM1' });
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        env.server.request('POST', '/api/members', { body: { name: `Contender ${i}`, type: 'distributor', sponsor: sponsor.code, placement: { parent: sponsor.code, slot: 'L' } } }),
      ),
    );
    expect(responses.filter((r) => r.status === 201)).toHaveLength(1);
    for (const lost of responses.filter((r) => r.status !== 201)) expect([lost.status, lost.body.error.code]).toEqual([409, 'PLACEMENT_SLOT_TAKEN']);
  });
});

describe('a forced matrix', () => {
  let database: TestDatabase;
  let server: TestServer;
  beforeAll(async () => {
    database = await createTestDatabase();
    await smallCompany(database.ctx, 'matrix');
    server = await startServer(database.handle);
  });
  afterAll(async () => {
    await server?.close();
    await database?.drop();
  });

  it('fills three slots per node, left to right, level by level, under the sponsor', async () => {
    const placed: { code: string; placement: Placement }[] = [];
    for (let i = 0; i < 5; i++) placed.push((await server.request('POST', '/api/members', { body: { name: `M${i}`, type: 'distributor', sponsor: 'SM1' } })).body);
    expect(placed.map(where)).toEqual(['SM1:1', 'SM1:2', 'SM1:3', `${placed[0]!.code}:1`, `${placed[0]!.code}:2`]);
  });

  it('spills over breadth first under a sponsor deeper in the matrix, and refuses a full parent with its own code', async () => {
    const enroll = async (name: string, sponsor: string, placement?: unknown) =>
      (await server.request('POST', '/api/members', { body: { name, type: 'distributor', sponsor, ...(placement ? { placement } : {}) } })).body;
    const top = await enroll('Deep Sponsor', 'SM1');
    const under: { code: string; placement: Placement }[] = [];
    for (let i = 0; i < 5; i++) under.push(await enroll(`Under ${i}`, top.code));
    const [first] = under;
    expect(under.map(where)).toEqual([`${top.code}:1`, `${top.code}:2`, `${top.code}:3`, `${first!.code}:1`, `${first!.code}:2`]);

    const members = async () => Number((await database.handle.db.selectFrom('members').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const before = await members();
    const full = await server.request('POST', '/api/members', { body: { name: 'Full', type: 'distributor', sponsor: top.code, placement: { parent: top.code, slot: 2 } } });
    expect([full.status, full.body.error.code, full.body.error.message]).toEqual([409, 'MATRIX_PARENT_FULL', `All 3 positions under ${top.code} are taken.`]);
    const taken = await server.request('POST', '/api/members', { body: { name: 'Taken', type: 'distributor', sponsor: top.code, placement: { parent: first!.code, slot: 1 } } });
    expect(taken.body.error.code).toBe('PLACEMENT_SLOT_TAKEN');
    expect(await members()).toBe(before);
  });

  it('refuses binary-only policies and slots beyond the width', async () => {
    const policy = await server.request('POST', '/api/members', { body: { name: 'X', type: 'distributor', sponsor: 'SM1', placement: { policy: 'extreme-left' } } });
    expect([policy.status, policy.body.error.code]).toEqual([422, 'PLACEMENT_POLICY_INVALID']);
    const wide = await server.request('POST', '/api/members', { body: { name: 'X', type: 'distributor', sponsor: 'SM1', placement: { parent: 'SM1', slot: 4 } } });
    expect(wide.body.error.code).toBe('PLACEMENT_SLOT_INVALID');
    const leg = await server.request('POST', '/api/members', { body: { name: 'X', type: 'distributor', sponsor: 'SM1', placement: { parent: 'SM1', slot: 'L' } } });
    expect(leg.body.error.code).toBe('PLACEMENT_SLOT_INVALID');
  });
});
