import { z } from 'zod';
import { IsoDate, IsoDateTime, MemberRefParam as MemberRefParamShape, Money } from './common.ts';

export const PlanVersionSchema = z
  .object({ id: z.number().int(), plan: z.string(), version: z.number().int(), effectiveFrom: IsoDate, createdAt: IsoDateTime })
  .meta({ id: 'PlanVersion' });

export const PlanVersionDocumentSchema = PlanVersionSchema.extend({
  source: z.string().describe('The plan document exactly as saved (YAML or JSON text)'),
  document: z.unknown().describe('The same document as the engine read it'),
}).meta({ id: 'PlanVersionDocument' });

export const SavePlanBody = z.object({ source: z.string().min(1).max(1_000_000).describe('The plan document, YAML or JSON (docs/plan-format.md)') }).strict();

const RunTotalsSchema = z.object({
  paid: Money.describe('What the plan paid this period, before clawbacks'),
  clawbacks: Money.describe('Negative: committed lines of refunded orders taken back'),
  cv: z.number().describe('Company commissionable volume, points'),
  byBonus: z.record(z.string(), Money),
  payoutRatio: z.number().describe('Paid over the money value of company CV'),
  capFactor: z.number().describe('1 when the payout cap did not bind'),
  earners: z.number().int(),
  lines: z.number().int(),
  tds: Money,
  fees: Money,
  net: Money,
});

export const RunSchema = z
  .object({
    id: z.number().int(),
    periodId: z.number().int(),
    sequence: z.number().int().describe('1 for the first preview of the period, then 2, 3, ...'),
    status: z.enum(['preview', 'approved', 'committed', 'superseded', 'reversed']),
    planVersionId: z.number().int(),
    inputHash: z.string().describe('sha256 of everything the calculation read: the same hash means the same inputs'),
    totals: RunTotalsSchema,
    createdBy: z.number().int().nullable(),
    approvedBy: z.number().int().nullable(),
    committedBy: z.number().int().nullable(),
    createdAt: IsoDateTime,
    approvedAt: IsoDateTime.nullable(),
    committedAt: IsoDateTime.nullable(),
  })
  .meta({ id: 'CommissionRun' });

export const RunPreviewSchema = RunSchema.extend({
  topEarners: z.array(z.object({ memberId: z.number().int(), code: z.string(), name: z.string(), rank: z.string().nullable(), earned: Money })),
  previous: z
    .object({
      runId: z.number().int(),
      paidChange: Money,
      byBonusChange: z.record(z.string(), Money),
      membersChanged: z.number().int(),
      largestChanges: z.array(z.object({ memberId: z.number().int(), code: z.string(), before: Money, after: Money })),
    })
    .nullable(),
}).meta({ id: 'CommissionRunPreview' });

export const RunIdParam = z.object({ id: z.coerce.number().int().positive() });

export const StatementQuery = z.object({ period: z.coerce.number().int().positive() });
export const StatementFormatParam = MemberRefParamShape.extend({ format: z.enum(['csv', 'html']) });

export const StatementSchema = z
  .object({
    member: z.object({ id: z.number().int(), code: z.string(), name: z.string() }),
    period: z.object({ id: z.number().int(), start: IsoDate, end: IsoDate, status: z.string() }),
    currency: z.string(),
    run: z.object({ id: z.number().int(), status: z.string(), preview: z.boolean() }).nullable(),
    lines: z.array(
      z.object({
        lineNo: z.number().int(),
        bonus: z.string(),
        amount: Money,
        source: z.object({ member: z.string().nullable(), order: z.string().nullable() }),
        level: z.number().int().nullable(),
        paidLevel: z.number().int().nullable(),
        rate: z.string().nullable(),
        base: Money.nullable(),
        reverses: z.object({ period: IsoDate, lineNo: z.number().int() }).nullable(),
        explanation: z.string(),
      }),
    ),
    gross: Money,
    tds: Money,
    fee: Money,
    net: Money,
  })
  .meta({ id: 'CommissionStatement' });

export const WalletQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.coerce.number().int().positive().optional(),
});

export const WalletAdjustmentBody = z
  .object({
    amount: Money.refine((amount) => amount !== 0, 'an adjustment is not zero').describe('Minor units: positive adds to what the member is owed, negative takes from it'),
    reason: z.string().trim().min(5).max(500).describe('Why; shown on the member\'s wallet and kept in the audit log'),
  })
  .meta({ id: 'WalletAdjustment' });

export const WalletAdjustmentSchema = z
  .object({
    transactionId: z.number().int(),
    memberId: z.number().int(),
    amount: Money,
    reason: z.string(),
    balance: Money.describe('The wallet balance after the adjustment'),
  })
  .meta({ id: 'WalletAdjustmentResult' });

export const WalletSchema = z
  .object({
    memberId: z.number().int(),
    currency: z.string(),
    balance: Money.describe('Owed to the member; negative after clawbacks larger than later earnings'),
    entries: z.array(z.object({ id: z.number().int(), at: IsoDateTime, kind: z.string(), reference: z.string(), memo: z.string(), periodId: z.number().int().nullable(), amount: Money })),
    nextBefore: z.number().int().nullable(),
  })
  .meta({ id: 'Wallet' });

export const ProjectionSchema = z
  .object({
    member: z.object({ id: z.number().int(), code: z.string(), name: z.string() }),
    period: z.object({ id: z.number().int(), start: IsoDate, end: IsoDate }),
    pv: z.number(),
    gv: z.number(),
    leftVolume: z.number(),
    rightVolume: z.number(),
    active: z.boolean(),
    autoshipQv: z.number().describe("QV of the member's autoship orders placed in the period so far"),
    rank: z.string().nullable().describe('As of the last full refresh'),
    projectedEarnings: Money.describe('As of the last full refresh'),
    projectedByBonus: z
      .array(z.object({ bonus: z.string().describe("The bonus's id in the plan"), type: z.string(), amount: Money }))
      .describe('The projected earnings bonus by bonus, in plan order, after the cap; they add up to projectedEarnings. As of the last full refresh'),
    updatedAt: IsoDateTime.nullable(),
    progress: z.object({
      nextRank: z.string().nullable(),
      needs: z.array(z.object({
        requirement: z.enum(['active', 'activeAutoship', 'pv', 'gv', 'sponsoredActive', 'legsWithRank', 'rollingGv', 'autoshipQV']),
        required: z.number(), current: z.number(), missing: z.number(), rank: z.string().optional(), maxLegShare: z.string().optional(),
      })),
    }),
  })
  .meta({ id: 'Projection' });
