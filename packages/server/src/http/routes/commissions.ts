import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { DatabaseHandle } from '../../db/connection.ts';
import { errorResponses, MemberRefParam } from '../../schemas/common.ts';
import { PeriodIdParam } from '../../schemas/periods.ts';
import { PlanVersionDocumentSchema, PlanVersionSchema, ProjectionSchema, RunIdParam, RunPreviewSchema, RunSchema, SavePlanBody, StatementFormatParam, StatementQuery, StatementSchema, WalletAdjustmentBody, WalletAdjustmentSchema, WalletQuery, WalletSchema } from '../../schemas/commissions.ts';
import { IdempotencyHeaders } from '../../schemas/orders.ts';
import { approveRun } from '../../services/commissions/approve-run.ts';
import { calculatePeriod } from '../../services/commissions/calculate-period.ts';
import { commitRun } from '../../services/commissions/commit-run.ts';
import { listPlanVersions, savePlanVersion } from '../../services/commissions/plan-versions.ts';
import { listRuns, previewRun } from '../../services/commissions/run-view.ts';
import { getStatement } from '../../services/commissions/statement.ts';
import { statementCsv, statementHtml } from '../../services/commissions/statement-render.ts';
import { adjustWallet } from '../../services/ledger/adjust-wallet.ts';
import { getWallet } from '../../services/ledger/wallet.ts';
import { getProjection } from '../../services/projections/get-projection.ts';
import { PlanVersionIdParam, SavedPlanVersionSchema } from '../../schemas/planlab.ts';
import { getPlanVersion } from '../../services/commissions/get-plan-version.ts';
import { contextFor } from '../request-context.ts';

export const commissionRoutes =
  (database: DatabaseHandle): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = database;

    app.get('/plans', { schema: { tags: ['commissions'], summary: 'Plan versions, newest effective date first', response: { 200: z.object({ items: z.array(PlanVersionSchema) }) } } },
      async (request) => ({ items: await listPlanVersions(contextFor(request, db)) }));

    app.get('/plans/:id', { schema: { tags: ['commissions'], summary: 'One plan version with its document: the text as saved and the document as read', params: PlanVersionIdParam, response: { 200: PlanVersionDocumentSchema, ...errorResponses(404) } } },
      async (request) => getPlanVersion(contextFor(request, db), request.params.id));

    app.post('/plans', { schema: { tags: ['commissions'], summary: 'Store a new plan version (validated by the engine); the answer carries the plan linter\'s findings, stored with it', body: SavePlanBody, response: { 201: SavedPlanVersionSchema, ...errorResponses(400, 409, 422) } } },
      async (request, reply) => reply.code(201).send(await savePlanVersion(contextFor(request, db), request.body.source)));

    app.post('/periods/:id/calculate', {
      schema: {
        tags: ['commissions'],
        summary: 'Calculate a closed period as a preview run',
        description: 'Loads the snapshot, runs the plan version in force and stores every line. Any number of times; each run supersedes the previous preview.',
        params: PeriodIdParam,
        response: { 201: RunPreviewSchema, ...errorResponses(404, 409, 422) },
      },
    }, async (request, reply) => {
      const ctx = contextFor(request, db);
      const { runId } = await calculatePeriod(database, ctx.actor, request.params.id);
      return reply.code(201).send(await previewRun(ctx, runId));
    });

    app.get('/periods/:id/runs', { schema: { tags: ['commissions'], summary: 'The runs of a period, latest first', params: PeriodIdParam, response: { 200: z.object({ items: z.array(RunSchema) }) } } },
      async (request) => ({ items: await listRuns(contextFor(request, db), request.params.id) }));

    app.get('/runs/:id', { schema: { tags: ['commissions'], summary: 'A run with totals by bonus, top earners and the change since the previous preview', params: RunIdParam, response: { 200: RunPreviewSchema, ...errorResponses(404) } } },
      async (request) => previewRun(contextFor(request, db), request.params.id));

    app.post('/runs/:id/approve', { schema: { tags: ['commissions'], summary: 'Approve the latest preview (not by the person who calculated it)', params: RunIdParam, response: { 200: RunSchema, ...errorResponses(403, 404, 409) } } },
      async (request) => approveRun(contextFor(request, db), request.params.id));

    app.post('/runs/:id/commit', { schema: { tags: ['commissions'], summary: 'Post an approved run to the ledger (repeating it posts nothing)', params: RunIdParam, response: { 200: RunSchema, ...errorResponses(403, 404, 409) } } },
      async (request) => commitRun(contextFor(request, db), request.params.id));

    app.get('/members/:ref/statement', {
      schema: { tags: ['commissions'], summary: "A member's commission statement for a period, every line explained", params: MemberRefParam, querystring: StatementQuery, response: { 200: StatementSchema, ...errorResponses(400, 404) } },
    }, async (request) => getStatement(contextFor(request, db), request.params.ref, request.query.period));

    app.get('/members/:ref/statement.:format', {
      schema: { tags: ['commissions'], summary: 'The statement as CSV (for spreadsheets) or as a printable page', params: StatementFormatParam, querystring: StatementQuery, response: { 200: z.string().describe('text/csv or text/html'), ...errorResponses(400, 404) } },
    }, async (request, reply) => {
      const ctx = contextFor(request, db);
      const statement = await getStatement(ctx, request.params.ref, request.query.period);
      if (request.params.format === 'html') return reply.type('text/html; charset=utf-8').send(statementHtml(statement, ctx.language));
      const name = `statement-${statement.member.code}-${statement.period.start}.csv`;
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`).send(statementCsv(statement, ctx.language));
    });

    app.get('/members/:ref/projection', {
      schema: { tags: ['commissions'], summary: "A member's live standing in the open period: volumes, legs, projected earnings, and what the next rank still needs", params: MemberRefParam, response: { 200: ProjectionSchema, ...errorResponses(404, 422) } },
    }, async (request) => getProjection(contextFor(request, db), request.params.ref));

    app.get('/members/:ref/wallet', { schema: { tags: ['commissions'], summary: "A member's wallet: balance from the ledger and its entries, newest first", params: MemberRefParam, querystring: WalletQuery, response: { 200: WalletSchema, ...errorResponses(400, 404) } } },
      async (request) => getWallet(contextFor(request, db), request.params.ref, request.query));

    app.post('/members/:ref/wallet/adjustments', {
      schema: {
        tags: ['commissions'],
        summary: "A manual correction of a member's wallet, with a reason (audited; idempotent with an Idempotency-Key header)",
        description: 'Posts one balanced ledger transaction against commission expense. Returns 201, or 200 with the first posting when the same Idempotency-Key is repeated.',
        params: MemberRefParam, headers: IdempotencyHeaders, body: WalletAdjustmentBody,
        response: { 200: WalletAdjustmentSchema, 201: WalletAdjustmentSchema, ...errorResponses(400, 404, 422) },
      },
    }, async (request, reply) => {
      const { created, ...result } = await adjustWallet(contextFor(request, db), request.params.ref, request.body, request.headers['idempotency-key']);
      return reply.code(created ? 201 : 200).send(result);
    });
  };
