import { z } from 'zod';
import { Email, IsoDateTime } from './common.ts';

const Both = z.object({ en: z.string(), hi: z.string() });
/** A phone number as people type it: 7 to 15 digits, optionally starting with +, spaces and dashes allowed. */
const ShopPhone = z.string().trim().max(30).refine((phone) => /^\+?[0-9]{7,15}$/.test(phone.replace(/[\s-]/g, '')), 'a phone number of 7 to 15 digits, optionally starting with +');

export const ShopCodeParam = z.object({ code: z.string().trim().min(1).max(32).describe("The distributor's member code, the same as their referral code") });
export const ShopProductParam = ShopCodeParam.extend({ sku: z.string().trim().min(1).max(64) });

export const ShopSchema = z
  .object({
    code: z.string(),
    name: z.string().describe("The distributor's display name; a shop never shows contact or KYC details"),
    currency: z.string(),
    states: z.array(z.object({ code: z.string(), name: z.string() })).describe('States a shipping address may be in (GST state codes)'),
    paymentMethods: z.array(z.string()),
  })
  .meta({ id: 'Shop' });

export const ShopProductSchema = z
  .object({
    sku: z.string(),
    name: Both,
    description: Both,
    currency: z.string(),
    retailPrice: z.number().int().describe('Minor units (paise)'),
    preferredPrice: z.number().int().describe('What a preferred customer pays, minor units'),
    inStock: z.boolean(),
  })
  .meta({ id: 'ShopProduct' });

export const ShopProductDetailSchema = ShopProductSchema.extend({
  usage: Both,
  ingredients: Both,
  certifications: z.array(z.string()),
  faq: z.array(z.object({ question: Both, answer: Both })),
}).meta({ id: 'ShopProductDetail' });

export const CheckoutBody = z
  .object({
    customer: z.object({ name: z.string().trim().min(1).max(200), phone: ShopPhone, email: Email.optional() }).strict(),
    shippingAddress: z
      .object({
        line1: z.string().trim().min(1).max(200),
        line2: z.string().trim().max(200).optional(),
        city: z.string().trim().min(1).max(100),
        state: z.string().trim().min(1).max(100).describe('GST state code (27), ISO letters (MH) or name'),
        pincode: z.string().trim().regex(/^[1-9][0-9]{5}$/, 'a six-digit PIN code'),
      })
      .strict(),
    lines: z.array(z.object({ sku: z.string().trim().min(1).max(64), quantity: z.number().int().min(-1_000_000).max(1_000_000) }).strict()).min(1).max(50),
    paymentMethod: z.string().trim().min(1).max(40).optional().describe('Default cash-or-upi: the customer pays the distributor in cash or by UPI, who records the reference'),
    account: z.object({ password: z.string().min(1).max(200) }).strict().optional().describe('Sign up as a preferred customer: a customer account with this password (needs the e-mail)'),
  })
  .strict()
  .meta({ id: 'CheckoutBody' });

export const ShopOrderSchema = z
  .object({
    number: z.string(),
    shop: z.object({ code: z.string(), name: z.string() }),
    customer: z.object({ code: z.string(), name: z.string(), type: z.enum(['distributor', 'preferred', 'retail']), account: z.boolean() }),
    currency: z.string(),
    priceTier: z.enum(['retail', 'distributor']),
    amount: z.number().int(),
    state: z.string().describe('Fulfilment state: placed (awaiting payment), paid, packed, shipped, delivered, cancelled, returned'),
    lines: z.array(z.object({ lineNo: z.number().int(), sku: z.string(), name: Both, quantity: z.number().int(), unitPrice: z.number().int(), amount: z.number().int() })),
    payment: z.object({ method: z.string(), reference: z.string().nullable(), recordedAt: IsoDateTime.nullable() }),
    createdAt: IsoDateTime,
  })
  .meta({ id: 'ShopOrder' });

export const ShopPaymentBody = z.object({ reference: z.string().max(200).describe('Cash receipt number or UPI transaction reference') }).strict();
