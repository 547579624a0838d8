import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema.ts';
import { AdjustStockBody, CreateWarehouseBody, FulfilmentChangeBody, FulfilmentQueueItemSchema, FulfilmentQueueQuery, FulfilmentSchema, ShipmentsQuery, StockChangeSchema, StockSchema, WarehouseRefParam, WarehouseSchema } from '../../schemas/commerce.ts';
import { errorResponses, pageOf } from '../../schemas/common.ts';
import { OrderRefParam } from '../../schemas/orders.ts';
import { changeFulfilment } from '../../services/fulfilment/change-fulfilment.ts';
import { getFulfilment } from '../../services/fulfilment/get-fulfilment.ts';
import { listFulfilments } from '../../services/fulfilment/list-fulfilments.ts';
import { packingSlipHtml, pickListHtml, shipmentsCsv } from '../../services/fulfilment/warehouse-documents.ts';
import { adjustStock } from '../../services/stock/adjust-stock.ts';
import { createWarehouse } from '../../services/stock/create-warehouse.ts';
import { listStock } from '../../services/stock/list-stock.ts';
import { listWarehouses } from '../../services/stock/list-warehouses.ts';
import { contextFor } from '../request-context.ts';

/** Warehouses, stock, and the fulfilment of orders with its printable documents. */
export const fulfilmentRoutes =
  (db: Kysely<Database>): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/warehouses', { schema: { tags: ['fulfilment'], summary: 'Warehouses', response: { 200: z.object({ items: z.array(WarehouseSchema) }) } } },
      async (request) => listWarehouses(contextFor(request, db)));

    app.post('/warehouses', { schema: { tags: ['fulfilment'], summary: 'Add a warehouse (from the first one on, orders reserve stock)', body: CreateWarehouseBody, response: { 201: WarehouseSchema, ...errorResponses(400, 409) } } },
      async (request, reply) => reply.code(201).send(await createWarehouse(contextFor(request, db), request.body)));

    app.get('/warehouses/:ref/stock', { schema: { tags: ['fulfilment'], summary: 'Stock on hand, reserved and available per product', params: WarehouseRefParam, response: { 200: StockSchema, ...errorResponses(404) } } },
      async (request) => listStock(contextFor(request, db), request.params.ref));

    app.post('/warehouses/:ref/stock', { schema: { tags: ['fulfilment'], summary: 'Receive stock or correct a count', params: WarehouseRefParam, body: AdjustStockBody, response: { 200: StockChangeSchema, ...errorResponses(400, 404, 409, 422) } } },
      async (request) => adjustStock(contextFor(request, db), request.params.ref, request.body));

    app.get('/warehouses/:ref/pick-list.html', { schema: { tags: ['fulfilment'], summary: "Printable pick list of the warehouse's paid orders", params: WarehouseRefParam, response: { 200: z.string().describe('text/html'), ...errorResponses(404) } } },
      async (request, reply) => reply.type('text/html; charset=utf-8').send(await pickListHtml(contextFor(request, db), request.params.ref)));

    app.get('/warehouses/:ref/shipments.csv', { schema: { tags: ['fulfilment'], summary: 'Packed (or shipped) orders as a CSV for a carrier', params: WarehouseRefParam, querystring: ShipmentsQuery, response: { 200: z.string().describe('text/csv'), ...errorResponses(400, 404) } } },
      async (request, reply) => {
        const csv = await shipmentsCsv(contextFor(request, db), request.params.ref, request.query);
        return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="shipments-${request.params.ref}-${request.query.state}.csv"`).send(csv);
      });

    app.get('/fulfilments', {
      schema: { tags: ['fulfilment'], summary: 'Orders in fulfilment by state and warehouse, oldest first: the work waiting at each step (no amounts)', querystring: FulfilmentQueueQuery, response: { 200: pageOf(FulfilmentQueueItemSchema), ...errorResponses(400, 404) } },
    }, async (request) => listFulfilments(contextFor(request, db), request.query));

    app.get('/orders/:ref/fulfilment', { schema: { tags: ['fulfilment'], summary: "An order's fulfilment state and its history", params: OrderRefParam, response: { 200: FulfilmentSchema, ...errorResponses(404) } } },
      async (request) => getFulfilment(contextFor(request, db), request.params.ref));

    app.post('/orders/:ref/fulfilment', { schema: { tags: ['fulfilment'], summary: 'Pay, pack, ship, deliver, cancel or return an order', params: OrderRefParam, body: FulfilmentChangeBody, response: { 200: FulfilmentSchema, ...errorResponses(400, 404, 409, 422) } } },
      async (request) => changeFulfilment(contextFor(request, db), request.params.ref, request.body));

    app.get('/orders/:ref/packing-slip.html', { schema: { tags: ['fulfilment'], summary: 'Printable packing slip', params: OrderRefParam, response: { 200: z.string().describe('text/html'), ...errorResponses(404) } } },
      async (request, reply) => reply.type('text/html; charset=utf-8').send(await packingSlipHtml(contextFor(request, db), request.params.ref)));
  };
