import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { distributor, inputIssues, order, plan, run, scenario } from '../testing/builders.ts';

const matrixPlan = (extra: Record<string, unknown> = {}) => plan({
  activity: { minPV: 50 },
  bonuses: [{ id: 'mx', type: 'matrix', width: 2, depth: 3, levels: ['10%', '5%', '2%'], qualify: { active: true }, ...extra }],
});

describe('forced matrix', () => {
  // Placement a <- b (0) <- c (1) <- d (0), all sponsored by a; c is inactive (PV 10).
  const chain = scenario(
    [distributor('a', null), distributor('b', 'a', { placement: 'a', leg: 0 }), distributor('c', 'a', { placement: 'b', leg: 1 }), distributor('d', 'a', { placement: 'c', leg: 0 })],
    [order('oa', 'a', 100), order('ob', 'b', 100), order('oc', 'c', 10), order('od', 'd', 1_000)],
  );

  it('pays by placement level, not sponsor level; an unqualified level is breakage without compression', () => {
    // d's 1 000 CV: level 1 c inactive (10% kept by the company), level 2 b 5% = 5 000, level 3 a 2% = 2 000.
    const result = run(matrixPlan(), chain);
    expect(result.lines.filter((line) => line.source.member === 'd').map((line) => [line.payee, line.amount, line.level, line.paidLevel]))
      .toEqual([['b', 5_000, 2, 2], ['a', 2_000, 3, 3]]);
  });

  it('with dynamic compression skips the unqualified member without using up a level', () => {
    // d's 1 000 CV: b is level 1 (10% = 10 000), a level 2 (5% = 5 000).
    const result = run(matrixPlan({ compression: 'dynamic' }), chain);
    expect(result.lines.filter((line) => line.source.member === 'd').map((line) => [line.payee, line.amount, line.level, line.paidLevel]))
      .toEqual([['b', 10_000, 2, 1], ['a', 5_000, 3, 2]]);
  });

  it('walks a placement chain of 10 000 members without recursion', () => {
    const members = Array.from({ length: 10_000 }, (_, i) => {
      const up = i === 0 ? null : `m${String(i - 1).padStart(5, '0')}`;
      return distributor(`m${String(i).padStart(5, '0')}`, up, up === null ? {} : { placement: up, leg: 0 });
    });
    // Every member buys 100 CV; all but the top three orders pay three levels: 10 + 5 + 2 = 17% of 10 000 paise.
    const result = run(matrixPlan({ compression: 'dynamic' }), scenario(members, members.map((member) => order(`o${member.id}`, member.id, 100))));
    expect(result.totals.paid).toBe(9_997 * 1_700 + 1_500 + 1_000);
  });

  it('refuses a node over the width, a position outside it, a binary leg, and a matrix beside a binary or of the wrong depth', () => {
    const wide = scenario([distributor('a', null), ...['b', 'c', 'd'].map((id, position) => distributor(id, 'a', { placement: 'a', leg: position }))], []);
    expect(inputIssues(() => run(matrixPlan(), wide))).toEqual([
      'members: member "d" is placed under "a" at position 2; a matrix of width 2 has positions 0 to 1',
      'members: "a" has 3 members placed under it, over the matrix width 2',
    ]);
    expect(inputIssues(() => run(matrixPlan(), scenario([distributor('a', null), distributor('b', 'a', { placement: 'a', leg: 'L' })], []))))
      .toEqual(['members: member "b" is placed under "a" at a binary leg; a matrix of width 2 has positions 0 to 1']);
    expect(inputIssues(() => plan({
      bonuses: [
        { id: 'mx', type: 'matrix', width: 3, depth: 7, levels: ['1%'] },
        { id: 'bin', type: 'binary', pay: { percentOfMatched: '10%' } },
      ],
    }))).toEqual([
      'bonuses[0].levels: expected one rate per level of the depth 7, got 1',
      'bonuses[0].width: a plan pays on one placement tree: no binary bonus beside a matrix, and one width for every matrix',
    ]);
  });
});

describe('forced matrix properties', () => {
  it('pays only placement uplines, within the depth, and its totals (fast path, with or without a cap) are the sum of its lines', () => {
    fc.assert(fc.property(
      fc.array(fc.tuple(fc.nat(), fc.nat(100)), { minLength: 1, maxLength: 40 }),
      fc.constantFrom('none' as const, 'dynamic' as const),
      fc.option(fc.integer({ min: 1, max: 20 })),
      (members, compression, capShare) => {
        const width = 3;
        const id = (i: number): string => `m${String(i).padStart(2, '0')}`;
        // Member i goes into the first free position of an earlier member (breadth-first fill).
        const children = new Map<number, number>();
        const documents = members.map(([pick], i) => {
          if (i === 0) return distributor(id(0), null);
          let parent = pick % i;
          while ((children.get(parent) ?? 0) >= width) parent = (parent + 1) % i;
          const position = children.get(parent) ?? 0;
          children.set(parent, position + 1);
          return distributor(id(i), id(pick % i), { placement: id(parent), leg: position });
        });
        const testPlan = plan({
          activity: { minPV: 30 },
          bonuses: [{ id: 'mx', type: 'matrix', width, depth: 3, levels: ['7%', '5%', '3%'], compression, qualify: { active: true } }],
          ...(capShare === null ? {} : { cap: { totalPayoutMaxShareOfCV: `${capShare}%` } }),
        });
        const result = run(testPlan, scenario(documents, members.map(([, cv], i) => order(`o${i}`, id(i), cv))));
        const placementOf = new Map(documents.map((member) => [member.id, member.placement ?? null]));
        for (const line of result.lines) {
          const chain: string[] = [];
          for (let up = placementOf.get(line.source.member) ?? null; up !== null; up = placementOf.get(up) ?? null) chain.push(up);
          expect(chain.indexOf(line.payee) + 1).toBe(line.level);
          expect(line.paidLevel!).toBeLessThanOrEqual(3);
          expect(result.members[line.payee]!.active).toBe(true);
        }
        expect(result.totals.paid).toBe(result.lines.reduce((sum, line) => sum + line.amount, 0));
        for (const [memberId, member] of Object.entries(result.members)) {
          expect(member.earned).toBe(result.lines.filter((line) => line.payee === memberId).reduce((sum, line) => sum + line.amount, 0));
        }
      },
    ), { numRuns: 200 });
  });
});
