/** Property tests on generated networks (fast-check). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calculate, parseScenario, validatePlan, type CalcResult, type Plan } from './index.ts';
import type { ScenarioDocument } from './snapshot/scenario-schema.ts';

type MemberDocument = ScenarioDocument['members'][number];
type OrderDocument = NonNullable<ScenarioDocument['orders']>[number];

const TYPES = ['distributor', 'distributor', 'distributor', 'preferred', 'retail'] as const;
const id = (index: number): string => `m${String(index).padStart(3, '0')}`;

/** A random forest: member i's sponsor is an earlier member (or nobody); a few are terminated. */
const networkArbitrary = fc.integer({ min: 2, max: 30 }).chain((size) => fc.record({
  sponsors: fc.array(fc.option(fc.nat(), { freq: 8 }), { minLength: size, maxLength: size }),
  types: fc.array(fc.nat(TYPES.length - 1), { minLength: size, maxLength: size }),
  terminated: fc.array(fc.boolean(), { minLength: size, maxLength: size }).map((flags) => flags.map((flag, i) => flag && i % 5 === 4)),
  joinedDay: fc.array(fc.integer({ min: -60, max: 30 }), { minLength: size, maxLength: size }),
  orders: fc.array(fc.record({ buyer: fc.nat(size - 1), day: fc.integer({ min: 1, max: 31 }), qv: fc.nat(400), cv: fc.nat(400), margin: fc.nat(5_000) }), { maxLength: 60 }),
})).map(toScenario);

function toScenario(network: {
  sponsors: (number | null)[]; types: number[]; terminated: boolean[]; joinedDay: number[];
  orders: { buyer: number; day: number; qv: number; cv: number; margin: number }[];
}): ScenarioDocument {
  const members: MemberDocument[] = network.sponsors.map((sponsor, i) => ({
    id: id(i),
    type: i === 0 ? 'distributor' : TYPES[network.types[i]!]!,
    sponsor: i === 0 || sponsor === null ? null : id(sponsor % i),
    joined: dayText(network.joinedDay[i]!),
    status: network.terminated[i] ? 'terminated' : 'active',
  }));
  const orders: OrderDocument[] = network.orders.map((order, i) => ({
    id: `o${String(i).padStart(3, '0')}`, buyer: id(order.buyer), date: dayText(order.day), qv: order.qv, cv: order.cv,
    amount: order.cv * 100 + order.margin, wholesale: order.cv * 100,
  }));
  return { period: { start: '2026-03-01', end: '2026-03-31' }, members, orders };
}

function dayText(dayOfMarch: number): string {
  const date = new Date(Date.UTC(2026, 2, dayOfMarch));
  return date.toISOString().slice(0, 10);
}

const planArbitrary = fc.record({
  compression: fc.constantFrom('none', 'dynamic'),
  levels: fc.array(fc.integer({ min: 0, max: 200 }), { minLength: 1, maxLength: 6 }),
  capShare: fc.option(fc.integer({ min: 1, max: 60 })),
}).map(({ compression, levels, capShare }): Plan => validatePlan({
  plan: 'generated', version: 1, effectiveFrom: '2026-01-01', currency: 'INR',
  activity: { minPV: 50 },
  ranks: [{ id: 'r1' }, { id: 'r2', requires: { gv: 300, maxLegShare: '60%' } }, { id: 'r3', requires: { legsWithRank: { rank: 'r2', count: 1 } } }],
  bonuses: [
    { id: 'rp', type: 'retailProfit' },
    { id: 'fs', type: 'fastStart', windowDays: 20, generations: ['20%', '10%', '5%'], qualify: { active: true } },
    { id: 'uni', type: 'unilevel', levels: levels.map((tenths) => `${tenths / 10}%`), compression, qualify: { active: true }, depthByRank: { r1: 2, r2: 4, r3: 6 }, skipFastStartWindow: true },
    { id: 'match', type: 'matching', of: ['uni', 'fs'], generations: ['10%', '5%'], qualify: { rankAtLeast: 'r2' } },
    { id: 'pool', type: 'pool', fund: { share: '3%' }, shares: { r2: 1, r3: 3 } },
    { id: 'adv', type: 'rankAdvancement', amounts: { r2: 700, r3: 2_000 } },
  ],
  ...(capShare === null ? {} : { cap: { totalPayoutMaxShareOfCV: `${capShare}%` } }),
}));

/** The live sponsor of each member (terminated members skipped), from the document. */
function liveSponsors(document: ScenarioDocument): Map<string, string | null> {
  const byId = new Map(document.members.map((member) => [member.id, member]));
  const live = new Map<string, string | null>();
  for (const member of document.members) {
    let sponsor = member.sponsor;
    while (sponsor !== null && byId.get(sponsor)!.status === 'terminated') sponsor = byId.get(sponsor)!.sponsor;
    live.set(member.id, member.status === 'terminated' ? null : sponsor);
  }
  return live;
}

function uplines(live: Map<string, string | null>, memberId: string): string[] {
  const chain: string[] = [];
  for (let up = live.get(memberId) ?? null; up !== null; up = live.get(up) ?? null) chain.push(up);
  return chain;
}

const sum = (values: number[]): number => values.reduce((total, value) => total + value, 0);
const property = (check: (plan: Plan, document: ScenarioDocument, result: CalcResult) => void) => () => {
  fc.assert(fc.property(planArbitrary, networkArbitrary, (plan, document) => check(plan, document, calculate(plan, parseScenario(document)))), { numRuns: 150 });
};

describe('properties on generated networks', () => {
  it('totals are exactly the sum of the lines', property((plan, _document, result) => {
    expect(result.totals.paid).toBe(sum(result.lines.map((line) => line.amount)));
    for (const bonus of plan.bonuses) expect(result.totals.byBonus[bonus.id]).toBe(sum(result.lines.filter((line) => line.bonus === bonus.id).map((line) => line.amount)));
    for (const [memberId, member] of Object.entries(result.members)) {
      expect(member.earned).toBe(sum(result.lines.filter((line) => line.payee === memberId).map((line) => line.amount)));
    }
  }));

  it('never pays a downline bonus from someone outside the payee\'s downline', property((_plan, document, result) => {
    const live = liveSponsors(document);
    for (const line of result.lines) {
      if (line.bonus === 'pool' || line.bonus === 'adv') continue; // paid on the payee's own standing
      expect(uplines(live, line.source.member)).toContain(line.payee);
    }
  }));

  it('dynamic compression pays exactly the nearest qualified upline per level; fast start never rolls up', property((plan, document, result) => {
    const live = liveSponsors(document);
    const unilevel = plan.bonuses.find((bonus) => bonus.type === 'unilevel')!;
    const depthOf = { r1: 2, r2: 4, r3: 6 } as Record<string, number>;
    const qualifiedFor = (memberId: string, level: number): boolean =>
      result.members[memberId]!.active && (depthOf[result.members[memberId]!.rank ?? ''] ?? 0) >= level;
    const types = new Map(document.members.map((member) => [member.id, member.type]));
    for (const order of document.orders ?? []) {
      const paid = result.lines.filter((line) => line.bonus === 'uni' && line.source.order === order.id).map((line) => [line.payee, line.paidLevel]);
      const fastStart = result.lines.filter((line) => line.bonus === 'fs' && line.source.order === order.id);
      const buyerUplines = uplines(live, order.buyer);
      fastStart.forEach((line) => {
        expect(buyerUplines[line.level! - 1]).toBe(line.payee); // the g-th enroller itself, never someone above
        expect(result.members[line.payee]!.active).toBe(true);
      });
      // A binding cap may scale any line of the chain to zero (and leave it out), not only the last ones.
      if (unilevel.type !== 'unilevel' || unilevel.compression !== 'dynamic' || fastStart.length > 0 || paid.length === 0 || result.totals.capFactor < 1) continue;
      // Reference walk, one upline at a time, from the distributor whose PV the order is.
      const owner = types.get(order.buyer) === 'distributor' ? order.buyer : buyerUplines.find((up) => types.get(up) === 'distributor')!;
      const expected: [string, number][] = [];
      let level = 1;
      for (const up of uplines(live, owner)) {
        if (level > unilevel.levels.length) break;
        if (qualifiedFor(up, level)) { expected.push([up, level]); level += 1; }
      }
      expect(paid).toEqual(expected.filter(([, paidLevel]) => unilevel.levels[paidLevel - 1]! > 0).slice(0, paid.length));
    }
  }));

  it('pool splits lose no minor unit', property((_plan, _document, result) => {
    const poolLines = result.lines.filter((line) => line.bonus === 'pool');
    // A binding cap scales pool lines like any other; the split itself is checked before it.
    if (poolLines.length > 0 && result.totals.capFactor === 1) expect(sum(poolLines.map((line) => line.amount))).toBe(poolLines[0]!.base);
  }));

  it('never exceeds the cap', property((plan, _document, result) => {
    if (!plan.cap) return;
    const limit = Math.floor((result.totals.cv * 100 * plan.cap.totalPayoutMaxShareOfCV) / 1_000_000);
    expect(result.totals.paid).toBeLessThanOrEqual(limit);
  }));

  it('gives the same output when ids are renamed (keeping their order) or the input is shuffled', () => {
    fc.assert(fc.property(planArbitrary, networkArbitrary, fc.integer(), (plan, document, seed) => {
      const rename = (value: string): string => `renamed-${value}`;
      const renamed: ScenarioDocument = {
        ...document,
        members: shuffle(document.members, seed).map((member) => ({ ...member, id: rename(member.id), sponsor: member.sponsor && rename(member.sponsor) })),
        orders: shuffle(document.orders ?? [], seed + 1).map((order) => ({ ...order, buyer: rename(order.buyer) })),
      };
      const original = JSON.stringify(calculate(plan, parseScenario(document)));
      const back = JSON.stringify(calculate(plan, parseScenario(renamed))).replaceAll('renamed-', '');
      expect(back).toBe(original);
    }), { numRuns: 100 });
  });
});

function shuffle<T>(items: readonly T[], seed: number): T[] {
  const shuffled = [...items];
  let state = seed >>> 0;
  for (let i = shuffled.length - 1; i > 0; i -= 1) {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    const j = state % (i + 1);
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  return shuffled;
}
