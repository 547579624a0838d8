import { z } from 'zod';
import { IsoDate, IsoDateTime, PageQuery, Phone, Ref } from './common.ts';

/** Where an order goes: Indian postal address with a six-digit PIN code. */
export const ShippingAddressSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    line1: z.string().trim().min(1).max(200),
    line2: z.string().trim().max(200).optional(),
    city: z.string().trim().min(1).max(100),
    state: z.string().trim().min(1).max(100),
    pincode: z.string().trim().regex(/^[1-9][0-9]{5}$/, 'a six-digit PIN code'),
    phone: Phone.optional(),
  })
  .strict()
  .meta({ id: 'ShippingAddress' });

export const WarehouseRefParam = z.object({ ref: z.string().trim().min(1).max(64).describe('Numeric id or warehouse code') });

export const CreateWarehouseBody = z
  .object({
    code: z.string().trim().toUpperCase().regex(/^[A-Z0-9][A-Z0-9-]{1,31}$/, 'letters, digits and dashes, 2 to 32 characters'),
    name: z.string().trim().min(1).max(200),
    address: z.string().trim().max(500).optional(),
  })
  .strict();

export const WarehouseSchema = z
  .object({ id: z.number().int(), code: z.string(), name: z.string(), address: z.string(), active: z.boolean(), createdAt: IsoDateTime })
  .meta({ id: 'Warehouse' });

export const StockSchema = z.object({
  warehouse: WarehouseSchema,
  items: z.array(z.object({
    product: z.object({ id: z.number().int(), sku: z.string(), name: z.object({ en: z.string(), hi: z.string() }) }),
    onHand: z.number().int(),
    reserved: z.number().int().describe('Held for orders not yet shipped'),
    available: z.number().int().describe('On hand minus reserved; below zero only for a product that allows back-orders'),
    allowBackorder: z.boolean(),
    updatedAt: IsoDateTime,
  })),
});

export const AdjustStockBody = z
  .object({
    product: Ref.describe('Product id or SKU'),
    change: z.number().int().min(-1_000_000).max(1_000_000).describe('Units added (receipt) or, negative, taken off (adjustment)'),
    kind: z.enum(['receipt', 'adjustment']).default('receipt'),
    reason: z.string().trim().min(1).max(500),
  })
  .strict();

export const StockChangeSchema = z.object({ warehouse: z.string(), product: z.string(), onHand: z.number().int(), reserved: z.number().int(), available: z.number().int() });

export const ShipmentsQuery = z.object({
  state: z.enum(['packed', 'shipped']).default('packed').describe('Packed orders to hand over (default), or shipped ones'),
  carrier: z.string().trim().min(1).max(100).optional().describe('Only this carrier (shipped orders)'),
});

const FulfilmentState = z.enum(['placed', 'paid', 'packed', 'shipped', 'delivered', 'cancelled', 'returned']);

export const FulfilmentSchema = z
  .object({
    order: z.string(),
    state: FulfilmentState,
    actions: z.array(z.enum(['pay', 'pack', 'ship', 'deliver', 'cancel', 'return'])).describe('What may be done next'),
    warehouse: z.object({ id: z.number().int(), code: z.string(), name: z.string() }).nullable(),
    shippingAddress: z.record(z.string(), z.string()).nullable(),
    carrier: z.string().nullable(),
    trackingNumber: z.string().nullable(),
    events: z.array(z.object({ from: FulfilmentState.nullable(), to: FulfilmentState, at: IsoDateTime, actor: z.string().nullable().describe('Who made the change (shown to staff)'), note: z.string().nullable() })),
  })
  .meta({ id: 'Fulfilment' });

export const FulfilmentChangeBody = z
  .object({
    action: z.enum(['pay', 'pack', 'ship', 'deliver', 'cancel', 'return']),
    carrier: z.string().trim().min(1).max(100).optional().describe('ship: the carrier'),
    trackingNumber: z.string().trim().min(1).max(100).optional().describe('ship: its tracking number'),
    reason: z.string().trim().min(1).max(500).optional().describe('cancel and return: why; otherwise a note'),
  })
  .strict();

const PaymentMethodSchema = z
  .object({
    type: z.string().trim().min(1).max(40).describe('The payment gateway: "test" outside production, or one registered'),
    reference: z.string().trim().min(1).max(200).describe("The gateway's reference to the stored mandate or card (never a card number)"),
  })
  .strict();

const AutoshipItems = z
  .array(z.object({ product: Ref.describe('Product id or SKU'), quantity: z.number().int().min(-1_000_000).max(1_000_000).describe('1 to 100 (AUTOSHIP_QUANTITY_INVALID otherwise)') }).strict())
  .min(1)
  .max(50);

export const CreateAutoshipBody = z
  .object({
    member: Ref.describe('Member id or code: the buyer'),
    items: AutoshipItems,
    dayOfMonth: z.number().int().describe('1 to 31; in a shorter month the order is placed on its last day'),
    paymentMethod: PaymentMethodSchema,
    shippingAddress: ShippingAddressSchema,
    warehouse: Ref.optional().describe('Ship from this warehouse (default: the first that holds everything)'),
  })
  .strict();

export const UpdateAutoshipBody = z
  .object({ items: AutoshipItems.optional(), dayOfMonth: z.number().int().optional(), paymentMethod: PaymentMethodSchema.optional(), shippingAddress: ShippingAddressSchema.optional() })
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'give at least one field to change');

export const SkipMonthBody = z.object({ month: z.string().regex(/^\d{4}-\d{2}$/, 'a month like 2027-03') }).strict();

export const AutoshipIdParam = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

export const ListAutoshipsQuery = PageQuery.extend({
  member: z.string().trim().min(1).max(64).optional().describe('Autoships of this member (id or code)'),
  status: z.enum(['active', 'paused', 'cancelled']).optional(),
});

export const AutoshipSchema = z
  .object({
    id: z.number().int(),
    member: z.object({ id: z.number().int(), code: z.string(), name: z.string() }),
    status: z.enum(['active', 'paused', 'cancelled']),
    dayOfMonth: z.number().int(),
    nextRunDate: IsoDate.nullable(),
    items: z.array(z.object({ lineNo: z.number().int(), product: z.object({ id: z.number().int(), sku: z.string(), active: z.boolean() }), quantity: z.number().int(), qv: z.number() })),
    qv: z.number().describe('QV of one order at today\'s catalogue volumes'),
    paymentMethod: z.object({ type: z.string(), reference: z.string().describe('Last four characters only') }),
    shippingAddress: z.record(z.string(), z.string()),
    months: z.array(z.object({
      month: z.string(), dueDate: IsoDate, status: z.enum(['placed', 'skipped', 'missed', 'retrying', 'failed']), order: z.string().nullable(),
      attempts: z.number().int(), nextAttemptAt: IsoDateTime.nullable(), lastError: z.string().nullable(),
    })).describe('The last 24 months handled, newest first'),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
  })
  .meta({ id: 'Autoship' });

export const FulfilmentQueueQuery = PageQuery.extend({
  state: FulfilmentState.optional().describe('Only orders in this state: placed (awaiting payment), paid (to pack), packed (to ship), shipped (to deliver) …'),
  warehouse: z.string().trim().min(1).max(64).optional().describe('Only orders shipped from this warehouse (id or code)'),
});

export const FulfilmentQueueItemSchema = z
  .object({
    order: z.string(),
    businessDate: IsoDate,
    buyer: z.object({ code: z.string(), name: z.string() }),
    state: FulfilmentState,
    actions: z.array(z.enum(['pay', 'pack', 'ship', 'deliver', 'cancel', 'return'])).describe('What may be done next'),
    warehouse: z.object({ id: z.number().int(), code: z.string(), name: z.string() }).nullable(),
    units: z.number().int().describe('Units of every line, less refunded ones'),
    carrier: z.string().nullable(),
    trackingNumber: z.string().nullable(),
    updatedAt: IsoDateTime,
  })
  .meta({ id: 'FulfilmentQueueItem' });
