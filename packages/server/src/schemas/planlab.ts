import { LINT_CODES, tryParsePercent } from '@samooh/engine';
import { z } from 'zod';
import { CHANGE_BUCKETS } from '../services/planlab/change-buckets.ts';
import { IsoDate, Money } from './common.ts';
import { PlanVersionSchema } from './commissions.ts';

const PlanSource = z.string().min(1).max(1_000_000).describe('A plan document, YAML or JSON (docs/plan-format.md)');

const PercentText = z.string().transform((text, ctx) => {
  const ppm = tryParsePercent(text);
  if (ppm === null || ppm === 0 || ppm > 1_000_000) {
    ctx.addIssue({ code: 'custom', message: 'expected a percentage above 0% and at most 100%, like "45%"' });
    return z.NEVER;
  }
  return ppm;
});

export const LintBody = z.object({
  source: PlanSource,
  maxPayout: PercentText.optional().describe('Warn above this theoretical maximum payout; default the company\'s setting (50%)'),
}).strict();

export const LintSchema = z.object({
  threshold: z.string().describe('The theoretical maximum payout above which the linter warns'),
  theoreticalMaxPayout: z.string().nullable().describe('The most the plan can pay as a share of CV, after the cap; null when nothing bounds it'),
  uncappedMaxPayout: z.string().nullable().describe('The same before the overall cap'),
  cap: z.string().nullable(),
  method: z.string().describe('How the maximum is worked out'),
  bonuses: z.array(z.object({ bonus: z.string(), kind: z.enum(['share', 'unbounded', 'outsideCv']), maxShare: z.string().nullable() })),
  errors: z.number().int(),
  warnings: z.number().int(),
  findings: z.array(z.object({
    code: z.enum(LINT_CODES),
    severity: z.enum(['error', 'warning', 'info']),
    path: z.string().describe('Where in the plan, or products.SKU for a catalogue item'),
    params: z.record(z.string(), z.union([z.string(), z.number()])),
    message: z.string(),
  })),
}).meta({ id: 'PlanLint' });

export const PlanVersionLintSchema = LintSchema.extend({ planVersionId: z.number().int() });
export const SavedPlanVersionSchema = PlanVersionSchema.extend({ lint: LintSchema });
export const PlanVersionIdParam = z.object({ id: z.coerce.number().int().positive() });

/** Exactly one of an inline draft or a stored version. */
const PlanChoiceFields = {
  source: PlanSource.optional(),
  planVersion: z.number().int().positive().optional().describe('A stored plan version id'),
};
const onePlan = (body: { source?: string; planVersion?: number }) => (body.source === undefined) !== (body.planVersion === undefined);
const ONE_PLAN = { message: 'give either source (a draft plan document) or planVersion (a stored version), not both', path: ['source'] };

export const WhatIfBody = z.object(PlanChoiceFields).strict().refine(onePlan, ONE_PLAN);

const WhatIfTotals = z.object({
  paid: Money, cv: z.number(), byBonus: z.record(z.string(), Money), payoutRatio: z.number(), capFactor: z.number(), earners: z.number().int(),
  planVersionId: z.number().int().nullable(), plan: z.string(), version: z.number().int(),
});
const MemberChange = z.object({ memberId: z.number().int(), code: z.string(), name: z.string(), before: Money, after: Money, change: Money });

export const WhatIfSchema = z.object({
  period: z.object({ id: z.number().int(), start: IsoDate, end: IsoDate, status: z.string() }),
  committedRunId: z.number().int(),
  before: WhatIfTotals.describe('What the committed run paid (its own lines; clawbacks of earlier periods left out)'),
  after: WhatIfTotals.describe('The other plan on the same period'),
  change: z.object({ paid: Money, payoutRatio: z.number(), byBonus: z.record(z.string(), Money) }),
  members: z.object({
    compared: z.number().int().describe('Members who earned under either plan'),
    winners: z.number().int(),
    losers: z.number().int(),
    unchanged: z.number().int(),
    buckets: z.record(z.enum(CHANGE_BUCKETS), z.number().int()),
    changePercentiles: z.object({ p10: Money, p25: Money, p50: Money, p75: Money, p90: Money }),
    topWinners: z.array(MemberChange),
    topLosers: z.array(MemberChange),
  }),
}).meta({ id: 'WhatIf' });

/** The API's bounds: a simulation is computed while the request waits. The CLI allows more. */
export const API_SIMULATION_LIMITS = { months: 36, members: 20_000 } as const;

export const SimulationBody = z.object({
  ...PlanChoiceFields,
  assumptions: z.record(z.string(), z.unknown()).optional().describe('The assumptions document (examples/simulation-assumptions.yaml); or fromHistory'),
  fromHistory: z.boolean().optional().describe('Measure the assumptions on the company\'s committed periods'),
  months: z.number().int().min(1).max(API_SIMULATION_LIMITS.months),
  seed: z.number().int().min(0).max(2 ** 31 - 1),
  start: IsoDate.optional().describe('The first month; default the plan\'s effective date'),
}).strict().refine(onePlan, ONE_PLAN).refine((body) => (body.assumptions === undefined) !== (body.fromHistory !== true), { message: 'give either assumptions or fromHistory: true', path: ['assumptions'] });

const Share = z.number().describe('0 to 1');
export const SimulationSchema = z.object({
  plan: z.object({ plan: z.string(), version: z.number().int() }),
  seed: z.number().int(),
  source: z.enum(['assumptions', 'history']),
  assumptions: z.record(z.string(), z.unknown()).describe('The assumptions used, as an assumptions file'),
  months: z.array(z.object({
    month: z.number().int(), start: IsoDate, end: IsoDate,
    members: z.number().int(), distributors: z.number().int(), customers: z.number().int(), joined: z.number().int(), left: z.number().int(),
    actives: z.number().int(), orders: z.number().int(), cv: z.number(), paid: Money, payoutRatio: z.number(), capFactor: z.number(),
    income: z.object({ median: Money, p75: Money, p90: Money, p99: Money, max: Money, shareEarningNothing: Share, shareEarningMoreThanSpent: Share }),
    ranks: z.record(z.string(), z.number().int()),
  })),
}).meta({ id: 'Simulation' });
