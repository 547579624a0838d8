import { sql } from 'kysely';
import type {} from '../../db/schema-shop.ts'; // the table of migration 0019
import type { MemberRow } from '../../db/schema.ts';
import { SamoohError } from '../../errors.ts';
import { writeAudit } from '../audit.ts';
import { createUser, normalEmail } from '../auth/users.ts';
import { inTransaction, type RequestContext } from '../context.ts';
import { enrollMember } from '../members/enroll-member.ts';
import { scheduleGenealogyDrain } from '../network/genealogy-drain.ts';
import { placeOrder } from '../orders/place-order.ts';
import { requestHash } from '../orders/request-hash.ts';
import { GST_STATES } from '../tax/gst.ts';
import { requireStateCode } from '../tax/tax-settings.ts';
import { requireShop, shopActor } from './find-shop.ts';
import { DEFAULT_PAYMENT_METHOD, requirePaymentMethod } from './payment-methods.ts';
import { loadShopOrderView, type ShopOrderView } from './shop-order-view.ts';

/** The most units of one product a shop order may hold. */
export const SHOP_MAX_QUANTITY = 20;

export interface CheckoutInput {
  customer: { name: string; phone: string; email?: string | undefined };
  shippingAddress: { line1: string; line2?: string | undefined; city: string; state: string; pincode: string };
  lines: { sku: string; quantity: number }[];
  paymentMethod?: string | undefined;
  /** Sign up as a preferred customer: an account with this password (the e-mail is then required), and preferred prices. */
  account?: { password: string } | undefined;
}

export interface CheckoutResult {
  order: ShopOrderView;
  /** True when an earlier checkout with the same Idempotency-Key already placed this order. */
  replayed: boolean;
}

/**
 * A customer's checkout in a distributor's shop, in one transaction: nothing
 * is written when the shop, a product, a quantity, the stock or the account
 * is refused.
 * - The customer is the active retail or preferred customer with the same
 *   phone number (its last ten digits) or e-mail, else a new one enrolled as the
 *   shop distributor's customer; with `account` a preferred customer (a retail
 *   one who signs up becomes preferred) with a customer account and password.
 * - The order is credited to the shop's distributor (the referral), ships to the
 *   address given, and its state is the address's state (place of supply).
 * - The payment method decides whether it waits for a payment to be recorded
 *   (the built-in cash or UPI method does: the order starts as "placed").
 * - The Idempotency-Key is required: the same key and body answer with the
 *   first order; the same key with another body is IDEMPOTENCY_KEY_REUSED.
 */
export async function checkOut(ctx: RequestContext, code: string, input: CheckoutInput, idempotencyKey: string | undefined): Promise<CheckoutResult> {
  if (!idempotencyKey) throw new SamoohError('IDEMPOTENCY_KEY_REQUIRED');
  const shopCode = code.trim().toUpperCase();
  const key = `shop:${shopCode}:${idempotencyKey}`;
  const method = requirePaymentMethod(input.paymentMethod ?? DEFAULT_PAYMENT_METHOD);
  const phone = input.customer.phone.replace(/[\s-]/g, '');
  const email = input.customer.email ? normalEmail(input.customer.email) : null;
  const lines = mergedLines(input.lines);
  const stateCode = requireStateCode(input.shippingAddress.state);
  // The password is not part of the fingerprint: it is never stored, not even hashed this way.
  const hash = requestHash({ shop: shopCode, customer: { name: input.customer.name.trim(), phone, email }, shippingAddress: input.shippingAddress, lines, paymentMethod: method.id, account: input.account !== undefined });
  let enrolled = false;
  const result = await inTransaction(ctx, async (tx): Promise<CheckoutResult> => {
    await sql`SELECT pg_advisory_xact_lock(hashtext(${key}))`.execute(tx.db);
    const earlier = await tx.db.selectFrom('shop_orders').select(['order_id', 'request_hash']).where('idempotency_key', '=', key).executeTakeFirst();
    if (earlier) {
      if (earlier.request_hash !== hash) throw new SamoohError('IDEMPOTENCY_KEY_REUSED', { key: idempotencyKey });
      return { order: await loadShopOrderView(tx.db, earlier.order_id), replayed: true };
    }
    const shop = await requireShop(tx.db, shopCode);
    const shopCtx: RequestContext = { ...tx, actor: shopActor(shop) };
    await requireSellable(tx, lines);
    if (input.account && !email) throw new SamoohError('SHOP_ACCOUNT_EMAIL_REQUIRED');

    let customer = await returningCustomer(tx, phone, email);
    if (input.account) {
      const taken = await tx.db.selectFrom('users').select('id').where((eb) => eb.or([eb('email', '=', email!), ...(customer ? [eb('member_id', '=', customer.id)] : [])])).executeTakeFirst();
      if (taken) throw new SamoohError('SHOP_ACCOUNT_EXISTS', { email: email! });
    }
    if (!customer) {
      const member = await enrollMember(shopCtx, { name: input.customer.name.trim(), type: input.account ? 'preferred' : 'retail', sponsor: shop.code, phone, email });
      customer = await tx.db.selectFrom('members').selectAll().where('id', '=', member.id).executeTakeFirstOrThrow();
      enrolled = true;
    } else if (input.account && customer.type === 'retail') {
      await tx.db.updateTable('members').set({ type: 'preferred', updated_at: sql`now()` }).where('id', '=', customer.id).execute();
      await writeAudit(shopCtx, { action: 'member.preferred', entity: 'member', entityId: customer.id, reason: 'signed up in a shop', before: { type: 'retail' }, after: { type: 'preferred' } });
    }
    if (input.account) await createUser(shopCtx, { email: email!, name: customer.name, roles: ['customer'], member: customer.id, password: input.account.password, language: ctx.language });

    const placed = await placeOrder(
      shopCtx,
      {
        buyer: customer.id,
        items: lines.map((line) => ({ product: line.sku, quantity: line.quantity })),
        referral: shop.code,
        billingState: stateCode,
        shippingAddress: { name: input.customer.name.trim(), ...input.shippingAddress, state: GST_STATES[stateCode]!.name, phone },
        awaitingPayment: method.awaitsPayment,
      },
      key,
    );
    await tx.db.insertInto('shop_orders').values({ order_id: placed.order.id, shop_member_id: shop.id, customer_member_id: customer.id, idempotency_key: key, request_hash: hash, payment_method: method.id }).execute();
    return { order: await loadShopOrderView(tx.db, placed.order.id), replayed: false };
  });
  if (enrolled) scheduleGenealogyDrain(ctx);
  return result;
}

/** One line per product, quantities added up, each within 1..SHOP_MAX_QUANTITY. */
function mergedLines(lines: CheckoutInput['lines']): { sku: string; quantity: number }[] {
  const bySku = new Map<string, number>();
  for (const line of lines) {
    const sku = line.sku.trim().toUpperCase();
    bySku.set(sku, (bySku.get(sku) ?? 0) + line.quantity);
  }
  const merged = [...bySku].map(([sku, quantity]) => ({ sku, quantity }));
  for (const line of merged) {
    if (!Number.isInteger(line.quantity) || line.quantity < 1 || line.quantity > SHOP_MAX_QUANTITY) throw new SamoohError('SHOP_QUANTITY_INVALID', { product: line.sku, max: SHOP_MAX_QUANTITY });
  }
  return merged;
}

/** Every line is a product the shop sells: known, not a starter kit or fee (SHOP_PRODUCT_UNKNOWN), and active (SHOP_PRODUCT_UNAVAILABLE). Stock is checked when the order reserves it. */
async function requireSellable(ctx: RequestContext, lines: { sku: string }[]): Promise<void> {
  const products = await ctx.db.selectFrom('products').select(['sku', 'active', 'starter_kit', 'enrollment_fee']).where('sku', 'in', lines.map((line) => line.sku)).execute();
  for (const line of lines) {
    const product = products.find((p) => p.sku === line.sku);
    if (!product || product.starter_kit || product.enrollment_fee) throw new SamoohError('SHOP_PRODUCT_UNKNOWN', { product: line.sku });
    if (!product.active) throw new SamoohError('SHOP_PRODUCT_UNAVAILABLE', { product: line.sku });
  }
}

/** The active customer (retail or preferred) with this phone number (last ten digits) or e-mail, the earliest first. */
async function returningCustomer(ctx: RequestContext, phone: string, email: string | null): Promise<MemberRow | undefined> {
  const digits = phone.replace(/\D/g, '').slice(-10);
  return ctx.db
    .selectFrom('members')
    .selectAll()
    .where('type', 'in', ['retail', 'preferred'])
    .where('status', '=', 'active')
    .where((eb) => eb.or([
      eb(sql<string>`right(regexp_replace(coalesce(phone, ''), '[^0-9]', '', 'g'), 10)`, '=', digits),
      ...(email ? [eb(sql<string>`lower(email)`, '=', email)] : []),
    ]))
    .orderBy('id')
    .executeTakeFirst();
}
