import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AuditPageSchema, AuditQuery } from '../../schemas/audit.ts';
import { errorResponses } from '../../schemas/common.ts';
import { listAuditEntries } from '../../services/audit/list-audit-entries.ts';
import { contextFor } from '../request-context.ts';

/** The audit trail: who changed what, when and why, with the record before and after. */
export const auditRoutes =
  (db: Kysely<Database>): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/audit', {
      schema: {
        tags: ['audit'],
        summary: 'The audit trail, newest first, filtered by record, actor, action and days; PAN and bank account numbers masked',
        querystring: AuditQuery,
        response: { 200: AuditPageSchema, ...errorResponses(400) },
      },
    }, async (request) => listAuditEntries(contextFor(request, db), request.query));
  };
