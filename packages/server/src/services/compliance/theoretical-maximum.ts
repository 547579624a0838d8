import { RATE_SCALE, type Bonus, type Plan } from '@samooh/engine';

/** Volume in hundredths of a point (exact), by basis. */
export interface BasisVolume {
  cv: bigint;
  qv: bigint;
}

/** What a period offers the plan to pay on, measured from its orders and the tree. */
export interface PeriodFacts {
  /** The period's volume, net of refunds, in hundredths of a point. */
  volume: BasisVolume;
  /** Σ over orders of volume × the number of placement ancestors of the credited member (hundredths). */
  depthVolume: BasisVolume;
  /** Binary carry brought in from the previous committed period (hundredths of a point, both legs). */
  carryIn: BasisVolume;
  /** Retail margin of customer orders at the retail price, net of refunded quantities (minor units). */
  retailMargin: number;
  /** Distributors who could be paid (for per-member binary caps). */
  distributors: number;
  /** What the committed run paid by bonus (minor units): a one-time amount has no rate to bound it by. */
  paidByBonus: Record<string, number>;
}

export interface TheoreticalMaximum {
  total: number;
  byBonus: Record<string, { maximum: number; rule: string }>;
  capped: boolean;
}

const sum = (rates: readonly number[]) => rates.reduce((total, rate) => total + rate, 0);

/**
 * The most the plan could have paid on the period's volume if every member qualified for
 * everything at every level (no compression loss, every rank reached, every leg matched):
 * per bonus, the sum of its rates times the volume they apply to. docs/compliance.md states
 * each rule; rounding is half-up once per bonus.
 */
export function theoreticalMaximum(plan: Plan, facts: PeriodFacts): TheoreticalMaximum {
  const perPoint = BigInt(plan.minorUnitsPerCV);
  const basisOf = (bonus: { basis?: 'cv' | 'qv' }) => bonus.basis ?? plan.volume.commissionable;
  /** rate (ppm) × volume (hundredths) in minor units, rounded half-up. */
  const money = (ppm: number, hundredths: bigint) => {
    const numerator = BigInt(ppm) * hundredths * perPoint;
    const divisor = BigInt(RATE_SCALE) * 100n;
    return Number((numerator * 2n + divisor) / (divisor * 2n));
  };
  const byBonus: Record<string, { maximum: number; rule: string }> = {};
  const resolved = new Map<string, number>();
  const direct = (bonus: Bonus): { maximum: number; rule: string } | null => {
    switch (bonus.type) {
      case 'retailProfit':
        return { maximum: facts.retailMargin, rule: 'retail margin of customer orders' };
      case 'fastStart':
        return { maximum: money(sum(bonus.generations), facts.volume[basisOf(bonus)]), rule: 'sum of generation rates × all volume' };
      case 'unilevel':
        return { maximum: money(sum(bonus.levels), facts.volume[basisOf(bonus)]), rule: 'sum of level rates × all volume' };
      case 'matrix':
        return { maximum: money(sum(bonus.levels.slice(0, bonus.depth)), facts.volume[basisOf(bonus)]), rule: 'sum of level rates × all volume' };
      case 'stairstep': {
        const top = Math.max(...bonus.schedule.map((step) => step.rate));
        const overrides = sum(bonus.breakaway?.overrides ?? []);
        return { maximum: money(top + overrides, facts.volume[basisOf(bonus)]), rule: 'top step rate plus breakaway override rates × all volume' };
      }
      case 'binary': {
        const basis = basisOf(bonus);
        // Σ over members of min(left, right) ≤ Σ (left + right) ÷ 2 = (Σ volume × placement depth + carry in) ÷ 2.
        const matchable = (facts.depthVolume[basis] + facts.carryIn[basis]) / 2n;
        let maximum: number;
        if ('percentOfMatched' in bonus.pay) maximum = money(bonus.pay.percentOfMatched, matchable);
        else {
          const cycleHundredths = BigInt(Math.round(bonus.pay.perCycle.volume * 100));
          maximum = Number(matchable / cycleHundredths) * bonus.pay.perCycle.amount;
        }
        const perPeriod = bonus.cap?.perPeriod;
        if (perPeriod !== undefined) maximum = Math.min(maximum, perPeriod * facts.distributors);
        return { maximum, rule: 'pay on half of (volume × placement depth + carry in), within the per-member cap' };
      }
      case 'pool':
        return { maximum: money(bonus.fund.share, facts.volume.cv), rule: 'fund share × company CV' };
      case 'rankAdvancement':
        return { maximum: facts.paidByBonus[bonus.id] ?? 0, rule: 'one-time amounts: what was paid' };
      case 'matching':
        return null;
    }
  };
  for (const bonus of plan.bonuses) {
    const value = direct(bonus);
    if (value) {
      byBonus[bonus.id] = value;
      resolved.set(bonus.id, value.maximum);
    }
  }
  for (const bonus of plan.bonuses) {
    if (bonus.type !== 'matching') continue;
    const matched = bonus.of.reduce((total, id) => total + (resolved.get(id) ?? 0), 0);
    const rate = sum(bonus.generations);
    byBonus[bonus.id] = { maximum: Number((BigInt(rate) * BigInt(matched) * 2n + BigInt(RATE_SCALE)) / (BigInt(RATE_SCALE) * 2n)), rule: 'sum of generation rates × the maximum of the matched bonuses' };
  }
  let total = Object.values(byBonus).reduce((all, entry) => all + entry.maximum, 0);
  let capped = false;
  if (plan.cap) {
    const capAmount = money(plan.cap.totalPayoutMaxShareOfCV, facts.volume.cv);
    const excluded = plan.cap.exclude.reduce((all, id) => all + (byBonus[id]?.maximum ?? 0), 0);
    const limit = Math.max(capAmount, excluded);
    if (total > limit) {
      total = limit;
      capped = true;
    }
  }
  return { total, byBonus, capped };
}
