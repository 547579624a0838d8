import { formatPercent, type Plan } from '@samooh/engine';

export interface Standing {
  pv: number;
  gv: number;
  rank: string | null;
  /** Group volume of each frontline leg (a personally sponsored distributor and their team). */
  legGv: readonly number[];
  /** Personally sponsored distributors who are active now. */
  sponsoredActive: number;
  /** Ranks of the frontline members, as last computed. */
  legRanks: readonly (string | null)[];
  /** Group volume of earlier committed periods, newest first. */
  earlierGv: readonly number[];
  /** QV of the member's autoship orders placed this period. */
  autoshipQv?: number;
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
  // Before the first full refresh names a rank, the ranks that require nothing are held already.
  const currentIndex = standing.rank === null ? leadingFreeRanks(plan) - 1 : ranks.findIndex((rank) => rank.id === standing.rank);
  const next = ranks[currentIndex + 1];
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
      const cap = (requires.gv * share) / 1_000_000;
      const fromLegs = standing.legGv.reduce((sum, leg) => sum + Math.min(leg, cap), 0);
      const own = standing.gv - standing.legGv.reduce((sum, leg) => sum + leg, 0);
      need('gv', requires.gv, own + fromLegs, { maxLegShare: formatPercent(share) });
    }
  }
  if (requires.sponsoredActive !== undefined) need('sponsoredActive', requires.sponsoredActive, standing.sponsoredActive);
  if (requires.legsWithRank) {
    const wanted = ranks.findIndex((rank) => rank.id === requires.legsWithRank!.rank);
    const holding = standing.legRanks.filter((rank) => rank !== null && ranks.findIndex((r) => r.id === rank) >= wanted).length;
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

function leadingFreeRanks(plan: Plan): number {
  const firstWithRequirements = plan.ranks.findIndex((rank) => rank.requires !== undefined && Object.keys(rank.requires).length > 0);
  return firstWithRequirements === -1 ? plan.ranks.length : firstWithRequirements;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
