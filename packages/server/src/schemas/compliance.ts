import { z } from 'zod';
import { Email, IsoDate, LanguageSchema, Money, Phone } from './common.ts';

const PeriodId = z.coerce.number().int().positive();
const Percent = z.number().min(0).max(100).multipleOf(0.0001);
const Cv = z.number().min(0).max(100_000_000).multipleOf(0.01);

export const DisclosureQuery = z.object({
  from: PeriodId.describe('First period of the range (id)'),
  to: PeriodId.optional().describe('Last period of the range (id); defaults to `from`'),
  language: LanguageSchema.optional().describe('The language of the statement (en or hi); default: by Accept-Language. Lets a plain link open the Hindi page or CSV'),
});
export const DisclosureFormatParam = z.object({ format: z.enum(['csv', 'html']) });

const StatisticsShape = {
  count: z.number().int(),
  earnedNothing: z.number().int(),
  total: Money,
  mean: Money,
  median: Money,
  percentiles: z.object({ p10: Money, p25: Money, p75: Money, p90: Money }).describe('Nearest-rank percentiles'),
  minimum: Money,
  maximum: Money,
};

export const IncomeDisclosureSchema = z
  .object({
    range: z.object({ from: z.number().int(), to: z.number().int(), start: IsoDate, end: IsoDate, periods: z.array(z.object({ id: z.number().int(), start: IsoDate, end: IsoDate })) }),
    currency: z.string(),
    participants: z.number().int(),
    earnedNothing: z.number().int(),
    earnedNothingPercent: z.number(),
    activeParticipants: z.number().int(),
    activity: z.array(z.object({ planId: z.string(), version: z.number().int(), minPV: z.number() })).describe('The activity rule of each plan version in the range'),
    company: z.object(StatisticsShape),
    byRank: z.array(z.object({ rank: z.string().nullable(), sharePercent: z.number(), earnedNothingPercent: z.number(), ...StatisticsShape })),
    totals: z.object({ committedGross: Money, participantsGross: Money, outsideParticipants: z.object({ members: z.number().int(), gross: Money }) }),
    definitions: z.object({ participant: z.string(), gross: z.string(), earnedNothing: z.string(), rank: z.string(), active: z.string(), percentiles: z.string(), expenses: z.string() }),
  })
  .meta({ id: 'IncomeDisclosure' });

export const ComplianceSettingsSchema = z
  .object({
    customerShareWarnBelowPercent: Percent.describe('Warn when customers bought less than this share of CV'),
    customerShareAlertBelowPercent: Percent.describe('Alert when customers bought less than this share of CV (not above the warning level)'),
    groupMinCv: Cv.describe('A distributor group is measured from this much CV in the period'),
    personalShareWarnAtPercent: Percent.describe("Flag a rank qualifier whose PV is at least this share own purchases"),
    loadingMultiple: z.number().min(1).max(100).multipleOf(0.000001).describe('Flag own purchases above this multiple of the trailing average'),
    trailingPeriods: z.number().int().min(1).max(24),
    spikeDays: z.number().int().min(1).max(31).describe('The last days before the cutoff'),
    spikeShareWarnAtPercent: Percent.describe('Flag when at least this share of own CV was bought in those days'),
    purchaseMinCv: Cv.describe('Purchase monitors look only at distributors with at least this own CV in the period'),
    soldShareMinPercent: Percent.describe('The 70% rule: CV sold to referred customers at least this share of earlier own purchases'),
    personalUseCv: Cv.describe('Own CV per trailing period taken as personal use before the 70% rule applies'),
    refundRateWarnAbovePercent: Percent,
    payoutRatioWarnAbovePercent: z.number().min(0).max(1000).multipleOf(0.0001),
    coolingOffDays: z.number().int().min(1).max(365).nullable().describe('A new distributor may cancel within this many days of joining and get everything back'),
    buyBackPercent: z.number().min(1).max(100).multipleOf(0.0001).describe('Buy-back: the share of the price refunded for resaleable goods returned'),
    buyBackDays: z.number().int().min(1).max(3650).describe('Buy-back: goods bought within this many days are taken back'),
    grievanceOfficer: z.string().trim().min(1).max(200).nullable(),
    grievanceEmail: Email.nullable(),
    grievancePhone: Phone.nullable(),
  })
  .meta({ id: 'ComplianceSettings' });

export const ComplianceSettingsPatch = ComplianceSettingsSchema.partial().strict();

export const FlagKind = z.enum(['customer_share', 'group_customer_share', 'personal_purchase_share', 'inventory_loading', 'purchase_spike', 'seventy_percent_rule', 'refund_rate', 'payout_ratio']);

export const FlagQuery = z.object({
  period: PeriodId.optional(),
  kind: FlagKind.optional(),
  severity: z.enum(['warning', 'alert']).optional(),
  status: z.enum(['open', 'acknowledged']).optional(),
  member: z.string().trim().min(1).max(64).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export const FlagSchema = z
  .object({
    id: z.number().int(),
    period: z.object({ id: z.number().int(), start: IsoDate, end: IsoDate }),
    kind: FlagKind,
    severity: z.enum(['warning', 'alert']),
    member: z.object({ id: z.number().int(), code: z.string(), name: z.string() }).nullable(),
    subject: z.string().describe('"company" or the member code'),
    figures: z.record(z.string(), z.unknown()),
    evidence: z.array(z.unknown()).describe('Orders: number, date, buyer, CV, amount'),
    status: z.enum(['open', 'acknowledged']),
    acknowledged: z.object({ by: z.string(), at: z.string(), note: z.string() }).nullable(),
    firstSeenAt: z.string(),
    lastSeenAt: z.string(),
  })
  .meta({ id: 'ComplianceFlag' });

export const FlagIdParam = z.object({ id: z.coerce.number().int().positive() });
export const AcknowledgeBody = z.object({ note: z.string().trim().min(1).max(2000) }).strict();
export const HoldBody = z.object({ hold: z.string().trim().min(1).max(500).nullable() }).strict();
export const HoldSchema = z.object({ memberId: z.number().int(), code: z.string(), payoutHold: z.string().nullable(), holdKind: z.enum(['payout', 'compliance']).nullable() });

const TheoreticalMaximumSchema = z.object({ total: Money, capped: z.boolean(), byBonus: z.record(z.string(), z.object({ maximum: Money, rule: z.string() })) });

export const MonitorsSchema = z
  .object({
    period: z.object({ id: z.number().int(), start: IsoDate, end: IsoDate, status: z.string() }),
    customerShare: z.object({ customerCv: z.number(), participantCv: z.number(), totalCv: z.number(), customerSharePercent: z.number(), groupsMeasured: z.number().int(), groupsFlagged: z.number().int() }),
    rankQualifiers: z.object({ measured: z.boolean(), qualifiers: z.number().int(), flagged: z.number().int() }),
    inventoryLoading: z.object({ aboveTrailingAverage: z.number().int(), spikes: z.number().int(), seventyPercentRule: z.number().int() }),
    refunds: z.object({ orderAmount: Money, refundAmount: Money, buyBackAmount: Money, refundRatePercent: z.number(), buyBackRatePercent: z.number(), coolingOffDays: z.number().int().nullable() }),
    payout: z.object({ cvMoney: Money, paid: Money, clawbacks: Money, payoutRatioPercent: z.number(), theoreticalMaximum: TheoreticalMaximumSchema, breakage: Money, breakagePercent: z.number() }).nullable().describe('Committed periods only'),
  })
  .meta({ id: 'ComplianceMonitors' });

export const ScanSchema = z.object({
  measures: MonitorsSchema,
  flags: z.object({ raised: z.number().int(), added: z.number().int(), dropped: z.number().int(), byKind: z.record(z.string(), z.number().int()) }),
});

export const ChecklistSchema = z
  .object({
    items: z.array(z.object({ id: z.enum(['noJoiningFee', 'kycBeforePayout', 'coolingOffConfigured', 'grievanceContactConfigured']), title: z.string(), holds: z.boolean(), evidence: z.record(z.string(), z.unknown()) })),
    holds: z.number().int(),
    total: z.number().int(),
  })
  .meta({ id: 'IndiaChecklist' });
