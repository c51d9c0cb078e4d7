import { AppError, type BookingStatus, type Logger } from '@kayak/common';
import { toCents } from '@kayak/common/money';
import { bookingEventOf, type StatusChangeMoney } from '../events/bookingEvents.js';
import type { BillingModel, BookingModel } from '../models.js';
import { findBilling, setBillingStatus } from '../repositories/billings.js';
import { insertStatusChange, lockBooking, updateBookingStatus } from '../repositories/bookings.js';
import { appendEvent } from '../repositories/outbox.js';
import { inTransaction, type PrismaClient, type PrismaTx } from '../repositories/prisma.js';
import type { Actor } from './access.js';
import type { ChargeRequest, ChargeState, PaymentProvider } from './paymentProvider.js';

/**
 * The second half of a payment. payBooking first records the attempt (a billing in status
 * Pending, committed) and only then asks the provider, so a charge always has a row that names it
 * (amount, idempotency key). Settling writes the provider's answer under the booking's row lock,
 * the same lock the hold sweeper and cancelBooking take, so the three never interleave. The
 * request that made the attempt settles it; if it died, or the provider's answer was lost, a
 * retry with the same key or the hold sweeper does (asking the provider by key).
 */

export interface SettlementDeps {
  prisma: PrismaClient;
  payments: PaymentProvider;
}

export interface Settlement {
  booking: BookingModel;
  billing: BillingModel;
  /** True when the attempt had already been settled (by a concurrent retry or the sweeper). */
  replayed: boolean;
}

/**
 * The audit row and the outbox event of a status change, in the caller's transaction; `money`
 * names the billing that confirmed it or the refund a cancellation made (rows of that transaction).
 */
export async function recordStatusChange(tx: PrismaTx, actor: Actor, before: BookingStatus | null, booking: BookingModel, at: Date, reason: string | null, money: StatusChangeMoney = {}): Promise<void> {
  await insertStatusChange(tx, { bookingId: booking.bookingId, fromStatus: before, toStatus: booking.bookingStatus, version: booking.version, actorKind: actor.kind, actorId: actor.id, reason });
  await appendEvent(tx, bookingEventOf(booking, at, money));
}

/**
 * Step 2 of a payment (booking or trip): the provider's answer for a recorded attempt, asked by
 * its idempotency key, so a resumed attempt is looked up and never charged twice. A provider that
 * does not answer is SERVICE_UNAVAILABLE; the attempt stays recorded for a retry with the same key.
 */
export async function chargeOnce(
  deps: SettlementDeps & { logger?: Logger },
  attempt: BillingModel,
  payment: Omit<ChargeRequest, 'amountCents'> & { resumed: boolean },
  logFields: Record<string, string>,
): Promise<ChargeState> {
  const { resumed, ...request } = payment;
  try {
    const known = resumed ? await deps.payments.lookup(request.idempotencyKey) : null;
    return known ?? { ...(await deps.payments.charge({ ...request, amountCents: toCents(attempt.totalAmountPaid) })), refunded: false };
  } catch (error) {
    deps.logger?.warn({ err: error, ...logFields, billingId: attempt.billingId }, 'payment provider did not answer; the attempt stays recorded');
    throw new AppError('SERVICE_UNAVAILABLE', 'The payment provider did not answer. The attempt is recorded: retry with the same idempotency key to finish it (it is never charged twice).');
  }
}

/** Writes the provider's answer to a recorded attempt: the billing's outcome and, if it decides one, the booking's. */
export async function settleAttempt(deps: SettlementDeps, attempt: BillingModel, answer: ChargeState, actor: Actor, at: Date): Promise<Settlement> {
  return inTransaction(deps.prisma, async (tx) => {
    const booking = await lockBooking(tx, attempt.bookingId);
    const billing = await findBilling(tx, attempt.billingId);
    if (!booking || !billing) throw new Error(`payment attempt ${attempt.billingId} lost its booking or billing row`);
    if (billing.transactionStatus !== 'Pending') {
      // Closed as uncharged by the sweeper while this charge was still under way: give it back.
      if (billing.transactionStatus === 'Failed' && answer.status === 'succeeded' && !answer.refunded) {
        await deps.payments.refund(answer.reference, toCents(billing.totalAmountPaid));
        return { booking, billing: await setBillingStatus(tx, billing.billingId, 'Refunded', answer.reference), replayed: false };
      }
      return { booking, billing, replayed: true };
    }

    if (answer.status === 'declined') {
      const failed = await setBillingStatus(tx, billing.billingId, 'Failed', answer.reference);
      if (booking.bookingStatus !== 'Pending') return { booking, billing: failed, replayed: false };
      const updated = await updateBookingStatus(tx, booking, 'PaymentFailed');
      await recordStatusChange(tx, actor, booking.bookingStatus, updated, at, `payment declined: ${answer.reason}`);
      return { booking: updated, billing: failed, replayed: false };
    }
    if (!answer.refunded && booking.bookingStatus === 'Pending') {
      const paid = await setBillingStatus(tx, billing.billingId, 'Success', answer.reference);
      const updated = await updateBookingStatus(tx, booking, 'Confirmed');
      await recordStatusChange(tx, actor, booking.bookingStatus, updated, at, 'payment succeeded', { paidBy: paid });
      return { booking: updated, billing: paid, replayed: false };
    }
    // Charged, but there is nothing left to pay for (or the charge was refunded already): the
    // money goes back and the billing says so. Refunding first means that if this write fails,
    // the next look at the provider finds the refund and records it.
    if (!answer.refunded) await deps.payments.refund(answer.reference, toCents(billing.totalAmountPaid));
    return { booking, billing: await setBillingStatus(tx, billing.billingId, 'Refunded', answer.reference), replayed: false };
  });
}

/**
 * Step 3 of a payment failed after the provider answered: the error for the client. A charge that
 * went through is refunded (`compensate`), then `released` publishes what the refund changed; the
 * message says whether anything was charged and whether to retry with the same key or a new one.
 */
export async function unrecordedPayment(
  deps: SettlementDeps & { logger?: Logger },
  attempt: BillingModel,
  answer: ChargeState,
  cause: unknown,
  logFields: Record<string, string>,
  released: () => Promise<void>,
): Promise<AppError> {
  deps.logger?.error({ err: cause, ...logFields, billingId: attempt.billingId }, 'payment could not be recorded after the provider answered');
  if (answer.status !== 'succeeded' || answer.refunded) return new AppError('SERVICE_UNAVAILABLE', 'The payment could not be recorded. Nothing was charged: retry with the same idempotency key.');
  const refunded = await compensate(deps, attempt, answer.reference).catch((refundError: unknown) => {
    deps.logger?.error({ err: refundError, billingId: attempt.billingId }, 'refund after a failed payment write failed; the sweeper settles the attempt');
    return undefined;
  });
  await released();
  if (refunded === undefined) return new AppError('SERVICE_UNAVAILABLE', 'The payment could not be recorded. The attempt is kept and will be confirmed or refunded: retry with the same idempotency key to see its outcome.');
  return new AppError('SERVICE_UNAVAILABLE', 'The payment could not be recorded, so it was refunded and nothing was charged. Pay again with a new idempotency key.');
}

/**
 * The provider charged but the settlement could not be written: refund the charge, then record
 * the refund. If that write fails too, the attempt stays Pending and the sweeper later finds the
 * refund at the provider and records it; the charge is never left without its row.
 */
export async function compensate(deps: SettlementDeps, attempt: BillingModel, reference: string): Promise<BillingModel | null> {
  await deps.payments.refund(reference, toCents(attempt.totalAmountPaid));
  try {
    return await inTransaction(deps.prisma, async (tx) => {
      const billing = await findBilling(tx, attempt.billingId);
      if (!billing || billing.transactionStatus !== 'Pending') return billing;
      return setBillingStatus(tx, attempt.billingId, 'Refunded', reference);
    });
  } catch {
    return null;
  }
}

/** An attempt the provider never received (nothing was charged): closed as Failed; the booking keeps its status. */
export async function closeUncharged(deps: SettlementDeps, attempt: BillingModel): Promise<Settlement | null> {
  return inTransaction(deps.prisma, async (tx) => {
    const booking = await lockBooking(tx, attempt.bookingId);
    const billing = await findBilling(tx, attempt.billingId);
    if (!booking || !billing) return null;
    if (billing.transactionStatus !== 'Pending') return { booking, billing, replayed: true };
    return { booking, billing: await setBillingStatus(tx, attempt.billingId, 'Failed'), replayed: false };
  });
}
