import { parsePlan } from '@samooh/engine';
import { describe, expect, it } from 'vitest';
import { AssumptionsSchema, assumptionIssues, type AssumptionsInput } from './assumptions.ts';
import { simulateNetwork, SimulationTooLarge } from './simulate-network.ts';

const UNILEVEL = parsePlan(`
plan: sim
version: 1
effectiveFrom: 2027-01-01
currency: INR
activity: { minPV: 50 }
ranks:
  - id: member
  - id: leader
    requires: { gv: 2000, sponsoredActive: 2 }
bonuses:
  - { id: retail, type: retailProfit }
  - { id: unilevel, type: unilevel, levels: [10%, 5%, 5%], compression: dynamic, qualify: { active: true } }
  - { id: advance, type: rankAdvancement, amounts: { leader: 100000 } }
cap: { totalPayoutMaxShareOfCV: 40% }
`);

const BINARY = parsePlan(`
plan: sim-binary
version: 1
effectiveFrom: 2027-01-01
currency: INR
activity: { minPV: 50 }
bonuses:
  - { id: binary, type: binary, pay: { percentOfMatched: 10% }, carry: { keep: true } }
`);

const ASSUMPTIONS: AssumptionsInput = {
  initialDistributors: 20,
  recruitsPerDistributor: 0.4,
  churn: '5%',
  customerShare: '60%',
  buying: {
    distributor: { ordersPerMonth: 1, cv: 80, amount: 10_000 },
    preferred: { ordersPerMonth: 0.8, cv: 50 },
    retail: { ordersPerMonth: 0.5, cv: 40, wholesaleShare: '75%' },
  },
};
const assumptions = AssumptionsSchema.parse(ASSUMPTIONS);

describe('the forward simulation', () => {
  it('is the same month for month for the same seed, and differs for another seed', () => {
    const first = simulateNetwork({ plan: UNILEVEL, assumptions, months: 6, seed: 42 });
    const again = simulateNetwork({ plan: UNILEVEL, assumptions, months: 6, seed: 42 });
    const other = simulateNetwork({ plan: UNILEVEL, assumptions, months: 6, seed: 43 });
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
  });

  it('grows the network, runs the plan each month and reports the distribution of income', () => {
    const months = simulateNetwork({ plan: UNILEVEL, assumptions, months: 6, seed: 7 });
    expect(months.map((m) => m.month)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(months[0]).toMatchObject({ start: '2027-01-01', end: '2027-01-31' });
    expect(months[1]).toMatchObject({ start: '2027-02-01', end: '2027-02-28' });
    for (const month of months) {
      expect(month.members).toBe(month.distributors + month.customers + 1);
      expect(month.paid).toBeGreaterThan(0);
      // The cap holds the plan to 40% of CV (1 CV = 100 paise).
      expect(month.paid).toBeLessThanOrEqual(Math.floor(month.cv * 100 * 0.4) + 1);
      expect(month.payoutRatio).toBeCloseTo(month.paid / (month.cv * 100), 5);
      expect(month.income.shareEarningNothing).toBeGreaterThanOrEqual(0);
      expect(month.income.shareEarningNothing).toBeLessThanOrEqual(1);
      expect(month.income.median).toBeLessThanOrEqual(month.income.p90);
      expect(Object.values(month.ranks).reduce((a, b) => a + b, 0)).toBe(month.distributors);
    }
    expect(months[5]!.members).toBeGreaterThan(months[0]!.members);
    expect(months.reduce((sum, m) => sum + m.joined, 0)).toBeGreaterThan(0);
    expect(months.reduce((sum, m) => sum + m.left, 0)).toBeGreaterThan(0);
  });

  it('pays nothing without orders and counts every distributor as earning nothing', () => {
    const idle = AssumptionsSchema.parse({ ...ASSUMPTIONS, recruitsPerDistributor: 0, churn: '0%', buying: { distributor: { ordersPerMonth: 0, cv: 80 }, preferred: { ordersPerMonth: 0, cv: 1 }, retail: { ordersPerMonth: 0, cv: 1 } } });
    const [month] = simulateNetwork({ plan: UNILEVEL, assumptions: idle, months: 1, seed: 1 });
    expect(month).toMatchObject({ members: 21, distributors: 20, customers: 0, actives: 0, orders: 0, cv: 0, paid: 0, income: { median: 0, shareEarningNothing: 1 } });
  });

  it('carries binary volume from one month into the next', () => {
    // The root's two frontline distributors, one in each leg, buy at random: the stronger leg changes from month to month.
    const lopsided = AssumptionsSchema.parse({ ...ASSUMPTIONS, initialDistributors: 2, recruitsPerDistributor: 0, churn: '0%', buying: { distributor: { ordersPerMonth: 3, cv: 100 }, preferred: { ordersPerMonth: 0, cv: 1 }, retail: { ordersPerMonth: 0, cv: 1 } } });
    const withCarry = simulateNetwork({ plan: BINARY, assumptions: lopsided, months: 12, seed: 5 });
    const flushed = simulateNetwork({ plan: parsePlan(JSON.stringify({ ...BINARY, bonuses: [{ ...BINARY.bonuses[0], carry: { keep: false, flushWhenUnqualified: false } }] }).replace(/"percentOfMatched":\d+/, '"percentOfMatched":"10%"')), assumptions: lopsided, months: 12, seed: 5 });
    // The same orders; volume kept from a month whose stronger leg turns weaker later is paid then.
    expect(withCarry.map((m) => m.cv)).toEqual(flushed.map((m) => m.cv));
    expect(withCarry.reduce((sum, m) => sum + m.paid, 0)).toBeGreaterThan(flushed.reduce((sum, m) => sum + m.paid, 0));
  });

  it('refuses to grow past its limit, and a start already past it before building anything', () => {
    expect(() => simulateNetwork({ plan: UNILEVEL, assumptions: AssumptionsSchema.parse({ ...ASSUMPTIONS, initialDistributors: 2_000_000 }), months: 1, seed: 1, maxMembers: 500 }))
      .toThrow(new SimulationTooLarge(2_000_001, 500));
    expect(() => simulateNetwork({ plan: UNILEVEL, assumptions: AssumptionsSchema.parse({ ...ASSUMPTIONS, recruitsPerDistributor: 3 }), months: 12, seed: 1, maxMembers: 500 })).toThrow(SimulationTooLarge);
  });
});

describe('simulation assumptions', () => {
  it('name the field of a negative churn, a share above 100% and a negative order size', () => {
    const parsed = AssumptionsSchema.safeParse({ ...ASSUMPTIONS, churn: '-5%', customerShare: '120%', buying: { ...ASSUMPTIONS.buying, retail: { ordersPerMonth: 1, cv: -3 } } });
    expect(parsed.success).toBe(false);
    const issues = assumptionIssues(parsed.error!);
    expect(issues.map((issue) => issue.path)).toEqual(['churn', 'customerShare', 'buying.retail.cv']);
    expect(issues[1]!.message).toBe('expected a percentage from 0% to 100% like "5%", got "120%"');
  });
});
