import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { errorResponses } from '../../schemas/common.ts';
import { IdempotencyHeaders, OrderSchema } from '../../schemas/orders.ts';
import { StorefrontOrderBody } from '../../schemas/tax.ts';
import { importStorefrontOrder } from '../../services/storefront/import-storefront-order.ts';
import { contextFor } from '../request-context.ts';

export const storefrontRoutes =
  (db: Kysely<Database>): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/storefront/orders',
      {
        schema: {
          tags: ['orders'],
          summary: 'Take an order from an external storefront (Idempotency-Key required)',
          description: 'Maps a storefront order (line_items with sku and quantity, customer, referral_code, billing_address) to a Samooh order; see docs/api.md. 201 for a new order, 200 with the first order when the key is repeated.',
          headers: IdempotencyHeaders,
          body: StorefrontOrderBody,
          response: { 200: OrderSchema, 201: OrderSchema, ...errorResponses(400, 404, 409, 422, 428) },
        },
      },
      async (request, reply) => {
        const result = await importStorefrontOrder(contextFor(request, db), request.body, request.headers['idempotency-key']);
        if (result.replayed) reply.header('idempotent-replayed', 'true');
        return reply.code(result.replayed ? 200 : 201).send(result.order);
      },
    );
  };
