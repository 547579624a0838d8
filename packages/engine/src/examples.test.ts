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

/** An example plan with its scenario and expected result: examples/plans/NAME.yaml, examples/scenarios/NAME(.expected).json. */
function loadExample(name: string) {
  const examplePlan = parsePlan(read(`plans/${name}.yaml`));
  const exampleDocument = JSON.parse(read(`scenarios/${name}.json`)) as { members: unknown[]; orders: unknown[] };
  return {
    plan: examplePlan,
    document: exampleDocument,
    expected: JSON.parse(read(`scenarios/${name}.expected.json`)) as unknown,
    result: () => calculate(examplePlan, parseScenario(exampleDocument)),
    explain: (memberId: string) => {
      const scenario = parseScenario(exampleDocument);
      return explainMember(examplePlan, scenario, calculate(examplePlan, scenario), memberId);
    },
  };
}

describe.each(['wellness-unilevel', 'sahyog-binary', 'vriddhi-stairstep', 'tara-matrix'])('example %s', (name) => {
  const example = loadExample(name);
  it('gives the expected result, and the same bytes whatever the order of members and orders', () => {
    const { document } = example;
    const reversed = { ...document, members: [...document.members].reverse(), orders: [...document.orders].reverse() };
    expect(example.result()).toEqual(example.expected);
    expect(JSON.stringify(calculate(example.plan, parseScenario(reversed)))).toBe(JSON.stringify(example.result()));
  });
});

const { plan, document, expected } = loadExample('wellness-unilevel');

describe('example: wellness unilevel', () => {
  it('gives the hand-checked result', () => {
    const result = calculate(plan, parseScenario(document));
    expect(result).toEqual(expected);
    expect(result.totals).toEqual({
      paid: 87_704, cv: 2_301, payoutRatio: 0.381156, capFactor: 1,
      byBonus: { 'retail-profit': 3_600, 'fast-start': 16_750, unilevel: 14_493, 'check-match': 560, 'leadership-pool': 2_301, 'rank-advancement': 50_000 },
    });
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

/**
 * The Indian-style binary example (examples/plans/sahyog-binary.yaml), one week, by hand.
 * Amounts in paise; a cycle is 100 CV on each leg and pays 10 000; weekly cap 50 000.
 *
 * Placement (sponsor = placement parent, except as noted): ravi <- L sunil, R tara; sunil <-
 * L uma, R vikas; tara <- L wasim, R xena; uma <- L yash; wasim <- L zoya. kiran is sunil's
 * retail customer: her 100 CV counts as sunil's. Node CV: ravi 100, sunil 200 + 100 = 300,
 * tara 100, uma 300, vikas 150, wasim 250, xena 100, yash 200, zoya 50 (company CV 1 550).
 * Leg volume = carry in + new:
 *   ravi  L 400 + (sunil 300 + uma 300 + yash 200 + vikas 150 = 950) = 1 350; R 100 + (tara 100 + wasim 250 + zoya 50 + xena 100 = 500) = 600
 *   sunil L 0 + (uma 300 + yash 200 = 500) = 500; R 80 + 150 = 230
 *   tara  L 300 (wasim + zoya); R 100 (xena)
 *   uma   L 30 + 200 = 230; R 0.  wasim L 50; R 0.
 * Qualified (active, one active personally sponsored member in each leg): ravi (sunil L,
 * tara R), sunil (uma L, vikas R), tara (wasim L, xena R). uma and wasim sponsor only on
 * the left: not qualified, and the plan flushes their legs (uma's carry in of 30 too, so
 * uma is reported with carry 0).
 * Pair income:
 *   ravi: 1:1 (joined long ago), 6 cycles = 60 000, capped at 50 000; the cap flushes the
 *     volume above it, so 600 per leg are used; left keeps 750, of which 500 (the maximum)
 *     carries and 250 is flushed. Carry out L 500, R 0.
 *   sunil: 2 cycles = 20 000; carry out L 300, R 30.
 *   tara joined this week, so her first pair is 2:1 or 1:2: left 300 is the stronger leg and
 *     gives 200, right gives 100: 1 cycle = 10 000 and nothing is left on the right. Carry out
 *     L 100, R 0 (1:1 would have carried 200).
 * Matching income (stars: ravi, sunil, tara each have 2 active sponsored): ravi 10% of
 * sunil's 20 000 = 2 000 and 10% of tara's 10 000 = 1 000.
 * Retail profit: kiran 12 000 - 10 000 = 2 000 to sunil.
 * Total 85 000; cap 60% of 155 000 = 93 000 (retail profit excluded from scaling): factor 1.
 */
describe('example: Indian-style binary', () => {
  const example = loadExample('sahyog-binary');

  it('gives the hand-checked result', () => {
    const result = example.result();
    expect(result.lines.filter((line) => line.bonus !== 'retail-profit').map((line) => [line.bonus, line.payee, line.amount, line.source.member])).toEqual([
      ['pair-income', 'ravi', 50_000, 'ravi'], ['pair-income', 'sunil', 20_000, 'sunil'], ['pair-income', 'tara', 10_000, 'tara'],
      ['matching-income', 'ravi', 2_000, 'sunil'], ['matching-income', 'ravi', 1_000, 'tara'],
    ]);
    expect(Object.fromEntries(Object.entries(result.members).flatMap(([id, member]) => (member.carry ? [[id, member.carry]] : [])))).toEqual({
      ravi: { L: 500, R: 0 }, sunil: { L: 300, R: 30 }, tara: { L: 100, R: 0 }, uma: { L: 0, R: 0 },
    });
    expect(result.totals).toEqual({
      paid: 85_000, cv: 1_550, payoutRatio: 0.548387, capFactor: 1,
      byBonus: { 'retail-profit': 2_000, 'pair-income': 80_000, 'matching-income': 3_000 },
    });
  });

  it('explains a member\'s legs, also when nothing was paid', () => {
    // uma: not qualified (sponsors on the left only): her legs, carry in 30 + new 200, are flushed.
    expect(example.explain('uma').bonuses).toEqual({
      'pair-income': {
        standing: 'not qualified',
        left: { carryIn: 30, new: 200, used: 0, carryOut: 0, flushed: 230 },
        right: { carryIn: 0, new: 0, used: 0, carryOut: 0, flushed: 0 },
      },
    });
  });

  it('explains the capped line', () => {
    expect(example.explain('ravi').lines[0]!.explanation).toBe('pair-income: 10000 per cycle of 100 of 6 from member ravi (left 1350 (carry 400 + new 950), '
      + 'right 600 (carry 100 + new 500); 6 cycle(s); capped at 50000 (uncapped 60000); carry out L 500, R 0; flushed L 250, R 0)');
  });
});

/**
 * The stairstep-breakaway example (examples/plans/vriddhi-stairstep.yaml), by hand. Paise;
 * schedule by group PV: 100 -> 3%, 300 -> 6%, 600 -> 9%, 1 000 -> 12% (top: breakaway).
 *
 * Sponsor tree: tanvi <- {dinesh <- esha, pooja <- xavier <- {kabir (retail), priya <- rohan
 * <- yamini}}. Groups bottom-up: esha 150 (3%); dinesh 400 + 150 = 550 (6%); yamini 300 (6%);
 * rohan 700 + 300 = 1 000 (12%, breaks away); priya 1 000 (12%, breaks away: rohan's group is
 * his own); xavier 450 + kabir's 100 = 550 (6%); pooja 600 + 550 = 1 150 (12%, breaks away);
 * tanvi 500 + 550 = 1 050 (12%).
 * Differential per order (each upline: its rate less the highest paid below):
 *   esha 150: esha 3% 450, dinesh 6 - 3 = 450, tanvi 12 - 6 = 900
 *   dinesh 400: dinesh 2 400, tanvi 2 400.   tanvi 500: tanvi 12% 6 000
 *   xavier 450: xavier 2 700, pooja 2 700.   kabir 100 (xavier's PV): xavier 600, pooja 600
 *   pooja 600: 7 200.   priya 1 000: 12 000.   rohan 700: 8 400.   yamini 300: yamini 1 800, rohan 1 800
 * Every order pays 12% in all: 12% of 4 200 CV = 50 400.
 * The classic worked form gives the same: tanvi 12% of her group 1 050 = 12 600 less dinesh's
 * group 550 at 6% = 3 300: 9 300 = 900 + 2 400 + 6 000.
 * Overrides (4%, 2%, 1%) on breakaway group CV: tanvi gen 1 pooja 4% of 1 150 = 4 600, gen 2
 * priya 2% of 1 000 = 2 000, gen 3 rohan 1% of 1 000 = 1 000; pooja gen 1 priya 4 000, gen 2
 * rohan 2 000; priya gen 1 rohan 4 000. Together 17 600.
 * Retail profit: kabir 12 500 - 10 000 = 2 500 to xavier.
 * Total 70 500, under the cap of 40% of 420 000: factor 1.
 */
describe('example: stairstep-breakaway', () => {
  const example = loadExample('vriddhi-stairstep');

  it('gives the hand-checked result', () => {
    const result = example.result();
    const earnedBy = (bonus: string, payee: string): number =>
      result.lines.filter((line) => line.bonus === bonus && line.payee === payee).reduce((sum, line) => sum + line.amount, 0);
    expect(earnedBy('performance', 'tanvi')).toBe(9_300 + 4_600 + 2_000 + 1_000);
    expect(earnedBy('performance', 'dinesh')).toBe(2_850); // 6% of 550 less esha's 3% of 150
    expect(result.lines.filter((line) => line.paidLevel !== undefined).map((line) => [line.payee, line.source.member, line.paidLevel, line.amount])).toEqual([
      ['tanvi', 'pooja', 1, 4_600], ['pooja', 'priya', 1, 4_000], ['tanvi', 'priya', 2, 2_000],
      ['priya', 'rohan', 1, 4_000], ['pooja', 'rohan', 2, 2_000], ['tanvi', 'rohan', 3, 1_000],
    ]);
    expect(result.totals).toEqual({ paid: 70_500, cv: 4_200, payoutRatio: 0.167857, capFactor: 1, byBonus: { 'retail-profit': 2_500, performance: 68_000 } });
  });

  it('explains a member\'s group, rate and breakaway', () => {
    expect(example.explain('pooja').bonuses).toEqual({ performance: { groupPv: 1_150, rate: '12%', brokeAway: true } });
  });

  it('explains a differential line and an override line', () => {
    expect(example.explain('tanvi').lines.map((line) => line.explanation)).toEqual(expect.arrayContaining([
      'performance: 6% of 15000 from order v03 of esha, level 2 (12% at group PV 1050 less 6% paid below)',
      'performance: 2% of 100000 from member priya, level 3 paid as level 2 (override on the breakaway group of generation 2 (group PV 1000))',
    ]));
  });
});

/**
 * The 3 x 7 forced matrix example (examples/plans/tara-matrix.yaml), by hand. Paise; level
 * rates 1%, 1%, 2%, 2%, 3%, 3%, 5%; dynamic compression over active members (PV >= 50).
 *
 * Placement: a <- {b, c, d}; b <- {e, f, g}; c <- h; e <- {i, j}; i <- k; k <- l. c (PV 40)
 * and g (no order) are inactive. Per order, up the placement parents:
 *   l 200:  k 1% 200, i 1% 200, e 2% 400, b 2% 400, a 3% 600
 *   k 100:  i 100, e 100, b 2% 200, a 2% 200
 *   i 50:   e 50, b 50, a 2% 100.      j 100: e 100, b 100, a 2% 200
 *   e 80:   b 80, a 80.                f 50:  b 50, a 50
 *   h 100:  c is inactive and skipped: a is paid level 1 (physically 2 up), 1% = 100
 *   b 100, c 40, d 60: a 1% each: 100, 40, 60.
 * a 1 530, b 880, e 650, i 300, k 200: 3 560 of company CV 980 (98 000 paise), under the
 * 25% cap (24 500).
 */
describe('example: 3 x 7 forced matrix', () => {
  it('gives the hand-checked result', () => {
    const result = loadExample('tara-matrix').result();
    expect(Object.fromEntries(Object.entries(result.members).filter(([, member]) => member.earned > 0).map(([id, member]) => [id, member.earned])))
      .toEqual({ a: 1_530, b: 880, e: 650, i: 300, k: 200 });
    expect(result.lines.find((line) => line.source.order === 't07')).toMatchObject({ payee: 'a', amount: 100, level: 2, paidLevel: 1 });
    expect(result.totals).toEqual({ paid: 3_560, cv: 980, payoutRatio: 0.036327, capFactor: 1, byBonus: { matrix: 3_560 } });
  });
});
