/**
 * The plan document: a company's compensation plan as data. One zod schema validates it and
 * is also published as JSON Schema (docs/plan.schema.json). Percentages are strings such as
 * "2.5%" and become exact parts-per-million integers; amounts are integer minor units.
 */
import { z } from 'zod';
import { PERCENT_PATTERN_SOURCE, RATE_SCALE, formatPercent, tryParsePercent } from '../money/rate.ts';
import { ROUNDING_MODES } from '../money/rounding.ts';

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

const Id = z.string().regex(ID_PATTERN, 'expected an id of letters, digits, ".", "_" or "-"');

/** A percentage from 0% to 100%, parsed into parts per million. */
const PERCENT_EXPECTED = 'expected a percentage like "2.5%" (at most 4 decimals)';
const Percent = z.string({ error: PERCENT_EXPECTED })
  .regex(new RegExp(PERCENT_PATTERN_SOURCE), PERCENT_EXPECTED)
  .transform((text, ctx) => {
    const ppm = tryParsePercent(text) ?? 0;
    if (ppm > RATE_SCALE) ctx.addIssue({ code: 'custom', message: `expected at most 100%, got ${formatPercent(ppm)}` });
    return ppm;
  })
  .meta({ description: 'A percentage written like "2.5%": exact, at most 4 decimals, at most 100%.' });

/** Volume points (QV or CV), as on products and orders. */
const VolumePoints = z.number().nonnegative();
const MinorUnits = z.number().int().nonnegative().meta({ description: 'Integer minor units of the plan currency (paise for INR).' });
const Count = z.number().int().nonnegative();
const Generations = z.array(Percent).min(1).max(50);

const RollingVolume = z.strictObject({
  periods: z.number().int().min(1).max(60).meta({ description: 'This period and the N - 1 before it (from the scenario history).' }),
  min: VolumePoints,
});

const AutoshipQV = VolumePoints.meta({ description: 'An active autoship: the member\'s autoship orders placed this period carry at least this QV.' });

const LegsWithRank = z.strictObject({
  rank: Id,
  count: z.number().int().min(1),
});

export const RankRequirementsSchema = z.strictObject({
  active: z.boolean().optional().meta({ description: 'Must be active this period.' }),
  pv: VolumePoints.optional(),
  gv: VolumePoints.optional(),
  maxLegShare: Percent.optional().meta({ description: 'Max-leg rule on gv: at most this share of the gv requirement counts from any one leg.' }),
  sponsoredActive: Count.optional().meta({ description: 'Personally sponsored distributors who are active this period.' }),
  legsWithRank: LegsWithRank.optional().meta({ description: 'Frontline legs holding at least this rank somewhere in them, this period.' }),
  rollingPv: RollingVolume.optional(),
  rollingGv: RollingVolume.optional(),
  autoshipQV: AutoshipQV.optional(),
});

const RankSchema = z.strictObject({
  id: Id,
  name: z.string().optional(),
  requires: RankRequirementsSchema.optional(),
});

export const QualifySchema = z.strictObject({
  active: z.boolean().optional(),
  minPV: VolumePoints.optional(),
  rankAtLeast: Id.optional().meta({ description: 'Paid-as rank at least this one.' }),
}).meta({ description: 'Who may be paid this bonus, besides being a distributor in good standing.' });

const Basis = z.enum(['cv', 'qv']).meta({ description: 'Which volume the percentages apply to; defaults to volume.commissionable.' });
const MemberType = z.enum(['distributor', 'preferred', 'retail']);

const bonusBase = { id: Id, name: z.string().optional() };

const RetailProfitSchema = z.strictObject({
  ...bonusBase,
  type: z.literal('retailProfit'),
});

const FastStartSchema = z.strictObject({
  ...bonusBase,
  type: z.literal('fastStart'),
  windowDays: z.number().int().min(1).meta({ description: 'Orders dated on the joining day and the windowDays - 1 days after it.' }),
  basis: Basis.optional(),
  generations: Generations.meta({ description: 'Rates up the enroller (sponsor) chain; an unpaid share never rolls up.' }),
  memberTypes: z.array(MemberType).min(1).optional().meta({ description: 'Whose first orders count; default all member types.' }),
  qualify: QualifySchema.optional(),
});

const UnilevelSchema = z.strictObject({
  ...bonusBase,
  type: z.literal('unilevel'),
  basis: Basis.optional(),
  levels: Generations,
  compression: z.enum(['none', 'dynamic']).default('none'),
  qualify: QualifySchema.optional(),
  depthByRank: z.record(Id, Count).optional().meta({ description: 'Deepest paid level per paid-as rank; a rank not listed takes the nearest listed rank below it.' }),
  skipFastStartWindow: z.union([z.boolean(), Id]).default(false)
    .meta({ description: 'Skip orders inside a fast start window (true: the plan\'s only fastStart bonus; or its id).' }),
});

const MatchingSchema = z.strictObject({
  ...bonusBase,
  type: z.literal('matching'),
  of: z.array(Id).min(1).meta({ description: 'Ids of the bonuses whose downline earnings are matched (never a matching bonus).' }),
  generations: Generations,
  generationEndsAtRank: Id.optional().meta({ description: 'A generation ends at (and includes) the next member of at least this paid-as rank.' }),
  qualify: QualifySchema.optional(),
});

const PoolSchema = z.strictObject({
  ...bonusBase,
  type: z.literal('pool'),
  fund: z.strictObject({ share: Percent, of: z.literal('companyCV').default('companyCV') }),
  shares: z.record(Id, z.number().int().min(1)).meta({ description: 'Shares per paid-as rank; a rank not listed takes the nearest listed rank below it.' }),
  qualify: QualifySchema.optional(),
});

const RankAdvancementSchema = z.strictObject({
  ...bonusBase,
  type: z.literal('rankAdvancement'),
  amounts: z.record(Id, MinorUnits).meta({ description: 'Paid once per member per rank, the first period the rank is reached.' }),
});

export const FIRST_PAIR_RATIOS = ['1:1', '2:1', '1:2', '2:1 or 1:2'] as const;

const BinarySchema = z.strictObject({
  ...bonusBase,
  type: z.literal('binary'),
  basis: Basis.optional(),
  pay: z.union([
    z.strictObject({ percentOfMatched: Percent.meta({ description: 'Share of the volume matched on each leg.' }) }),
    z.strictObject({
      perCycle: z.strictObject({
        volume: VolumePoints.positive().meta({ description: 'Volume a cycle takes from each leg (1:1).' }),
        amount: MinorUnits.meta({ description: 'Paid per cycle.' }),
      }),
    }),
  ], { error: 'expected { percentOfMatched: "10%" } or { perCycle: { volume, amount } }' }),
  firstPair: z.enum(FIRST_PAIR_RATIOS).default('1:1')
    .meta({ description: 'Left:right ratio of a member\'s first cycle (with pay.perCycle), 1:1 after it; "2:1 or 1:2" lets the stronger leg give the double side.' }),
  carry: z.strictObject({
    keep: z.boolean().default(true).meta({ description: 'Unmatched volume carries to the next period; false flushes it.' }),
    maxPerLeg: VolumePoints.optional().meta({ description: 'Most volume carried out per leg; the rest is flushed.' }),
    flushWhenUnqualified: z.boolean().default(false).meta({ description: 'A member who does not qualify loses the legs\' volume instead of carrying it.' }),
  }).default({ keep: true, flushWhenUnqualified: false }),
  cap: z.strictObject({
    perPeriod: MinorUnits.optional().meta({ description: 'Most a member is paid by this bonus per period.' }),
    perDay: MinorUnits.optional().meta({ description: 'Most a member is paid per day: the legs are paired day by day, by the orders\' dates.' }),
    volumeAboveCap: z.enum(['flush', 'carry']).default('flush')
      .meta({ description: 'flush: volume matched beyond the cap is used up; carry: only the volume the cap pays for is used, the rest stays in the legs.' }),
  }).optional(),
  qualify: QualifySchema.extend({
    sponsoredActiveEachLeg: Count.optional().meta({ description: 'Active personally sponsored members placed in each leg.' }),
  }).optional(),
});

/** Breakaway generations a stairstep plan may pay overrides on. */
export const MAX_OVERRIDE_GENERATIONS = 10;

const StairstepSchema = z.strictObject({
  ...bonusBase,
  type: z.literal('stairstep'),
  basis: Basis.optional(),
  schedule: z.array(z.strictObject({
    minGroupPV: VolumePoints.meta({ description: 'Group PV (own PV plus downline not broken away) this step needs.' }),
    rate: Percent,
  })).min(1).max(20).meta({ description: 'Steps, lowest first: group PV and rate both rising.' }),
  qualify: QualifySchema.optional().meta({ description: 'Who earns a rate; anyone else is paid nothing and passes the whole difference up.' }),
  breakaway: z.strictObject({
    atRate: Percent.optional().meta({ description: 'The top rate of the schedule (the only rate a member breaks away at); may be left out.' }),
    overrides: z.array(Percent).max(MAX_OVERRIDE_GENERATIONS)
      .meta({ description: 'Rates on the group volume of breakaway groups, generation 1 first (the nearest breakaway below).' }),
    minimumOverride: MinorUnits.optional().meta({ description: 'An override line on a group with volume pays at least this.' }),
    qualify: QualifySchema.optional().meta({ description: 'Besides being at the top rate, who may be paid overrides.' }),
  }).optional().meta({ description: 'Without it nobody breaks away: a member at the top rate stays in the upline\'s group.' }),
});

const MatrixSchema = z.strictObject({
  ...bonusBase,
  type: z.literal('matrix'),
  width: z.number().int().min(1).max(100).meta({ description: 'Slots per node: positions 0 to width - 1 (the scenario\'s leg).' }),
  depth: z.number().int().min(1).max(50).meta({ description: 'Levels paid; levels gives one rate per level.' }),
  basis: Basis.optional(),
  levels: Generations.meta({ description: 'Rates per level of the placement matrix, level 1 first (the member placed directly above).' }),
  compression: z.enum(['none', 'dynamic']).default('none'),
  qualify: QualifySchema.optional(),
});

export const IMPLEMENTED_BONUS_TYPES = ['retailProfit', 'fastStart', 'unilevel', 'matching', 'pool', 'rankAdvancement', 'binary', 'stairstep', 'matrix'] as const;

export const BonusSchema = z.discriminatedUnion('type', [
  RetailProfitSchema, FastStartSchema, UnilevelSchema, MatchingSchema, PoolSchema, RankAdvancementSchema, BinarySchema, StairstepSchema, MatrixSchema,
], { error: (issue) => (issue.code === 'invalid_union' ? unknownBonusTypeMessage(issue.input) : undefined) });

function unknownBonusTypeMessage(bonus: unknown): string {
  const type = bonus !== null && typeof bonus === 'object' ? (bonus as { type?: unknown }).type : undefined;
  return `unknown bonus type ${JSON.stringify(type)}; expected one of ${IMPLEMENTED_BONUS_TYPES.join(', ')}`;
}

export const PlanDocumentSchema = z.strictObject({
  plan: Id.meta({ description: 'The plan id.' }),
  version: z.number().int().min(1),
  effectiveFrom: z.iso.date().meta({ description: 'A period uses the version in force at its start.' }),
  currency: z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code like "INR"'),
  timeZone: z.string().optional(),
  period: z.enum(['monthly', 'weekly', 'biweekly', 'daily']).default('monthly'),
  weekStart: z.enum(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']).optional(),
  rounding: z.enum(ROUNDING_MODES).default('half-up').meta({ description: 'Applied once per commission line at the minor unit.' }),
  minorUnitsPerCV: z.number().int().min(1).default(100).meta({ description: 'Money value of one volume point in minor units: 100 means 1 CV = 1 rupee.' }),
  volume: z.strictObject({
    qualifying: Basis.default('qv').meta({ description: 'What PV, GV, activity and ranks count.' }),
    commissionable: Basis.default('cv').meta({ description: 'What percentages apply to unless a bonus says otherwise.' }),
    customerOrdersCreditTo: z.literal('referrer').default('referrer'),
  }).default({ qualifying: 'qv', commissionable: 'cv', customerOrdersCreditTo: 'referrer' }),
  activity: z.strictObject({
    minPV: VolumePoints.default(0),
    autoshipQV: AutoshipQV.optional(),
  }).default({ minPV: 0 }).meta({ description: 'Who is active: PV at least minPV and, when given, an active autoship of at least autoshipQV.' }),
  ranks: z.array(RankSchema).default([]).meta({ description: 'Lowest first. A distributor holds the highest rank whose requirements are met.' }),
  paidAs: z.enum(['qualified', 'highest']).default('qualified').meta({ description: 'Pay by this period\'s rank, or by the highest rank ever reached.' }),
  bonuses: z.array(BonusSchema).default([]),
  cap: z.strictObject({
    totalPayoutMaxShareOfCV: Percent,
    exclude: z.array(Id).default([]).meta({ description: 'Bonuses left unscaled; they still count against the cap.' }),
  }).optional(),
});

export type PlanDocumentInput = z.input<typeof PlanDocumentSchema>;
export type Plan = z.output<typeof PlanDocumentSchema>;
export type Bonus = Plan['bonuses'][number];
export type BonusType = Bonus['type'];
export type BonusOfType<T extends BonusType> = Extract<Bonus, { type: T }>;
export type Rank = Plan['ranks'][number];
export type RankRequirements = z.output<typeof RankRequirementsSchema>;
export type Qualify = z.output<typeof QualifySchema>;
export type FirstPairRatio = (typeof FIRST_PAIR_RATIOS)[number];
