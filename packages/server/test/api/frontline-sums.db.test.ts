import { readFileSync } from 'node:fs';
import { parsePlan } from '@samooh/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { savePlanVersion } from '../../src/services/commissions/plan-versions.ts';
import { enrollMember } from '../../src/services/members/enroll-member.ts';
import { terminateMember } from '../../src/services/network/terminate-member.ts';
import { placeOrder } from '../../src/services/orders/place-order.ts';
import { refundOrder } from '../../src/services/orders/refund-order.ts';
import { applyVolumeEvents } from '../../src/services/projections/apply-volume-events.ts';
import { legStanding, rankProgress, type LegStanding } from '../../src/services/projections/rank-progress.ts';
import { refreshProjections } from '../../src/services/projections/refresh-projections.ts';
import { smallCompany } from '../support/fixtures.ts';
import { startServer, type TestServer } from '../support/http-client.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

// Manager needs GV 1000 with at most 50% from one leg, so a leg counts up to 500 for a member without a rank.
const source = readFileSync(new URL('../../../../examples/plans/wellness-unilevel.yaml', import.meta.url), 'utf8').replace('effectiveFrom: 2026-01-01', 'effectiveFrom: 2020-01-01');
const plan = parsePlan(source);

let database: TestDatabase;
let server: TestServer;
let periodId: number;
const distributors: string[] = ['SM1'];
const orders: string[] = [];

/** A small seeded generator, so a failure can be replayed. */
let seed = 20261128;
const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;

beforeAll(async () => {
  database = await createTestDatabase();
  const { period } = await smallCompany(database.ctx);
  periodId = period.id;
  await savePlanVersion(database.ctx, source);
  for (let index = 0; index < 24; index += 1) {
    const member = await enrollMember(database.ctx, { name: `Leg ${index}`, type: 'distributor', sponsor: pick(distributors) });
    distributors.push(member.code);
  }
  server = await startServer(database.handle);
});
afterAll(async () => {
  await server?.close();
  await database?.drop();
});

const applyAll = async () => {
  while ((await database.handle.db.transaction().execute((tx) => applyVolumeEvents(tx))) > 0) {
    // until none is waiting
  }
};

async function placeSome(count: number): Promise<void> {
  for (let index = 0; index < count; index += 1) {
    const placed = await placeOrder(database.ctx, { buyer: pick(distributors), items: [{ product: 'TULSI-60', quantity: 1 + Math.floor(random() * 30) }] });
    orders.push(placed.order.number);
  }
}

async function refundSome(count: number): Promise<void> {
  for (let index = 0; index < count; index += 1) {
    const number = orders.splice(Math.floor(random() * orders.length), 1)[0]!;
    const order = await database.handle.db.selectFrom('orders').innerJoin('order_lines', 'order_lines.order_id', 'orders.id').select(['order_lines.line_no', 'order_lines.quantity']).where('orders.number', '=', number).executeTakeFirstOrThrow();
    // Every other refund is partial: some of the units come back.
    const lines = index % 2 === 0 ? undefined : [{ lineNo: order.line_no, quantity: Math.max(1, Math.floor(order.quantity / 2)) }];
    await refundOrder(database.ctx, number, { reason: 'Returned', lines });
  }
}

interface Stored { code: string; sponsor: string | null; type: string; status: string; row: { pv: number; gv: number; rank: string | null; legs: LegStanding | null } | null }

/** Every member with their live row and its stored frontline sums (null: not summed up). */
async function storedStanding(): Promise<Map<string, Stored>> {
  const rows = await database.handle.db
    .selectFrom('members as m')
    .leftJoin('members as s', 's.id', 'm.sponsor_id')
    .leftJoin('member_volumes as v', (join) => join.onRef('v.member_id', '=', 'm.id').on('v.period_id', '=', periodId))
    .select(['m.code', 's.code as sponsor', 'm.type', 'm.status', 'v.member_id', 'v.pv', 'v.gv', 'v.rank', 'v.legs_gv', 'v.legs_capped_gv', 'v.sponsored_active', 'v.legs_by_rank'])
    .execute();
  return new Map(rows.map((row) => [row.code, {
    code: row.code, sponsor: row.sponsor, type: row.type, status: row.status,
    row: row.member_id === null ? null : {
      pv: row.pv!, gv: row.gv!, rank: row.rank,
      legs: row.legs_gv === null ? null : { gv: row.legs_gv, cappedGv: row.legs_capped_gv!, sponsoredActive: row.sponsored_active!, byRank: row.legs_by_rank ?? {} },
    },
  }]));
}

/** What a full read of each member's frontline gives, from the same live rows. */
function expectedSums(members: Map<string, Stored>, code: string): LegStanding {
  const own = members.get(code)!;
  const legs = [...members.values()]
    .filter((member) => member.sponsor === code && member.type === 'distributor' && member.status === 'active')
    .map((member) => ({ pv: member.row?.pv ?? 0, gv: member.row?.gv ?? 0, rank: member.row?.rank ?? null }));
  return legStanding(plan, own.row?.rank ?? null, legs);
}

/** Every summed-up row holds what reading its frontline gives; a member without a row has no leg that counts. */
async function expectSumsToMatchTheFrontline(): Promise<number> {
  const members = await storedStanding();
  let checked = 0;
  for (const member of members.values()) {
    const expected = expectedSums(members, member.code);
    if (member.row === null) expect({ code: member.code, ...expected }).toEqual({ code: member.code, gv: 0, cappedGv: 0, sponsoredActive: 0, byRank: {} });
    else if (member.row.legs !== null) {
      expect({ code: member.code, ...member.row.legs }).toEqual({ code: member.code, ...expected, cappedGv: expect.closeTo(expected.cappedGv, 4) });
      checked += 1;
    }
  }
  return checked;
}

describe('frontline leg sums kept in each member\'s live row', () => {
  it('follow orders and refunds one change at a time, equal to reading the frontline', async () => {
    await placeSome(60);
    await refundSome(10);
    await applyAll();
    expect(await expectSumsToMatchTheFrontline()).toBeGreaterThan(5);
    // Some leg went past its cap, so the capped sum is really capped somewhere.
    const members = await storedStanding();
    expect([...members.values()].some((member) => member.row?.legs && member.row.legs.cappedGv < member.row.legs.gv)).toBe(true);
  });

  it('are written whole by a full refresh, with ranks, and kept from there with each member\'s own cap', async () => {
    await refreshProjections(database.handle);
    const members = await storedStanding();
    expect([...members.values()].some((member) => Object.keys(member.row?.legs?.byRank ?? {}).length > 0)).toBe(true);
    expect(await expectSumsToMatchTheFrontline()).toBeGreaterThan(5);
    await placeSome(40);
    await refundSome(8);
    await applyAll();
    expect(await expectSumsToMatchTheFrontline()).toBeGreaterThan(5);
  });

  it('give the projection the same rank progress as reading the frontline', async () => {
    const members = await storedStanding();
    const leader = [...members.values()].filter((member) => member.row?.legs).sort((a, b) => b.row!.legs!.gv - a.row!.legs!.gv)[0]!;
    const fromRow = (await server.request('GET', `/api/members/${leader.code}/projection`)).body;
    await database.handle.db.updateTable('member_volumes').set({ legs_gv: null }).where('period_id', '=', periodId).execute();
    const fromFrontline = (await server.request('GET', `/api/members/${leader.code}/projection`)).body;
    expect(fromRow.progress.needs.length).toBeGreaterThan(0);
    expect(fromRow.progress).toEqual(fromFrontline.progress);
    await refreshProjections(database.handle);
  });

  it('are set aside by a termination, which moves legs between frontlines, until the next refresh', async () => {
    const before = await storedStanding();
    const leaving = [...before.values()].find((member) => member.sponsor !== null && member.sponsor !== 'SM1' && [...before.values()].some((child) => child.sponsor === member.code))!;
    await terminateMember(database.ctx, leaving.code, { reason: 'Left the business' });
    distributors.splice(distributors.indexOf(leaving.code), 1);
    const after = await storedStanding();
    expect(after.get(leaving.sponsor!)!.row?.legs).toBeNull();
    // The projection reads the new frontline meanwhile: the terminated leg is gone, its recruits are there.
    const sponsor = after.get(leaving.sponsor!)!;
    const projected = (await server.request('GET', `/api/members/${sponsor.code}/projection`)).body;
    const legs = expectedSums(after, sponsor.code);
    expect(legs.sponsoredActive + Object.keys(legs.byRank).length + legs.gv).toBeGreaterThan(0);
    expect(projected.progress).toEqual(rankProgress(plan, { pv: sponsor.row!.pv, gv: sponsor.row!.gv, rank: sponsor.row!.rank, legs, earlierGv: [] }));
    await placeSome(10);
    await applyAll();
    expect(after.get(leaving.sponsor!)!.row).not.toBeNull();
    expect((await storedStanding()).get(leaving.sponsor!)!.row?.legs).toBeNull();
    await refreshProjections(database.handle);
    expect((await storedStanding()).get(leaving.sponsor!)!.row?.legs).not.toBeNull();
    expect(await expectSumsToMatchTheFrontline()).toBeGreaterThan(5);
  });
});
