import { SamoohError } from '../../errors.ts';
import { businessDate, getCompany } from '../company/get-company.ts';
import type { RequestContext } from '../context.ts';

/** Whole days from one business date (YYYY-MM-DD) to another. */
export const daysBetween = (from: string, to: string): number => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

/** Today's business date in the company's time zone, and a date-time as a business date there. */
export async function businessDays(ctx: RequestContext): Promise<{ today: string; dateOf: (at: Date) => string }> {
  const company = await getCompany(ctx.db);
  return { today: businessDate(company, ctx.clock?.() ?? new Date()), dateOf: (at) => businessDate(company, at) };
}

/** The buyer must be a distributor: cooling-off and buy-back protect direct sellers, customers get ordinary refunds. */
export async function requireDistributorBuyer(ctx: RequestContext, buyerId: number) {
  const buyer = await ctx.db.selectFrom('members').select(['code', 'type', 'joined_at']).where('id', '=', buyerId).executeTakeFirstOrThrow();
  if (buyer.type !== 'distributor') throw new SamoohError('REFUND_POLICY_DISTRIBUTORS_ONLY', { member: buyer.code });
  return buyer;
}
