import { createHash } from 'node:crypto';
import type { ChargeLedger, SimulatedChargeRecord } from '../models.js';
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

/** A ledger in this process only: for a test's own provider (bookings replicas share the SQL one). */
export function memoryChargeLedger(): ChargeLedger {
  const charges = new Map<string, SimulatedChargeRecord>();
  return {
    async record(idempotencyKey, charge) {
      const known = charges.get(idempotencyKey);
      if (known) return { charge: known, created: false };
      const stored = { ...charge, refunded: false };
      charges.set(idempotencyKey, stored);
      return { charge: stored, created: true };
    },
    async find(idempotencyKey) {
      return charges.get(idempotencyKey) ?? null;
    },
    async markRefunded(reference) {
      for (const charge of charges.values()) if (charge.reference === reference) charge.refunded = true;
    },
  };
}

const toResult = (charge: SimulatedChargeRecord): ChargeResult =>
  charge.status === 'declined' ? { status: 'declined', reference: charge.reference, reason: charge.reason ?? 'declined' } : { status: 'succeeded', reference: charge.reference };

/**
 * A deterministic simulated provider: every charge succeeds except with DECLINED_TEST_CARD; the
 * same idempotency key returns the first result, as real providers do. Its charges live in
 * `ledger`: the bookings process passes the SQL one, so a retry or the hold sweeper on another
 * replica sees the charge (a provider in process memory would not: docs/bookings.md, "Replicas").
 */
export function createSimulatedPaymentProvider(ledger: ChargeLedger = memoryChargeLedger()): SimulatedPaymentProvider {
  let charges = 0;
  let refunds = 0;
  return {
    get charges() {
      return charges;
    },
    get refunds() {
      return refunds;
    },
    async charge(request) {
      const reference = `ch_${createHash('sha256').update(request.idempotencyKey).digest('hex').slice(0, 24)}`;
      const declined = request.cardNumber === DECLINED_TEST_CARD;
      const { charge, created } = await ledger.record(request.idempotencyKey, { status: declined ? 'declined' : 'succeeded', reference, reason: declined ? 'card declined' : null });
      if (created) charges += 1;
      return toResult(charge);
    },
    async refund(reference) {
      refunds += 1;
      await ledger.markRefunded(reference);
    },
    async lookup(idempotencyKey) {
      const charge = await ledger.find(idempotencyKey);
      return charge ? { ...toResult(charge), refunded: charge.refunded } : null;
    },
  };
}
