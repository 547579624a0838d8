import { describe, expect, it } from 'vitest';
import { validatePlan } from '../plan/parse.ts';
import { lintPlan } from './lint-plan.ts';
import { payoutBound } from './payout-bound.ts';

const base = { plan: 'lint-test', version: 1, effectiveFrom: '2026-01-01', currency: 'INR' };

/** Fast start 35%, unilevel 21% (6 of 7 levels deep) skipping the window, a 15% match of unilevel, a 1% pool. */
const hybrid = {
  ...base,
  activity: { minPV: 100 },
  ranks: [
    { id: 'associate' },
    { id: 'manager', requires: { pv: 100, gv: 1000, maxLegShare: '50%' } },
    { id: 'director', requires: { active: true, gv: 5000, sponsoredActive: 2 } },
    { id: 'diamond', requires: { rollingGv: { periods: 3, min: 30000 }, legsWithRank: { rank: 'director', count: 3 } } },
  ],
  bonuses: [
    { id: 'retail', type: 'retailProfit' },
    { id: 'fast-start', type: 'fastStart', windowDays: 30, generations: ['20%', '10%', '5%'] },
    { id: 'unilevel', type: 'unilevel', levels: ['5%', '4%', '4%', '3%', '3%', '2%', '2%'], compression: 'dynamic', qualify: { active: true }, depthByRank: { associate: 2, manager: 4, director: 6 }, skipFastStartWindow: true },
    { id: 'match', type: 'matching', of: ['unilevel'], generations: ['10%', '5%'] },
    { id: 'pool', type: 'pool', fund: { share: '1%' }, shares: { director: 1 } },
  ],
};

const codes = (result: ReturnType<typeof lintPlan>) => result.findings.map((f) => `${f.severity} ${f.code} ${f.path}`);

describe('the theoretical maximum payout', () => {
  it('takes the larger of an order inside every fast start window and one outside, plus pools and matching', () => {
    const bound = payoutBound(validatePlan(hybrid));
    // Inside: fast start 35% + pool 1% (unilevel skips the window, so its match pays nothing) = 36%.
    // Outside: unilevel 21% + match 15% × 21% = 3.15% + pool 1% = 25.15%.
    expect(bound.bonuses.map((b) => [b.bonus, b.kind, b.maxPpm])).toEqual([
      ['retail', 'outsideCv', 0], ['fast-start', 'share', 350_000], ['unilevel', 'share', 210_000], ['match', 'share', 31_500], ['pool', 'share', 10_000],
    ]);
    expect(bound).toMatchObject({ uncappedPpm: 360_000, capPpm: null, maxPpm: 360_000, unbounded: [] });
  });

  it('holds capped bonuses to the cap, but never below what the excluded bonuses can pay', () => {
    expect(payoutBound(validatePlan({ ...hybrid, cap: { totalPayoutMaxShareOfCV: '30%', exclude: ['pool'] } })).maxPpm).toBe(300_000);
    expect(payoutBound(validatePlan({ ...hybrid, cap: { totalPayoutMaxShareOfCV: '30%', exclude: ['fast-start'] } })).maxPpm).toBe(350_000);
    expect(payoutBound(validatePlan({ ...hybrid, cap: { totalPayoutMaxShareOfCV: '40%' } })).maxPpm).toBe(360_000);
  });

  it('finds no bound for binary, rank advancement and matching of them, unless a cap scales them', () => {
    const plan = {
      ...base,
      ranks: [{ id: 'star' }],
      bonuses: [
        { id: 'binary', type: 'binary', pay: { percentOfMatched: '10%' } },
        { id: 'match', type: 'matching', of: ['binary'], generations: ['10%'] },
        { id: 'advance', type: 'rankAdvancement', amounts: { star: 1000 } },
      ],
    };
    expect(payoutBound(validatePlan(plan))).toMatchObject({ maxPpm: null, unbounded: ['binary', 'match', 'advance'] });
    expect(payoutBound(validatePlan({ ...plan, cap: { totalPayoutMaxShareOfCV: '40%' } })).maxPpm).toBe(400_000);
    expect(payoutBound(validatePlan({ ...plan, cap: { totalPayoutMaxShareOfCV: '40%', exclude: ['binary'] } })).maxPpm).toBeNull();
  });

  it('counts a stairstep as its top rate plus every override generation, and a matrix over its depth', () => {
    const plan = {
      ...base,
      bonuses: [
        { id: 'step', type: 'stairstep', schedule: [{ minGroupPV: 0, rate: '5%' }, { minGroupPV: 1000, rate: '20%' }], breakaway: { overrides: ['4%', '2%'] } },
        { id: 'matrix', type: 'matrix', width: 3, depth: 2, levels: ['3%', '2%'] },
      ],
    };
    expect(payoutBound(validatePlan(plan)).maxPpm).toBe(260_000 + 50_000);
  });
});

describe('the plan linter', () => {
  it('warns about a rank a purchase alone reaches, the missing cap and a payout above the threshold', () => {
    const result = lintPlan(validatePlan(hybrid), { maxPayoutPpm: 300_000 });
    expect(codes(result)).toEqual([
      'warning RANK_MET_BY_PERSONAL_PURCHASE ranks[1].requires',
      'warning NO_PAYOUT_CAP cap',
      'warning PAYOUT_MAX_ABOVE_THRESHOLD bonuses',
      'info RETAIL_PROFIT_OUTSIDE_BOUND bonuses[0]',
    ]);
    expect(result.findings[0]).toMatchObject({ params: { rank: 'manager', volume: 1000 }, message: 'Rank manager can be reached by a distributor buying 1000 volume alone, without any customer or team.' });
    expect(result.findings[2]!.params).toEqual({ max: '36%', threshold: '30%' });
    expect(codes(lintPlan(validatePlan({ ...hybrid, cap: { totalPayoutMaxShareOfCV: '30%' } })))).toEqual([
      'warning RANK_MET_BY_PERSONAL_PURCHASE ranks[1].requires',
      'info RETAIL_PROFIT_OUTSIDE_BOUND bonuses[0]',
    ]);
  });

  it('reports a rolling requirement by what one period of buying needs', () => {
    const plan = validatePlan({ ...base, ranks: [{ id: 'a' }, { id: 'b', requires: { active: true, rollingPv: { periods: 3, min: 900 } } }], activity: { minPV: 50 } });
    expect(lintPlan(plan).findings.find((f) => f.code === 'RANK_MET_BY_PERSONAL_PURCHASE')?.params).toEqual({ rank: 'b', volume: 300 });
  });

  it('warns when dynamic compression has nobody to skip', () => {
    const unilevel = (extra: object) => ({ id: 'u', type: 'unilevel', levels: ['5%', '5%'], compression: 'dynamic', ...extra });
    const compressionFindings = (plan: object) => lintPlan(validatePlan({ ...base, cap: { totalPayoutMaxShareOfCV: '40%' }, ...plan })).findings.filter((f) => f.code === 'COMPRESSION_CANNOT_APPLY');
    expect(compressionFindings({ bonuses: [unilevel({})] })).toMatchObject([{ path: 'bonuses[0].compression', severity: 'warning', params: { bonus: 'u' } }]);
    expect(compressionFindings({ bonuses: [unilevel({ qualify: { active: true } })] })[0]!.message).toContain('activity.minPV is 0');
    expect(compressionFindings({ activity: { minPV: 100 }, bonuses: [unilevel({ qualify: { active: true } })] })).toEqual([]);
    expect(compressionFindings({ bonuses: [unilevel({ qualify: { minPV: 50 } })] })).toEqual([]);
    expect(compressionFindings({ ranks: [{ id: 'a' }, { id: 'b' }], bonuses: [unilevel({ depthByRank: { a: 1, b: 2 } })] })).toEqual([]);
    expect(compressionFindings({ bonuses: [{ ...unilevel({}), compression: 'none' }] })).toEqual([]);
    expect(compressionFindings({ bonuses: [{ id: 'm', type: 'matrix', width: 2, depth: 2, levels: ['1%', '1%'], compression: 'dynamic' }] })).toHaveLength(1);
  });

  it('calls a payout above all of CV an error and an unbounded one a warning', () => {
    const over = lintPlan(validatePlan({ ...base, cap: { totalPayoutMaxShareOfCV: '100%' }, bonuses: [{ id: 'u', type: 'unilevel', levels: ['60%', '50%'] }] }));
    // The cap holds it to 100%: not above CV, but above the threshold.
    expect(codes(over)).toEqual(['warning PAYOUT_MAX_ABOVE_THRESHOLD cap.totalPayoutMaxShareOfCV']);
    expect(over.findings[0]!.params).toEqual({ max: '100%', threshold: '50%' });
    const uncapped = lintPlan(validatePlan({ ...base, bonuses: [{ id: 'u', type: 'unilevel', levels: ['60%', '50%'] }] }));
    expect(codes(uncapped)).toEqual(['warning NO_PAYOUT_CAP cap', 'error PAYOUT_MAX_ABOVE_CV bonuses']);
    expect(uncapped.findings[1]!.params).toEqual({ max: '110%' });
    const binary = lintPlan(validatePlan({ ...base, bonuses: [{ id: 'bin', type: 'binary', pay: { percentOfMatched: '10%' } }] }));
    expect(codes(binary)).toEqual(['warning NO_PAYOUT_CAP cap', 'warning PAYOUT_MAX_UNBOUNDED bonuses[0]']);
  });

  it('warns about starter kits and calls enrollment fees with volume an error', () => {
    const plan = validatePlan({ ...base, cap: { totalPayoutMaxShareOfCV: '40%' }, bonuses: [{ id: 'u', type: 'unilevel', levels: ['5%'] }] });
    const result = lintPlan(plan, {
      enrollmentItems: [
        { sku: 'KIT', kind: 'starterKit', qv: 10, cv: 0 },
        { sku: 'JOIN', kind: 'enrollmentFee', qv: 0, cv: 50 },
        { sku: 'CLEAN-KIT', kind: 'starterKit', qv: 0, cv: 0 },
      ],
    });
    expect(codes(result)).toEqual(['warning STARTER_KIT_WITH_VOLUME products.KIT', 'error ENROLLMENT_ITEM_WITH_VOLUME products.JOIN']);
    expect(result.findings[1]!.params).toEqual({ sku: 'JOIN', qv: 0, cv: 50, bonuses: 1 });
  });

  it('finds nothing to say about a capped plan of product sales', () => {
    const plan = validatePlan({ ...base, activity: { minPV: 100 }, cap: { totalPayoutMaxShareOfCV: '40%' }, bonuses: [{ id: 'u', type: 'unilevel', levels: ['5%', '5%'], compression: 'dynamic', qualify: { active: true } }] });
    expect(lintPlan(plan).findings).toEqual([]);
  });
});
