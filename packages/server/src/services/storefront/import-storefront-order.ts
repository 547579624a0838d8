import { sql } from 'kysely';
import { assertCan, can } from '../auth/permissions.ts';
import { SamoohError } from '../../errors.ts';
import { inTransaction, type RequestContext } from '../context.ts';
import { enrollMember } from '../members/enroll-member.ts';
import { requireMember } from '../members/find-member.ts';
import { requireReferrer } from '../members/referral.ts';
import { placeOrder, type PlacedOrder } from '../orders/place-order.ts';

/**
 * An order as a storefront sends it (Shopify-like field names, snake_case).
 * docs/api.md ("Orders from a storefront") gives the mapping.
 */
export interface StorefrontOrder {
  /** The storefront's own order id or name, kept for reference in the audit trail. */
  id?: string | number | undefined;
  currency?: string | undefined;
  customer: {
    member_code?: string | undefined;
    email?: string | undefined;
    first_name?: string | undefined;
    last_name?: string | undefined;
    phone?: string | undefined;
  };
  line_items: { sku: string; quantity: number }[];
  referral_code?: string | undefined;
  billing_address?: { province_code?: string | undefined; province?: string | undefined } | undefined;
}

/**
 * Places a storefront's order in Samooh, in one transaction: nothing is
 * written when a SKU, the referral code or the customer is unknown.
 * - The customer is the member with customer.member_code, else the oldest
 *   active member with customer.email; else, when a name is given and the
 *   token may write members, a new retail customer sponsored by the referral
 *   code's distributor (or the company's root member without one).
 * - line_items' SKUs and quantities become the order's items; every unknown SKU is listed.
 * - referral_code credits a customer's order to that distributor.
 * - billing_address.province_code (ISO letters or GST code) is the place of supply.
 * The Idempotency-Key is required: a storefront retries, and the retry must
 * return the first order. Concurrent retries queue on the key.
 */
export async function importStorefrontOrder(ctx: RequestContext, input: StorefrontOrder, idempotencyKey: string | undefined): Promise<PlacedOrder> {
  assertCan(ctx, 'orders:write');
  if (!idempotencyKey) throw new SamoohError('IDEMPOTENCY_KEY_REQUIRED');
  return inTransaction(ctx, async (tx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`storefront-order:${idempotencyKey}`}))`.execute(tx.db);
    const skus = [...new Set(input.line_items.map((item) => item.sku.trim().toUpperCase()))];
    const known = await tx.db.selectFrom('products').select('sku').where('sku', 'in', skus).execute();
    const unknown = skus.filter((sku) => !known.some((product) => product.sku === sku));
    if (unknown.length > 0) throw new SamoohError('STOREFRONT_SKU_UNKNOWN', { sku: unknown.join(', ') }, { skus: unknown });
    const referrer = input.referral_code ? await requireReferrer(tx.db, input.referral_code) : null;
    const buyer = await resolveCustomer(tx, input, referrer?.code ?? null);
    return placeOrder(
      tx,
      {
        buyer,
        items: input.line_items.map((item) => ({ product: item.sku.trim().toUpperCase(), quantity: item.quantity })),
        currency: input.currency,
        referral: referrer?.code,
        billingState: input.billing_address?.province_code ?? input.billing_address?.province,
      },
      idempotencyKey,
    );
  });
}

async function resolveCustomer(ctx: RequestContext, input: StorefrontOrder, referrer: string | null): Promise<string> {
  const { customer } = input;
  if (customer.member_code) return (await requireMember(ctx.db, customer.member_code.trim().toUpperCase())).code;
  const email = customer.email?.trim().toLowerCase();
  if (email) {
    const existing = await ctx.db
      .selectFrom('members')
      .select('code')
      .where(sql<boolean>`lower(email) = ${email}`)
      .where('status', '=', 'active')
      .orderBy('id')
      .executeTakeFirst();
    if (existing) return existing.code;
  }
  const name = [customer.first_name, customer.last_name].map((part) => part?.trim()).filter(Boolean).join(' ');
  if (!name || !can(ctx.actor, 'members:write')) throw new SamoohError('STOREFRONT_CUSTOMER_UNKNOWN', { customer: email ?? name ?? '' });
  const sponsor = referrer ?? (await ctx.db.selectFrom('members').select('code').where('sponsor_id', 'is', null).executeTakeFirstOrThrow()).code;
  const enrolled = await enrollMember(ctx, { name, type: 'retail', sponsor, email: email ?? null, phone: customer.phone?.replace(/[\s-]/g, '') || null });
  return enrolled.code;
}
