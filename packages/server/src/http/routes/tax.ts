import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema.ts';
import { errorResponses } from '../../schemas/common.ts';
import { OrderRefParam } from '../../schemas/orders.ts';
import { CreditNoteParam, CreditNoteSchema, GstSummaryQuery, InvoiceSchema, TaxSettingsBody, TaxSettingsSchema } from '../../schemas/tax.ts';
import { getCreditNote, getOrderInvoice } from '../../services/tax/get-invoice.ts';
import { gstSummary, gstSummaryCsv } from '../../services/tax/gst-summary.ts';
import { taxDocumentHtml } from '../../services/tax/invoice-render.ts';
import { getTaxSettings, setTaxSettings } from '../../services/tax/tax-settings.ts';
import { contextFor } from '../request-context.ts';

const Html = z.string().describe('text/html');

export const taxRoutes =
  (db: Kysely<Database>): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/company/tax-settings', { schema: { tags: ['tax'], summary: "The company's GST registration and price basis", response: { 200: TaxSettingsSchema } } },
      async (request) => getTaxSettings(contextFor(request, db)));

    app.put('/company/tax-settings', { schema: { tags: ['tax'], summary: "Set the company's GSTIN, state and whether prices include GST", body: TaxSettingsBody, response: { 200: TaxSettingsSchema, ...errorResponses(400, 422) } } },
      async (request) => setTaxSettings(contextFor(request, db), request.body));

    app.get('/orders/:ref/invoice', { schema: { tags: ['tax'], summary: "An order's tax invoice", params: OrderRefParam, response: { 200: InvoiceSchema, ...errorResponses(404) } } },
      async (request) => getOrderInvoice(contextFor(request, db), request.params.ref));

    app.get('/orders/:ref/invoice/print', { schema: { tags: ['tax'], summary: "An order's tax invoice as a printable page", params: OrderRefParam, response: { 200: Html, ...errorResponses(404) } } },
      async (request, reply) => {
        const ctx = contextFor(request, db);
        const invoice = await getOrderInvoice(ctx, request.params.ref);
        return reply.type('text/html; charset=utf-8').send(taxDocumentHtml({ ...invoice, kind: 'invoice' }, ctx.language));
      });

    app.get('/credit-notes/:id', { schema: { tags: ['tax'], summary: 'A credit note with the invoice it corrects', params: CreditNoteParam, response: { 200: CreditNoteSchema, ...errorResponses(400, 404) } } },
      async (request) => getCreditNote(contextFor(request, db), request.params.id));

    app.get('/credit-notes/:id/print', { schema: { tags: ['tax'], summary: 'A credit note as a printable page', params: CreditNoteParam, response: { 200: Html, ...errorResponses(400, 404) } } },
      async (request, reply) => {
        const ctx = contextFor(request, db);
        const note = await getCreditNote(ctx, request.params.id);
        return reply.type('text/html; charset=utf-8').send(taxDocumentHtml({ ...note, kind: 'creditNote' }, ctx.language));
      });

    app.get('/tax/gst-summary.csv', { schema: { tags: ['tax'], summary: 'GST summary of a month: taxable value and tax by place of supply and rate, invoices less credit notes', querystring: GstSummaryQuery, response: { 200: z.string().describe('text/csv'), ...errorResponses(400) } } },
      async (request, reply) => {
        const rows = await gstSummary(contextFor(request, db), request.query.month);
        return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="gst-summary-${request.query.month}.csv"`).send(gstSummaryCsv(request.query.month, rows));
      });
  };
