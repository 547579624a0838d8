/** The fast path that adds lines up per payee run: the same totals as the lines, without per-line calls. */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calculateSnapshot, forEachLine, NONE, parsePlan, parseScenario, type LineDetail } from '../index.ts';
import { RATE_SCALE } from '../money/rate.ts';
import { mulDivRound } from '../money/rounding.ts';
import { scaleDown } from './cap.ts';
import { ChainRecord, type FillChain } from './chain-record.ts';
import { distinctRates, memoizedAmounts, rateSlotsOfChain } from './unilevel.ts';

describe('scaleDown', () => {
  it('is the cap rule floor(amount × factor / 10⁶), also past the float-safe range', () => {
    fc.assert(fc.property(fc.maxSafeNat(), fc.integer({ min: 0, max: RATE_SCALE }), (amount, factor) => {
      expect(scaleDown(amount, factor)).toBe(mulDivRound(amount, factor, RATE_SCALE, 'down'));
    }), { numRuns: 2_000 });
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 40 }), fc.integer({ min: 0, max: RATE_SCALE }), (amount, factor) => {
      expect(scaleDown(amount, factor)).toBe(mulDivRound(amount, factor, RATE_SCALE, 'down'));
    }), { numRuns: 2_000 });
  });
});

describe('rate slots', () => {
  it('gives levels of the same rate one slot, and lists each slot a chain uses once', () => {
    // Rates 5%, 4%, 4%, 3%: three distinct rates.
    const { rates, slotOfLevel } = distinctRates([50_000, 40_000, 40_000, 30_000]);
    expect([...rates]).toEqual([50_000, 40_000, 30_000]);
    expect([...slotOfLevel]).toEqual([0, 1, 1, 2]);
    // A chain paid on levels 2, 3 and 4 (level 1 was breakage) uses slots 1 and 2.
    const slots = new Int32Array(4);
    const used = new Int32Array(3);
    expect(rateSlotsOfChain(slotOfLevel, Int32Array.from([2, 3, 4]), 3, slots, used)).toBe(2);
    expect([...slots.subarray(0, 3)]).toEqual([1, 1, 2]);
    expect([...used.subarray(0, 2)]).toEqual([1, 2]);
  });

  it('keeps the amounts of a volume until another volume takes its row', () => {
    let computed = 0;
    const amountsOf = memoizedAmounts(Float64Array.from([10, 20]), (volume, rate) => { computed += 1; return volume * rate; });
    expect([...amountsOf(3)]).toEqual([30, 60]);
    expect([...amountsOf(3)]).toEqual([30, 60]);
    expect(computed).toBe(2);
    expect([...amountsOf(3 + 64)]).toEqual([670, 1_340]); // same row: recomputed, not confused
    expect([...amountsOf(3)]).toEqual([30, 60]);
    expect(computed).toBe(6);
  });
});

describe('chain record', () => {
  it('replays the chains of the first pass, each replay with its own cursor', () => {
    // Owner n's chain: n - 1 payees n + 10, n + 11, ... on levels 1, 2, ...
    const walk: FillChain = (owner, payees, levels) => {
      for (let i = 0; i < owner - 1; i += 1) { payees[i] = owner + 10 + i; levels[i] = i + 1; }
      return owner - 1;
    };
    const record = new ChainRecord();
    const chainsOf = (fill: FillChain): number[][] => [1, 2, 4, 3].map((owner) => {
      const payees = new Int32Array(8);
      const levels = new Int32Array(8);
      const length = fill(owner, payees, levels);
      return [...payees.subarray(0, length), ...levels.subarray(0, length)];
    });
    const first = chainsOf(record.pass(walk));
    record.finish();
    const neverWalked: FillChain = () => { throw new Error('a replay walks no pointers'); };
    const replayA = record.pass(neverWalked);
    const replayB = record.pass(neverWalked);
    expect(chainsOf(replayA)).toEqual(first);
    expect(chainsOf(replayB)).toEqual(first);
  });
});

describe('totals from the fast path', () => {
  it('count and add up exactly the lines streamed, with and without a binding cap', () => {
    const text = readFileSync(new URL('../../../../examples/plans/wellness-unilevel.yaml', import.meta.url), 'utf8');
    const scenario = parseScenario(JSON.parse(readFileSync(new URL('../../../../examples/scenarios/wellness-unilevel.json', import.meta.url), 'utf8')));
    const example = parsePlan(text);
    // 30% binds on the example (it pays 87 704 of 230 100 paise CV).
    const capped = parsePlan(text.replace('totalPayoutMaxShareOfCV: 45%', 'totalPayoutMaxShareOfCV: 30%'));
    for (const plan of [example, capped]) {
      const calculation = calculateSnapshot(plan, scenario);
      const earned = new Float64Array(scenario.memberCount);
      let lines = 0;
      forEachLine(calculation, (payee, _bonus, _step, _ref, amount) => { earned[payee]! += amount; lines += 1; });
      expect(calculation.lineCount).toBe(lines);
      expect([...calculation.earned]).toEqual([...earned]);
    }
    expect(calculateSnapshot(capped, scenario).cap.factorPpm).toBeLessThan(RATE_SCALE);
  });
});

describe('explaining into a reused detail', () => {
  it('gives every line of the example the same detail as a fresh explanation', () => {
    const plan = parsePlan(readFileSync(new URL('../../../../examples/plans/wellness-unilevel.yaml', import.meta.url), 'utf8'));
    const scenario = parseScenario(JSON.parse(readFileSync(new URL('../../../../examples/scenarios/wellness-unilevel.json', import.meta.url), 'utf8')));
    const calculation = calculateSnapshot(plan, scenario);
    const reused: LineDetail = { sourceMember: NONE, sourceOrder: NONE, note: 'left over from an earlier line' };
    const byBonus = new Map<string, number>();
    forEachLine(calculation, (payee, bonus, step, ref) => {
      const fresh = calculation.runs[bonus]!.explain(payee, step, ref);
      const into = calculation.runs[bonus]!.explain(payee, step, ref, reused);
      expect({ ...into }).toStrictEqual({ ...fresh, ...(into === reused ? { note: undefined } : {}) });
      if (into === reused) byBonus.set(plan.bonuses[bonus]!.id, (byBonus.get(plan.bonuses[bonus]!.id) ?? 0) + 1);
    });
    // The order-rate bonuses (unilevel, fast start) write into the reused detail.
    expect([...byBonus.keys()].sort()).toEqual(plan.bonuses.filter((bonus) => bonus.type === 'unilevel' || bonus.type === 'fastStart').map((bonus) => bonus.id).sort());
  });
});
