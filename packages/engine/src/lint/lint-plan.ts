/**
 * The plan linter: a validated plan (and, when the caller has them, the catalogue's starter kits
 * and enrollment items) -> findings. Each finding has a stable code, a severity, a path in the
 * plan, the parameters its sentence needs, and that sentence in English; a server renders the
 * same code and parameters in the reader's language.
 */
import { formatPercent, RATE_SCALE } from '../money/rate.ts';
import type { Plan, Qualify, Rank } from '../plan/schema.ts';
import { payoutBound, type PayoutBound } from './payout-bound.ts';

export type LintSeverity = 'error' | 'warning' | 'info';

export const LINT_CODES = [
  'ENROLLMENT_ITEM_WITH_VOLUME',
  'STARTER_KIT_WITH_VOLUME',
  'RANK_MET_BY_PERSONAL_PURCHASE',
  'NO_PAYOUT_CAP',
  'COMPRESSION_CANNOT_APPLY',
  'PAYOUT_MAX_ABOVE_THRESHOLD',
  'PAYOUT_MAX_ABOVE_CV',
  'PAYOUT_MAX_UNBOUNDED',
  'RETAIL_PROFIT_OUTSIDE_BOUND',
] as const;
export type LintCode = (typeof LINT_CODES)[number];

export interface LintFinding {
  code: LintCode;
  severity: LintSeverity;
  /** Where in the plan (`bonuses[1].compression`), or `products.SKU` for a catalogue item. */
  path: string;
  params: Record<string, string | number>;
  /** The sentence why, in English. */
  message: string;
}

/** A catalogue item that stands for joining rather than for a product: a starter kit or an enrollment fee. */
export interface EnrollmentItem {
  sku: string;
  kind: 'starterKit' | 'enrollmentFee';
  /** Points per unit. */
  qv: number;
  cv: number;
}

export interface LintOptions {
  /** Warn when the theoretical maximum payout exceeds this share of CV (ppm). Default 50%. */
  maxPayoutPpm?: number;
  enrollmentItems?: readonly EnrollmentItem[];
}

export interface LintResult {
  findings: LintFinding[];
  payoutBound: PayoutBound;
  /** The threshold used, ppm. */
  maxPayoutPpm: number;
}

export const DEFAULT_MAX_PAYOUT_PPM = 500_000;

const MESSAGES: Record<LintCode, (p: Record<string, string | number>) => string> = {
  ENROLLMENT_ITEM_WITH_VOLUME: (p) => `Enrollment item ${p.sku} carries ${p.cv} CV and ${p.qv} QV: ${p.bonuses} bonus(es) would pay on a joining fee, which is payment for recruitment.`,
  STARTER_KIT_WITH_VOLUME: (p) => `Starter kit ${p.sku} carries ${p.cv} CV and ${p.qv} QV: ${p.bonuses} bonus(es) would pay people for recruiting rather than for product sold.`,
  RANK_MET_BY_PERSONAL_PURCHASE: (p) => `Rank ${p.rank} can be reached by a distributor buying ${p.volume} volume alone, without any customer or team.`,
  NO_PAYOUT_CAP: () => 'The plan has no overall payout cap: nothing holds the total payout to a share of CV.',
  COMPRESSION_CANNOT_APPLY: (p) => `Bonus ${p.bonus} compresses dynamically, but ${COMPRESSION_REASONS[p.reason as CompressionReason]}, so no upline is ever skipped and compression does nothing.`,
  PAYOUT_MAX_ABOVE_THRESHOLD: (p) => `The theoretical maximum payout is ${p.max} of CV, above the ${p.threshold} threshold.`,
  PAYOUT_MAX_ABOVE_CV: (p) => `The theoretical maximum payout is ${p.max} of CV: the plan can pay out more than the volume is worth.`,
  PAYOUT_MAX_UNBOUNDED: (p) => `No theoretical maximum payout exists: ${p.bonuses} pay(s) amounts that the plan does not bound as a share of CV, and no overall cap holds them.`,
  RETAIL_PROFIT_OUTSIDE_BOUND: (p) => `Bonus ${p.bonus} (retail profit) is paid out of the customer's price above the distributor price, not out of CV, so the maximum payout leaves it out.`,
};

/** Why compression can skip nobody; a finding's `reason` parameter is one of these keys. */
export const COMPRESSION_REASONS = {
  noRule: 'it has no qualify rule and no depth by rank',
  activeIsEveryone: 'its only rule is being active and activity.minPV is 0, so everyone is active',
  emptyRule: 'its qualify rule asks for nothing (no PV, no rank, no activity)',
} as const;
export type CompressionReason = keyof typeof COMPRESSION_REASONS;

function finding(code: LintCode, severity: LintSeverity, path: string, params: Record<string, string | number> = {}): LintFinding {
  return { code, severity, path, params, message: MESSAGES[code](params) };
}

export function lintPlan(plan: Plan, options: LintOptions = {}): LintResult {
  const threshold = options.maxPayoutPpm ?? DEFAULT_MAX_PAYOUT_PPM;
  const findings: LintFinding[] = [];
  const volumeBonuses = plan.bonuses.filter((bonus) => bonus.type !== 'retailProfit' && bonus.type !== 'rankAdvancement').length;

  for (const item of options.enrollmentItems ?? []) {
    if (item.qv <= 0 && item.cv <= 0) continue;
    const params = { sku: item.sku, qv: item.qv, cv: item.cv, bonuses: volumeBonuses };
    if (item.kind === 'enrollmentFee') findings.push(finding('ENROLLMENT_ITEM_WITH_VOLUME', 'error', `products.${item.sku}`, params));
    else findings.push(finding('STARTER_KIT_WITH_VOLUME', 'warning', `products.${item.sku}`, params));
  }

  plan.ranks.forEach((rank, index) => {
    const volume = personalPurchaseMeeting(plan, rank);
    if (volume !== null) findings.push(finding('RANK_MET_BY_PERSONAL_PURCHASE', 'warning', `ranks[${index}].requires`, { rank: rank.id, volume }));
  });

  if (!plan.cap && plan.bonuses.length > 0) findings.push(finding('NO_PAYOUT_CAP', 'warning', 'cap'));

  plan.bonuses.forEach((bonus, index) => {
    if ((bonus.type !== 'unilevel' && bonus.type !== 'matrix') || bonus.compression !== 'dynamic') return;
    const depthByRank = bonus.type === 'unilevel' ? bonus.depthByRank : undefined;
    if (depthByRank && Object.keys(depthByRank).length > 0) return;
    const reason = compressionWithoutEffect(plan, bonus.qualify);
    if (reason) findings.push(finding('COMPRESSION_CANNOT_APPLY', 'warning', `bonuses[${index}].compression`, { bonus: bonus.id, reason }));
  });

  const bound = payoutBound(plan);
  if (bound.maxPpm === null) {
    const first = bound.bonuses.find((entry) => entry.bonus === bound.unbounded[0]);
    findings.push(finding('PAYOUT_MAX_UNBOUNDED', 'warning', first?.path ?? 'bonuses', { bonuses: bound.unbounded.join(', ') }));
  } else if (bound.maxPpm > RATE_SCALE) {
    findings.push(finding('PAYOUT_MAX_ABOVE_CV', 'error', plan.cap ? 'cap' : 'bonuses', { max: formatPercent(bound.maxPpm) }));
  } else if (bound.maxPpm > threshold) {
    findings.push(finding('PAYOUT_MAX_ABOVE_THRESHOLD', 'warning', plan.cap ? 'cap.totalPayoutMaxShareOfCV' : 'bonuses', { max: formatPercent(bound.maxPpm), threshold: formatPercent(threshold) }));
  }
  for (const entry of bound.bonuses) {
    if (entry.kind === 'outsideCv') findings.push(finding('RETAIL_PROFIT_OUTSIDE_BOUND', 'info', entry.path, { bonus: entry.bonus }));
  }
  return { findings, payoutBound: bound, maxPayoutPpm: threshold };
}

/**
 * The personal volume that alone meets a rank, or null when the rank needs a team (GV above PV,
 * sponsored actives, legs holding a rank) or has no requirements at all (the entry rank).
 * A member with no downline has GV = PV; the max-leg rule never limits one's own PV.
 */
function personalPurchaseMeeting(plan: Plan, rank: Rank): number | null {
  const requires = rank.requires;
  if (!requires) return null;
  const asked = Object.entries(requires).filter(([, value]) => value !== undefined && value !== false && value !== 0);
  if (asked.length === 0) return null;
  if ((requires.sponsoredActive ?? 0) > 0 || requires.legsWithRank) return null;
  const perPeriod = Math.max(
    requires.pv ?? 0,
    requires.gv ?? 0,
    requires.active ? plan.activity.minPV : 0,
    requires.rollingPv ? requires.rollingPv.min / requires.rollingPv.periods : 0,
    requires.rollingGv ? requires.rollingGv.min / requires.rollingGv.periods : 0,
  );
  return Math.ceil(perPeriod * 100) / 100;
}

/** Why a qualify rule lets every distributor through, or null when it can skip someone. */
function compressionWithoutEffect(plan: Plan, qualify: Qualify | undefined): CompressionReason | null {
  if (!qualify) return 'noRule';
  const firstRank = plan.ranks[0];
  const rankIsEveryone = qualify.rankAtLeast === undefined || (firstRank?.id === qualify.rankAtLeast && !firstRank.requires);
  const pvIsEveryone = (qualify.minPV ?? 0) === 0;
  if (!rankIsEveryone || !pvIsEveryone) return null;
  if (qualify.active === true) return plan.activity.minPV === 0 ? 'activeIsEveryone' : null;
  return 'emptyRule';
}
