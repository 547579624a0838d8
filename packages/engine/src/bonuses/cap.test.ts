import { describe, expect, it } from 'vitest';
import { distributor, order, plan, run, scenario } from '../testing/builders.ts';

describe('overall cap', () => {
  it('scales capped bonuses by one exact factor, rounds down, and reports the factor', () => {
    // Company CV 1 000 = 100 000 paise; cap 30% = 30 000. Unilevel 40% on level 1 of b's
    // 1 000 CV pays a 40 000; the retail margin of 5 000 is excluded but counts.
    // Budget for scaled lines: 30 000 - 5 000 = 25 000; factor = 25 000 / 40 000 = 0.625.
    const result = run(plan({
      bonuses: [{ id: 'rp', type: 'retailProfit' }, { id: 'uni', type: 'unilevel', levels: ['40%'] }],
      cap: { totalPayoutMaxShareOfCV: '30%', exclude: ['rp'] },
    }), scenario(
      [distributor('a', null), distributor('b', 'a'), { id: 'k', type: 'retail', sponsor: 'a', joined: '2025-01-01' }],
      [order('o1', 'b', 1_000), order('o2', 'k', 0, { amount: 15_000, wholesale: 10_000 })],
    ));
    expect(result.totals.capFactor).toBe(0.625);
    expect(result.totals.byBonus).toEqual({ rp: 5_000, uni: 25_000 }); // 40 000 × 0.625
    expect(result.totals.paid).toBe(30_000);
  });

  it('leaves everything as it is under the cap', () => {
    const result = run(plan({ bonuses: [{ id: 'uni', type: 'unilevel', levels: ['10%'] }], cap: { totalPayoutMaxShareOfCV: '30%' } }),
      scenario([distributor('a', null), distributor('b', 'a')], [order('o1', 'b', 1_000)]));
    expect(result.totals).toMatchObject({ paid: 10_000, capFactor: 1, payoutRatio: 0.1 });
  });
});
