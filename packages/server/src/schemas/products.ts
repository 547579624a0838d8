import { z } from 'zod';
import { Currency, IsoDateTime, NonNegativeMoney, PageQuery, Volume } from './common.ts';

const Sku = z.string().trim().toUpperCase().regex(/^[A-Z0-9][A-Z0-9-]{1,31}$/, 'letters, digits and dashes, 2 to 32 characters');
const Names = z.object({ en: z.string().trim().min(1).max(200), hi: z.string().trim().min(1).max(200) }).strict();
const Descriptions = z.object({ en: z.string().max(5000).optional(), hi: z.string().max(5000).optional() }).strict();

export const PriceSchema = z
  .object({ currency: Currency, retailPrice: NonNegativeMoney, distributorPrice: NonNegativeMoney })
  .strict()
  .refine((p) => p.distributorPrice <= p.retailPrice, { message: 'distributorPrice must not exceed retailPrice', path: ['distributorPrice'] });

const HsnCode = z.string().trim().max(16).nullable().describe('HSN (goods) or SAC (services) code: 4, 6 or 8 digits; null clears it');
const GstRate = z.number().min(0).max(100).nullable().describe('GST rate in per cent, one of the rates in force: 0, 0.1, 0.25, 1.5, 3, 5, 18, 28, 40; null clears it');

const uniqueCurrencies = (prices: { currency: string }[]) => new Set(prices.map((p) => p.currency)).size === prices.length;

export const CreateProductBody = z
  .object({
    sku: Sku,
    name: Names,
    description: Descriptions.optional(),
    qv: Volume.optional().describe('Qualifying volume per unit; not derived from price. Required, except for a starter kit or enrollment item, where it defaults to 0'),
    cv: Volume.optional().describe('Commissionable volume per unit; not derived from price. Required, except for a starter kit or enrollment item, where it defaults to 0'),
    starterKit: z.boolean().optional().describe('Starter kits carry no commissionable volume by default (leave qv and cv out); the plan linter warns when one has any. Never required to join'),
    enrollmentFee: z.boolean().optional().describe('A registration or enrollment item rather than a product; should carry no volume (the plan linter warns). Not together with starterKit'),
    hsnCode: HsnCode.optional(),
    gstRate: GstRate.optional(),
    allowBackorder: z.boolean().optional().describe('May be sold beyond its stock (default: no)'),
    prices: z.array(PriceSchema).min(1).max(20).refine(uniqueCurrencies, 'one price per currency'),
  })
  .strict();

export const UpdateProductBody = z
  .object({
    sku: Sku.optional(),
    name: Names.partial().optional(),
    description: Descriptions.optional(),
    qv: Volume.optional(),
    cv: Volume.optional(),
    starterKit: z.boolean().optional(),
    enrollmentFee: z.boolean().optional(),
    active: z.boolean().optional(),
    hsnCode: HsnCode.optional(),
    gstRate: GstRate.optional(),
    allowBackorder: z.boolean().optional(),
    prices: z.array(PriceSchema).min(1).max(20).refine(uniqueCurrencies, 'one price per currency').optional(),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'give at least one field to change');

export const ProductSchema = z
  .object({
    id: z.number().int(),
    sku: z.string(),
    name: z.object({ en: z.string(), hi: z.string() }),
    description: z.object({ en: z.string(), hi: z.string() }),
    qv: z.number(),
    cv: z.number(),
    starterKit: z.boolean(),
    enrollmentFee: z.boolean().describe('A registration or enrollment item, not a product'),
    active: z.boolean(),
    hsnCode: z.string().nullable(),
    gstRate: z.number().nullable().describe('Per cent'),
    allowBackorder: z.boolean(),
    prices: z.array(z.object({ currency: z.string(), retailPrice: z.number().int(), distributorPrice: z.number().int() })),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
  })
  .meta({ id: 'Product' });

export const ListProductsQuery = PageQuery.extend({
  q: z.string().trim().min(1).max(100).optional(),
  active: z.enum(['true', 'false', 'all']).default('true').describe('Products on sale (default), off sale, or all'),
});

export const ProductRefParam = z.object({ ref: z.string().trim().min(1).max(64).describe('Numeric id or SKU') });
