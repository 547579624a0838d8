import { formatPercent, type Plan } from '@samooh/engine';

export interface Standing {
  pv: number;
  gv: number;
  rank: string | null;
  /** The frontline legs (each personally sponsored distributor and their team), summed up. */
  legs: LegStanding;
  /** Group volume of earlier committed periods, newest first. */
  earlierGv: readonly number[];
  /** QV of the member's autoship orders placed this period. */
  autoshipQv?: number;
}

/**
 * What rank progress needs to know of a member's frontline legs, as sums that
 * can be kept current one volume change at a time (see legTally).
 */
export interface LegStanding {
  /** Group volume of all frontline legs together. */
  gv: number;
  /** The same with each leg counted up to the max-leg cap of the member's next rank (legCap). */
  cappedGv: number;
  /** Personally sponsored distributors who are active now (the plan's minimum PV). */
  sponsoredActive: number;
  /** How many frontline members hold each rank, as last computed. */
  byRank: Readonly<Record<string, number>>;
}

/** One frontline leg: the sponsored distributor's PV, the GV of their team, and their rank as last computed. */
export interface Leg {
  pv: number;
  gv: number;
  rank: string | null;
}

export interface Need {
  requirement: 'active' | 'activeAutoship' | 'pv' | 'gv' | 'sponsoredActive' | 'legsWithRank' | 'rollingGv' | 'autoshipQV';
  required: number;
  current: number;
  missing: number;
  /** legsWithRank: the rank the legs must hold; gv: the share of the requirement one leg may give. */
  rank?: string;
  maxLegShare?: string;
}

export interface RankProgress {
  nextRank: string | null;
  needs: Need[];
}

/**
 * What a distributor still needs for the next rank of the plan, requirement by
 * requirement, from their live standing. Group volume counts under the
 * max-leg rule: no leg gives more than its share of the requirement.
 */
export function rankProgress(plan: Plan, standing: Standing): RankProgress {
  const ranks = plan.ranks;
  const next = nextRank(plan, standing.rank);
  const { legs } = standing;
  if (!next) return { nextRank: null, needs: [] };
  const requires = next.requires ?? {};
  const needs: Need[] = [];
  const need = (requirement: Need['requirement'], required: number, current: number, extra: Partial<Need> = {}) =>
    needs.push({ requirement, required, current: round2(current), missing: round2(Math.max(0, required - current)), ...extra });
  // Being active is having the plan's minimum PV.
  if (requires.active) need('active', plan.activity.minPV, standing.pv);
  // Being active may also need an active autoship of some QV.
  if (requires.active && plan.activity.autoshipQV !== undefined) need('activeAutoship', plan.activity.autoshipQV, standing.autoshipQv ?? 0);
  if (requires.pv !== undefined) need('pv', requires.pv, standing.pv);
  if (requires.gv !== undefined) {
    const share = requires.maxLegShare;
    if (share === undefined) need('gv', requires.gv, standing.gv);
    else {
      const own = standing.gv - legs.gv;
      need('gv', requires.gv, own + legs.cappedGv, { maxLegShare: formatPercent(share) });
    }
  }
  if (requires.sponsoredActive !== undefined) need('sponsoredActive', requires.sponsoredActive, legs.sponsoredActive);
  if (requires.legsWithRank) {
    const wanted = ranks.findIndex((rank) => rank.id === requires.legsWithRank!.rank);
    const holding = Object.entries(legs.byRank).reduce((sum, [rank, count]) => sum + (ranks.findIndex((r) => r.id === rank) >= wanted ? count : 0), 0);
    need('legsWithRank', requires.legsWithRank.count, holding, { rank: requires.legsWithRank.rank });
  }
  if (requires.autoshipQV !== undefined) need('autoshipQV', requires.autoshipQV, standing.autoshipQv ?? 0);
  if (requires.rollingGv) {
    const periods = requires.rollingGv.periods;
    const rolling = standing.gv + standing.earlierGv.slice(0, periods - 1).reduce((sum, gv) => sum + gv, 0);
    need('rollingGv', requires.rollingGv.min, rolling);
  }
  return { nextRank: next.id, needs };
}

/** The rank after the one held; before the first full refresh names a rank, the ranks that require nothing are held already. */
function nextRank(plan: Plan, rank: string | null): Plan['ranks'][number] | undefined {
  const currentIndex = rank === null ? leadingFreeRanks(plan) - 1 : plan.ranks.findIndex((candidate) => candidate.id === rank);
  return plan.ranks[currentIndex + 1];
}

/**
 * The most one leg may give towards the GV requirement of the rank after
 * `rank` (its max-leg share of that requirement), or null when that rank has
 * no such rule or there is no next rank.
 */
export function legCap(plan: Plan, rank: string | null): number | null {
  const requires = nextRank(plan, rank)?.requires;
  if (requires?.gv === undefined || requires.maxLegShare === undefined) return null;
  // The share is in millionths; kept to four decimals, which the stored sums hold exactly.
  return Math.round((requires.gv * requires.maxLegShare) / 100) / 10_000;
}

/**
 * Sums up a member's frontline legs one at a time, the way the live
 * projection keeps them: the full refresh adds every leg, the projector adds
 * each change of a leg (see volume-changes.ts).
 */
export class LegTally implements LegStanding {
  gv = 0;
  cappedGv = 0;
  sponsoredActive = 0;
  byRank: Record<string, number> = {};

  constructor(private readonly cap: number | null, private readonly minPv: number) {}

  add(leg: Leg): this {
    this.gv += leg.gv;
    this.cappedGv += this.cap === null ? leg.gv : Math.min(leg.gv, this.cap);
    if (leg.pv >= this.minPv) this.sponsoredActive += 1;
    if (leg.rank !== null) this.byRank[leg.rank] = (this.byRank[leg.rank] ?? 0) + 1;
    return this;
  }
}

/** The standing of a member's frontline, from every leg. */
export function legStanding(plan: Plan, rank: string | null, legs: readonly Leg[]): LegStanding {
  const tally = new LegTally(legCap(plan, rank), plan.activity.minPV);
  for (const leg of legs) tally.add(leg);
  return { gv: tally.gv, cappedGv: tally.cappedGv, sponsoredActive: tally.sponsoredActive, byRank: tally.byRank };
}

function leadingFreeRanks(plan: Plan): number {
  const firstWithRequirements = plan.ranks.findIndex((rank) => rank.requires !== undefined && Object.keys(rank.requires).length > 0);
  return firstWithRequirements === -1 ? plan.ranks.length : firstWithRequirements;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
