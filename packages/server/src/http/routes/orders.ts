import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema.ts';
import { errorResponses, pageOf } from '../../schemas/common.ts';
import { IdempotencyHeaders, ListOrdersQuery, OrderRefParam, OrderSchema, OrderSummary, PlaceOrderBody, RefundBody } from '../../schemas/orders.ts';
import { getOrder } from '../../services/orders/get-order.ts';
import { listOrders } from '../../services/orders/list-orders.ts';
import { placeOrder } from '../../services/orders/place-order.ts';
import { refundOrder } from '../../services/orders/refund-order.ts';
import { contextFor } from '../request-context.ts';

export const orderRoutes =
  (db: Kysely<Database>): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/orders',
      {
        schema: {
          tags: ['orders'],
          summary: 'Place an order (idempotent with an Idempotency-Key header)',
          description: 'Returns 201 for a new order and 200 with the first order when the same Idempotency-Key is repeated with the same body.',
          headers: IdempotencyHeaders,
          body: PlaceOrderBody,
          response: { 200: OrderSchema, 201: OrderSchema, ...errorResponses(400, 404, 409, 422) },
        },
      },
      async (request, reply) => {
        const result = await placeOrder(contextFor(request, db), request.body, request.headers['idempotency-key']);
        if (result.replayed) reply.header('idempotent-replayed', 'true');
        return reply.code(result.replayed ? 200 : 201).send(result.order);
      },
    );

    app.get(
      '/orders',
      { schema: { tags: ['orders'], summary: 'Orders by member and period, newest first', querystring: ListOrdersQuery, response: { 200: pageOf(OrderSummary), ...errorResponses(400, 404) } } },
      async (request) => {
        const { period, ...rest } = request.query;
        return listOrders(contextFor(request, db), { ...rest, periodId: period });
      },
    );

    app.get(
      '/orders/:ref',
      { schema: { tags: ['orders'], summary: 'An order with its lines and refunds', params: OrderRefParam, response: { 200: OrderSchema, ...errorResponses(404) } } },
      async (request) => getOrder(contextFor(request, db), request.params.ref),
    );

    app.post(
      '/orders/:ref/refunds',
      {
        schema: {
          tags: ['orders'],
          summary: 'Refund part or all of an order',
          headers: IdempotencyHeaders,
          params: OrderRefParam,
          body: RefundBody,
          response: { 200: z.object({ refundId: z.number().int(), order: OrderSchema }), 201: z.object({ refundId: z.number().int(), order: OrderSchema }), ...errorResponses(400, 404, 422) },
        },
      },
      async (request, reply) => {
        const result = await refundOrder(contextFor(request, db), request.params.ref, request.body, request.headers['idempotency-key']);
        if (result.replayed) reply.header('idempotent-replayed', 'true');
        return reply.code(result.replayed ? 200 : 201).send({ refundId: result.refundId, order: result.order });
      },
    );
  };
