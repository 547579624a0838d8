import { z } from 'zod';
import { Currency, IsoDate, IsoDateTime, PageQuery, Ref } from './common.ts';
import { ReferralCode } from './members.ts';
import { ShippingAddressSchema } from './commerce.ts';

export const PlaceOrderBody = z
  .object({
    buyer: Ref.describe('Buyer id or member code'),
    items: z
      .array(z.object({ product: Ref.describe('Product id or SKU'), quantity: z.number().int().min(1).max(10_000) }).strict())
      .min(1)
      .max(100),
    currency: Currency.optional().describe("Defaults to the company's currency"),
    referral: ReferralCode.optional().describe("Ordered through a distributor's referral link: a customer's order is credited to that distributor"),
    billingState: z.string().trim().min(1).max(60).optional().describe("The billing address's state, as its GST state code (27) or ISO letters (MH): the place of supply on the tax invoice; defaults to the company's state"),
    shippingAddress: ShippingAddressSchema.optional(),
    warehouse: Ref.optional().describe('Ship from this warehouse (default: the first that holds every line)'),
    awaitingPayment: z.boolean().optional().describe('Payment is still to come (cash on delivery, bank transfer): fulfilment starts at placed'),
  })
  .strict();

export const IdempotencyHeaders = z.object({
  'idempotency-key': z
    .string()
    .trim()
    .min(1)
    .max(255)
    .refine((key) => !key.startsWith('import:'), 'keys starting with "import:" are kept for imported orders')
    .optional()
    .describe('Repeat a request with the same key and the first result comes back; nothing is created twice'),
});

export const RefundBody = z
  .object({
    lines: z
      .array(z.object({ lineNo: z.number().int().min(1), quantity: z.number().int().min(1) }).strict())
      .min(1)
      .max(100)
      .optional()
      .describe('Omit to refund everything not yet refunded'),
    reason: z.string().trim().min(1).max(500),
    restock: z.boolean().optional().describe('The goods came back and can be sold again: shipped units go back on hand'),
  })
  .strict();

export const CoolingOffRefundBody = z.object({ reason: z.string().trim().min(1).max(500) }).strict();

export const BuyBackBody = z
  .object({
    lines: RefundBody.shape.lines.describe('Omit to buy back everything not yet refunded'),
    reason: z.string().trim().min(1).max(500),
  })
  .strict();

const OrderLine = z.object({
  id: z.number().int(),
  lineNo: z.number().int(),
  productId: z.number().int(),
  sku: z.string(),
  quantity: z.number().int(),
  unitPrice: z.number().int(),
  unitWholesale: z.number().int(),
  unitQv: z.number(),
  unitCv: z.number(),
  amount: z.number().int(),
  qv: z.number(),
  cv: z.number(),
  refundedQuantity: z.number().int(),
});

const Refund = z.object({
  id: z.number().int(),
  periodId: z.number().int(),
  reason: z.string(),
  kind: z.enum(['refund', 'cooling_off', 'buy_back']).describe('An ordinary refund, a cooling-off cancellation (full price) or a buy-back (the policy share of the price)'),
  amount: z.number().int(),
  qv: z.number(),
  cv: z.number(),
  createdAt: IsoDateTime,
  lines: z.array(z.object({ lineNo: z.number().int().nullable(), quantity: z.number().int(), amount: z.number().int(), qv: z.number(), cv: z.number() })),
});

const OrderStatus = z.enum(['paid', 'partially_refunded', 'refunded']);

export const OrderSchema = z
  .object({
    id: z.number().int(),
    number: z.string(),
    buyer: z.object({ id: z.number().int(), code: z.string(), name: z.string(), type: z.string() }),
    credited: z.object({ id: z.number().int(), code: z.string(), name: z.string() }).describe('The distributor whose volume this order is'),
    period: z.object({ id: z.number().int(), start: IsoDate, end: IsoDate }),
    businessDate: IsoDate,
    status: OrderStatus,
    currency: z.string(),
    priceTier: z.enum(['retail', 'distributor']),
    amount: z.number().int(),
    wholesaleAmount: z.number().int().describe('The same lines at distributor price: amount minus this is retail profit'),
    qv: z.number(),
    cv: z.number(),
    refundedAmount: z.number().int(),
    createdAt: IsoDateTime,
    lines: z.array(OrderLine),
    refunds: z.array(Refund),
  })
  .meta({ id: 'Order' });

export const OrderSummary = z.object({
  id: z.number().int(),
  number: z.string(),
  buyer: z.object({ id: z.number().int(), code: z.string(), name: z.string() }),
  creditedId: z.number().int(),
  periodId: z.number().int(),
  businessDate: IsoDate,
  status: OrderStatus,
  currency: z.string(),
  amount: z.number().int(),
  qv: z.number(),
  cv: z.number(),
  refundedAmount: z.number().int(),
  fulfilment: z.enum(['placed', 'paid', 'packed', 'shipped', 'delivered', 'cancelled', 'returned']).nullable().describe('Where the order is in fulfilment; null for an order not fulfilled through Samooh (imported or placed before stock was kept)'),
  createdAt: IsoDateTime,
});

export const ListOrdersQuery = PageQuery.extend({
  buyer: z.string().trim().min(1).max(64).optional().describe('Orders this member bought (id or code)'),
  credited: z.string().trim().min(1).max(64).optional().describe('Orders credited to this distributor (id or code)'),
  period: z.coerce.number().int().positive().optional().describe('Period id'),
  status: OrderStatus.optional(),
  shopPayment: z
    .enum(['awaiting', 'recorded'])
    .optional()
    .describe("Only orders placed in a distributor's shop: awaiting, those whose cash or UPI payment is still to be recorded (not cancelled); recorded, those whose payment is recorded"),
});

export const OrderRefParam = z.object({ ref: z.string().trim().min(1).max(64).describe('Numeric id or order number, e.g. SO1000042') });
