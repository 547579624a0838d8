import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { ProductFeedbackReportSchema, RetentionQuery, RetentionSchema, SelfRelianceQuery, SelfRelianceSchema } from '../../schemas/reports.ts';
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
        querystring: SelfRelianceQuery,
        response: { 200: SelfRelianceSchema },
      },
    }, async (request) => selfRelianceReport(contextFor(request, db), request.query));

    app.get('/reports/retention', {
      schema: {
        tags: ['reports'], summary: 'New distributors per month and how many are active 3, 6 and 12 months later, optionally by region',
        querystring: RetentionQuery,
        response: { 200: RetentionSchema },
      },
    }, async (request) => retentionCohorts(contextFor(request, db), { byRegion: request.query.by === 'region' }));

    app.get('/reports/product-feedback', {
      schema: {
        tags: ['reports'], summary: 'Per product and month: responses, average rating and themes',
        response: { 200: ProductFeedbackReportSchema },
      },
    }, async (request) => productFeedbackReport(contextFor(request, db)));
  };
