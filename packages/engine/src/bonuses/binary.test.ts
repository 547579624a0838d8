import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { moneyRules } from '../core/money-rules.ts';
import type { ScenarioDocument } from '../snapshot/scenario-schema.ts';
import { distributor, explain, inputIssues, order, plan, run, scenario } from '../testing/builders.ts';
import { OUT, QUALIFIED, UNQUALIFIED, groupByMember, ordersByRound, pairCycles, settleLegs, volumeWorth, type BinaryRules } from './binary.ts';

const money = moneyRules('half-up', 100);
/** Rules in hundredths of a point: 10% of matched, carry kept without a maximum, no cap. */
const base: BinaryRules = {
  pay: { kind: 'percent', ppm: 100_000 }, firstPair: '1:1', keepCarry: true, maxCarryPerLeg: Number.POSITIVE_INFINITY,
  flushWhenUnqualified: false, capPerPeriod: null, capPerDay: null, carryAboveCap: false, money,
};
const cycles: BinaryRules = { ...base, pay: { kind: 'cycle', volume: 10_000, amount: 1_000 } }; // 100 CV -> 1 000 paise
const pts = (points: number): number => points * 100;
/** A period settled in one round: the totals, with the round's cycles, matched volume and first pair. */
const settle = (rules: BinaryRules, left: number, right: number, standing: number, firstPairDue: boolean) => {
  const settled = settleLegs(rules, [left], [right], standing, firstPairDue);
  return { ...settled.rounds[0], ...settled };
};

describe('binary: one member\'s legs', () => {
  it('pays a share of the volume matched 1:1 and carries the rest, up to the maximum per leg', () => {
    // Left 1 200, right 900: matched 900, 10% of 900 CV = 90 rupees = 9 000 paise; left keeps 300.
    expect(settle(base, pts(1_200), pts(900), QUALIFIED, false)).toMatchObject({
      usedLeft: pts(900), usedRight: pts(900), amount: 9_000, carryLeft: pts(300), carryRight: 0, flushedLeft: 0,
    });
    // At most 200 per leg: 200 carried, 100 flushed.
    expect(settle({ ...base, maxCarryPerLeg: pts(200) }, pts(1_200), pts(900), QUALIFIED, false))
      .toMatchObject({ carryLeft: pts(200), flushedLeft: pts(100) });
    // No carry at all: everything unmatched is flushed.
    expect(settle({ ...base, keepCarry: false }, pts(1_200), pts(900), QUALIFIED, false))
      .toMatchObject({ amount: 9_000, carryLeft: 0, flushedLeft: pts(300) });
  });

  it('pays per cycle, with a first pair of 2:1 or 1:2 from the stronger leg, then 1:1', () => {
    // Left 250, right 480, cycles of 100. Either way: right is stronger, so the first pair
    // takes 100 left + 200 right; then 150 left, 280 right make one more cycle: 2 cycles,
    // 2 000 paise; used 200 left, 300 right; carry 50 left, 180 right.
    expect(settle({ ...cycles, firstPair: '2:1 or 1:2' }, pts(250), pts(480), QUALIFIED, true)).toMatchObject({
      cycles: 2, amount: 2_000, firstPairStrong: 'R', usedLeft: pts(200), usedRight: pts(300), carryLeft: pts(50), carryRight: pts(180),
    });
    // 2:1 only: left gives 200, right 100; left has 50 left over: 1 cycle.
    expect(settle({ ...cycles, firstPair: '2:1' }, pts(250), pts(480), QUALIFIED, true))
      .toMatchObject({ cycles: 1, amount: 1_000, firstPairStrong: 'L', carryLeft: pts(50), carryRight: pts(380) });
    // Not due (the member's first pair is behind them): 1:1, floor(250 / 100) = 2 cycles.
    expect(settle({ ...cycles, firstPair: '2:1' }, pts(250), pts(480), QUALIFIED, false))
      .toMatchObject({ cycles: 2, firstPairStrong: null, carryLeft: pts(50), carryRight: pts(280) });
    // 150 and 150 cannot make a 2:1 first pair: no cycle at all, both legs carry.
    expect(pairCycles(pts(150), pts(150), pts(100), '2:1 or 1:2')).toEqual({ cycles: 0, strong: null });
    // A tie gives the double side to the left.
    expect(pairCycles(pts(300), pts(300), pts(100), '2:1 or 1:2')).toEqual({ cycles: 2, strong: 'L' });
  });

  it('caps the pay per period; volume above the cap is used up or kept, as the plan says', () => {
    // Left and right 1 000: 10 cycles = 10 000 paise, capped at 2 500.
    const capped = { ...cycles, capPerPeriod: 2_500 };
    expect(settle(capped, pts(1_000), pts(1_000), QUALIFIED, false))
      .toMatchObject({ uncapped: 10_000, amount: 2_500, cycles: 10, carryLeft: 0, carryRight: 0 });
    // Kept: the cap pays 2.5 cycles, so 3 cycles are used (the part-paid one too) and 700 per leg carries.
    expect(settle({ ...capped, carryAboveCap: true }, pts(1_000), pts(1_000), QUALIFIED, false))
      .toMatchObject({ amount: 2_500, cycles: 3, carryLeft: pts(700), carryRight: pts(700) });
    // Percent: 10% of 1 000 = 10 000 paise, capped at 2 500, which is the value of 250 CV: 750 per leg carries.
    expect(settle({ ...base, capPerPeriod: 2_500, carryAboveCap: true }, pts(1_000), pts(1_000), QUALIFIED, false))
      .toMatchObject({ amount: 2_500, matched: pts(250), carryLeft: pts(750), carryRight: pts(750) });
    expect(volumeWorth(2_500, 100_000, 100)).toBe(pts(250));
    expect(volumeWorth(1, 30_000, 100)).toBe(34); // 3% of 0.34 CV = 1.02 paise: the least volume worth 1 paisa
  });

  it('does not pay an unqualified member, and carries or flushes their legs as the plan says', () => {
    expect(settle(base, pts(500), pts(100), UNQUALIFIED, false)).toMatchObject({ amount: 0, carryLeft: pts(500), carryRight: pts(100) });
    expect(settle({ ...base, flushWhenUnqualified: true }, pts(500), pts(100), UNQUALIFIED, false))
      .toMatchObject({ amount: 0, carryLeft: 0, flushedLeft: pts(500), flushedRight: pts(100) });
    // A terminated member (or a customer) is out of the binary: everything is flushed.
    expect(settle(base, pts(500), pts(100), OUT, false)).toMatchObject({ carryLeft: 0, flushedLeft: pts(500) });
  });

  it('conserves volume on each leg over any rounds: carry in + new = used + carry out + flushed', () => {
    const rules = fc.record({
      pay: fc.oneof(
        fc.record({ kind: fc.constant('percent' as const), ppm: fc.integer({ min: 0, max: 1_000_000 }) }),
        fc.record({ kind: fc.constant('cycle' as const), volume: fc.integer({ min: 1, max: 50_000 }), amount: fc.integer({ min: 0, max: 100_000 }) }),
      ),
      firstPair: fc.constantFrom('1:1' as const, '2:1' as const, '1:2' as const, '2:1 or 1:2' as const),
      keepCarry: fc.boolean(),
      maxCarryPerLeg: fc.oneof(fc.constant(Number.POSITIVE_INFINITY), fc.nat(200_000)),
      flushWhenUnqualified: fc.boolean(),
      capPerPeriod: fc.option(fc.nat(50_000)),
      capPerDay: fc.option(fc.nat(20_000)),
      carryAboveCap: fc.boolean(),
      money: fc.constant(money),
    });
    const rounds = fc.array(fc.tuple(fc.nat(300_000), fc.nat(300_000)), { minLength: 1, maxLength: 7 });
    fc.assert(fc.property(rules, rounds, fc.constantFrom(QUALIFIED, UNQUALIFIED, OUT), fc.boolean(), (r, added, standing, due) => {
      const left = added.map(([l]) => l);
      const right = added.map(([, rr]) => rr);
      const s = settleLegs(r, left, right, standing, due);
      const sum = (values: number[]): number => values.reduce((total, value) => total + value, 0);
      expect(s.usedLeft + s.carryLeft + s.flushedLeft).toBe(sum(left));
      expect(s.usedRight + s.carryRight + s.flushedRight).toBe(sum(right));
      for (const value of [s.usedLeft, s.usedRight, s.carryLeft, s.carryRight, s.flushedLeft, s.flushedRight, s.amount]) expect(value).toBeGreaterThanOrEqual(0);
      expect(Math.max(s.carryLeft, s.carryRight)).toBeLessThanOrEqual(r.maxCarryPerLeg);
      if (r.capPerPeriod !== null) expect(s.amount).toBeLessThanOrEqual(r.capPerPeriod);
      for (const round of s.rounds) if (r.capPerDay !== null) expect(round.amount).toBeLessThanOrEqual(r.capPerDay);
      expect(s.amount).toBe(sum(s.rounds.map((round) => round.amount)));
      // Matching is 1:1 apart from the first pair's double side, which comes at most once.
      const firstPairs = s.rounds.filter((round) => round.firstPairStrong !== null).length;
      expect(firstPairs).toBeLessThanOrEqual(1);
      const extra = r.pay.kind === 'cycle' && firstPairs === 1 ? r.pay.volume : 0;
      expect(Math.abs(s.usedLeft - s.usedRight)).toBe(extra);
    }), { numRuns: 2_000 });
  });

  it('with a daily cap pairs day by day: each day\'s pairs up to the cap, the period cap over all', () => {
    // Cycles of 100 CV pay 1 000; at most 2 000 a day and 5 000 a period; volume above a cap is kept.
    // Day 1: left 500, right 300: 3 cycles, 2 paid (cap), 2 used. Day 2: +0 / +200: legs hold
    // 300 / 300: 3 cycles, 2 paid. Day 3: +100 / +100: 200 / 200: 2 cycles, but only 1 000 of
    // the period's 5 000 is left: 1 paid and used. Left 100 and right 100 carry out.
    const daily = { ...cycles, capPerDay: 2_000, capPerPeriod: 5_000, carryAboveCap: true };
    const s = settleLegs(daily, [pts(500), 0, pts(100)], [pts(300), pts(200), pts(100)], QUALIFIED, false);
    expect(s.rounds.map((round) => [round.cycles, round.amount])).toEqual([[2, 2_000], [2, 2_000], [1, 1_000]]);
    expect(s).toMatchObject({ amount: 5_000, uncapped: 8_000, carryLeft: pts(100), carryRight: pts(100) });
  });
});


/**
 * Placement (sponsor in brackets):      a
 *                                  L /     \ R
 *                                 b(a)      c(a)
 *                              L / \ R   L / \ R
 *                             d(b) e(a) f(c) g(c)
 *                                  L |
 *                                 h(e), terminated
 * PV (all CV = QV): a 100, b 300, c 200, d 500, e 100, f 400, g 100; h's 200 counts nowhere.
 * Carry in: a L 100; c R 50; h L 30.
 */
const members = [
  distributor('a', null), distributor('b', 'a', { placement: 'a', leg: 'L' }), distributor('c', 'a', { placement: 'a', leg: 'R' }),
  distributor('d', 'b', { placement: 'b', leg: 'L' }), distributor('e', 'a', { placement: 'b', leg: 'R' }),
  distributor('f', 'c', { placement: 'c', leg: 'L' }), distributor('g', 'c', { placement: 'c', leg: 'R' }),
  distributor('h', 'e', { placement: 'e', leg: 'L', status: 'terminated' }),
];
const volumes: [string, number][] = [['a', 100], ['b', 300], ['c', 200], ['d', 500], ['e', 100], ['f', 400], ['g', 100], ['h', 200]];
const network = scenario(members, volumes.map(([id, cv]) => order(`o-${id}`, id, cv)), { carry: { a: { L: 100, R: 0 }, c: { L: 0, R: 50 }, h: { L: 30, R: 0 } } });
const binaryPlan = plan({
  activity: { minPV: 100 },
  bonuses: [
    { id: 'binary', type: 'binary', pay: { percentOfMatched: '10%' }, carry: { maxPerLeg: 280 }, qualify: { active: true, sponsoredActiveEachLeg: 1 } },
    { id: 'binary-match', type: 'matching', of: ['binary'], generations: ['10%'] },
  ],
});

describe('binary over a placement tree', () => {
  it('pays qualified members on the weaker leg, carries the rest and reports carry out', () => {
    const result = run(binaryPlan, network);
    // a: left b + d + e = 900 new + 100 carry = 1 000; right c + f + g = 700. a sponsored b, e
    //    (left) and c (right), all active: qualified. Matched 700: 10% = 70 rupees = 7 000.
    //    Left keeps 300, of which 280 carries (the maximum) and 20 is flushed.
    // b: left d 500, right e 100; b sponsored only d (left): not qualified, both legs carry
    //    (left capped at 280).
    // c: left f 400, right g 100 + carry 50 = 150; sponsored f (left) and g (right): matched
    //    150 = 1 500. Left keeps 250.
    // h: terminated: its carry in of 30 is flushed and it is reported with carry 0.
    expect(result.lines.filter((line) => line.bonus === 'binary')).toEqual([
      { payee: 'a', bonus: 'binary', amount: 7_000, source: { member: 'a' }, rate: '10%', base: 70_000 },
      { payee: 'c', bonus: 'binary', amount: 1_500, source: { member: 'c' }, rate: '10%', base: 15_000 },
    ]);
    expect(Object.fromEntries(Object.entries(result.members).filter(([, member]) => member.carry).map(([id, member]) => [id, member.carry])))
      .toEqual({ a: { L: 280, R: 0 }, b: { L: 280, R: 100 }, c: { L: 250, R: 0 }, h: { L: 0, R: 0 } });
    // Binary matching through the matching bonus, by sponsor generation: c's sponsor a gets 10% of 1 500.
    expect(result.lines.filter((line) => line.bonus === 'binary-match').map((line) => [line.payee, line.amount, line.source.member]))
      .toEqual([['a', 150, 'c']]);
    expect(result.totals.paid).toBe(7_000 + 1_500 + 150);
  });

  it('explains a binary line: legs, matched volume, carry and flush', () => {
    expect(explain(binaryPlan, network, 'a').lines[0]!.explanation).toBe(
      'binary: 10% of 70000 from member a (left 1000 (carry 100 + new 900), right 700 (carry 0 + new 700); '
      + 'matched 700; carry out L 280, R 0; flushed L 20, R 0)',
    );
  });

  it('with a daily cap on a monthly period, pairs by the orders\' dates and pays a line per day', () => {
    // a <- L b, R c. Cycles of 100 CV pay 1 000, at most 1 000 a day; volume above the cap is
    // kept in the legs for the next day. 5 March: b 300, c 200: 2 cycles, 1 paid and used,
    // legs keep 200 / 100. 6 March: no orders, but the legs make 1 cycle: paid, 100 / 0 left.
    // 9 March: c 100: 100 / 100, 1 cycle paid. Nothing carries out.
    const members = [distributor('a', null), distributor('b', 'a', { placement: 'a', leg: 'L' }), distributor('c', 'a', { placement: 'a', leg: 'R' })];
    const orders = [order('o1', 'b', 300, { date: '2026-03-05' }), order('o2', 'c', 200, { date: '2026-03-05' }), order('o3', 'c', 100, { date: '2026-03-09' })];
    const dailyPlan = plan({
      bonuses: [{ id: 'binary', type: 'binary', pay: { perCycle: { volume: 100, amount: 1_000 } }, cap: { perDay: 1_000, volumeAboveCap: 'carry' } }],
    });
    const result = run(dailyPlan, scenario(members, orders));
    expect(result.lines.map((line) => [line.payee, line.amount, line.base])).toEqual([['a', 1_000, 1], ['a', 1_000, 1], ['a', 1_000, 1]]);
    expect(result.members.a!.carry).toBeUndefined();
    expect(explain(dailyPlan, scenario(members, orders), 'a').lines.map((line) => line.explanation)[0]).toBe(
      'binary: 1000 per cycle of 100 of 1 from member a (pairs of 2026-03-05; left 300 (carry 0 + new 300), '
      + 'right 300 (carry 0 + new 300); 1 cycle(s); capped at 1000 (uncapped 2000); carry out L 0, R 0; flushed L 0, R 0)',
    );
  });

  it('walks a chain of 10 000 members without recursion', () => {
    // m00000 <- m00001 <- ... each placed on the left of the one before; the last buys 100 CV,
    // and r (right of the top) 50. The top matches 50 (500 paise); every chain member above
    // the last carries 100 on the left.
    const chain = Array.from({ length: 10_000 }, (_, i) => {
      const up = i === 0 ? null : `m${String(i - 1).padStart(5, '0')}`;
      return distributor(`m${String(i).padStart(5, '0')}`, up, up === null ? {} : { placement: up, leg: 'L' });
    });
    const deep: ScenarioDocument = scenario([...chain, distributor('r', 'm00000', { placement: 'm00000', leg: 'R' })],
      [order('o-last', 'm09999', 100), order('o-r', 'r', 50)]);
    const result = run(plan({ bonuses: [{ id: 'binary', type: 'binary', pay: { percentOfMatched: '10%' } }] }), deep);
    expect(result.lines).toEqual([{ payee: 'm00000', bonus: 'binary', amount: 500, source: { member: 'm00000' }, rate: '10%', base: 5_000 }]);
    expect(result.members.m00000!.carry).toEqual({ L: 50, R: 0 });
    expect(result.members.m09998!.carry).toEqual({ L: 100, R: 0 });
    expect(Object.values(result.members).filter((member) => member.carry).length).toBe(9_999);
  });
});

describe('binary: grouping', () => {
  it('groups orders by round and payments by member, keeping their order within a group', () => {
    // Orders 0..4 on days 2, 0, 2, 1, 0.
    const days = [2, 0, 2, 1, 0];
    const { start, orders } = ordersByRound(5, 3, (order) => days[order]!);
    expect([...start]).toEqual([0, 2, 3, 5]);
    expect([...orders]).toEqual([1, 4, 3, 0, 2]);
    const firstOf = new Int32Array(4);
    const grouped = groupByMember([{ member: 2, round: 0 }, { member: 0, round: 0 }, { member: 2, round: 1 }, { member: 0, round: 3 }], 4, firstOf);
    expect(grouped).toEqual([{ member: 0, round: 0 }, { member: 0, round: 3 }, { member: 2, round: 0 }, { member: 2, round: 1 }]);
    expect([...firstOf]).toEqual([0, -1, 2, -1]);
  });
});

describe('binary: bad input', () => {
  const simple = plan({ bonuses: [{ id: 'binary', type: 'binary', pay: { percentOfMatched: '10%' } }] });

  it('refuses two members in one slot, and a placement without a leg or with a matrix position in a binary plan', () => {
    expect(inputIssues(() => run(simple, scenario([distributor('a', null), distributor('b', 'a', { placement: 'a', leg: 'L' }), distributor('c', 'a', { placement: 'a', leg: 'L' })], []))))
      .toEqual(['members: "b" and "c" share slot L of "a"']);
    expect(inputIssues(() => run(simple, scenario([distributor('a', null), distributor('b', 'a', { placement: 'a' })], []))))
      .toEqual(['members: member "b" is placed under "a" without leg L or R, which a binary plan needs']);
    expect(inputIssues(() => run(simple, scenario([distributor('a', null), distributor('b', 'a', { placement: 'a', leg: 0 })], []))))
      .toEqual(['members: member "b" is placed under "a" without leg L or R, which a binary plan needs']);
  });

  it('refuses a first-pair ratio other than 1:1, 2:1, 1:2, a first pair without cycles, and two binary bonuses', () => {
    const bonus = { id: 'binary', type: 'binary', pay: { perCycle: { volume: 100, amount: 500 } } } as const;
    expect(inputIssues(() => plan({ bonuses: [{ ...bonus, firstPair: '3:1' as '2:1' }] })))
      .toEqual(['bonuses[0].firstPair: expected "1:1" or "2:1" or "1:2" or "2:1 or 1:2", got "3:1"']);
    expect(inputIssues(() => plan({ bonuses: [{ ...bonus, pay: { percentOfMatched: '10%' }, firstPair: '2:1' }, { ...bonus, id: 'second' }] }))).toEqual([
      'bonuses[0].firstPair: a first pair of 2:1 needs pay.perCycle: the first pair is one cycle',
      'bonuses[1].type: at most one binary bonus per plan: a member has one carry per leg',
    ]);
  });
});
