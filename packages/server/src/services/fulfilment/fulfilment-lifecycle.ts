import type { FulfilmentState } from '../../db/schema.ts';

/**
 * The fulfilment of an order, as one declared state machine:
 *
 *   placed ──pay──▶ paid ──pack──▶ packed ──ship──▶ shipped ──deliver──▶ delivered
 *     │               │              │                 │                   │
 *     └────cancel─────┴────cancel────┘                 └──────return───────┘
 *          ▼                                                   ▼
 *      cancelled                                            returned
 *
 * Cancelling releases the reserved stock and refunds what is left; returning
 * refunds what is left and puts the goods back on the shelf.
 */
export const FULFILMENT_ACTIONS = ['pay', 'pack', 'ship', 'deliver', 'cancel', 'return'] as const;
export type FulfilmentAction = (typeof FULFILMENT_ACTIONS)[number];

export const FULFILMENT_STATES = ['placed', 'paid', 'packed', 'shipped', 'delivered', 'cancelled', 'returned'] as const satisfies readonly FulfilmentState[];

export const FULFILMENT_TRANSITIONS: Record<FulfilmentAction, { from: readonly FulfilmentState[]; to: FulfilmentState }> = {
  pay: { from: ['placed'], to: 'paid' },
  pack: { from: ['paid'], to: 'packed' },
  ship: { from: ['packed'], to: 'shipped' },
  deliver: { from: ['shipped'], to: 'delivered' },
  cancel: { from: ['placed', 'paid', 'packed'], to: 'cancelled' },
  return: { from: ['shipped', 'delivered'], to: 'returned' },
};

/** The state an action leads to from this state, or null when the machine does not allow it. */
export function nextFulfilmentState(state: FulfilmentState, action: FulfilmentAction): FulfilmentState | null {
  const transition = FULFILMENT_TRANSITIONS[action];
  return transition.from.includes(state) ? transition.to : null;
}

/** What can be done next from a state. */
export function fulfilmentActions(state: FulfilmentState): FulfilmentAction[] {
  return FULFILMENT_ACTIONS.filter((action) => nextFulfilmentState(state, action) !== null);
}

/** States in which the order's units are still reserved in the warehouse (not yet shipped). */
export function holdsReservation(state: FulfilmentState): boolean {
  return state === 'placed' || state === 'paid' || state === 'packed';
}
