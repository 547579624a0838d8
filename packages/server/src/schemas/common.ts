import { z } from 'zod';

/** A member, product or order is addressed by numeric id or by its code / SKU / number. */
export const Ref = z.union([z.number().int().positive(), z.string().trim().min(1).max(64)]);

export const MemberRefParam = z.object({ ref: z.string().trim().min(1).max(64).describe('Numeric id or member code, e.g. SM100042') });

/**
 * Limits per unit that keep every order exact: 10,000 units × 100 lines at the
 * highest price stays below 2^53 paise, and the highest volume fits the order's
 * numeric(14, 2) columns.
 */
export const MAX_UNIT_PRICE = 100_000_000_000; // ₹100 crore in paise
export const MAX_UNIT_VOLUME = 100_000;

/** Volumes are kept to the hundredth. */
export function hasAtMostTwoDecimals(value: number): boolean {
  return Math.abs(Math.round(value * 100) - value * 100) < 1e-6;
}

export const Money = z.number().int().describe('Integer minor units (paise for INR)');
export const NonNegativeMoney = Money.min(0).max(MAX_UNIT_PRICE);
/** Volumes (QV, CV) are exact to two decimals. */
export const Volume = z
  .number()
  .min(0)
  .max(MAX_UNIT_VOLUME)
  .refine(hasAtMostTwoDecimals, 'at most two decimals');

export const Currency = z.string().regex(/^[A-Z]{3}$/, 'a three-letter ISO currency code such as INR');
export const LanguageSchema = z.enum(['en', 'hi']);
export const Phone = z.string().trim().regex(/^\+?[0-9]{7,15}$/, 'a phone number of 7 to 15 digits, optionally starting with +');
export const Email = z.email().max(254);
export const Pan = z.string().trim().toUpperCase().regex(/^[A-Z]{5}[0-9]{4}[A-Z]$/, 'a PAN like ABCDE1234F');
export const BankAccount = z.string().trim().regex(/^[0-9]{9,18}$/, 'a bank account number of 9 to 18 digits');
export const Ifsc = z.string().trim().toUpperCase().regex(/^[A-Z]{4}0[A-Z0-9]{6}$/, 'an IFSC like HDFC0001234');
export const Country = z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/, 'a two-letter country code such as IN');
export const IsoDate = z.iso.date();
export const IsoDateTime = z.string().describe('ISO 8601 date-time');

export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    limit: z.number().int(),
    offset: z.number().int(),
    hasMore: z.boolean().describe('True when another page follows'),
  });
}

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string().describe('Stable machine-readable code, e.g. SPONSOR_NOT_FOUND'),
      message: z.string().describe('Human-readable, in the language asked for by Accept-Language'),
      details: z.unknown().optional(),
    }),
  })
  .meta({ id: 'Error' });

/** Standard error responses a route may give, for the OpenAPI document. */
export const errorResponses = (...statuses: number[]) => Object.fromEntries(statuses.map((status) => [status, ErrorBody]));
