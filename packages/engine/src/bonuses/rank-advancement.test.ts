import { describe, expect, it } from 'vitest';
import { distributor, order, plan, run, scenario } from '../testing/builders.ts';

const advancement = plan({
  ranks: [{ id: 'member' }, { id: 'silver', requires: { pv: 100 } }, { id: 'gold', requires: { pv: 200 } }],
  bonuses: [{ id: 'adv', type: 'rankAdvancement', amounts: { silver: 10_000, gold: 50_000 } }],
});

describe('rank advancement', () => {
  it('pays each rank the first period it is reached, judged by history and highestRank', () => {
    const result = run(advancement, scenario(
      [
        distributor('new', null), //                                    member -> gold: silver and gold
        distributor('had-silver', null, { highestRank: 'silver' }), //   -> gold: gold only
        distributor('was-gold', null), //                                 gold in history: nothing
      ],
      [order('o1', 'new', 200), order('o2', 'had-silver', 200), order('o3', 'was-gold', 200)],
      { history: [{ start: '2026-01-01', members: { 'was-gold': { pv: 200, gv: 200, rank: 'gold' } } }] },
    ));
    expect(result.lines.map((line) => [line.payee, line.amount])).toEqual([
      ['had-silver', 50_000], ['new', 10_000], ['new', 50_000],
    ]);
  });
});
