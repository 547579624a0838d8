import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema.ts';
import { errorResponses } from '../../schemas/common.ts';
import { IdempotencyHeaders, OrderRefParam } from '../../schemas/orders.ts';
import { CheckoutBody, ShopCodeParam, ShopOrderSchema, ShopPaymentBody, ShopProductDetailSchema, ShopProductParam, ShopProductSchema, ShopSchema } from '../../schemas/shop.ts';
import { checkOut } from '../../services/shop/check-out.ts';
import { getShop } from '../../services/shop/get-shop.ts';
import { getShopProduct } from '../../services/shop/get-shop-product.ts';
import { listShopProducts } from '../../services/shop/list-shop-products.ts';
import { recordShopPayment } from '../../services/shop/record-shop-payment.ts';
import { contextFor } from '../request-context.ts';

/**
 * A distributor's public shop (/s/CODE in the web app): the shop front, its
 * products and checkout, reachable without signing in; and recording a shop
 * order's payment, for that distributor or staff.
 */
export const shopRoutes =
  (db: Kysely<Database>): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/shop/:code', { config: { public: true }, schema: { tags: ['shop'], summary: "A distributor's shop: whose it is (display name only), currency, states, payment methods", params: ShopCodeParam, response: { 200: ShopSchema, ...errorResponses(400, 404, 410) } } },
      async (request) => getShop(contextFor(request, db), request.params.code));

    app.get('/shop/:code/products', { config: { public: true }, schema: { tags: ['shop'], summary: 'The products a shop sells, with retail and preferred prices', params: ShopCodeParam, response: { 200: z.object({ items: z.array(ShopProductSchema) }), ...errorResponses(400, 404, 410) } } },
      async (request) => listShopProducts(contextFor(request, db), request.params.code));

    app.get('/shop/:code/products/:sku', { config: { public: true }, schema: { tags: ['shop'], summary: 'One product of a shop with its usage, ingredients, certifications and questions', params: ShopProductParam, response: { 200: ShopProductDetailSchema, ...errorResponses(400, 404, 410) } } },
      async (request) => getShopProduct(contextFor(request, db), request.params.code, request.params.sku));

    app.post(
      '/shop/:code/checkout',
      {
        config: { public: true },
        schema: {
          tags: ['shop'],
          summary: "Check out in a distributor's shop as a retail customer, or sign up as a preferred customer (Idempotency-Key required)",
          description: 'The order is credited to the shop\'s distributor and waits for its payment (cash or UPI, recorded later). 201 for a new order, 200 with the first order when the key is repeated with the same body.',
          params: ShopCodeParam,
          headers: IdempotencyHeaders,
          body: CheckoutBody,
          response: { 200: ShopOrderSchema, 201: ShopOrderSchema, ...errorResponses(400, 404, 409, 410, 422, 428) },
        },
      },
      async (request, reply) => {
        const result = await checkOut(contextFor(request, db), request.params.code, request.body, request.headers['idempotency-key']);
        if (result.replayed) reply.header('idempotent-replayed', 'true');
        return reply.code(result.replayed ? 200 : 201).send(result.order);
      },
    );

    app.post('/orders/:ref/shop-payment', { schema: { tags: ['shop'], summary: "Record a shop order's payment (cash or UPI reference): the order becomes paid. The shop's distributor or staff who record payments", params: OrderRefParam, body: ShopPaymentBody, response: { 200: ShopOrderSchema, ...errorResponses(400, 404, 409, 422) } } },
      async (request) => recordShopPayment(contextFor(request, db), request.params.ref, request.body));
  };
