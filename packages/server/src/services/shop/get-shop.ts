import { getCompany } from '../company/get-company.ts';
import type { RequestContext } from '../context.ts';
import { GST_STATES } from '../tax/gst.ts';
import { requireShop } from './find-shop.ts';
import { PAYMENT_METHODS } from './payment-methods.ts';

/**
 * A shop's front: whose shop it is (the distributor's display name and code,
 * never their contact or KYC details), the currency, the states a shipping
 * address may be in, and the payment methods offered.
 */
export async function getShop(ctx: RequestContext, code: string) {
  const shop = await requireShop(ctx.db, code);
  const company = await getCompany(ctx.db);
  return {
    code: shop.code,
    name: shop.name,
    currency: company.currency,
    states: Object.entries(GST_STATES).map(([stateCode, state]) => ({ code: stateCode, name: state.name })).sort((a, b) => a.name.localeCompare(b.name)),
    paymentMethods: [...PAYMENT_METHODS.keys()],
  };
}
