import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calculate, parseScenario, validatePlan } from '../index.ts';
import type { ScenarioDocument } from '../snapshot/scenario-schema.ts';
import { distributor, inputIssues, order, plan, run, scenario } from '../testing/builders.ts';
import { stepOf } from './stairstep.ts';

const twoSteps = [{ minGroupPV: 100, rate: '5%' }, { minGroupPV: 500, rate: '10%' }];
const lines = (result: ReturnType<typeof run>) => result.lines.map((line) => [line.payee, line.amount, line.source.order ?? line.source.member]);

describe('stairstep', () => {
  it('finds the highest step a group PV meets', () => {
    expect([50, 100, 499, 500, 10_000].map((pv) => stepOf([100, 500], pv))).toEqual([-1, 0, 0, 1, 1]);
  });

  it('passes the whole difference over a member who does not qualify, whose group still counts above', () => {
    // a <- b <- c; b's PV 50 is under the activity minimum: no rate. Groups: c 200 (5%);
    // b 50 + 200 = 250, unqualified; a 400 + 250 = 650 (10%).
    const result = run(plan({ activity: { minPV: 100 }, bonuses: [{ id: 's', type: 'stairstep', schedule: twoSteps, qualify: { active: true } }] }), scenario(
      [distributor('a', null), distributor('b', 'a'), distributor('c', 'b')],
      [order('oa', 'a', 400), order('ob', 'b', 50), order('oc', 'c', 200)],
    ));
    expect(lines(result)).toEqual([
      ['a', 4_000, 'oa'], // 10% of 400 CV
      ['a', 500, 'ob'], //   10% of 50: b earns nothing
      ['c', 1_000, 'oc'], // 5% of 200
      ['a', 1_000, 'oc'], // 10% - 5% of 200
    ]);
  });

  it('keeps a member at the top rate in the upline\'s group when the plan has no breakaway', () => {
    // b 500 is at 10%: with breakaway a's group is 100 (5%); without, 600 (10%), and a earns
    // nothing on b's order (10% - 10%), 10% on its own.
    const members = [distributor('a', null), distributor('b', 'a')];
    const orders = [order('oa', 'a', 100), order('ob', 'b', 500)];
    expect(lines(run(plan({ bonuses: [{ id: 's', type: 'stairstep', schedule: twoSteps }] }), scenario(members, orders))))
      .toEqual([['a', 1_000, 'oa'], ['b', 5_000, 'ob']]);
    expect(lines(run(plan({ bonuses: [{ id: 's', type: 'stairstep', schedule: twoSteps, breakaway: { overrides: ['5%'] } }] }), scenario(members, orders))))
      .toEqual([['a', 500, 'oa'], ['b', 5_000, 'ob']]); // a at 5%, and not at the top rate: no override on b's group
  });

  it('pays overrides only to qualified uplines at the top rate, at least the minimum', () => {
    // a 600 (10%) <- b 500 (10%, breaks away): a's override 5% of 500 = 2 500, raised to the 3 000 minimum.
    // x 200 + z 400 = 600 (10%) <- y 500 (breaks away): x's own PV 200 is under the override's minPV 300.
    const result = run(plan({
      bonuses: [{ id: 's', type: 'stairstep', schedule: twoSteps, breakaway: { overrides: ['5%'], minimumOverride: 3_000, qualify: { minPV: 300 } } }],
    }), scenario(
      [distributor('a', null), distributor('b', 'a'), distributor('x', null), distributor('y', 'x'), distributor('z', 'x')],
      [order('oa', 'a', 600), order('ob', 'b', 500), order('ox', 'x', 200), order('oy', 'y', 500), order('oz', 'z', 400)],
    ));
    expect(result.lines.filter((line) => line.paidLevel !== undefined).map((line) => [line.payee, line.amount, line.source.member, line.base]))
      .toEqual([['a', 3_000, 'b', 50_000]]);
  });

  it('walks a sponsor chain of 10 000 members without recursion', () => {
    // m00000 <- m00001 <- ... <- m09999, each with PV 1: m_i's group PV is 10 000 - i, so
    // m09900 and above reach 5% and m09500 and above 10%. Every order pays 10% in all, in one
    // or two lines: 10 paise on 1 CV.
    const chain = Array.from({ length: 10_000 }, (_, i) => distributor(`m${String(i).padStart(5, '0')}`, i === 0 ? null : `m${String(i - 1).padStart(5, '0')}`));
    const result = run(plan({ bonuses: [{ id: 's', type: 'stairstep', schedule: twoSteps }] }), scenario(chain, chain.map((member) => order(`o-${member.id}`, member.id, 1))));
    expect(result.totals.paid).toBe(10_000 * 10);
  });

  it('refuses a schedule that does not rise, a breakaway below the top rate and too many override generations', () => {
    const falling = [{ minGroupPV: 100, rate: '5%' }, { minGroupPV: 50, rate: '8%' }];
    expect(inputIssues(() => plan({ bonuses: [{ id: 's', type: 'stairstep', schedule: twoSteps, breakaway: { overrides: Array<string>(11).fill('1%') } }] })))
      .toEqual(['bonuses[0].breakaway.overrides: expected at most 10 item(s)']);
    expect(inputIssues(() => plan({ bonuses: [{ id: 's', type: 'stairstep', schedule: falling, breakaway: { atRate: '5%', overrides: [] } }] }))).toEqual([
      'bonuses[0].schedule[1]: expected minGroupPV and rate both above the step before',
      'bonuses[0].breakaway.atRate: a member breaks away at the top rate of the schedule, 8%',
    ]);
  });
});

/** A random sponsor forest with orders, and a random rising schedule with or without breakaway. */
const caseArbitrary = fc.record({
  sponsors: fc.array(fc.option(fc.nat(), { freq: 6 }), { minLength: 1, maxLength: 30 }),
  orders: fc.array(fc.record({ buyer: fc.nat(), cv: fc.integer({ min: 1, max: 900 }), qv: fc.nat(900) }), { maxLength: 50 }),
  thresholds: fc.uniqueArray(fc.integer({ min: 1, max: 2_000 }), { minLength: 1, maxLength: 5 }),
  rates: fc.uniqueArray(fc.integer({ min: 1, max: 2_500 }), { minLength: 5, maxLength: 5 }),
  breakaway: fc.boolean(),
  overrides: fc.array(fc.integer({ min: 1, max: 500 }), { maxLength: 3 }),
  minPV: fc.nat(100),
});

describe('stairstep properties', () => {
  it('pays each order, in all, its highest rate paid rounded once: never above the top rate, never a negative line', () => {
    fc.assert(fc.property(caseArbitrary, (c) => {
      const size = c.sponsors.length;
      const id = (i: number): string => `m${String(i).padStart(2, '0')}`;
      const thresholds = [...c.thresholds].sort((a, b) => a - b);
      const rates = [...c.rates].sort((a, b) => a - b).slice(0, thresholds.length).map((hundredths) => hundredths / 100);
      const top = rates[rates.length - 1]!;
      const testPlan = validatePlan({
        plan: 'p', version: 1, effectiveFrom: '2026-01-01', currency: 'INR', activity: { minPV: c.minPV },
        bonuses: [{
          id: 's', type: 'stairstep', qualify: { active: true },
          schedule: thresholds.map((minGroupPV, i) => ({ minGroupPV, rate: `${rates[i]}%` })),
          ...(c.breakaway ? { breakaway: { overrides: c.overrides.map((o) => `${o / 100}%`) } } : {}),
        }],
      });
      const document: ScenarioDocument = {
        period: { start: '2026-03-01', end: '2026-03-31' },
        members: c.sponsors.map((sponsor, i) => distributor(id(i), i === 0 || sponsor === null ? null : id(sponsor % i))),
        orders: c.orders.map((o, i) => order(`o${i}`, id(o.buyer % size), o.cv, { qv: o.qv })),
      };
      const result = calculate(testPlan, parseScenario(document));
      const sponsorOf = new Map(document.members.map((member) => [member.id, member.sponsor]));
      for (const o of document.orders ?? []) {
        const paid = result.lines.filter((line) => line.source.order === o.id);
        const total = paid.reduce((sum, line) => sum + line.amount, 0);
        // Half-up on the top rate: round(cv × 100 paise × top%), computed exactly in integers.
        const topAmount = Math.floor((o.cv * 100 * Math.round(top * 100) + 5_000) / 10_000);
        expect(total).toBeLessThanOrEqual(topAmount);
        expect(paid.reduce((sum, line) => sum + Number.parseFloat(line.rate!), 0)).toBeLessThanOrEqual(top + 1e-9);
        for (const line of paid) {
          expect(line.amount).toBeGreaterThan(0);
          // The payee is the buyer or one of the buyer's uplines.
          let member: string | null = o.buyer;
          while (member !== null && member !== line.payee) member = sponsorOf.get(member) ?? null;
          expect(member).toBe(line.payee);
        }
      }
      expect(result.totals.paid).toBe(result.lines.reduce((sum, line) => sum + line.amount, 0));
    }), { numRuns: 300 });
  });
});
