/**
 * The example plan and scenario in examples/, against the result checked by hand. The
 * arithmetic, line by line (amounts in paise; 1 CV = 100 paise):
 *
 * Tree: asha <- bala <- {dev <- isha (retail), esha <- jay (preferred)}; asha <- chitra <-
 * {farid <- lata (her sponsor kiran is terminated, so she rolls up to farid), gita (PV 50:
 * inactive) <- hari <- mohan <- nina}.
 * PV: asha 150, bala 350, chitra 120, dev 100 + isha 80 = 180, esha 600 + jay 60 = 660,
 * farid 400, gita 50, hari 150, lata 200, mohan 100, nina 100.
 * Ranks: bala manager (GV legs 180 + min(660, 500) + own 350 = 1 030 >= 1 000; dev, esha
 * active); chitra stays associate (only farid active of 2 sponsored); asha manager (min(1 190,
 * 500) + min(1 120, 500) + 150 = 1 150, bala and chitra active).
 * Retail profit: isha 12 000 - 9 000 = 3 000 to dev; jay 6 000 - 5 400 = 600 to esha.
 * Fast start (joined within 30 days): esha's o05, 50 000: bala 20% = 10 000, asha 10% = 5 000;
 * jay's o10, 5 000: esha 1 000, bala 500, asha 5% = 250.
 * Unilevel (dynamic; associates depth 2, managers 4; o05 and o10 skipped as fast start):
 * o02 bala 30 000 -> asha 5% 1 500; o03 chitra 10 000 -> asha 500; o04 dev 10 000 -> bala 500,
 * asha 4% 400; o06 farid 40 000 -> chitra 2 000, asha 1 600; o07 gita 5 000 -> chitra 250, asha
 * 200; o08 hari 15 000 -> (gita inactive) chitra 750, asha 600; o09 isha as dev's PV 8 000 ->
 * bala 400, asha 320; o11 lata 20 000 -> farid 1 000, chitra 800, asha 800; o12 mohan 10 000 ->
 * hari 500, chitra 400 (gita skipped), asha 400; o13 nina 12 100 -> mohan 605, hari 484, asha
 * 484 at level 3 (chitra's depth 2 is too shallow). Total 14 493.
 * Check match (managers): asha 10% of bala's 900 = 90, 10% of chitra's 4 200 = 420, 5% of
 * farid's 1 000 = 50.
 * Pool: 1% of company CV 2 301 (= 230 100 paise) = 2 301 over asha and bala, one share each:
 * 1 150.5 each -> 1 150 + 1 150 and the unit left to the tie's first, asha: 1 151.
 * Rank advancement: asha reaches manager for the first time (history: associate) 50 000; bala
 * was a manager in February: nothing.
 * Total 87 704, under the cap of 45% of 230 100 = 103 545, so the cap factor is 1.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { calculate, explainMember, parsePlan, parseScenario } from './index.ts';

const read = (path: string): string => readFileSync(new URL(`../../../examples/${path}`, import.meta.url), 'utf8');
const plan = parsePlan(read('plans/wellness-unilevel.yaml'));
const document = JSON.parse(read('scenarios/wellness-unilevel.json')) as { members: unknown[]; orders: unknown[] };
const expected = JSON.parse(read('scenarios/wellness-unilevel.expected.json')) as unknown;

describe('example: wellness unilevel', () => {
  it('gives the hand-checked result', () => {
    const result = calculate(plan, parseScenario(document));
    expect(result).toEqual(expected);
    expect(result.totals).toEqual({
      paid: 87_704, cv: 2_301, payoutRatio: 0.381156, capFactor: 1,
      byBonus: { 'retail-profit': 3_600, 'fast-start': 16_750, unilevel: 14_493, 'check-match': 560, 'leadership-pool': 2_301, 'rank-advancement': 50_000 },
    });
  });

  it('serialises to the same bytes whatever the order of members and orders', () => {
    const reversed = { ...document, members: [...document.members].reverse(), orders: [...document.orders].reverse() };
    expect(JSON.stringify(calculate(plan, parseScenario(reversed)))).toBe(JSON.stringify(expected));
  });

  it('explains a member: requirements met or missing, and each line', () => {
    const scenario = parseScenario(document);
    const explanation = explainMember(plan, scenario, calculate(plan, scenario), 'chitra');
    expect(explanation.rank.evaluation[1]).toEqual({
      rank: 'manager',
      met: false,
      requirements: [
        { requirement: 'active', required: true, actual: true, met: true },
        { requirement: 'gv (at most 50% from one leg)', required: 1_000, actual: 1_020, met: true },
        { requirement: 'sponsoredActive', required: 2, actual: 1, met: false },
      ],
    });
    expect(explanation.volumes.legs).toEqual([{ member: 'farid', gv: 600 }, { member: 'gita', gv: 400 }]);
    expect(explanation.lines.map((line) => line.explanation)).toContain('unilevel: 5% of 15000 from order o08 of hari, level 2 paid as level 1');
    expect(explanation.earned).toBe(4_200);
  });
});
