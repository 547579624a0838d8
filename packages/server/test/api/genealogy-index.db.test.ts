import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { drainGenealogy } from '../../src/db/tree-queries.ts';
import { connect } from '../../src/db/connection.ts';
import { expectGenealogyConsistent } from '../support/genealogy-oracle.ts';
import { startServer, useApiServer } from '../support/http-client.ts';
import { enrollThrough, type EnrolledMember } from '../support/members-api.ts';
import { TEST_DB } from '../support/test-database.ts';

const env = useApiServer();

type Member = EnrolledMember;
const enroll = enrollThrough(() => env.server);
const post = async (path: string, body: unknown, method = 'POST') => {
  const response = await env.server.request(method, path, { body });
  expect(response.status, response.text).toBe(200);
  return response.body;
};
const frontline = async (code: string, tree: 'sponsor' | 'placement') =>
  (await env.server.request('GET', `/api/members/${code}/frontline?tree=${tree}&limit=100`)).body;

describe('the genealogy index', () => {
  it('stays equal to the parent links through enrollments by every policy, upgrades, moves, sponsor changes, terminations and reactivations', async () => {
    const a = await enroll('Index A', 'SM1', { parent: 'SM1', slot: 'L' });
    const b = await enroll('Index B', 'SM1', { parent: 'SM1', slot: 'R' });
    const recruits: Member[] = [];
    const policies = ['spillover', 'extreme-left', 'extreme-right', 'weaker-leg-count', 'alternate'];
    for (let i = 0; i < 25; i++) {
      const sponsor = [a, b, ...recruits][i % (2 + recruits.length)]!;
      recruits.push(await enroll(`Index R${i}`, sponsor.code, { policy: policies[i % policies.length] }));
    }
    const customer = await enroll('Index Customer', a.code, undefined, 'retail');
    await expectGenealogyConsistent(env.database.handle.db);

    await post(`/api/members/${customer.code}`, { type: 'distributor' }, 'PATCH');
    await post(`/api/members/${recruits[3]!.code}`, { sponsor: b.code, reason: 'wrong sponsor at signup' }, 'PATCH');
    const moveTarget = await enroll('Index Target', a.code, { policy: 'extreme-right' });
    await post(`/api/members/${recruits[0]!.code}/placement`, { parent: moveTarget.code, slot: 'L', reason: 'rebalance' });
    await post(`/api/members/${recruits[1]!.code}/terminate`, { reason: 'left the business' });
    await post(`/api/members/${recruits[1]!.code}/reactivate`, { reason: 'came back' });
    for (let i = 0; i < 5; i++) await enroll(`Index Late ${i}`, recruits[i + 5]!.code);
    await expectGenealogyConsistent(env.database.handle.db);
  });

  it('shows each frontline member with team size, open-period standing and binary legs', async () => {
    const top = await enroll('Legs Top', 'SM1');
    const left = await enroll('Legs Left', top.code, { parent: top.code, slot: 'L' });
    await enroll('Legs Right', top.code, { parent: top.code, slot: 'R' });
    for (let i = 0; i < 3; i++) await enroll(`Legs LL ${i}`, left.code, { policy: 'extreme-left' });
    await enroll('Legs Customer', top.code, undefined, 'preferred');
    const { id: periodId } = (await env.database.handle.db.selectFrom('periods').select('id').where('status', '=', 'open').executeTakeFirstOrThrow());
    await env.database.handle.db
      .insertInto('member_volumes')
      .values({ period_id: periodId, member_id: left.id, pv: 120, gv: 480.5, left_volume: 300, right_volume: 0, active: true, rank: 'Silver' })
      .execute();

    const placement = await frontline(top.code, 'placement');
    expect(placement.period).toEqual({ id: periodId });
    expect(placement.items.map((m: any) => [m.name, m.slot, m.teamSize, m.legs])).toEqual([
      ['Legs Left', 'L', 3, { left: { count: 3, volume: 300 }, right: { count: 0, volume: 0 } }],
      ['Legs Right', 'R', 0, { left: { count: 0, volume: 0 }, right: { count: 0, volume: 0 } }],
    ]);
    expect(placement.items[0]).toMatchObject({ rank: 'Silver', pv: 120, gv: 480.5, active: true });
    expect(placement.items[1]).toMatchObject({ rank: null, pv: 0, gv: 0, active: false });
    const sponsor = await frontline(top.code, 'sponsor');
    expect(sponsor.items.map((m: any) => [m.name, m.teamSize])).toEqual([
      ['Legs Left', 3],
      ['Legs Right', 0],
      ['Legs Customer', 0],
    ]);
    expect((await frontline('SM1', 'sponsor')).items.find((m: any) => m.code === top.code).teamSize).toBe(6);
  });

  it('keeps one slot per member and an exact index under many concurrent enrollments', async () => {
    const sponsor = await enroll('Race Sponsor', 'SM1');
    const responses = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        env.server.request('POST', '/api/members', {
          body: { name: `Race ${i}`, type: i % 6 === 5 ? 'retail' : 'distributor', sponsor: sponsor.code, ...(i % 6 === 5 ? {} : { placement: { policy: ['spillover', 'extreme-left', 'extreme-right', 'weaker-leg-count', 'alternate'][i % 5] } }) },
        }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(responses.map(() => 201));
    expect((await frontline('SM1', 'sponsor')).items.find((m: any) => m.code === sponsor.code).teamSize).toBe(24);
    await expectGenealogyConsistent(env.database.handle.db);
  });

  it.runIf(TEST_DB === 'postgres')('is shared by several server processes on one database: what one enrolls, the other counts at once', async () => {
    const other = await connect({ url: env.database.url!, poolSize: 2 });
    const second = await startServer(other);
    try {
      const sponsor = await enroll('Shared Sponsor', 'SM1');
      for (let i = 0; i < 3; i++) await enroll(`Shared ${i}`, sponsor.code, { policy: 'extreme-left' });
      const seen = await second.request('GET', `/api/members/SM1/frontline?tree=sponsor&limit=100`);
      expect(seen.body.items.find((m: any) => m.code === sponsor.code).teamSize).toBe(3);
      const check = await second.request('GET', `/api/members/${sponsor.code}/downline/Shared%202?tree=sponsor`);
      expect(check.status).toBe(404);
    } finally {
      await second.close();
      await other.close();
    }
  });
});

describe('rebuilding the genealogy index', () => {
  it('gives back the index the triggers kept (as for a database migrated with members in it)', async () => {
    const db = env.database.handle.db;
    const snapshot = () => sql`SELECT id, sponsor_depth, sponsor_jump, placement_depth, placement_jump, placement_left_top, placement_right_top FROM members ORDER BY id`.execute(db);
    while ((await drainGenealogy(db)) !== 0);
    const counts = () => sql`SELECT tree, member_id, team FROM genealogy_counts WHERE team <> 0 ORDER BY tree, member_id`.execute(db);
    const before = [(await snapshot()).rows, (await counts()).rows];
    await sql`UPDATE members SET sponsor_depth = NULL, placement_jump = NULL`.execute(db);
    await sql`SELECT genealogy_rebuild()`.execute(db);
    expect([(await snapshot()).rows, (await counts()).rows]).toEqual(before);
    await expectGenealogyConsistent(db);
  });
});

describe('downline statistics by level', () => {
  it('counts members, distributors, actives and open-period volume per level, as deep as asked', async () => {
    const top = await enroll('Stats Top', 'SM1');
    const a = await enroll('Stats A', top.code);
    const b = await enroll('Stats B', top.code);
    await enroll('Stats Customer', top.code, undefined, 'retail');
    const c = await enroll('Stats C', a.code);
    await enroll('Stats D', c.code);
    const { id: periodId } = await env.database.handle.db.selectFrom('periods').select('id').where('status', '=', 'open').executeTakeFirstOrThrow();
    await env.database.handle.db
      .insertInto('member_volumes')
      .values([
        { period_id: periodId, member_id: a.id, pv: 100, active: true },
        { period_id: periodId, member_id: b.id, pv: 20.5, active: false },
        { period_id: periodId, member_id: c.id, pv: 60, active: true },
      ])
      .execute();

    const stats = await env.server.request('GET', `/api/members/${top.code}/downline-statistics?tree=sponsor&maxLevels=2`);
    expect(stats.status, stats.text).toBe(200);
    expect(stats.body).toMatchObject({
      tree: 'sponsor',
      period: { id: periodId },
      maxLevels: 2,
      levels: [
        { level: 1, members: 3, distributors: 2, actives: 1, volume: 120.5 },
        { level: 2, members: 1, distributors: 1, actives: 1, volume: 60 },
      ],
      total: { members: 4, distributors: 3, actives: 2, volume: 180.5 },
    });
    const deeper = await env.server.request('GET', `/api/members/${top.code}/downline-statistics?maxLevels=50`);
    expect(deeper.body.levels.map((l: { members: number }) => l.members)).toEqual([3, 1, 1]);
    const placement = await env.server.request('GET', `/api/members/${top.code}/downline-statistics?tree=placement`);
    expect(placement.body.total.members).toBe(4);
    expect((await env.server.request('GET', `/api/members/${top.code}/downline-statistics?maxLevels=0`)).status).toBe(400);
    expect((await env.server.request('GET', '/api/members/NOPE-1/downline-statistics')).body.error.code).toBe('MEMBER_NOT_FOUND');
  });
});
