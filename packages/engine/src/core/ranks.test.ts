import { describe, expect, it } from 'vitest';
import type { ScenarioDocument } from '../snapshot/scenario-schema.ts';
import { distributor, explain, order, plan, run, scenario } from '../testing/builders.ts';

describe('volumes and ranks', () => {
  it('applies the max-leg rule: at most a share of the GV requirement from any one leg', () => {
    // Requirement GV 1 000 with at most 50% (500) from one leg.
    // a: PV 100, legs b GV 900, c GV 300 -> counted 100 + min(900, 500) + min(300, 500) = 900 < 1 000.
    // x: PV 100, legs y GV 500, z GV 400 -> counted 100 + 500 + 400 = 1 000: qualifies.
    const ranked = plan({ ranks: [{ id: 'member' }, { id: 'manager', requires: { gv: 1_000, maxLegShare: '50%' } }] });
    const result = run(ranked, scenario(
      [distributor('a', null), distributor('b', 'a'), distributor('c', 'a'), distributor('x', null), distributor('y', 'x'), distributor('z', 'x')],
      [order('o1', 'a', 100), order('o2', 'b', 900), order('o3', 'c', 300), order('o4', 'x', 100), order('o5', 'y', 500), order('o6', 'z', 400)],
    ));
    expect(result.members.a).toMatchObject({ pv: 100, gv: 1_300, rank: 'member' });
    expect(result.members.x).toMatchObject({ pv: 100, gv: 1_000, rank: 'manager' });
  });

  it('evaluates bottom-up: personally sponsored actives and legs holding a rank', () => {
    // Activity PV >= 50. lead: 2 sponsored actives. director: 2 legs with a lead in them.
    // top <- l1 <- {p1, p2}; top <- m <- l2 <- {q1, q2}: l1 and l2 are leads; top has a lead in
    // leg l1 and (deeper) in leg m, so top is director even though m itself is not a lead.
    const ranked = plan({
      activity: { minPV: 50 },
      ranks: [{ id: 'member' }, { id: 'lead', requires: { sponsoredActive: 2 } }, { id: 'director', requires: { legsWithRank: { rank: 'lead', count: 2 } } }],
    });
    const members = [
      distributor('top', null), distributor('l1', 'top'), distributor('p1', 'l1'), distributor('p2', 'l1'),
      distributor('m', 'top'), distributor('l2', 'm'), distributor('q1', 'l2'), distributor('q2', 'l2'),
    ];
    const result = run(ranked, scenario(members, ['p1', 'p2', 'q1', 'q2', 'm'].map((id) => order(`o-${id}`, id, 50))));
    expect([result.members.l1!.rank, result.members.l2!.rank, result.members.m!.rank, result.members.top!.rank])
      .toEqual(['lead', 'lead', 'member', 'director']);
    expect(result.members.q1).toMatchObject({ active: true });
  });

  it('counts rolling GV over this period and the latest history periods, and keeps paid-as and highest apart', () => {
    // Rolling GV over 3 periods >= 1 000: this period 400 + February 350 + January 300 = 1 050
    // (December's 900 is outside the window).
    const ranks = [{ id: 'member' }, { id: 'star', requires: { rollingGv: { periods: 3, min: 1_000 } } }, { id: 'legend', requires: { pv: 5_000 } }];
    const ranked = plan({ ranks });
    const history: NonNullable<ScenarioDocument['history']> = [
      { start: '2025-12-01', members: { s: { gv: 900 }, h: { rank: 'legend' } } },
      { start: '2026-01-01', members: { s: { gv: 300 } } },
      { start: '2026-02-01', members: { s: { gv: 350 } } },
    ];
    const doc = scenario([distributor('s', null), distributor('h', null)], [order('o1', 's', 400), order('o2', 'h', 10)], { history });
    const result = run(ranked, doc);
    expect(result.members.s).toMatchObject({ rank: 'star', highestRank: 'star' });
    expect(result.members.h).toMatchObject({ rank: 'member', highestRank: 'legend' });
    // paidAs: highest pays h as a legend.
    expect(run(plan({ ranks, paidAs: 'highest' }), doc).members.h).toMatchObject({ rank: 'legend' });
    expect(explain(ranked, doc, 's').rank.evaluation[1]!.requirements)
      .toEqual([{ requirement: 'rollingGv over 3 periods', required: 1_000, actual: 1_050, met: true }]);
  });

  it('rolls a terminated member\'s downline up to the nearest live sponsor', () => {
    const result = run(plan({ bonuses: [{ id: 'uni', type: 'unilevel', levels: ['10%'] }] }), scenario(
      [distributor('a', null), distributor('t', 'a', { status: 'terminated' }), distributor('c', 't')],
      [order('o1', 'c', 100)],
    ));
    expect(result.members.a).toMatchObject({ gv: 100, earned: 1_000 }); // c's level 1 is now a
    expect(result.members.t).toMatchObject({ gv: 0, rank: null, earned: 0 });
  });
});
