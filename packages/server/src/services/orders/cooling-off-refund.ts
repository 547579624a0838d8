import { SamoohError } from '../../errors.ts';
import { assertCan } from '../auth/permissions.ts';
import { loadComplianceSettings } from '../compliance/compliance-settings.ts';
import { inTransaction, type RequestContext } from '../context.ts';
import type { OrderRef } from './find-order.ts';
import { refundOrder, type RefundResult } from './refund-order.ts';
import { businessDays, daysBetween, requireDistributorBuyer } from './refund-policies.ts';

/**
 * Cancels a new distributor's order within the cooling-off window
 * (compliance_settings.cooling_off_days from the day they joined): everything
 * not yet refunded comes back at the full price and the goods go back on hand.
 * It flows like any refund: the volume leaves an open period, a committed
 * period's commissions on it are clawed back.
 */
export async function coolingOffRefund(ctx: RequestContext, ref: OrderRef, input: { reason: string }, idempotencyKey?: string): Promise<RefundResult> {
  assertCan(ctx, 'orders:refund');
  return inTransaction(ctx, (tx) => refundOrder(tx, ref, { reason: input.reason, restock: true }, idempotencyKey, {
    kind: 'cooling_off',
    sharePpm: 1_000_000,
    admissible: async (locked, order) => {
      const { cooling_off_days: days } = await loadComplianceSettings(locked.db);
      if (days === null) throw new SamoohError('COOLING_OFF_NOT_CONFIGURED', {});
      const buyer = await requireDistributorBuyer(locked, order.buyer_id);
      const { today, dateOf } = await businessDays(locked);
      const joined = dateOf(buyer.joined_at);
      if (daysBetween(joined, today) > days) throw new SamoohError('COOLING_OFF_EXPIRED', { member: buyer.code, joined, days });
    },
  }));
}
