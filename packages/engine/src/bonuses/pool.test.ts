import { describe, expect, it } from 'vitest';
import { distributor, linesOf, order, plan, run, scenario } from '../testing/builders.ts';

describe('pool', () => {
  it('funds a share of company CV and splits it by shares per rank, losing no minor unit', () => {
    // Company CV: 333 + 333 + 334 + 1 = 1 001 CV = 100 100 paise; fund 1% = 1 001 paise.
    // Ranks: star needs PV 300, superstar PV 334. Shares star 1, superstar 2; x (PV 1) none.
    // Exact shares: 1 001 × 1/4 = 250.25 (a), 250.25 (b), 500.5 (c). Floors 250 + 250 + 500 = 1 000;
    // the unit left goes to the largest remainder, c (0.5).
    const result = run(plan({
      ranks: [{ id: 'member' }, { id: 'star', requires: { pv: 300 } }, { id: 'superstar', requires: { pv: 334 } }],
      bonuses: [{ id: 'pool', type: 'pool', fund: { share: '1%' }, shares: { star: 1, superstar: 2 } }],
    }), scenario(
      [distributor('a', null), distributor('b', null), distributor('c', null), distributor('x', null)],
      [order('o1', 'a', 333), order('o2', 'b', 333), order('o3', 'c', 334), order('o4', 'x', 1)],
    ));
    expect(linesOf(result, 'pool')).toEqual([['a', 250, 'a', undefined], ['b', 250, 'b', undefined], ['c', 501, 'c', undefined]]);
    expect(result.lines[0]).toMatchObject({ rate: '1/4', base: 1_001 });
    expect(result.totals.byBonus.pool).toBe(1_001);
  });
});
