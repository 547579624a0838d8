import { translate } from '../../i18n/i18n.ts';
import type { RequestContext } from '../context.ts';

/**
 * What joining asks of a new member: nothing to buy. India's direct-selling
 * rules forbid an entry fee, so enrollment never requires a purchase (a
 * starter kit is optional, and carries no commissionable volume by default);
 * the enrollment answer says so in the caller's language.
 */
export function joiningTerms(ctx: Pick<RequestContext, 'language'>): { purchaseRequired: false; notice: string } {
  return { purchaseRequired: false, notice: translate(ctx.language, 'joining.noPurchaseRequired') };
}
