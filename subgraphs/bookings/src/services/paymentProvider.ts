import { createHash } from 'node:crypto';
import type { PaymentMethodType } from './validation.js';

/**
 * The payment provider seen by payBooking. Charges carry the client's idempotency key, so even a
 * retry after a crash between charge and commit is not charged twice by the provider, and an
 * attempt whose answer was lost can be looked up by that key.
 */
export interface ChargeRequest {
  idempotencyKey: string;
  amountCents: bigint;
  method: PaymentMethodType;
  /** Digits only; never stored. */
  cardNumber: string | null;
}

export type ChargeResult = { status: 'succeeded'; reference: string } | { status: 'declined'; reference: string; reason: string };

/** What the provider knows of the charge made with one idempotency key. */
export type ChargeState = ChargeResult & { refunded: boolean };

export interface PaymentProvider {
  charge(request: ChargeRequest): Promise<ChargeResult>;
  refund(reference: string, amountCents: bigint): Promise<void>;
  /** The charge made with this idempotency key, or null when the provider never received one. */
  lookup(idempotencyKey: string): Promise<ChargeState | null>;
}

/** The card the simulated provider always declines (the usual test-card convention). */
export const DECLINED_TEST_CARD = '4000000000000002';

export interface SimulatedPaymentProvider extends PaymentProvider {
  /** Distinct charges executed (replays of a known idempotency key are not counted). */
  readonly charges: number;
  readonly refunds: number;
}

/**
 * A deterministic in-process provider: every charge succeeds except with DECLINED_TEST_CARD;
 * the same idempotency key returns the first result, as real providers do.
 */
export function createSimulatedPaymentProvider(): SimulatedPaymentProvider {
  const results = new Map<string, ChargeResult>();
  const refunded = new Set<string>();
  let refunds = 0;
  return {
    get charges() {
      return results.size;
    },
    get refunds() {
      return refunds;
    },
    async charge(request) {
      const known = results.get(request.idempotencyKey);
      if (known) return known;
      const reference = `ch_${createHash('sha256').update(request.idempotencyKey).digest('hex').slice(0, 24)}`;
      const result: ChargeResult =
        request.cardNumber === DECLINED_TEST_CARD ? { status: 'declined', reference, reason: 'card declined' } : { status: 'succeeded', reference };
      results.set(request.idempotencyKey, result);
      return result;
    },
    async refund(reference) {
      refunds += 1;
      refunded.add(reference);
    },
    async lookup(idempotencyKey) {
      const result = results.get(idempotencyKey);
      return result ? { ...result, refunded: refunded.has(result.reference) } : null;
    },
  };
}
