import { describe, expect, it } from 'vitest';
import { distributor, linesOf, order, plan, run, scenario } from '../testing/builders.ts';

// A chain a <- b <- c <- d <- e (a at the top). e buys 1000 CV = 100 000 paise.
// Levels 10%, 5%, 2%. Activity: PV >= 100; c buys nothing, so c is inactive.
const chain = scenario(
  [distributor('a', null), distributor('b', 'a'), distributor('c', 'b'), distributor('d', 'c'), distributor('e', 'd')],
  [order('o-a', 'a', 100), order('o-b', 'b', 100), order('o-d', 'd', 100), order('o-e', 'e', 1000)],
);
const unilevel = (extra: object) => plan({
  activity: { minPV: 100 },
  ranks: [{ id: 'bronze' }, { id: 'silver', requires: { pv: 100, gv: 300 } }],
  bonuses: [{ id: 'uni', type: 'unilevel', levels: ['10%', '5%', '2%'], qualify: { active: true }, ...extra }],
});

describe('unilevel', () => {
  it('without compression pays the k-th upline and leaves an unqualified level as breakage', () => {
    const result = run(unilevel({ compression: 'none' }), chain);
    expect(linesOf(result, 'uni').filter(([, , source]) => source === 'e')).toEqual([
      ['d', 10_000, 'e', 1], // 10% of 100 000
      // level 2 is c: inactive, so its 5% stays with the company
      ['b', 2_000, 'e', 3], // 2% of 100 000
    ]);
  });

  it('with dynamic compression skips the unqualified upline without using up a level', () => {
    const result = run(unilevel({ compression: 'dynamic' }), chain);
    const fromE = result.lines.filter((line) => line.source.member === 'e');
    expect(fromE.map((line) => [line.payee, line.amount, line.level, line.paidLevel])).toEqual([
      ['d', 10_000, 1, 1], // 10% of 100 000
      ['b', 5_000, 3, 2], //  5% of 100 000: c skipped, b is physically 3 up but paid as level 2
      ['a', 2_000, 4, 3], //  2% of 100 000
    ]);
    expect(fromE[1]).toMatchObject({ rate: '5%', base: 100_000, source: { member: 'e', order: 'o-e' } });
  });

  it('limits depth by paid-as rank, and compression looks past a member whose rank is too shallow', () => {
    // GV: e 1000, d 1100, c 1100, b 1200, a 1300; silver needs GV 1300, so only a is silver
    // (depth 3) and everyone else bronze (depth 1).
    const deep = plan({
      activity: { minPV: 100 },
      ranks: [{ id: 'bronze' }, { id: 'silver', requires: { gv: 1300 } }],
      bonuses: [{ id: 'uni', type: 'unilevel', levels: ['10%', '5%', '2%'], compression: 'dynamic', qualify: { active: true }, depthByRank: { bronze: 1, silver: 3 } }],
    });
    const fromE = linesOf(run(deep, chain), 'uni').filter(([, , source]) => source === 'e');
    // Level 1: d (bronze, depth 1) 10% = 10 000. Level 2: b is bronze (depth 1): skipped; a is
    // silver (depth 3): 5% = 5 000. Level 3: nobody above a.
    expect(fromE).toEqual([['d', 10_000, 'e', 1], ['a', 5_000, 'e', 2]]);
  });

  it('counts a customer order from the referring distributor and skips fast start window orders', () => {
    const withCustomer = scenario(
      [distributor('a', null), distributor('b', 'a'), { id: 'k', type: 'retail', sponsor: 'b', joined: '2025-01-01' },
        distributor('n', 'b', { joined: '2026-03-10' })],
      [order('o-a', 'a', 100), order('o-b', 'b', 100), order('o-k', 'k', 200), order('o-n', 'n', 300, { date: '2026-03-12' })],
    );
    const withFastStart = plan({
      bonuses: [
        { id: 'fs', type: 'fastStart', windowDays: 30, generations: ['20%'] },
        { id: 'uni', type: 'unilevel', levels: ['10%'], skipFastStartWindow: true },
      ],
    });
    // o-k counts as b's PV, so level 1 is a: 10% of 20 000 = 2 000. o-n (n joined 2 days
    // earlier) is paid by fast start (b: 20% of 30 000 = 6 000) and not again by unilevel.
    const result = run(withFastStart, withCustomer);
    expect(linesOf(result, 'uni')).toEqual([['a', 1_000, 'b', 1], ['a', 2_000, 'k', 1]]);
    expect(linesOf(result, 'fs')).toEqual([['b', 6_000, 'n', 1]]);
  });
});
