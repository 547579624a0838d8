import { SamoohError } from '../../errors.ts';

/**
 * How a shop order is paid. A method says what happens at checkout (is the
 * order paid at once, or awaited) and checks the reference recorded when the
 * money arrives. Samooh ships one method, which calls no payment provider:
 * the customer pays the distributor in cash or by UPI, and the distributor
 * (or company staff) records the reference. A provider (a UPI collect
 * request, a card gateway) would be another implementation of this interface.
 */
export interface PaymentMethod {
  /** Stable id, sent by the checkout and kept on the shop order. */
  readonly id: string;
  /** Whether the order waits for a payment to be recorded (it starts in the fulfilment state "placed"), or is paid on placing. */
  readonly awaitsPayment: boolean;
  /** The reference as it is kept: trimmed and checked, or PAYMENT_REFERENCE_INVALID. */
  normalizeReference(reference: string): string;
}

/** Cash or a UPI transfer to the distributor; the distributor or staff record the receipt or UPI transaction reference later. */
export const CASH_OR_UPI: PaymentMethod = {
  id: 'cash-or-upi',
  awaitsPayment: true,
  normalizeReference(reference) {
    const text = reference.trim().replace(/\s+/g, ' ');
    if (text.length < 3 || text.length > 100) throw new SamoohError('PAYMENT_REFERENCE_INVALID', { min: 3, max: 100 });
    return text;
  },
};

export const PAYMENT_METHODS: ReadonlyMap<string, PaymentMethod> = new Map([[CASH_OR_UPI.id, CASH_OR_UPI]]);
export const DEFAULT_PAYMENT_METHOD = CASH_OR_UPI.id;

export function requirePaymentMethod(id: string): PaymentMethod {
  const method = PAYMENT_METHODS.get(id);
  if (!method) throw new SamoohError('PAYMENT_METHOD_UNKNOWN', { type: id });
  return method;
}
