import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema.ts';
import { errorResponses, pageOf } from '../../schemas/common.ts';
import { BuyBackBody, CoolingOffRefundBody, IdempotencyHeaders, ListOrdersQuery, OrderRefParam, OrderSchema, OrderSummary, PlaceOrderBody, RefundBody } from '../../schemas/orders.ts';
import { buyBackOrder } from '../../services/orders/buy-back-order.ts';
import { coolingOffRefund } from '../../services/orders/cooling-off-refund.ts';
import { getOrder } from '../../services/orders/get-order.ts';
import { listOrders } from '../../services/orders/list-orders.ts';
import { placeOrder } from '../../services/orders/place-order.ts';
import { refundOrder, type RefundResult } from '../../services/orders/refund-order.ts';
import { contextFor } from '../request-context.ts';

const RefundResponse = z.object({ refundId: z.number().int(), order: OrderSchema });

/** 201 with the new refund, or 200 with the first one when an Idempotency-Key is repeated. */
function refunded(reply: FastifyReply, result: RefundResult) {
  if (result.replayed) reply.header('idempotent-replayed', 'true');
  return reply.code(result.replayed ? 200 : 201).send({ refundId: result.refundId, order: result.order });
}

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
          response: { 200: RefundResponse, 201: RefundResponse, ...errorResponses(400, 404, 422) },
        },
      },
      async (request, reply) => refunded(reply, await refundOrder(contextFor(request, db), request.params.ref, request.body, request.headers['idempotency-key'])),
    );

    app.post(
      '/orders/:ref/cooling-off-refund',
      {
        schema: {
          tags: ['orders'],
          summary: "Cancel a new distributor's order within the cooling-off period: everything comes back at the full price",
          headers: IdempotencyHeaders,
          params: OrderRefParam,
          body: CoolingOffRefundBody,
          response: { 200: RefundResponse, 201: RefundResponse, ...errorResponses(400, 404, 422) },
        },
      },
      async (request, reply) => refunded(reply, await coolingOffRefund(contextFor(request, db), request.params.ref, request.body, request.headers['idempotency-key'])),
    );

    app.post(
      '/orders/:ref/buy-back',
      {
        schema: {
          tags: ['orders'],
          summary: "Buy back a distributor's resaleable goods at the policy's share of the price; commissions on them are clawed back",
          headers: IdempotencyHeaders,
          params: OrderRefParam,
          body: BuyBackBody,
          response: { 200: RefundResponse, 201: RefundResponse, ...errorResponses(400, 404, 422) },
        },
      },
      async (request, reply) => refunded(reply, await buyBackOrder(contextFor(request, db), request.params.ref, request.body, request.headers['idempotency-key'])),
    );
  };
