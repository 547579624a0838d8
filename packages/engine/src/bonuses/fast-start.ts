/**
 * Fast start: a share of a new member's orders in their first windowDays days, paid up the
 * enroller (sponsor) chain by generation. A generation whose enroller does not qualify is
 * not paid and does not roll up: the share stays with the company.
 */
import { qualifiedMask } from '../core/qualify.ts';
import { orderVolume } from '../core/period.ts';
import type { BonusOfType } from '../plan/schema.ts';
import { MEMBER_TYPES, NONE, type Snapshot } from '../snapshot/types.ts';
import { explainOrderRate, type BonusContext, type BonusRun } from './bonus-run.ts';

type FastStart = BonusOfType<'fastStart'>;

/**
 * The orders inside their buyer's fast start window (and of a member type the bonus covers),
 * ascending. Only new members' orders are: a few percent of the period's, so passes over the
 * window walk this short list, and a pass over all orders steps through it (OrderCursor).
 */
export function fastStartWindowOrders(bonus: FastStart, snapshot: Snapshot): Int32Array {
  const covered = Uint8Array.from(MEMBER_TYPES, (type) => (bonus.memberTypes === undefined || bonus.memberTypes.includes(type) ? 1 : 0));
  const { orderBuyer, orderDay, joinedDay, memberType } = snapshot;
  const windowDays = bonus.windowDays;
  const inWindow: number[] = [];
  for (let order = 0; order < snapshot.orderCount; order += 1) {
    const buyer = orderBuyer[order]!;
    const daysSinceJoining = orderDay[order]! - joinedDay[buyer]!;
    if (daysSinceJoining >= 0 && daysSinceJoining < windowDays && covered[memberType[buyer]!] === 1) inWindow.push(order);
  }
  return Int32Array.from(inWindow);
}

/** Steps through an ascending list of orders beside a pass over all orders, in the same order. */
export class OrderCursor {
  private next = 0;

  constructor(private readonly listed: Int32Array) {}

  /** Whether the order is listed; each order of the pass must be asked once, in ascending order. */
  has(order: number): boolean {
    if (this.listed[this.next] !== order) return false;
    this.next += 1;
    return true;
  }
}

export function fastStart(bonus: FastStart, { period, bonusIndex, windowOrdersOf }: BonusContext): BonusRun {
  const { snapshot, tree, money } = period;
  const basis = orderVolume(snapshot, bonus.basis ?? period.plan.volume.commissionable);
  const qualified = qualifiedMask(bonus.qualify, period);
  const windowOrders = windowOrdersOf(bonus);
  const rates = bonus.generations;
  const { parent } = tree;
  const { orderBuyer } = snapshot;
  return {
    emit(sink) {
      for (const order of windowOrders) {
        if (basis[order] === 0) continue;
        let enroller = orderBuyer[order]!;
        for (let generation = 1; generation <= rates.length; generation += 1) {
          enroller = parent[enroller]!;
          if (enroller === NONE) break;
          if (qualified[enroller] === 0) continue; // not paid, and not passed up either
          const amount = money.rateOnVolume(basis[order]!, rates[generation - 1]!);
          if (amount > 0) sink.line(enroller, bonusIndex, generation, order, amount);
        }
      }
    },
    explain: explainOrderRate(period, basis, rates, (_payee, _order, generation) => generation),
  };
}
