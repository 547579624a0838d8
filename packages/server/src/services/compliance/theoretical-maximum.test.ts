import { parsePlan } from '@samooh/engine';
import { describe, expect, it } from 'vitest';
import { theoreticalMaximum, type PeriodFacts } from './theoretical-maximum.ts';

const facts = (overrides: Partial<PeriodFacts> = {}): PeriodFacts => ({
  volume: { cv: 100_000n, qv: 120_000n }, // 1,000 CV, 1,200 QV
  depthVolume: { cv: 300_000n, qv: 360_000n },
  carryIn: { cv: 10_000n, qv: 0n },
  retailMargin: 5_000,
  distributors: 10,
  paidByBonus: { advance: 20_000 },
  ...overrides,
});

const plan = (bonuses: string, extra = '') => parsePlan(`
plan: t
version: 1
effectiveFrom: 2020-01-01
currency: INR
${extra}
bonuses:
${bonuses}
`);

describe('the theoretical maximum payout of a plan', () => {
  it('adds every rate at every level on all the volume, the retail margin and one-time amounts as paid', () => {
    const result = theoreticalMaximum(plan(`
  - { id: retail, type: retailProfit }
  - { id: uni, type: unilevel, levels: [10%, 5%] }
  - { id: fast, type: fastStart, windowDays: 30, generations: [20%] }
  - { id: pool, type: pool, fund: { share: 2% }, shares: { a: 1 } }
  - { id: advance, type: rankAdvancement, amounts: { a: 100 } }
  - { id: match, type: matching, of: [uni], generations: [10%, 10%] }
`, 'ranks: [{ id: a }]'), facts());
    // 1,000 CV = ₹1,000 = 100,000 paise. Unilevel 15% → 15,000; fast start 20% → 20,000; pool 2% → 2,000;
    // matching 20% of unilevel's 15,000 → 3,000; retail 5,000; advancement as paid 20,000.
    expect(result.byBonus).toMatchObject({ retail: { maximum: 5_000 }, uni: { maximum: 15_000 }, fast: { maximum: 20_000 }, pool: { maximum: 2_000 }, advance: { maximum: 20_000 }, match: { maximum: 3_000 } });
    expect(result.total).toBe(65_000);
    expect(result.capped).toBe(false);
  });

  it('bounds binary by half of volume × placement depth plus carry, and by the per-member cap', () => {
    const binary = plan('  - { id: bin, type: binary, pay: { percentOfMatched: 10% } }');
    // (3,000 + 100) CV ÷ 2 = 1,550 CV → 10% = ₹155 = 15,500 paise.
    expect(theoreticalMaximum(binary, facts()).total).toBe(15_500);
    const cycles = plan('  - { id: bin, type: binary, pay: { perCycle: { volume: 100, amount: 1000 } }, cap: { perPeriod: 1200 } }');
    // 1,550 CV ÷ 100 = 15 cycles × 1,000 = 15,000; 10 distributors × 1,200 cap = 12,000.
    expect(theoreticalMaximum(cycles, facts()).total).toBe(12_000);
  });

  it('takes the top stairstep rate plus overrides, and applies the overall cap', () => {
    const stair = plan('  - { id: s, type: stairstep, schedule: [{ minGroupPV: 0, rate: 5% }, { minGroupPV: 100, rate: 20% }], breakaway: { overrides: [4%, 2%] } }', 'cap: { totalPayoutMaxShareOfCV: 25% }');
    // 26% of 100,000 = 26,000, capped at 25% = 25,000.
    expect(theoreticalMaximum(stair, facts())).toMatchObject({ total: 25_000, capped: true, byBonus: { s: { maximum: 26_000 } } });
  });
});
