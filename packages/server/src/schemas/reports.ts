import { z } from 'zod';
import { Money } from './common.ts';

export const SelfRelianceQuery = z.object({ threshold: z.coerce.number().int().min(0).max(1e12).default(100_000).describe('Minor units; default ₹1,000') });

export const SelfRelianceSchema = z.object({
  threshold: Money,
  items: z.array(z.object({ periodId: z.number().int(), from: z.string(), to: z.string(), participants: z.number().int(), earnedSomething: z.number().int(), earnedMoreThanSpent: z.number().int(), earnedAtLeastThreshold: z.number().int() })),
});

export const RetentionQuery = z.object({ by: z.enum(['region']).optional() });

export const RetentionSchema = z.object({
  items: z.array(z.object({
    cohort: z.string(), region: z.string().nullable(), newDistributors: z.number().int(),
    activeAfter3: z.number().int().nullable(), activeAfter6: z.number().int().nullable(), activeAfter12: z.number().int().nullable(),
  })),
});

export const ProductFeedbackReportSchema = z.object({
  items: z.array(z.object({ product: z.string(), month: z.string(), responses: z.number().int(), averageRating: z.number(), themes: z.record(z.string(), z.number().int()) })),
});
