import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { calculateSnapshot } from './calculate.ts';
import { memberOutcomes, placementLegVolumes } from './outcomes.ts';
import { parsePlan } from './plan/parse.ts';
import { toCalcResult } from './result.ts';
import { parseScenario } from './snapshot/parse-scenario.ts';
import { NONE, VOLUME_SCALE } from './snapshot/types.ts';

const example = (path: string) => readFileSync(new URL(`../../../examples/${path}`, import.meta.url), 'utf8');

describe('member outcomes as columns', () => {
  for (const name of ['wellness-unilevel', 'sahyog-binary']) {
    it(`agree with the result format for ${name}`, () => {
      const plan = parsePlan(example(`plans/${name}.yaml`));
      const snapshot = parseScenario(JSON.parse(example(`scenarios/${name}.json`)));
      const calculation = calculateSnapshot(plan, snapshot);
      const outcomes = memberOutcomes(calculation);
      const result = toCalcResult(calculation);
      const rankId = (rank: number) => (rank === NONE ? null : plan.ranks[rank]!.id);
      for (let member = 0; member < snapshot.memberCount; member += 1) {
        const expected = result.members[snapshot.memberId(member)]!;
        expect({
          pv: outcomes.pv[member]! / VOLUME_SCALE,
          gv: outcomes.gv[member]! / VOLUME_SCALE,
          active: outcomes.active[member] === 1,
          rank: rankId(outcomes.paidRank[member]!),
          highestRank: rankId(outcomes.highestRank[member]!),
          earned: outcomes.earned[member],
        }).toEqual({ pv: expected.pv, gv: expected.gv, active: expected.active, rank: expected.rank, highestRank: expected.highestRank, earned: expected.earned });
        if (expected.carry) expect([outcomes.carryLeft![member]! / VOLUME_SCALE, outcomes.carryRight![member]! / VOLUME_SCALE]).toEqual([expected.carry.L, expected.carry.R]);
      }
      expect(outcomes.companyCv / VOLUME_SCALE).toBe(result.totals.cv);
    });
  }
});

describe('placementLegVolumes', () => {
  it('adds each member’s volume to the leg of every placement ancestor above it', () => {
    //        R
    //      L/  \R
    //      A    B
    //    L/ \R
    //    C   D
    const day = '2026-10-01';
    const member = (id: string, placement: string | null, leg: 'L' | 'R' | null) => ({ id, type: 'distributor' as const, sponsor: placement, placement, leg, joined: day, status: 'active' as const });
    const snapshot = parseScenario({
      period: { start: day, end: '2026-10-31' },
      members: [member('R', null, null), member('A', 'R', 'L'), member('B', 'R', 'R'), member('C', 'A', 'L'), member('D', 'A', 'R')],
      orders: [],
    });
    // Members in id order: A, B, C, D, R.
    const { left, right } = placementLegVolumes(snapshot, Float64Array.from([10, 20, 3, 4, 100]));
    expect([...left]).toEqual([3, 0, 0, 0, 17]);
    expect([...right]).toEqual([4, 0, 0, 0, 20]);
  });
});
