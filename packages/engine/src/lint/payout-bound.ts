/**
 * The theoretical maximum payout of a plan as a share of company CV, worked out from the plan's
 * rates alone (no data): every level and generation filled, every upline qualified at the top
 * rank, every order inside (or outside) a fast start window, whichever pays more.
 *
 * Per bonus, the most it can pay on one point of commissionable volume:
 * - unilevel: the sum of its levels (only as deep as the deepest depthByRank allows);
 * - matrix: the sum of its levels over its depth;
 * - fast start: the sum of its generations;
 * - stairstep: the top rate of the schedule (differentials on one order add up to it) plus
 *   every breakaway override generation;
 * - pool: its fund share of company CV;
 * - matching: the sum of its generations times the bound of the bonuses it matches;
 * - retail profit: nothing out of CV (it is the margin the customer paid above the
 *   distributor price), so it is left out and said so;
 * - binary: no bound from the plan: a point of volume is matched again at every upline of the
 *   placement tree, so the share grows with the tree's depth; a fixed amount per cycle or a
 *   per-member cap does not bound it as a share of CV either;
 * - rank advancement and stairstep minimum overrides: fixed amounts, no bound as a share of CV.
 *
 * Order-based bonuses are added up twice, once for an order inside every fast start window
 * (fast starts paid, unilevels that skip the window not) and once for an order outside every
 * window; the larger is the order bound. The plan bound is that plus pools and matching. An
 * overall cap then holds the capped bonuses to the cap's share; bonuses the cap excludes still
 * count against it but are never scaled, so the capped bound is min(bound, max(cap, excluded)).
 * A basis of QV is counted as if one QV were one CV.
 */
import { RATE_SCALE } from '../money/rate.ts';
import type { Bonus, BonusOfType, Plan } from '../plan/schema.ts';

export type BoundKind = 'share' | 'unbounded' | 'outsideCv';

export interface BonusBound {
  bonus: string;
  path: string;
  type: Bonus['type'];
  /** share: maxPpm holds the bound; unbounded: the plan sets none; outsideCv: not paid out of CV (retail profit). */
  kind: BoundKind;
  /** Parts per million of CV, or null. For matching, counted over what it matches. */
  maxPpm: number | null;
}

export interface PayoutBound {
  bonuses: BonusBound[];
  /** The bound before the overall cap, in ppm of CV; null when some bonus has none. */
  uncappedPpm: number | null;
  /** The overall cap's share, or null without a cap. */
  capPpm: number | null;
  /** The bound after the cap; null when nothing bounds the payout. */
  maxPpm: number | null;
  /** Bonuses without a bound (by id). */
  unbounded: string[];
}

const sum = (values: readonly number[]): number => values.reduce((total, value) => total + value, 0);

function unilevelDepth(bonus: BonusOfType<'unilevel'>): number {
  const depths = Object.values(bonus.depthByRank ?? {});
  return depths.length === 0 ? bonus.levels.length : Math.min(bonus.levels.length, Math.max(...depths));
}

/** One bonus's own bound (matching is resolved afterwards). */
function ownBound(bonus: Bonus): { kind: BoundKind; maxPpm: number | null } {
  switch (bonus.type) {
    case 'retailProfit': return { kind: 'outsideCv', maxPpm: 0 };
    case 'fastStart': return { kind: 'share', maxPpm: sum(bonus.generations) };
    case 'unilevel': return { kind: 'share', maxPpm: sum(bonus.levels.slice(0, unilevelDepth(bonus))) };
    case 'matrix': return { kind: 'share', maxPpm: sum(bonus.levels.slice(0, bonus.depth)) };
    case 'stairstep': {
      if ((bonus.breakaway?.minimumOverride ?? 0) > 0) return { kind: 'unbounded', maxPpm: null };
      const top = Math.max(...bonus.schedule.map((step) => step.rate));
      return { kind: 'share', maxPpm: top + sum(bonus.breakaway?.overrides ?? []) };
    }
    case 'pool': return { kind: 'share', maxPpm: bonus.fund.share };
    case 'binary':
    case 'rankAdvancement': return { kind: 'unbounded', maxPpm: null };
    case 'matching': return { kind: 'share', maxPpm: null };
  }
}

const ORDER_BASED = new Set<Bonus['type']>(['fastStart', 'unilevel', 'matrix', 'stairstep']);

/** Which bonuses pay on an order inside every fast start window, and which outside. */
function paysInScenario(bonus: Bonus, insideWindow: boolean): boolean {
  if (bonus.type === 'fastStart') return insideWindow;
  if (bonus.type === 'unilevel' && bonus.skipFastStartWindow !== false) return !insideWindow;
  return true;
}

export function payoutBound(plan: Plan): PayoutBound {
  const own = plan.bonuses.map(ownBound);
  const indexById = new Map(plan.bonuses.map((bonus, index) => [bonus.id, index]));
  const unbounded = new Set<number>();
  own.forEach((bound, index) => { if (bound.kind === 'unbounded') unbounded.add(index); });

  // Matching: generations × what it matches. A matched bonus without a bound leaves it without one.
  const matchingPpm = (bonus: BonusOfType<'matching'>, scenario: boolean | null): number | null => {
    let matched = 0;
    for (const id of bonus.of) {
      const index = indexById.get(id)!;
      const target = plan.bonuses[index]!;
      if (scenario !== null && ORDER_BASED.has(target.type) && !paysInScenario(target, scenario)) continue;
      const bound = own[index]!;
      if (bound.kind === 'unbounded' || bound.maxPpm === null) return null;
      matched += bound.maxPpm;
    }
    return Math.round((sum(bonus.generations) * matched) / RATE_SCALE);
  };

  const scenarioTotal = (insideWindow: boolean): number | null => {
    let total = 0;
    for (const [index, bonus] of plan.bonuses.entries()) {
      if (unbounded.has(index)) return null;
      if (ORDER_BASED.has(bonus.type) && !paysInScenario(bonus, insideWindow)) continue;
      const value = bonus.type === 'matching' ? matchingPpm(bonus, insideWindow) : own[index]!.maxPpm;
      if (value === null) return null;
      total += value;
    }
    return total;
  };

  const bonuses: BonusBound[] = plan.bonuses.map((bonus, index) => {
    if (bonus.type !== 'matching') return { bonus: bonus.id, path: `bonuses[${index}]`, type: bonus.type, ...own[index]! };
    const inside = matchingPpm(bonus, true);
    const outside = matchingPpm(bonus, false);
    const maxPpm = inside === null || outside === null ? null : Math.max(inside, outside);
    if (maxPpm === null) unbounded.add(index);
    return { bonus: bonus.id, path: `bonuses[${index}]`, type: bonus.type, kind: maxPpm === null ? 'unbounded' : 'share', maxPpm };
  });

  const inside = scenarioTotal(true);
  const outside = scenarioTotal(false);
  const uncappedPpm = inside === null || outside === null ? null : Math.max(inside, outside);
  const capPpm = plan.cap?.totalPayoutMaxShareOfCV ?? null;
  let maxPpm = uncappedPpm;
  if (capPpm !== null) {
    const excluded = plan.cap!.exclude.map((id) => bonuses[indexById.get(id)!]!);
    const fixed = excluded.some((bound) => bound.maxPpm === null) ? null : sum(excluded.map((bound) => bound.maxPpm!));
    maxPpm = fixed === null ? null : Math.min(uncappedPpm ?? Number.POSITIVE_INFINITY, Math.max(capPpm, fixed));
  }
  return {
    bonuses,
    uncappedPpm,
    capPpm,
    maxPpm,
    unbounded: [...unbounded].sort((a, b) => a - b).map((index) => plan.bonuses[index]!.id),
  };
}
