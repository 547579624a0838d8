/**
 * The shapes of the API answers the console reads, inferred from the server's zod schemas
 * (type-only imports: nothing of the server's runtime reaches the bundle).
 */
import type { z } from 'zod';
import type { RunPreviewSchema, RunSchema, PlanVersionDocumentSchema, PlanVersionSchema, WalletAdjustmentSchema } from '../../../../server/src/schemas/commissions.ts';
import type { AuditEntrySchema, AuditPageSchema } from '../../../../server/src/schemas/audit.ts';
import type { ProductFeedbackReportSchema, RetentionSchema, SelfRelianceSchema } from '../../../../server/src/schemas/reports.ts';
import type { FulfilmentQueueItemSchema, FulfilmentSchema, StockSchema, WarehouseSchema } from '../../../../server/src/schemas/commerce.ts';

export type Run = z.infer<typeof RunSchema>;
export type RunPreview = z.infer<typeof RunPreviewSchema>;
export type PlanVersion = z.infer<typeof PlanVersionSchema>;
export type WalletAdjustment = z.infer<typeof WalletAdjustmentSchema>;
export type PlanVersionDocument = z.infer<typeof PlanVersionDocumentSchema>;
export type AuditEntry = z.infer<typeof AuditEntrySchema>;
export type AuditPage = z.infer<typeof AuditPageSchema>;
export type FulfilmentQueueItem = z.infer<typeof FulfilmentQueueItemSchema>;
export type Fulfilment = z.infer<typeof FulfilmentSchema>;
export type Warehouse = z.infer<typeof WarehouseSchema>;
export type Stock = z.infer<typeof StockSchema>;
export type SelfReliance = z.infer<typeof SelfRelianceSchema>;
export type Retention = z.infer<typeof RetentionSchema>;
export type FeedbackMonth = z.infer<typeof ProductFeedbackReportSchema>['items'][number];

export interface Payout {
  id: number;
  memberId: number;
  code: string;
  accountHolder: string;
  bankAccount: string | null;
  amount: number;
  status: 'pending' | 'paid' | 'failed';
  reference: string | null;
  failureReason: string | null;
}

export interface PayoutBatch {
  id: number;
  status: 'draft' | 'exported' | 'settled';
  currency: string;
  total: number;
  payouts: Payout[];
  createdAt: string;
  exportedAt: string | null;
  settledAt: string | null;
}

export interface WalletStanding {
  memberId: number;
  code: string;
  name: string;
  balance: number;
  bankAccount: string | null;
  hold: string | null;
}

/** The plan linter's report (schemas/planlab.ts PlanLint). */
export interface Lint {
  threshold: string;
  theoreticalMaxPayout: string | null;
  uncappedMaxPayout: string | null;
  cap: string | null;
  method: string;
  bonuses: { bonus: string; kind: 'share' | 'unbounded' | 'outsideCv'; maxShare: string | null }[];
  errors: number;
  warnings: number;
  findings: { code: string; severity: 'error' | 'warning' | 'info'; path: string; params: Record<string, string | number>; message: string }[];
}
