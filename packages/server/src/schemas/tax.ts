import { z } from 'zod';
import { IsoDate, IsoDateTime, PageQuery } from './common.ts';

export const TaxSettingsBody = z
  .object({
    gstin: z.string().trim().max(20).nullable().describe("The company's GSTIN (15 characters, check character verified); null turns tax invoicing off"),
    state: z.string().trim().max(60).nullable().optional().describe('Registered state as GST code (27) or ISO letters (MH); defaults to the GSTIN\'s first two digits'),
    pricesIncludeTax: z.boolean().describe('True: catalogue prices include GST; false: GST is charged on top'),
    legalAddress: z.string().max(1000).optional().describe('Printed on invoices'),
  })
  .strict();

const State = z.object({ code: z.string(), name: z.string() });

export const TaxSettingsSchema = z
  .object({ gstin: z.string().nullable(), state: State.nullable(), pricesIncludeTax: z.boolean(), legalAddress: z.string(), invoicing: z.boolean() })
  .meta({ id: 'TaxSettings' });

const Amounts = {
  taxableValue: z.number().int(),
  cgst: z.number().int(),
  sgst: z.number().int().describe('SGST, or UTGST in a union territory without a legislature'),
  igst: z.number().int(),
  total: z.number().int(),
};

const DocumentLine = z.object({
  lineNo: z.number().int(),
  sku: z.string(),
  name: z.object({ en: z.string(), hi: z.string() }),
  hsnCode: z.string(),
  gstRate: z.number().describe('Per cent'),
  quantity: z.number().int(),
  unitPrice: z.number().int(),
  ...Amounts,
});

const Party = {
  order: z.object({ id: z.number().int(), number: z.string(), businessDate: IsoDate }),
  buyer: z.object({ code: z.string(), name: z.string() }),
  seller: z.object({ name: z.string(), gstin: z.string(), state: State.extend({ unionTerritory: z.boolean() }), address: z.string() }),
  placeOfSupply: State.extend({ unionTerritory: z.boolean() }),
  interState: z.boolean().describe('IGST across states; CGST and SGST within the state'),
  currency: z.string(),
};

const Head = { id: z.number().int(), number: z.string(), financialYear: z.string(), issueDate: IsoDate, issuedAt: IsoDateTime };

export const InvoiceSchema = z
  .object({
    ...Head,
    number: z.string().describe('e.g. INV/26-27/000042: gapless within a financial year (April to March)'),
    ...Party,
    pricesIncludeTax: z.boolean(),
    lines: z.array(DocumentLine),
    totals: z.object(Amounts),
    amountInWords: z.string(),
    creditNotes: z.array(z.object({ id: z.number().int(), number: z.string(), issueDate: IsoDate, total: z.number().int() })),
  })
  .meta({ id: 'Invoice' });

export const CreditNoteSchema = z
  .object({
    ...Head,
    number: z.string().describe('e.g. CN/26-27/000007: its own gapless series'),
    refundId: z.number().int(),
    reason: z.string(),
    invoice: z.object({ id: z.number().int(), number: z.string(), issueDate: IsoDate }),
    ...Party,
    lines: z.array(DocumentLine),
    totals: z.object(Amounts),
    amountInWords: z.string(),
  })
  .meta({ id: 'CreditNote' });

export const CreditNoteParam = z.object({ id: z.coerce.number().int().positive().max(2 ** 53 - 1) });

export const GstSummaryQuery = z.object({ month: z.string().regex(/^[0-9]{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM') });

export const WebhookEventSchema = z.string().describe('member.enrolled, order.placed, order.paid, order.shipped, order.refunded, rank.achieved, period.committed or payout.paid');

export const CreateWebhookBody = z
  .object({
    url: z.string().trim().min(1).max(2000).describe('http or https URL that receives a signed POST per event'),
    events: z.array(WebhookEventSchema).min(1).max(20),
    description: z.string().max(500).optional(),
  })
  .strict();

export const UpdateWebhookBody = z
  .object({ url: z.string().trim().min(1).max(2000).optional(), events: z.array(WebhookEventSchema).min(1).max(20).optional(), description: z.string().max(500).optional(), active: z.boolean().optional() })
  .strict();

export const WebhookSchema = z
  .object({ id: z.number().int(), url: z.string(), events: z.array(z.string()), description: z.string(), active: z.boolean(), createdAt: IsoDateTime })
  .meta({ id: 'Webhook' });

export const CreatedWebhookSchema = WebhookSchema.extend({ secret: z.string().describe('The signing secret: shown this once') });

export const WebhookDeliverySchema = z
  .object({
    id: z.number().int(),
    eventId: z.number().int(),
    event: z.string(),
    status: z.enum(['pending', 'delivered', 'failed']),
    attempts: z.array(z.object({ attempt: z.number().int(), at: IsoDateTime, httpStatus: z.number().int().nullable(), error: z.string().nullable(), durationMs: z.number().int() })),
    maxAttempts: z.number().int(),
    nextAttemptAt: IsoDateTime.nullable(),
    replayOf: z.number().int().nullable(),
    createdAt: IsoDateTime,
    finishedAt: IsoDateTime.nullable(),
  })
  .meta({ id: 'WebhookDelivery' });

export const IdParam = z.object({ id: z.coerce.number().int().positive().max(2 ** 53 - 1) });
export const WebhookPageQuery = PageQuery;

export const StorefrontOrderBody = z
  .object({
    id: z.union([z.string().max(100), z.number()]).optional().describe("The storefront's own order id, for reference"),
    currency: z.string().regex(/^[A-Z]{3}$/).optional(),
    customer: z
      .object({
        member_code: z.string().trim().max(32).optional(),
        email: z.email().max(254).optional(),
        first_name: z.string().trim().max(100).optional(),
        last_name: z.string().trim().max(100).optional(),
        phone: z.string().trim().max(20).optional(),
      })
      .describe('Who buys: an existing member by member_code or email, or a new retail customer (name and email)'),
    line_items: z.array(z.object({ sku: z.string().trim().min(1).max(32), quantity: z.number().int().min(1).max(10_000) })).min(1).max(100),
    referral_code: z.string().trim().max(32).optional().describe("A distributor's referral code (their member code)"),
    billing_address: z.object({ province_code: z.string().trim().max(10).optional(), province: z.string().trim().max(60).optional() }).optional(),
  })
  .describe('Unknown fields of the storefront (addresses, totals, notes) are ignored');
