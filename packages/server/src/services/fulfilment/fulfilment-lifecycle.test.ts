import { describe, expect, it } from 'vitest';
import { FULFILMENT_STATES, fulfilmentActions, nextFulfilmentState } from './fulfilment-lifecycle.ts';

describe('the fulfilment state machine', () => {
  it('runs placed → paid → packed → shipped → delivered', () => {
    expect(nextFulfilmentState('placed', 'pay')).toBe('paid');
    expect(nextFulfilmentState('paid', 'pack')).toBe('packed');
    expect(nextFulfilmentState('packed', 'ship')).toBe('shipped');
    expect(nextFulfilmentState('shipped', 'deliver')).toBe('delivered');
  });

  it('cancels before shipping and returns after, and nothing leaves a final state', () => {
    expect(['placed', 'paid', 'packed'].map((s) => nextFulfilmentState(s as 'placed', 'cancel'))).toEqual(['cancelled', 'cancelled', 'cancelled']);
    expect(nextFulfilmentState('shipped', 'cancel')).toBeNull();
    expect(nextFulfilmentState('delivered', 'return')).toBe('returned');
    expect(nextFulfilmentState('placed', 'ship')).toBeNull();
    expect(fulfilmentActions('cancelled')).toEqual([]);
    expect(fulfilmentActions('returned')).toEqual([]);
    expect(fulfilmentActions('paid')).toEqual(['pack', 'cancel']);
    expect(FULFILMENT_STATES).toHaveLength(7);
  });
});
