/**
 * How an autoship is paid. A payment gateway charges a stored payment method
 * (a card mandate, a UPI autopay, …) by its reference; Samooh keeps only the
 * method's type and the gateway's reference, never card numbers. A real
 * gateway (Razorpay, PayU, …) plugs in with registerPaymentGateway.
 *
 * The built-in `test` gateway never moves money: it approves every charge,
 * declines the reference "decline" always, and can be told to decline the
 * next n charges (tests and demos).
 */
import { SamoohError } from '../../errors.ts';

export interface PaymentMethod {
  type: string;
  reference: string;
}

export interface ChargeRequest {
  method: PaymentMethod;
  amount: number;
  currency: string;
  /** The same key for the same attempt: a gateway returns the earlier charge instead of charging twice. */
  idempotencyKey: string;
  description: string;
}

export type ChargeResult = { ok: true; chargeId: string } | { ok: false; reason: string };

export interface PaymentGateway {
  charge(request: ChargeRequest): Promise<ChargeResult>;
}

export class TestPaymentGateway implements PaymentGateway {
  readonly charges: ChargeRequest[] = [];
  #declineNext = 0;
  #results = new Map<string, ChargeResult>();

  /** Declines the next `count` charges. */
  declineNext(count: number): void {
    this.#declineNext = count;
  }

  reset(): void {
    this.#declineNext = 0;
    this.charges.length = 0;
    this.#results.clear();
  }

  async charge(request: ChargeRequest): Promise<ChargeResult> {
    const earlier = this.#results.get(request.idempotencyKey);
    if (earlier) return earlier;
    this.charges.push(request);
    let result: ChargeResult;
    if (request.method.reference === 'decline') result = { ok: false, reason: 'card declined' };
    else if (this.#declineNext > 0) {
      this.#declineNext -= 1;
      result = { ok: false, reason: 'insufficient funds' };
    } else result = { ok: true, chargeId: `test_${this.charges.length}` };
    this.#results.set(request.idempotencyKey, result);
    return result;
  }
}

export const testPaymentGateway = new TestPaymentGateway();

const gateways = new Map<string, PaymentGateway>([['test', testPaymentGateway]]);

export function registerPaymentGateway(type: string, gateway: PaymentGateway): void {
  gateways.set(type, gateway);
}

export function paymentGateway(type: string): PaymentGateway {
  const gateway = gateways.get(type);
  if (!gateway) throw new SamoohError('PAYMENT_METHOD_UNKNOWN', { type });
  return gateway;
}
