import type { PeriodStatus } from '../../db/schema.ts';
import { SamoohError } from '../../errors.ts';

/**
 * The life of a pay period, declared in one place:
 * open → closed (cut-off for orders) → calculated (preview runs, any number of
 * times) → approved (by a second person) → committed (posted to the ledger)
 * → paid. Until it is paid a period may be reopened: its preview runs are
 * superseded, and a committed run is first reversed in the ledger.
 */
export const PERIOD_TRANSITIONS = {
  close: { from: ['open'], to: 'closed' },
  // Calculating again after approval is allowed (a late refund made the run stale); the approval lapses.
  calculate: { from: ['closed', 'calculated', 'approved'], to: 'calculated' },
  approve: { from: ['calculated'], to: 'approved' },
  commit: { from: ['approved'], to: 'committed' },
  pay: { from: ['committed'], to: 'paid' },
  // Reopening a committed period reverses its run in the ledger first (services/commissions/reverse-run.ts).
  reopen: { from: ['closed', 'calculated', 'approved', 'committed'], to: 'open' },
} as const satisfies Record<string, { from: readonly PeriodStatus[]; to: PeriodStatus }>;

export type PeriodAction = keyof typeof PERIOD_TRANSITIONS;

/** The status a period moves to, or a PERIOD_TRANSITION_INVALID naming what is allowed. */
export function nextPeriodStatus(current: PeriodStatus, action: PeriodAction): PeriodStatus {
  const transition = PERIOD_TRANSITIONS[action];
  if (!(transition.from as readonly PeriodStatus[]).includes(current)) {
    throw new SamoohError('PERIOD_TRANSITION_INVALID', { action, status: current, allowed: transition.from.join(', ') });
  }
  return transition.to;
}

/** The actions possible from a status, for screens that offer only what can be done. */
export function periodActions(current: PeriodStatus): PeriodAction[] {
  return (Object.keys(PERIOD_TRANSITIONS) as PeriodAction[]).filter((action) =>
    (PERIOD_TRANSITIONS[action].from as readonly PeriodStatus[]).includes(current),
  );
}
