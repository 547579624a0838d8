import { SamoohError } from '../../errors.ts';
import { assertCan } from '../auth/permissions.ts';
import { loadComplianceSettings } from '../compliance/compliance-settings.ts';
import { inTransaction, type RequestContext } from '../context.ts';
import type { OrderRef } from './find-order.ts';
import { refundOrder, type RefundOrderInput, type RefundResult } from './refund-order.ts';
import { businessDays, daysBetween, requireDistributorBuyer } from './refund-policies.ts';

/**
 * The company buys back a distributor's resaleable stock bought within the
 * policy's window (compliance_settings.buy_back_days from the order's business
 * date), refunding the policy's share of the price (buy_back_ppm, 90% unless
 * configured; each line rounded half-up to the paisa). The goods go back on
 * hand and their volume leaves in full, so a committed period's commissions on
 * them are clawed back in the open period, as for any refund.
 */
export async function buyBackOrder(ctx: RequestContext, ref: OrderRef, input: Pick<RefundOrderInput, 'lines' | 'reason'>, idempotencyKey?: string): Promise<RefundResult> {
  assertCan(ctx, 'orders:refund');
  return inTransaction(ctx, async (tx) => {
    const settings = await loadComplianceSettings(tx.db);
    return refundOrder(tx, ref, { lines: input.lines, reason: input.reason, restock: true }, idempotencyKey, {
      kind: 'buy_back',
      sharePpm: settings.buy_back_ppm,
      admissible: async (locked, order) => {
        await requireDistributorBuyer(locked, order.buyer_id);
        const { today } = await businessDays(locked);
        if (daysBetween(order.business_date, today) > settings.buy_back_days) {
          throw new SamoohError('BUY_BACK_WINDOW_PASSED', { order: order.number, date: order.business_date, days: settings.buy_back_days });
        }
      },
    });
  });
}
