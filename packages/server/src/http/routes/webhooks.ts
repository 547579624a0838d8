import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema.ts';
import { errorResponses, pageOf } from '../../schemas/common.ts';
import { CreatedWebhookSchema, CreateWebhookBody, IdParam, UpdateWebhookBody, WebhookDeliverySchema, WebhookPageQuery, WebhookSchema } from '../../schemas/tax.ts';
import { listDeliveries, replayDelivery } from '../../services/webhooks/deliveries.ts';
import { createWebhook, listWebhooks, updateWebhook } from '../../services/webhooks/subscriptions.ts';
import { contextFor } from '../request-context.ts';

export const webhookRoutes =
  (db: Kysely<Database>): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/webhooks', { schema: { tags: ['webhooks'], summary: 'Webhook subscriptions', querystring: WebhookPageQuery, response: { 200: pageOf(WebhookSchema), ...errorResponses(400) } } },
      async (request) => listWebhooks(contextFor(request, db), request.query));

    app.post('/webhooks', { schema: { tags: ['webhooks'], summary: 'Subscribe a URL to events; the answer shows the signing secret once', body: CreateWebhookBody, response: { 201: CreatedWebhookSchema, ...errorResponses(400, 422) } } },
      async (request, reply) => reply.code(201).send(await createWebhook(contextFor(request, db), request.body)));

    app.patch('/webhooks/:id', { schema: { tags: ['webhooks'], summary: 'Change a subscription or switch it off and on', params: IdParam, body: UpdateWebhookBody, response: { 200: WebhookSchema, ...errorResponses(400, 404, 422) } } },
      async (request) => updateWebhook(contextFor(request, db), request.params.id, request.body));

    app.get('/webhooks/:id/deliveries', { schema: { tags: ['webhooks'], summary: "A subscription's delivery log, newest first, with every attempt", params: IdParam, querystring: WebhookPageQuery, response: { 200: pageOf(WebhookDeliverySchema), ...errorResponses(400, 404) } } },
      async (request) => listDeliveries(contextFor(request, db), request.params.id, request.query));

    app.post('/webhook-deliveries/:id/replay', { schema: { tags: ['webhooks'], summary: 'Send a delivered or failed event again, as a new delivery', params: IdParam, response: { 202: z.object({ id: z.number().int(), replayOf: z.number().int() }), ...errorResponses(400, 404) } } },
      async (request, reply) => reply.code(202).send(await replayDelivery(contextFor(request, db), request.params.id)));
  };
