import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AutoshipIdParam, AutoshipSchema, CreateAutoshipBody, ListAutoshipsQuery, SkipMonthBody, UpdateAutoshipBody } from '../../schemas/commerce.ts';
import { errorResponses, pageOf } from '../../schemas/common.ts';
import { changeAutoshipStatus, skipAutoshipMonth } from '../../services/autoship/change-autoship-status.ts';
import { createAutoship } from '../../services/autoship/create-autoship.ts';
import { getAutoship, listAutoships } from '../../services/autoship/list-autoships.ts';
import { updateAutoship } from '../../services/autoship/update-autoship.ts';
import { contextFor } from '../request-context.ts';

/** Autoship: recurring orders placed by the worker on their day of the month. */
export const autoshipRoutes =
  (db: Kysely<Database>): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/autoships', { schema: { tags: ['autoship'], summary: 'Autoships, newest first (a member sees their own)', querystring: ListAutoshipsQuery, response: { 200: pageOf(AutoshipSchema), ...errorResponses(400, 404) } } },
      async (request) => listAutoships(contextFor(request, db), request.query));

    app.post('/autoships', { schema: { tags: ['autoship'], summary: 'Set up an autoship', body: CreateAutoshipBody, response: { 201: AutoshipSchema, ...errorResponses(400, 404, 422) } } },
      async (request, reply) => reply.code(201).send(await createAutoship(contextFor(request, db), request.body)));

    app.get('/autoships/:id', { schema: { tags: ['autoship'], summary: 'One autoship with its recent months', params: AutoshipIdParam, response: { 200: AutoshipSchema, ...errorResponses(404) } } },
      async (request) => getAutoship(contextFor(request, db), request.params.id));

    app.patch('/autoships/:id', { schema: { tags: ['autoship'], summary: 'Change items, day, payment method or address', params: AutoshipIdParam, body: UpdateAutoshipBody, response: { 200: AutoshipSchema, ...errorResponses(400, 404, 409, 422) } } },
      async (request) => updateAutoship(contextFor(request, db), request.params.id, request.body));

    for (const action of ['pause', 'resume', 'cancel'] as const) {
      app.post(`/autoships/:id/${action}`, { schema: { tags: ['autoship'], summary: `${action[0]!.toUpperCase()}${action.slice(1)} an autoship`, params: AutoshipIdParam, response: { 200: AutoshipSchema, ...errorResponses(404, 409) } } },
        async (request) => changeAutoshipStatus(contextFor(request, db), request.params.id, action));
    }

    app.post('/autoships/:id/skip', { schema: { tags: ['autoship'], summary: 'Skip one month', params: AutoshipIdParam, body: SkipMonthBody, response: { 200: AutoshipSchema, ...errorResponses(400, 404, 409, 422) } } },
      async (request) => skipAutoshipMonth(contextFor(request, db), request.params.id, request.body.month));
  };
