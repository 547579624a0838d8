import { describe, expect, it } from 'vitest';
import { distributor, explain, inputIssues, linesOf, order, plan, run, scenario } from '../testing/builders.ts';
import { parseScenario } from '../snapshot/parse-scenario.ts';

/** "Has an active autoship of at least X QV": the QV of a member's autoship orders placed this period. */
describe('an active autoship as a qualification', () => {
  // r sponsors a and b; a sponsors y; b sponsors x. Everyone buys 100 QV / 100 CV.
  // a's autoship carried 40 QV this period, b's 30, r has none.
  const members = [
    distributor('r', null), distributor('a', 'r', { autoshipQv: 40 }), distributor('b', 'r', { autoshipQv: 30 }),
    distributor('x', 'b'), distributor('y', 'a'),
  ];
  const orders = ['r', 'a', 'b', 'x', 'y'].map((id) => order(`o-${id}`, id, 100));

  it('makes activity need both the PV minimum and the autoship QV', () => {
    const result = run(plan({ activity: { minPV: 50, autoshipQV: 40 } }), scenario(members, orders));
    // a: PV 100 ≥ 50 and autoship 40 ≥ 40 → active; b: autoship 30 < 40 → not; r, x, y: no autoship → not.
    expect(Object.fromEntries(['r', 'a', 'b', 'x', 'y'].map((id) => [id, result.members[id]!.active]))).toEqual({ r: false, a: true, b: false, x: false, y: false });
    // Without the autoship rule everyone with PV 100 is active.
    const plain = run(plan({ activity: { minPV: 50 } }), scenario(members, orders));
    expect(['r', 'a', 'b', 'x', 'y'].every((id) => plain.members[id]!.active)).toBe(true);
  });

  it('decides who is paid a bonus that needs activity', () => {
    // Unilevel 10% on level 1 for active members, no compression: y's 100 CV pays a 10% = ₹10.00 (1 000 paise);
    // x's 100 CV would pay b, who is inactive without enough autoship: nothing (breakage).
    const unilevel = plan({ activity: { minPV: 50, autoshipQV: 40 }, bonuses: [{ id: 'uni', type: 'unilevel', levels: ['10%'], qualify: { active: true } }] });
    expect(linesOf(run(unilevel, scenario(members, orders)), 'uni')).toEqual([['a', 1_000, 'y', 1]]);
  });

  it('is a rank requirement, explained with the member\'s autoship QV', () => {
    const ranked = plan({ ranks: [{ id: 'member' }, { id: 'silver', requires: { pv: 50, autoshipQV: 40 } }] });
    const result = run(ranked, scenario(members, orders));
    expect([result.members.a!.rank, result.members.b!.rank, result.members.r!.rank]).toEqual(['silver', 'member', 'member']);
    // 39.99 is not 40: volumes are exact hundredths.
    const justShort = scenario([distributor('s', null, { autoshipQv: 39.99 })], [order('o', 's', 100)]);
    expect(explain(ranked, justShort, 's').rank.evaluation[1]).toEqual({
      rank: 'silver', met: false,
      requirements: [{ requirement: 'pv', required: 50, actual: 100, met: true }, { requirement: 'autoshipQV', required: 40, actual: 39.99, met: false }],
    });
    expect(explain(plan({ activity: { minPV: 50, autoshipQV: 40 } }), justShort, 's').activity)
      .toEqual({ active: false, rule: 'a distributor with PV at least 50 and autoship QV at least 40', pv: 100, autoshipQv: 39.99 });
  });

  it('is refused in a plan or a scenario when it is not a volume', () => {
    expect(inputIssues(() => plan({ activity: { minPV: 0, autoshipQV: -1 } }))).toEqual(['activity.autoshipQV: expected at least 0, got -1']);
    expect(inputIssues(() => parseScenario(scenario([distributor('s', null, { autoshipQv: 1.234 })], [])))).toEqual(['members[0].autoshipQv: expected a volume of at least 0 with at most two decimals']);
    expect(parseScenario(scenario([distributor('s', null)], [])).autoshipQv).toBeNull();
  });
});
