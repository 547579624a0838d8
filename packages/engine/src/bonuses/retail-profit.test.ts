import { describe, expect, it } from 'vitest';
import { customer, distributor, order, plan, run, scenario } from '../testing/builders.ts';

describe('retail profit', () => {
  it('credits what a customer paid above the distributor price to the referring distributor', () => {
    const result = run(plan({ bonuses: [{ id: 'rp', type: 'retailProfit' }] }), scenario(
      [distributor('d', null), customer('k', 'd'), customer('p', 'd', { type: 'preferred' })],
      [
        order('o1', 'k', 50, { amount: 12_000, wholesale: 9_000 }), // 12 000 - 9 000 = 3 000
        order('o2', 'p', 50, { amount: 5_000, wholesale: 5_000 }), //  no margin: no line
        order('o3', 'd', 50, { amount: 9_000, wholesale: 9_000 }), //  a distributor's own order: no line
      ],
    ));
    expect(result.lines).toEqual([
      { payee: 'd', bonus: 'rp', amount: 3_000, source: { member: 'k', order: 'o1' }, rate: '100%', base: 3_000 },
    ]);
    expect(result.members.d).toMatchObject({ pv: 150, earned: 3_000 }); // customer orders count in d's PV
  });
});
