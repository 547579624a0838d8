import { describe, expect, it } from 'vitest';
import { distributor, linesOf, order, plan, run, scenario } from '../testing/builders.ts';

// a <- b <- c <- n; n joined on 1 March; window 30 days = orders dated 1 to 30 March.
// Generations 20%, 10%, 5% up the enroller chain; qualify: active (PV >= 100).
const fastStart = plan({
  activity: { minPV: 100 },
  bonuses: [{ id: 'fs', type: 'fastStart', windowDays: 30, generations: ['20%', '10%', '5%'], qualify: { active: true } }],
});
const members = [distributor('a', null), distributor('b', 'a'), distributor('c', 'b'), distributor('n', 'c', { joined: '2026-03-01' })];

describe('fast start', () => {
  it('pays the enroller chain by generation on orders inside the window', () => {
    const result = run(fastStart, scenario(members, [
      order('o-a', 'a', 100), order('o-b', 'b', 100), order('o-c', 'c', 100),
      order('o-n1', 'n', 500, { date: '2026-03-30' }), // day 29 since joining: inside
      order('o-n2', 'n', 700, { date: '2026-03-31' }), // day 30: outside
    ]));
    expect(linesOf(result, 'fs')).toEqual([
      ['c', 10_000, 'n', 1], // 20% of 50 000
      ['b', 5_000, 'n', 2], //  10% of 50 000
      ['a', 2_500, 'n', 3], //   5% of 50 000
    ]);
  });

  it('never rolls an unearned share up to the next enroller', () => {
    // b buys nothing: inactive, so generation 2 (10%) is not paid to anyone, not even a.
    const result = run(fastStart, scenario(members, [order('o-a', 'a', 100), order('o-c', 'c', 100), order('o-n', 'n', 500)]));
    expect(linesOf(result, 'fs')).toEqual([['c', 10_000, 'n', 1], ['a', 2_500, 'n', 3]]);
  });
});
