/** One plan combining sponsor-tree and placement-tree bonuses under one overall cap. */
import { describe, expect, it } from 'vitest';
import { customer, distributor, order, plan, run, scenario } from './testing/builders.ts';

describe('hybrid plan: retail + fast start + unilevel + binary + matching on binary, one cap over all', () => {
  it('computes each bonus, then scales every capped line by one factor', () => {
    // Sponsor tree: a <- {b <- {d, e}, c <- k (retail)}. Placement: a <- L b, R c; b <- L d, R e.
    // d joined on 10 March. Orders (CV): a 100, b 200, c 100, d 300, e 100, k 50 (amount 6 000,
    // wholesale 5 000). Company CV 850 = 85 000 paise.
    // Before the cap:
    //   retail: k's margin 1 000 to c.
    //   fast start (20%, 30 days): d's 300 -> b 6 000.
    //   unilevel (5%, 2%): b's 200 -> a 1 000; c's 100 -> a 500; d's 300 -> b 1 500, a 600;
    //     e's 100 -> b 500, a 200; k's 50 (c's PV) -> a 250. Together 4 550.
    //   binary (10% of matched): a: left b + d + e = 600, right c + k = 150: 1 500, carries
    //     450 left; b: left d 300, right e 100: 1 000, carries 200 left.
    //   matching (10% of binary, by sponsor generation): a on b's 1 000: 100.
    // Total 14 150 > cap 15% of 85 000 = 12 750. Retail (1 000) is excluded from scaling, so
    // the other 13 150 share 11 750: factor floor(11 750 × 10⁶ / 13 150) = 893 536 ppm, each
    // line rounded down: 6 000 -> 5 361; unilevel 893 + 446 + 223 + 1 340 + 536 + 446 + 178 =
    // 4 062; binary 1 340 + 893 = 2 233; matching 89. Paid 1 000 + 5 361 + 4 062 + 2 233 + 89 = 12 745.
    const hybrid = plan({
      bonuses: [
        { id: 'retail', type: 'retailProfit' },
        { id: 'fast-start', type: 'fastStart', windowDays: 30, generations: ['20%'] },
        { id: 'unilevel', type: 'unilevel', levels: ['5%', '2%'] },
        { id: 'binary', type: 'binary', pay: { percentOfMatched: '10%' } },
        { id: 'binary-match', type: 'matching', of: ['binary'], generations: ['10%'] },
      ],
      cap: { totalPayoutMaxShareOfCV: '15%', exclude: ['retail'] },
    });
    const result = run(hybrid, scenario([
      distributor('a', null), distributor('b', 'a', { placement: 'a', leg: 'L' }), distributor('c', 'a', { placement: 'a', leg: 'R' }),
      distributor('d', 'b', { placement: 'b', leg: 'L', joined: '2026-03-10' }), distributor('e', 'b', { placement: 'b', leg: 'R' }),
      customer('k', 'c'),
    ], [
      order('oa', 'a', 100), order('ob', 'b', 200), order('oc', 'c', 100), order('od', 'd', 300), order('oe', 'e', 100),
      order('ok', 'k', 50, { amount: 6_000, wholesale: 5_000 }),
    ]));
    expect(result.totals).toEqual({
      paid: 12_745, cv: 850, payoutRatio: 0.149941, capFactor: 0.893536,
      byBonus: { retail: 1_000, 'fast-start': 5_361, unilevel: 4_062, binary: 2_233, 'binary-match': 89 },
    });
    // The cap scales money, never volume: carry out is the same as without it.
    expect([result.members.a!.carry, result.members.b!.carry]).toEqual([{ L: 450, R: 0 }, { L: 200, R: 0 }]);
  });
});
