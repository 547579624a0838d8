import { describe, expect, it } from 'vitest';
import { parseScenario } from '../snapshot/parse-scenario.ts';
import { customer, distributor, plan, scenario } from '../testing/builders.ts';
import { paidOnMatchedVolume, takeRefundsFromCarry } from './binary-refunds.ts';
import type { BonusOfType } from '../plan/schema.ts';

//        R
//      /   \
//     A     B          C is a retail customer of D: her orders are D's volume.
//    /
//   D
const network = parseScenario(scenario([
  distributor('R', null),
  distributor('A', 'R', { placement: 'R', leg: 'L' }),
  distributor('B', 'R', { placement: 'R', leg: 'R' }),
  distributor('D', 'A', { placement: 'A', leg: 'L' }),
  customer('C', 'D'),
], [], { carry: { R: { L: 30, R: 0 }, A: { L: 100, R: 0 } } }));
const index = (id: string) => [...Array(network.memberCount).keys()].find((member) => network.memberId(member) === id)!;
const units = (points: number) => points * 100;

describe('refunded volume taken out of the binary legs', () => {
  it('comes out of the carry of the leg it fed at every upline, and what the carry cannot cover was matched', () => {
    // A refund of 80 points bought by C, D's customer (so D's volume): it fed A's left leg and R's left leg.
    const after = takeRefundsFromCarry(network, [{ owner: index('D'), volume: units(80) }]);
    // A carried 100 on the left: 80 comes out of it, nothing had been matched.
    expect(after.carryLeft[index('A')]).toBe(units(20));
    // R carried only 30 on the left: 30 comes out, the other 50 had been matched (and paid).
    expect(after.carryLeft[index('R')]).toBe(0);
    expect([...after.matched]).toEqual([[index('R'), units(50)]]);
    // The snapshot's own carry is left as it was.
    expect(network.carryLeft![index('A')]).toBe(units(100));
  });

  it('adds up several refunds and takes nothing from the other leg', () => {
    const after = takeRefundsFromCarry(network, [{ owner: index('B'), volume: units(10) }, { owner: index('B'), volume: units(5) }]);
    expect(after.carryRight[index('R')]).toBe(0);
    expect(after.carryLeft[index('R')]).toBe(units(30));
    expect([...after.matched]).toEqual([[index('R'), units(15)]]);
  });

  it('prices matched volume at the binary pay: the rate rounded as lines are, or whole cycles only', () => {
    const percent = plan({ bonuses: [{ id: 'binary', type: 'binary', pay: { percentOfMatched: '10%' } }] });
    const cycles = plan({ bonuses: [{ id: 'binary', type: 'binary', pay: { perCycle: { volume: 100, amount: 5000 } } }] });
    // 50 points × ₹1 a point × 10% = ₹5.00; 12.35 points → ₹1.235, half-up ₹1.24.
    expect(paidOnMatchedVolume(percent, percent.bonuses[0] as BonusOfType<'binary'>, units(50))).toBe(500);
    expect(paidOnMatchedVolume(percent, percent.bonuses[0] as BonusOfType<'binary'>, 1235)).toBe(124);
    // 250 points matched made two whole cycles of 100.
    expect(paidOnMatchedVolume(cycles, cycles.bonuses[0] as BonusOfType<'binary'>, units(250))).toBe(10_000);
  });
});
