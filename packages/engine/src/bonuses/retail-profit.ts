/**
 * Retail profit: on a customer's order, what the customer paid above the distributor price
 * of the same lines, credited to the distributor who referred the customer.
 */
import { DISTRIBUTOR, NONE } from '../snapshot/types.ts';
import type { BonusContext, BonusRun } from './bonus-run.ts';

export function retailProfit({ period, bonusIndex }: BonusContext): BonusRun {
  const { snapshot, tree } = period;
  const { orderBuyer, orderWholesale, orderAmount, memberType } = snapshot;
  const creditedTo = tree.creditedTo;
  return {
    emit(sink) {
      for (let order = 0; order < snapshot.orderCount; order += 1) {
        const buyer = orderBuyer[order]!;
        const wholesale = orderWholesale[order]!;
        if (memberType[buyer] === DISTRIBUTOR || wholesale === NONE) continue;
        const margin = orderAmount[order]! - wholesale;
        const referrer = creditedTo[buyer]!;
        if (margin > 0 && referrer !== NONE) sink.line(referrer, bonusIndex, 0, order, margin);
      }
    },
    explain: (_payee, _step, order) => ({
      sourceMember: orderBuyer[order]!,
      sourceOrder: order,
      rate: '100%',
      base: orderAmount[order]! - orderWholesale[order]!,
      note: 'customer paid above the distributor price',
    }),
  };
}
