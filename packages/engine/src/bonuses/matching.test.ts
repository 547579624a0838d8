import { describe, expect, it } from 'vitest';
import { distributor, linesOf, order, plan, run, scenario } from '../testing/builders.ts';

// a <- b <- c <- d <- e. Unilevel 10% on one level, so each member earns 10% of the CV of
// the member directly below: b earns from c, c from d, d from e.
// Orders: b 100, c 200, d 300, e 400 CV -> a earns 1 000, b 2 000, c 3 000, d 4 000 paise.
const members = [distributor('a', null), distributor('b', 'a'), distributor('c', 'b'), distributor('d', 'c'), distributor('e', 'd')];
const orders = [order('o-b', 'b', 100), order('o-c', 'c', 200), order('o-d', 'd', 300), order('o-e', 'e', 400)];
const unilevel = { id: 'uni', type: 'unilevel' as const, levels: ['10%'] };

describe('matching', () => {
  it('pays a rate per sponsor generation on downline earnings of the named bonuses', () => {
    const result = run(plan({ bonuses: [unilevel, { id: 'match', type: 'matching', of: ['uni'], generations: ['10%', '5%'] }] }), scenario(members, orders));
    expect(linesOf(result, 'match')).toEqual([
      ['a', 200, 'b', 1], // 10% of b's 2 000
      ['b', 300, 'c', 1], // 10% of c's 3 000
      ['a', 150, 'c', 2], //  5% of c's 3 000
      ['c', 400, 'd', 1], // 10% of d's 4 000
      ['b', 200, 'd', 2], //  5% of d's 4 000
    ]);
  });

  it('lets a generation end at the next member of a rank, and never matches itself', () => {
    // Ranks: lead needs GV 700. GV: e 400, d 700, c 900, b 1000, a 1000: d, c, b, a are leads.
    // With generationEndsAtRank lead, seen from a: b is generation 1 (no lead strictly
    // between), c is generation 2 (b between), d generation 3 (b, c between): not paid.
    const result = run(plan({
      ranks: [{ id: 'member' }, { id: 'lead', requires: { gv: 700 } }],
      bonuses: [unilevel, { id: 'match', type: 'matching', of: ['uni'], generations: ['10%', '5%'], generationEndsAtRank: 'lead' }],
    }), scenario(members, orders));
    expect(linesOf(result, 'match').filter(([payee]) => payee === 'a')).toEqual([
      ['a', 200, 'b', 1], // 10% of b's 2 000
      ['a', 150, 'c', 2], //  5% of c's 3 000
    ]);
    // Matching earnings are never a base: total matched = 10% or 5% of unilevel lines only.
    expect(result.totals.byBonus.match).toBe(200 + 300 + 150 + 400 + 200);
  });
});
