import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { errorResponses, pageOf } from '../../schemas/common.ts';
import { CreateProductBody, ListProductsQuery, ProductRefParam, ProductSchema, UpdateProductBody } from '../../schemas/products.ts';
import { getProduct } from '../../services/products/get-product.ts';
import { listProducts } from '../../services/products/list-products.ts';
import { createProduct, deactivateProduct, updateProduct } from '../../services/products/save-product.ts';
import { contextFor } from '../request-context.ts';

export const productRoutes =
  (db: Kysely<Database>): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/products',
      { schema: { tags: ['products'], summary: 'The catalogue, paged', querystring: ListProductsQuery, response: { 200: pageOf(ProductSchema), ...errorResponses(400) } } },
      async (request) => {
        const { active, ...rest } = request.query;
        return listProducts(contextFor(request, db), { ...rest, active: active === 'all' ? undefined : active === 'true' });
      },
    );

    app.post(
      '/products',
      { schema: { tags: ['products'], summary: 'Add a product', body: CreateProductBody, response: { 201: ProductSchema, ...errorResponses(400, 409, 422) } } },
      async (request, reply) => reply.code(201).send(await createProduct(contextFor(request, db), request.body)),
    );

    app.get(
      '/products/:ref',
      { schema: { tags: ['products'], summary: 'A product by id or SKU', params: ProductRefParam, response: { 200: ProductSchema, ...errorResponses(404) } } },
      async (request) => getProduct(contextFor(request, db), request.params.ref),
    );

    app.patch(
      '/products/:ref',
      {
        schema: {
          tags: ['products'],
          summary: 'Change a product; orders already placed keep what they copied',
          params: ProductRefParam,
          body: UpdateProductBody,
          response: { 200: ProductSchema, ...errorResponses(400, 404, 409, 422) },
        },
      },
      async (request) => updateProduct(contextFor(request, db), request.params.ref, request.body),
    );

    app.post(
      '/products/:ref/deactivate',
      { schema: { tags: ['products'], summary: 'Take a product off sale', params: ProductRefParam, response: { 200: ProductSchema, ...errorResponses(404) } } },
      async (request) => deactivateProduct(contextFor(request, db), request.params.ref),
    );
  };
