import { translate } from '../../i18n/i18n.ts';
import { loadComplianceSettings } from '../compliance/compliance-settings.ts';
import type { RequestContext } from '../context.ts';

export interface JoiningTerms {
  purchaseRequired: false;
  notice: string;
  /** Days from joining in which a new distributor may cancel and get back everything paid; null when the company sets none. */
  coolingOffDays: number | null;
  /** The same, worded for the person joining; null with no window. */
  coolingOff: string | null;
}

/**
 * What joining asks of a new member, and what it gives back: nothing to buy
 * (India's direct-selling rules forbid an entry fee, so enrollment never
 * requires a purchase; a starter kit is optional and carries no
 * commissionable volume by default), and the company's cooling-off window
 * (compliance settings), in which a new distributor may cancel and get back
 * everything they paid (services/orders/cooling-off-refund.ts). The
 * enrollment answer says both in the caller's language.
 */
export async function joiningTerms(ctx: Pick<RequestContext, 'db' | 'language'>): Promise<JoiningTerms> {
  const { cooling_off_days: days } = await loadComplianceSettings(ctx.db);
  return {
    purchaseRequired: false,
    notice: translate(ctx.language, 'joining.noPurchaseRequired'),
    coolingOffDays: days,
    coolingOff: days === null ? null : translate(ctx.language, 'joining.coolingOff', { count: days }),
  };
}
