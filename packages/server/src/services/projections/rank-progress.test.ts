import { readFileSync } from 'node:fs';
import { parsePlan } from '@samooh/engine';
import { describe, expect, it } from 'vitest';
import { LegTally, legCap, legStanding, rankProgress } from './rank-progress.ts';

const wellness = parsePlan(readFileSync(new URL('../../../../../examples/plans/wellness-unilevel.yaml', import.meta.url), 'utf8'));

const NO_LEGS = { gv: 0, cappedGv: 0, sponsoredActive: 0, byRank: {} };

describe('rankProgress on the wellness plan', () => {
  it('lists what an associate still needs for manager, counting at most 50% of the GV requirement from one leg', () => {
    // Manager: active (100 PV), GV 1000 with max leg 50%, 2 sponsored actives.
    // GV 1300 = own 60 + legs 900 and 340; the 900 leg counts 500 → 60 + 500 + 340 = 900 counted.
    const progress = rankProgress(wellness, { pv: 60, gv: 1300, rank: 'associate', legs: legStanding(wellness, 'associate', [{ gv: 900, pv: 100, rank: null }, { gv: 340, pv: 40, rank: null }]), earlierGv: [] });
    expect(progress.nextRank).toBe('manager');
    expect(progress.needs).toEqual([
      { requirement: 'active', required: 100, current: 60, missing: 40 },
      { requirement: 'gv', required: 1000, current: 900, missing: 100, maxLegShare: '50%' },
      { requirement: 'sponsoredActive', required: 2, current: 1, missing: 1 },
    ]);
  });

  it('counts legs holding a rank and rolling GV over earlier periods', () => {
    const director = rankProgress(wellness, { pv: 150, gv: 6000, rank: 'manager', legs: legStanding(wellness, 'manager', [{ gv: 2000, pv: 100, rank: 'manager' }, { gv: 2000, pv: 100, rank: null }, { gv: 1850, pv: 100, rank: 'director' }]), earlierGv: [] });
    expect(director.needs.find((need) => need.requirement === 'legsWithRank')).toEqual({ requirement: 'legsWithRank', required: 2, current: 2, missing: 0, rank: 'manager' });
    const diamond = rankProgress(wellness, { pv: 150, gv: 9000, rank: 'director', legs: NO_LEGS, earlierGv: [8000, 7000, 99_000] });
    // Rolling over 3 periods: this one and the 2 before it: 9000 + 8000 + 7000.
    expect(diamond.needs.find((need) => need.requirement === 'rollingGv')).toEqual({ requirement: 'rollingGv', required: 30_000, current: 24_000, missing: 6000 });
  });

  it('needs nothing past the top rank', () => {
    expect(rankProgress(wellness, { pv: 0, gv: 0, rank: 'diamond', legs: NO_LEGS, earlierGv: [] })).toEqual({ nextRank: null, needs: [] });
  });
});

describe('rankProgress before any rank is computed', () => {
  it('treats the ranks that require nothing as held', () => {
    expect(rankProgress(wellness, { pv: 0, gv: 0, rank: null, legs: NO_LEGS, earlierGv: [] }).nextRank).toBe('manager');
  });
});

describe('rankProgress with an autoship qualification', () => {
  it('lists the autoship QV still missing for activity and for the rank', async () => {
    const { validatePlan } = await import('@samooh/engine');
    const plan = validatePlan({
      plan: 'autoship', version: 1, effectiveFrom: '2026-01-01', currency: 'INR',
      activity: { minPV: 100, autoshipQV: 50 },
      ranks: [{ id: 'member' }, { id: 'silver', requires: { active: true, autoshipQV: 80, pv: 100 } }],
    });
    // PV 120 meets 100; autoship 55 meets activity's 50 but is 25 short of silver's 80.
    expect(rankProgress(plan, { pv: 120, gv: 120, rank: 'member', legs: NO_LEGS, earlierGv: [], autoshipQv: 55 }).needs).toEqual([
      { requirement: 'active', required: 100, current: 120, missing: 0 },
      { requirement: 'activeAutoship', required: 50, current: 55, missing: 0 },
      { requirement: 'pv', required: 100, current: 120, missing: 0 },
      { requirement: 'autoshipQV', required: 80, current: 55, missing: 25 },
    ]);
  });
});

describe('legs summed up one at a time', () => {
  it('caps each leg at the max-leg share of the next rank, counts actives and ranks', () => {
    // Associate → manager: GV 1000 with max leg 50%, so a leg counts up to 500.
    expect(legCap(wellness, 'associate')).toBe(500);
    expect(legStanding(wellness, 'associate', [{ gv: 900, pv: 100, rank: 'manager' }, { gv: 340, pv: 99.5, rank: null }, { gv: 0, pv: 0, rank: 'manager' }])).toEqual({
      gv: 1240, cappedGv: 840, sponsoredActive: 1, byRank: { manager: 2 },
    });
  });

  it('gives the same sums when a leg grows in steps as when it is added whole, as the projector keeps them', () => {
    const cap = legCap(wellness, 'associate')!;
    const whole = new LegTally(cap, 100).add({ gv: 700, pv: 0, rank: null });
    // The projector moves a sum by the difference a change makes to the leg's capped value.
    let capped = 0;
    for (const [before, after] of [[0, 200], [200, 450], [450, 700]] as const) capped += Math.min(after, cap) - Math.min(before, cap);
    expect(capped).toBe(whole.cappedGv);
  });

  it('has no cap past the top rank or where the next rank has no max-leg rule', () => {
    expect(legCap(wellness, 'diamond')).toBeNull();
  });
});
