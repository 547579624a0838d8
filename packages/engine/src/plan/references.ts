/**
 * Checks that need the whole plan: unique ids, every rank and bonus named somewhere is
 * defined, matching never matches a matching bonus, options that point at another bonus.
 */
import type { InputIssue } from '../errors.ts';
import { formatPercent } from '../money/rate.ts';
import type { Bonus, Plan, Qualify } from './schema.ts';

export function checkPlanReferences(plan: Plan): InputIssue[] {
  const issues: InputIssue[] = [];
  const rankIds = new Set(plan.ranks.map((rank) => rank.id));
  const bonusById = new Map(plan.bonuses.map((bonus) => [bonus.id, bonus]));

  const requireRank = (path: string, rankId: string | undefined): void => {
    if (rankId !== undefined && !rankIds.has(rankId)) {
      issues.push({ path, message: `expected a rank defined under ranks, got "${rankId}"` });
    }
  };
  const requireRankKeys = (path: string, record: Record<string, unknown> | undefined): void => {
    for (const rankId of Object.keys(record ?? {})) requireRank(`${path}.${rankId}`, rankId);
  };
  const checkQualify = (path: string, qualify: Qualify | undefined): void => requireRank(`${path}.rankAtLeast`, qualify?.rankAtLeast);

  reportDuplicates(plan.ranks.map((rank) => rank.id), (index) => `ranks[${index}].id`, 'rank', issues);
  reportDuplicates(plan.bonuses.map((bonus) => bonus.id), (index) => `bonuses[${index}].id`, 'bonus', issues);

  plan.ranks.forEach((rank, index) => {
    const path = `ranks[${index}].requires`;
    requireRank(`${path}.legsWithRank.rank`, rank.requires?.legsWithRank?.rank);
    if (rank.requires?.maxLegShare !== undefined && rank.requires.gv === undefined) {
      issues.push({ path: `${path}.maxLegShare`, message: 'expected gv next to maxLegShare: the max-leg rule limits a gv requirement' });
    }
  });

  plan.bonuses.forEach((bonus, index) => {
    const path = `bonuses[${index}]`;
    if ('qualify' in bonus) checkQualify(`${path}.qualify`, bonus.qualify);
    checkBonusReferences(bonus, path, { bonusById, plan, requireRank, requireRankKeys, issues });
  });

  plan.cap?.exclude.forEach((bonusId, index) => {
    if (!bonusById.has(bonusId)) issues.push({ path: `cap.exclude[${index}]`, message: `expected a bonus id, got "${bonusId}"` });
  });
  return issues;
}

interface ReferenceContext {
  bonusById: Map<string, Bonus>;
  plan: Plan;
  requireRank: (path: string, rankId: string | undefined) => void;
  requireRankKeys: (path: string, record: Record<string, unknown> | undefined) => void;
  issues: InputIssue[];
}

function checkBonusReferences(bonus: Bonus, path: string, context: ReferenceContext): void {
  const { requireRank, requireRankKeys, issues } = context;
  switch (bonus.type) {
    case 'unilevel':
      requireRankKeys(`${path}.depthByRank`, bonus.depthByRank);
      if (bonus.skipFastStartWindow !== false && resolveFastStartWindow(context.plan, bonus.skipFastStartWindow) === null) {
        issues.push({
          path: `${path}.skipFastStartWindow`,
          message: bonus.skipFastStartWindow === true
            ? 'expected exactly one fastStart bonus in the plan (or name one by id)'
            : `expected the id of a fastStart bonus, got "${bonus.skipFastStartWindow}"`,
        });
      }
      break;
    case 'matching':
      requireRank(`${path}.generationEndsAtRank`, bonus.generationEndsAtRank);
      bonus.of.forEach((matchedId, index) => {
        const matched = context.bonusById.get(matchedId);
        if (!matched) issues.push({ path: `${path}.of[${index}]`, message: `expected a bonus id, got "${matchedId}"` });
        else if (matched.type === 'matching') {
          issues.push({ path: `${path}.of[${index}]`, message: `a matching bonus never matches a matching bonus ("${matchedId}")` });
        }
      });
      break;
    case 'pool':
      requireRankKeys(`${path}.shares`, bonus.shares);
      break;
    case 'rankAdvancement':
      requireRankKeys(`${path}.amounts`, bonus.amounts);
      break;
    case 'binary':
      if (bonus.firstPair !== '1:1' && !('perCycle' in bonus.pay)) {
        issues.push({ path: `${path}.firstPair`, message: `a first pair of ${bonus.firstPair} needs pay.perCycle: the first pair is one cycle` });
      }
      if (bonus.cap && bonus.cap.perPeriod === undefined && bonus.cap.perDay === undefined) {
        issues.push({ path: `${path}.cap`, message: 'expected perPeriod, perDay or both' });
      }
      if (context.plan.bonuses.find((other) => other.type === 'binary') !== bonus) {
        issues.push({ path: `${path}.type`, message: 'at most one binary bonus per plan: a member has one carry per leg' });
      }
      break;
    case 'stairstep': {
      bonus.schedule.forEach((step, index) => {
        const below = bonus.schedule[index - 1];
        if (below && (step.minGroupPV <= below.minGroupPV || step.rate <= below.rate)) {
          issues.push({ path: `${path}.schedule[${index}]`, message: 'expected minGroupPV and rate both above the step before' });
        }
      });
      const topRate = bonus.schedule[bonus.schedule.length - 1]!.rate;
      if (bonus.breakaway?.atRate !== undefined && bonus.breakaway.atRate !== topRate) {
        issues.push({ path: `${path}.breakaway.atRate`, message: `a member breaks away at the top rate of the schedule, ${formatPercent(topRate)}` });
      }
      requireRank(`${path}.breakaway.qualify.rankAtLeast`, bonus.breakaway?.qualify?.rankAtLeast);
      break;
    }
    case 'matrix':
      if (bonus.levels.length !== bonus.depth) {
        issues.push({ path: `${path}.levels`, message: `expected one rate per level of the depth ${bonus.depth}, got ${bonus.levels.length}` });
      }
      if (context.plan.bonuses.some((other) => other.type === 'binary' || (other.type === 'matrix' && other.width !== bonus.width))) {
        issues.push({ path: `${path}.width`, message: 'a plan pays on one placement tree: no binary bonus beside a matrix, and one width for every matrix' });
      }
      break;
    case 'retailProfit':
    case 'fastStart':
      break;
  }
}

/** The fast start bonus whose window a unilevel skips: `true` means the plan's only one. */
export function resolveFastStartWindow(plan: Plan, skip: boolean | string): Extract<Bonus, { type: 'fastStart' }> | null {
  const fastStarts = plan.bonuses.filter((bonus): bonus is Extract<Bonus, { type: 'fastStart' }> => bonus.type === 'fastStart');
  if (skip === true) return fastStarts.length === 1 ? fastStarts[0]! : null;
  if (skip === false) return null;
  return fastStarts.find((bonus) => bonus.id === skip) ?? null;
}

function reportDuplicates(ids: string[], pathOf: (index: number) => string, what: string, issues: InputIssue[]): void {
  const seen = new Set<string>();
  ids.forEach((id, index) => {
    if (seen.has(id)) issues.push({ path: pathOf(index), message: `duplicate ${what} id "${id}"` });
    seen.add(id);
  });
}
