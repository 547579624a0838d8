import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema.ts';
import { Money } from '../../schemas/common.ts';
import { productFeedbackReport } from '../../services/reports/product-feedback-report.ts';
import { retentionCohorts } from '../../services/reports/retention-cohorts.ts';
import { selfRelianceReport } from '../../services/reports/self-reliance.ts';
import { contextFor } from '../request-context.ts';

/** The seed's promises, measured: self-reliance, retention, product feedback. */
export const reportRoutes =
  (db: Kysely<Database>): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/reports/self-reliance', {
      schema: {
        tags: ['reports'], summary: 'Per committed period: how many earned something, more than they spent, and at least the threshold',
        querystring: z.object({ threshold: z.coerce.number().int().min(0).max(1e12).default(100_000).describe('Minor units; default ₹1,000') }),
        response: {
          200: z.object({
            threshold: Money,
            items: z.array(z.object({ periodId: z.number().int(), from: z.string(), to: z.string(), participants: z.number().int(), earnedSomething: z.number().int(), earnedMoreThanSpent: z.number().int(), earnedAtLeastThreshold: z.number().int() })),
          }),
        },
      },
    }, async (request) => selfRelianceReport(contextFor(request, db), request.query));

    app.get('/reports/retention', {
      schema: {
        tags: ['reports'], summary: 'New distributors per month and how many are active 3, 6 and 12 months later, optionally by region',
        querystring: z.object({ by: z.enum(['region']).optional() }),
        response: {
          200: z.object({
            items: z.array(z.object({
              cohort: z.string(), region: z.string().nullable(), newDistributors: z.number().int(),
              activeAfter3: z.number().int().nullable(), activeAfter6: z.number().int().nullable(), activeAfter12: z.number().int().nullable(),
            })),
          }),
        },
      },
    }, async (request) => retentionCohorts(contextFor(request, db), { byRegion: request.query.by === 'region' }));

    app.get('/reports/product-feedback', {
      schema: {
        tags: ['reports'], summary: 'Per product and month: responses, average rating and themes',
        response: { 200: z.object({ items: z.array(z.object({ product: z.string(), month: z.string(), responses: z.number().int(), averageRating: z.number(), themes: z.record(z.string(), z.number().int()) })) }) },
      },
    }, async (request) => productFeedbackReport(contextFor(request, db)));
  };
