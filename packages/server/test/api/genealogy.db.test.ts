import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectGenealogyConsistent } from '../support/genealogy-oracle.ts';
import { useApiServer } from '../support/http-client.ts';

const env = useApiServer();
const DEPTH = 3000;

/**
 * A placement chain thousands of levels deep, as extreme-left spillover makes
 * them: DEEP-1 under the root's left slot, DEEP-2 under DEEP-1's left, ...
 * Everyone is sponsored by the root.
 */
beforeAll(async () => {
  await sql`
    INSERT INTO members (id, code, name, type, sponsor_id, placement_parent_id, placement_slot)
    SELECT 1000 + n, 'DEEP-' || n, 'Deep ' || n, 'distributor', 1, CASE WHEN n = 1 THEN 1 ELSE 999 + n END, 0
      FROM generate_series(1, ${DEPTH}) AS n`.execute(env.database.handle.db);
  await sql`SELECT setval(pg_get_serial_sequence('members', 'id'), (SELECT max(id) FROM members))`.execute(env.database.handle.db);
});

describe('a placement tree thousands of levels deep', () => {
  it('walks the whole upline of the deepest member', async () => {
    const upline = await env.server.request('GET', `/api/members/DEEP-${DEPTH}/upline?tree=placement`);
    expect(upline.status).toBe(200);
    expect(upline.body.depth).toBe(DEPTH);
    expect(upline.body.upline.at(-1)).toMatchObject({ code: 'SM1', distance: DEPTH });
  });

  it('answers whether one member is in another’s downline, and how deep', async () => {
    const deep = await env.server.request('GET', `/api/members/SM1/downline/DEEP-${DEPTH}?tree=placement`);
    expect(deep.body).toMatchObject({ inDownline: true, levels: DEPTH });
    const middle = await env.server.request('GET', `/api/members/DEEP-1000/downline/DEEP-1500?tree=placement`);
    expect(middle.body).toMatchObject({ inDownline: true, levels: 500 });
    const upward = await env.server.request('GET', `/api/members/DEEP-1500/downline/DEEP-1000?tree=placement`);
    expect(upward.body).toMatchObject({ inDownline: false, levels: null });
    const self = await env.server.request('GET', '/api/members/DEEP-7/downline/DEEP-7?tree=placement');
    expect(self.body.inDownline).toBe(false);
  });

  it('places an extreme-left recruit at the bottom of the chain', async () => {
    const response = await env.server.request('POST', '/api/members', { body: { name: 'Bottom', type: 'distributor', sponsor: 'SM1', placement: { policy: 'extreme-left' } } });
    expect(response.status).toBe(201);
    expect(response.body.placement).toMatchObject({ parentCode: `DEEP-${DEPTH}`, slot: 'L' });
  });

  it('searches a downline level by level, only as deep as asked', async () => {
    const near = await env.server.request('GET', '/api/members/DEEP-10/downline?tree=placement&q=deep%201&maxLevels=5');
    // The five levels below DEEP-10 are DEEP-11 … DEEP-15, and each name holds "deep 1".
    expect(near.body.items.map((m: { code: string; distance: number }) => [m.code, m.distance])).toEqual([
      ['DEEP-11', 1],
      ['DEEP-12', 2],
      ['DEEP-13', 3],
      ['DEEP-14', 4],
      ['DEEP-15', 5],
    ]);
    const sponsorTree = await env.server.request('GET', '/api/members/SM1/downline?q=DEEP-299&maxLevels=1&limit=5');
    expect(sponsorTree.body.items.map((m: { code: string }) => m.code)).toEqual(['DEEP-299', 'DEEP-2990', 'DEEP-2991', 'DEEP-2992', 'DEEP-2993']);
    expect(sponsorTree.body.hasMore).toBe(true);
    expect((await env.server.request('GET', '/api/members/SM1/downline?maxLevels=51')).status).toBe(400);
  });

  it('counts the chain in team sizes and legs, and keeps the whole index exact', async () => {
    // After the extreme-left recruit above: DEEP-2 … DEEP-3000 and the recruit hang below DEEP-1.
    const front = await env.server.request('GET', '/api/members/SM1/frontline?tree=placement');
    const left = front.body.items.find((m: { slot: string }) => m.slot === 'L');
    expect(left).toMatchObject({ code: 'DEEP-1', teamSize: DEPTH, legs: { left: { count: DEPTH }, right: { count: 0 } } });
    const middle = await env.server.request('GET', '/api/members/DEEP-1499/frontline?tree=placement');
    expect(middle.body.items).toMatchObject([{ code: 'DEEP-1500', teamSize: DEPTH - 1500 + 1 }]);
    await expectGenealogyConsistent(env.database.handle.db);
  });
});
