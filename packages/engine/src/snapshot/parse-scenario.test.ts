import { describe, expect, it } from 'vitest';
import { EngineInputError } from '../errors.ts';
import { distributor, order, scenario } from '../testing/builders.ts';
import { parseScenario } from './parse-scenario.ts';

function issuesOf(input: unknown) {
  try {
    parseScenario(input);
  } catch (error) {
    expect(error).toBeInstanceOf(EngineInputError);
    expect((error as EngineInputError).code).toBe('SCENARIO_INVALID');
    return (error as EngineInputError).issues;
  }
  throw new Error('expected the scenario to be refused');
}

describe('parseScenario', () => {
  it('builds the snapshot in canonical order whatever the input order', () => {
    const snapshot = parseScenario(scenario(
      [distributor('b', 'a'), distributor('a', null)],
      [order('o2', 'a', 10), order('o1', 'b', 20.5), order('o0', 'b', 1)],
    ));
    expect([snapshot.memberId(0), snapshot.memberId(1)]).toEqual(['a', 'b']);
    expect(Array.from(snapshot.sponsor)).toEqual([-1, 0]);
    // Orders by buyer index, then id; volumes in hundredths of a point.
    expect([0, 1, 2].map(snapshot.orderId)).toEqual(['o2', 'o0', 'o1']);
    expect(Array.from(snapshot.orderQv)).toEqual([1_000, 100, 2_050]);
  });

  it('refuses duplicate ids, unknown sponsors and buyers, naming the ids', () => {
    const issues = issuesOf(scenario(
      [distributor('a', null), distributor('a', null), distributor('b', 'ghost')],
      [order('o1', 'a', 1), order('o1', 'a', 1), order('o2', 'nobody', 1)],
    ));
    expect(issues).toEqual(expect.arrayContaining([
      { path: 'members[1].id', message: 'duplicate member id "a"', ids: ['a'] },
      { path: 'members[2].sponsor', message: 'unknown sponsor "ghost" of member "b"', ids: ['b', 'ghost'] },
      { path: 'orders[1].id', message: 'duplicate order id "o1"', ids: ['o1'] },
      { path: 'orders[2].buyer', message: 'order "o2" names unknown buyer "nobody"', ids: ['o2', 'nobody'] },
    ]));
  });

  it('refuses a sponsor cycle, naming every member in it', () => {
    const issues = issuesOf(scenario([distributor('r', null), distributor('x', 'z'), distributor('y', 'x'), distributor('z', 'y')], []));
    expect(issues).toEqual([{ path: 'members', message: 'sponsor cycle: x -> z -> y -> x', ids: ['x', 'z', 'y'] }]);
  });

  it('refuses a placement cycle, an unknown placement parent and carry for an unknown member, naming the ids', () => {
    const issues = issuesOf(scenario([
      distributor('r', null),
      distributor('x', 'r', { placement: 'y', leg: 'L' }), distributor('y', 'r', { placement: 'x', leg: 'L' }),
      distributor('z', 'r', { placement: 'ghost', leg: 'R' }),
    ], [], { carry: { nobody: { L: 10, R: 0 } } }));
    expect(issues).toEqual(expect.arrayContaining([
      { path: 'members[3].placement', message: 'unknown placement "ghost" of member "z"', ids: ['z', 'ghost'] },
      { path: 'members', message: 'placement cycle: x -> y -> x', ids: ['x', 'y'] },
      { path: 'carry["nobody"]', message: 'carry for unknown member "nobody"', ids: ['nobody'] },
    ]));
  });

  it('refuses negative or over-precise volume, orders outside the period and unknown history members', () => {
    const issues = issuesOf(scenario([distributor('a', null)], [
      order('o1', 'a', -5, { amount: 0 }), order('o2', 'a', 1.234, { amount: 123 }), order('o3', 'a', 1, { date: '2026-04-01' }),
    ], { history: [{ start: '2026-02-01', members: { ghost: { pv: 1, gv: 1 } } }] }));
    expect(issues.map((issue) => [issue.path, issue.ids])).toEqual([
      ['orders[0].qv', ['o1']], ['orders[0].cv', ['o1']], ['orders[1].qv', ['o2']], ['orders[1].cv', ['o2']],
      ['orders[2].date', ['o3']], ['history[0].members["ghost"]', ['ghost']],
    ]);
    expect(issues[0]!.message).toBe('negative volume -5 on order "o1"');
  });

  it('reports shape errors with their path', () => {
    const issues = issuesOf({ period: { start: '2026-03-01', end: '2026-03-31' }, members: [{ id: 'a', type: 'boss', sponsor: null, joined: '2026-02-30' }] });
    expect(issues.map((issue) => issue.path)).toEqual(['members[0].type', 'members[0].joined']);
  });
});
