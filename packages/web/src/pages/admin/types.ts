/**
 * The shapes of the API answers the console reads, inferred from the server's zod schemas
 * (type-only imports: nothing of the server's runtime reaches the bundle).
 */
import type { z } from 'zod';
import type { RunPreviewSchema, RunSchema, PlanVersionDocumentSchema, PlanVersionSchema, WalletAdjustmentSchema } from '../../../../server/src/schemas/commissions.ts';
import type { AuditEntrySchema, AuditPageSchema } from '../../../../server/src/schemas/audit.ts';
import type { ProductFeedbackReportSchema, RetentionSchema, SelfRelianceSchema } from '../../../../server/src/schemas/reports.ts';
import type { LintSchema } from '../../../../server/src/schemas/planlab.ts';
import type { PayoutBatchSchema, PayoutSchema, WalletStandingSchema } from '../../../../server/src/schemas/payouts.ts';
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
export type Payout = z.infer<typeof PayoutSchema>;
export type PayoutBatch = z.infer<typeof PayoutBatchSchema>;
export type WalletStanding = z.infer<typeof WalletStandingSchema>;
/** The plan linter's report. */
export type Lint = z.infer<typeof LintSchema>;
