import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { DatabaseHandle } from '../../db/connection.ts';
import { errorResponses } from '../../schemas/common.ts';
import { PeriodIdParam } from '../../schemas/periods.ts';
import { API_SIMULATION_LIMITS, LintBody, LintSchema, PlanVersionIdParam, PlanVersionLintSchema, SimulationBody, SimulationSchema, WhatIfBody, WhatIfSchema } from '../../schemas/planlab.ts';
import { getPlanVersionLint, lintPlanSource } from '../../services/planlab/lint-plan.ts';
import type { PlanChoice } from '../../services/planlab/plan-from.ts';
import { runSimulation } from '../../services/planlab/run-simulation.ts';
import { whatIfPeriod } from '../../services/planlab/whatif-period.ts';
import { contextFor } from '../request-context.ts';

const planChoice = (body: { source?: string; planVersion?: number }): PlanChoice => (body.source !== undefined ? { source: body.source } : { planVersionId: body.planVersion! });

/** The plan lab: lint a plan, rerun a committed period with another plan, simulate a plan forward. Nothing here writes. */
export const planLabRoutes =
  (database: DatabaseHandle): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = database;

    app.post('/plans/lint', {
      schema: { tags: ['plan lab'], summary: 'Lint a plan document without storing it', body: LintBody, response: { 200: LintSchema, ...errorResponses(400, 422) } },
    }, async (request) => lintPlanSource(contextFor(request, db), request.body.source, request.body.maxPayout));

    app.get('/plans/:id/lint', {
      schema: { tags: ['plan lab'], summary: 'The linter\'s findings stored with a plan version', params: PlanVersionIdParam, response: { 200: PlanVersionLintSchema, ...errorResponses(404) } },
    }, async (request) => getPlanVersionLint(contextFor(request, db), request.params.id));

    app.post('/periods/:id/whatif', {
      schema: {
        tags: ['plan lab'],
        summary: 'Rerun a committed period with another plan (a draft or a stored version), without touching the ledger',
        params: PeriodIdParam,
        body: WhatIfBody,
        response: { 200: WhatIfSchema, ...errorResponses(400, 404, 409, 422) },
      },
    }, async (request) => whatIfPeriod(database, contextFor(request, db), request.params.id, planChoice(request.body)));

    app.post('/simulations', {
      schema: {
        tags: ['plan lab'],
        summary: `Simulate a plan forward month by month (at most ${API_SIMULATION_LIMITS.months} months and ${API_SIMULATION_LIMITS.members} members here; the CLI runs larger ones)`,
        body: SimulationBody,
        response: { 200: SimulationSchema, ...errorResponses(400, 404, 422) },
      },
    }, async (request) => {
      const { body } = request;
      return runSimulation(contextFor(request, db), { plan: planChoice(body), assumptions: body.assumptions, fromHistory: body.fromHistory, months: body.months, seed: body.seed, start: body.start }, { maxMembers: API_SIMULATION_LIMITS.members });
    });
  };
