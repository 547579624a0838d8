import { describe, expect, it } from 'vitest';
import { useApiServer } from '../support/http-client.ts';
import { TEST_DB } from '../support/test-database.ts';

const env = useApiServer();

type Member = { id: number; code: string; status: string; sponsor: { code: string } | null; placement: { parentCode: string; slot: string } | null };
const enroll = async (name: string, sponsor: string, placement?: { parent: string; slot: 'L' | 'R' }, type = 'distributor') => {
  const response = await env.server.request('POST', '/api/members', { body: { name, type, sponsor, ...(placement ? { placement } : {}) } });
  expect(response.status, response.text).toBe(201);
  return response.body as Member;
};
const get = async (code: string) => (await env.server.request('GET', `/api/members/${code}`)).body as Member;
const post = (path: string, body: unknown) => env.server.request('POST', path, { body });
const treeChanges = (memberId: number) => env.database.handle.db.selectFrom('tree_changes').selectAll().where('member_id', '=', memberId).execute();

describe('moving a member in the placement tree', () => {
  it('moves the member with their whole subtree and records the change with its period', async () => {
    const a = await enroll('Move A', 'SM1');
    const b = await enroll('Move B', a.code, { parent: a.code, slot: 'L' });
    const c = await enroll('Move C', b.code, { parent: b.code, slot: 'L' });
    const d = await enroll('Move D', a.code, { parent: a.code, slot: 'R' });
    const moved = await post(`/api/members/${b.code}/placement`, { parent: d.code, slot: 'R', reason: 'leg rebalanced by support ticket 42' });
    expect(moved.status, moved.text).toBe(200);
    expect(moved.body.placement).toMatchObject({ parentCode: d.code, slot: 'R' });
    expect((await get(c.code)).placement).toMatchObject({ parentCode: b.code, slot: 'L' });
    const [change] = await treeChanges(b.id);
    expect(change).toMatchObject({ kind: 'placement_move', reason: 'leg rebalanced by support ticket 42', actor: 'user:owner@samooh.test', effective_period_id: expect.any(Number) });
    expect(change!.before).toMatchObject({ placementSlot: 0 });
    expect(change!.after).toMatchObject({ placementSlot: 1 });
  });

  it('refuses a move under the member’s own subtree, into a taken slot, or of the root', async () => {
    const a = await enroll('Cycle A', 'SM1');
    const b = await enroll('Cycle B', a.code, { parent: a.code, slot: 'L' });
    const cycle = await post(`/api/members/${a.code}/placement`, { parent: b.code, slot: 'R', reason: 'x' });
    expect([cycle.status, cycle.body.error.code]).toEqual([422, 'PLACEMENT_CYCLE']);
    const self = await post(`/api/members/${a.code}/placement`, { parent: a.code, slot: 'R', reason: 'x' });
    expect(self.body.error.code).toBe('PLACEMENT_CYCLE');
    const taken = await post(`/api/members/${b.code}/placement`, { parent: a.code, slot: 'L', reason: 'x' });
    expect([taken.status, taken.body.error.code]).toEqual([409, 'PLACEMENT_SLOT_TAKEN']);
    const root = await post('/api/members/SM1/placement', { parent: a.code, slot: 'R', reason: 'x' });
    expect(root.body.error.code).toBe('ROOT_TREE_CHANGE');
    expect((await post(`/api/members/${a.code}/placement`, { parent: 'SM1', slot: 'L' })).status).toBe(400);
    expect(await treeChanges(a.id)).toEqual([]);
  });

  it('refuses a move that would leave someone outside their sponsor’s placement downline', async () => {
    const left = await enroll('Rule Left', 'SM1');
    const right = await enroll('Rule Right', 'SM1');
    // Xavi is sponsored by Left and placed under Left; Yash is below Xavi.
    const xavi = await enroll('Xavi', left.code, { parent: left.code, slot: 'L' });
    await enroll('Yash', xavi.code, { parent: xavi.code, slot: 'L' });
    // Moving Xavi under Right would take him out of Left's placement downline.
    const response = await post(`/api/members/${xavi.code}/placement`, { parent: right.code, slot: 'L', reason: 'x' });
    expect([response.status, response.body.error.code]).toEqual([422, 'PLACEMENT_OUTSIDE_SPONSOR_DOWNLINE']);
    expect(response.body.error.details).toEqual({ members: [xavi.code] });
  });
});

describe('terminating a member', () => {
  it('rolls the downline up in both trees, and the member leaves the placement tree', async () => {
    const s = await enroll('Term Sponsor', 'SM1');
    const t = await enroll('Terminated', s.code, { parent: s.code, slot: 'L' });
    const p1 = await enroll('Promoted', t.code, { parent: t.code, slot: 'L' });
    const p1child = await enroll('Promoted child', p1.code, { parent: p1.code, slot: 'L' });
    const p2 = await enroll('Second', t.code, { parent: t.code, slot: 'R' });
    const customer = await enroll('T customer', t.code, undefined, 'retail');

    const response = await post(`/api/members/${t.code}/terminate`, { reason: 'policy breach, case 17' });
    expect(response.status, response.text).toBe(200);
    expect(response.body).toMatchObject({ status: 'terminated', placement: null, sponsor: { code: s.code } });
    expect(response.body.terminatedAt).not.toBeNull();
    // Sponsor tree: everyone T sponsored now belongs to S.
    for (const code of [p1.code, p2.code, customer.code]) expect((await get(code)).sponsor?.code).toBe(s.code);
    // Placement tree: P1 takes T's slot; P2 spills into the first free slot under P1, which is P1's right.
    expect((await get(p1.code)).placement).toMatchObject({ parentCode: s.code, slot: 'L' });
    expect((await get(p1child.code)).placement).toMatchObject({ parentCode: p1.code, slot: 'L' });
    expect((await get(p2.code)).placement).toMatchObject({ parentCode: p1.code, slot: 'R' });
    const [change] = await treeChanges(t.id);
    expect(change).toMatchObject({ kind: 'termination', reason: 'policy breach, case 17' });

    // A terminated member cannot sponsor, buy, or be terminated again.
    const again = await post(`/api/members/${t.code}/terminate`, { reason: 'again' });
    expect(again.body.error.code).toBe('MEMBER_TERMINATED');
    const recruit = await post('/api/members', { name: 'X', type: 'retail', sponsor: t.code });
    expect(recruit.body.error.code).toBe('SPONSOR_TERMINATED');
    const order = await post('/api/orders', { buyer: t.code, items: [{ product: 'TULSI-60', quantity: 1 }] });
    expect(order.body.error.code).toBe('MEMBER_TERMINATED');

    // Reactivation brings them back as a new leaf under their sponsor; the roll-up stays.
    const back = await post(`/api/members/${t.code}/reactivate`, { reason: 'appeal upheld' });
    expect(back.status, back.text).toBe(200);
    expect(back.body).toMatchObject({ status: 'active', terminatedAt: null, sponsor: { code: s.code } });
    expect(back.body.placement).not.toBeNull();
    expect((await get(p1.code)).sponsor?.code).toBe(s.code);
    expect((await post(`/api/members/${t.code}/reactivate`, { reason: 'twice' })).body.error.code).toBe('MEMBER_ACTIVE');
    expect((await treeChanges(t.id)).map((row) => row.kind)).toEqual(['termination', 'reactivation']);
  });

  it('refuses tree changes to a terminated member', async () => {
    const customer = await enroll('Gone Customer', 'SM1', undefined, 'retail');
    await post(`/api/members/${customer.code}/terminate`, { reason: 'closed account' });
    const upgrade = await env.server.request('PATCH', `/api/members/${customer.code}`, { body: { type: 'distributor' } });
    expect(upgrade.body.error.code).toBe('MEMBER_TERMINATED');
    const sponsor = await env.server.request('PATCH', `/api/members/${customer.code}`, { body: { sponsor: 'SM1', reason: 'x' } });
    expect(sponsor.body.error.code).toBe('MEMBER_TERMINATED');
  });

  it.runIf(TEST_DB === 'postgres')('never leaves anyone under a member terminated at the same moment', async () => {
    for (let round = 0; round < 8; round++) {
      const m = await enroll(`Racing ${round}`, 'SM1');
      await Promise.allSettled([
        post('/api/members', { name: `Recruit ${round}`, type: 'distributor', sponsor: m.code }),
        post('/api/members', { name: `Customer ${round}`, type: 'retail', sponsor: m.code }),
        post('/api/members', { name: `Placed ${round}`, type: 'distributor', sponsor: m.code, placement: { parent: m.code, slot: 'R' } }),
        post(`/api/members/${m.code}/terminate`, { reason: 'race' }),
      ]);
    }
    const orphans = await env.database.handle.db
      .selectFrom('members as m')
      .leftJoin('members as s', 's.id', 'm.sponsor_id')
      .leftJoin('members as p', 'p.id', 'm.placement_parent_id')
      .select('m.code')
      .where('m.status', '=', 'active')
      .where((eb) => eb.or([eb('s.status', '=', 'terminated'), eb('p.status', '=', 'terminated')]))
      .execute();
    expect(orphans).toEqual([]);
  });

  it('refuses the root, and a period that is not open, writing nothing', async () => {
    expect((await post('/api/members/SM1/terminate', { reason: 'x' })).body.error.code).toBe('ROOT_TREE_CHANGE');
    const member = await enroll('Period Test', 'SM1');
    const [period] = await env.database.handle.db.selectFrom('periods').selectAll().execute();
    await env.database.handle.db.updateTable('periods').set({ status: 'committed' }).where('id', '=', period!.id).execute();
    const response = await post(`/api/members/${member.code}/terminate`, { reason: 'x', effectivePeriod: period!.id });
    await env.database.handle.db.updateTable('periods').set({ status: 'open' }).where('id', '=', period!.id).execute();
    expect([response.status, response.body.error.code]).toEqual([422, 'PERIOD_NOT_OPEN']);
    expect((await get(member.code)).status).toBe('active');
    expect(await treeChanges(member.id)).toEqual([]);
  });
});

describe('a sponsor change', () => {
  it('is logged as a tree change with its period', async () => {
    const a = await enroll('Sponsor A', 'SM1');
    // B is sponsored by the root but placed under A, so A may become B's sponsor.
    const b = await enroll('Sponsor B', 'SM1', { parent: a.code, slot: 'L' });
    const response = await env.server.request('PATCH', `/api/members/${b.code}`, { body: { sponsor: a.code, reason: 'duplicate enrollment fixed' } });
    expect(response.status, response.text).toBe(200);
    const [change] = await treeChanges(b.id);
    expect(change).toMatchObject({ kind: 'sponsor_change', reason: 'duplicate enrollment fixed', before: { sponsorId: 1 }, after: { sponsorId: a.id } });
  });
});
