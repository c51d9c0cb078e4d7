import { badUserInput, can, conflict, forbidden, notFound, unauthenticated, type FieldError, type RequestContext } from '@kayak/common';
import { formatCents, MAX_CENTS, toCents } from '@kayak/common/money';
import type { ListingSnapshot } from '../clients/listingCatalog.js';
import { tripEventOf } from '../events/tripEvents.js';
import { appendEvent } from '../repositories/outbox.js';
import type { BookingLoaders } from '../loaders.js';
import type { BillingModel, BookingModel, Page, PageRequest, TripModel, TripStatus } from '../models.js';
import { findBilling, findBillingByIdempotencyKey, insertBilling, latestBillingsOfTrips, openAttemptsOf, setBillingStatus } from '../repositories/billings.js';
import { bookingsOfTrips, ensureListingLock, holdDeadline, lockTripBookings, updateBookingStatus } from '../repositories/bookings.js';
import { inTransaction, isUniqueViolation, type PrismaTx } from '../repositories/prisma.js';
import { insertTrip, lockTrip, updateTrip } from '../repositories/trips.js';
import type { BookingService, BookingServiceDeps, PreparedItem } from './bookings.js';
import { newBusinessId } from './ids.js';
import type { ChargeState } from './paymentProvider.js';
import { chargeOnce, recordStatusChange, unrecordedPayment, type SettlementDeps } from './paymentSettlement.js';
import type { Actor } from './access.js';
import { buildTripInvoice, itemRefundCents } from './pricing.js';
import { assertTransition } from './transitions.js';
import { normaliseCardNumber, toWholeSeconds, validatePayment, type CreateBookingRequest, type PaymentRequest } from './validation.js';

/**
 * Trips (docs/trips.md): several bookings made in one transaction and paid once. Every per-item
 * rule is the booking service's (validation, pricing, capacity under the listing locks, status
 * transitions, audit rows and outbox events); this file adds what spans the items.
 */

export const MAX_TRIP_ITEMS = 10;

export interface CreateTripRequest {
  items: ReadonlyArray<Omit<CreateBookingRequest, 'userId'>>;
  userId?: string | null;
}

export interface TripPaymentOutcome {
  trip: TripModel;
  billing: BillingModel;
  replayed: boolean;
}

/** Statuses an item leaves behind when it no longer holds anything. */
const ENDED = new Set(['Cancelled', 'Expired', 'PaymentFailed']);

/** A trip's status from its items, for a trip whose stored status is Pending and whose hold may have run out. */
export function tripStatusOf(trip: TripModel, items: readonly BookingModel[]): TripStatus {
  if (trip.tripStatus === 'Pending' && items.length > 0 && items.every((item) => item.bookingStatus === 'Expired' || item.bookingStatus === 'Cancelled') && items.some((item) => item.bookingStatus === 'Expired')) {
    return 'Expired';
  }
  return trip.tripStatus;
}

/** After cancellations: Cancelled when nothing is held any more, PartiallyCancelled for a paid trip with items left. */
function statusAfterCancel(trip: TripModel, items: readonly BookingModel[]): TripStatus {
  if (items.every((item) => ENDED.has(item.bookingStatus))) return 'Cancelled';
  return trip.tripStatus === 'Pending' ? 'Pending' : 'PartiallyCancelled';
}

/**
 * Writes the provider's answer to a trip's recorded payment attempt: the one billing and every
 * payable item in one transaction (payTrip, or the hold sweeper for an abandoned attempt).
 */
export async function settleTripAttempt(deps: SettlementDeps, tripId: string, attempt: BillingModel, answer: ChargeState, actor: Actor, at: Date): Promise<TripPaymentOutcome> {
  const itemIds = (await bookingsOfTrips(deps.prisma, [tripId])).map((item) => item.bookingId);
  return inTransaction(deps.prisma, async (tx) => {
    const { trip, items } = await lockTripRows(tx, tripId, itemIds);
    const billing = await findBilling(tx, attempt.billingId);
    if (!trip || !billing) throw new Error(`payment attempt ${attempt.billingId} lost its trip or billing row`);
    if (billing.transactionStatus !== 'Pending') return { trip, billing, replayed: true };
    const payable = items.filter((item) => item.bookingStatus !== 'Cancelled');
    if (answer.status === 'declined') {
      const failed = await setBillingStatus(tx, billing.billingId, 'Failed', answer.reference);
      for (const item of payable.filter((candidate) => candidate.bookingStatus === 'Pending')) {
        const updated = await updateBookingStatus(tx, item, 'PaymentFailed');
        await recordStatusChange(tx, actor, item.bookingStatus, updated, at, `payment declined: ${answer.reason}`);
      }
      const declined = await updateTrip(tx, tripId, { tripStatus: 'PaymentFailed' });
      await appendEvent(tx, tripEventOf(declined, items.map((item) => item.bookingId), at, { type: 'cancelled', refundCents: 0n }));
      return { trip: declined, billing: failed, replayed: false };
    }
    if (!answer.refunded && payable.every((item) => item.bookingStatus === 'Pending')) {
      const paid = await setBillingStatus(tx, billing.billingId, 'Success', answer.reference);
      for (const item of payable) {
        const updated = await updateBookingStatus(tx, item, 'Confirmed');
        await recordStatusChange(tx, actor, item.bookingStatus, updated, at, 'payment succeeded', { paidBy: paid });
      }
      const confirmed = await updateTrip(tx, tripId, { tripStatus: 'Confirmed' });
      await appendEvent(tx, tripEventOf(confirmed, items.map((item) => item.bookingId), at, { type: 'confirmed', paidBy: paid }));
      return { trip: confirmed, billing: paid, replayed: false };
    }
    // Charged, but an item stopped being payable meanwhile: the whole charge goes back.
    if (!answer.refunded) await deps.payments.refund(answer.reference, toCents(billing.totalAmountPaid));
    return { trip, billing: await setBillingStatus(tx, billing.billingId, 'Refunded', answer.reference), replayed: false };
  });
}

/**
 * Locks a trip's rows: its items first (the rows the hold sweeper and single-booking writers also
 * lock), then the trip row. Every trip writer takes them in this order, and the first plain read
 * (which fixes an InnoDB snapshot) comes after the item locks, so no stale item is ever read.
 */
async function lockTripRows(tx: PrismaTx, tripId: string, itemIds: readonly string[]): Promise<{ trip: TripModel | null; items: BookingModel[] }> {
  const items = await lockTripBookings(tx, itemIds);
  const trip = await lockTrip(tx, tripId);
  return { trip, items };
}

export type TripService = ReturnType<typeof createTripService>;

export function createTripService(deps: BookingServiceDeps, request: Pick<RequestContext, 'viewer' | 'requestId'>, loaders: BookingLoaders, bookings: BookingService) {
  const { viewer, requestId } = request;
  const now = deps.now ?? (() => new Date());

  /** A trip the viewer may read; NOT_FOUND for a trip that does not exist or is another user's. */
  async function readableTrip(tripId: string): Promise<TripModel> {
    if (viewer.kind === 'anonymous') throw unauthenticated();
    const trip = await loaders.tripById.load(tripId);
    if (!trip || !can(viewer, 'bookings:read', trip.userId)) throw notFound('Trip');
    return trip;
  }

  /** A trip the viewer may change, read before its rows are locked (network calls happen first). */
  async function tripToChange(tripId: string): Promise<{ trip: TripModel; items: BookingModel[]; listings: Map<string, ListingSnapshot | null> }> {
    const trip = await readableTrip(tripId);
    if (!can(viewer, 'bookings:manage', trip.userId)) throw forbidden('Not allowed (bookings:manage)');
    const items = await bookingsOfTrips(deps.prisma, [tripId]);
    const snapshots = await deps.catalog.getListings(items.map((item) => ({ listingType: item.bookingType, listingId: item.listingId })), viewer, requestId);
    return { trip, items, listings: new Map(items.map((item, index) => [item.bookingId, snapshots[index] ?? null])) };
  }

  /** Cancels `targets` (items of the locked trip) with the per-item refund rule; returns the trip after. */
  async function cancelLocked(tx: PrismaTx, trip: TripModel, items: BookingModel[], targets: BookingModel[], listings: Map<string, ListingSnapshot | null>, at: Date, reason: string | null): Promise<{ trip: TripModel; billingIds: string[] }> {
    for (const item of targets) {
      assertTransition(item.bookingStatus, 'Cancelled');
      const starts = bookings.startOf(item, listings.get(item.bookingId) ?? null);
      if (starts.at.getTime() <= at.getTime()) throw conflict(`${starts.departed} cannot be cancelled`, [{ path: 'bookingId', message: `${item.bookingId} has started` }]);
    }
    if ((await openAttemptsOf(tx, items.map((item) => item.bookingId))).length > 0) throw conflict('A payment of this trip is in progress; try again in a moment');
    const billing = (await latestBillingsOfTrips(tx, [trip.tripId])).get(trip.tripId);
    const paid = billing?.transactionStatus === 'Success' ? billing : null;
    const remaining = items.filter((item) => !ENDED.has(item.bookingStatus) && !targets.some((target) => target.bookingId === item.bookingId));
    // Per item: its price plus its tax. The last items cancelled get what is left of the charge, so
    // rounding never leaves a cent behind or refunds one too many.
    const refunds = new Map(targets.map((item) => [item.bookingId, paid && item.bookingStatus === 'Confirmed' ? itemRefundCents(item) : 0n]));
    let refundCents = [...refunds.values()].reduce((sum, cents) => sum + cents, 0n);
    if (paid && remaining.length === 0 && refundCents > 0n) {
      const left = toCents(paid.totalAmountPaid) - toCents(trip.refundedTotal);
      const last = targets[targets.length - 1];
      if (last) refunds.set(last.bookingId, (refunds.get(last.bookingId) ?? 0n) + left - refundCents);
      refundCents = left;
    }
    const billingIds: string[] = [];
    if (paid && refundCents > 0n) {
      await deps.payments.refund(paid.paymentReference ?? paid.billingId, refundCents);
      if (remaining.length === 0) {
        await setBillingStatus(tx, paid.billingId, 'Refunded');
        billingIds.push(paid.billingId);
      }
    }
    for (const item of targets) {
      const updated = await updateBookingStatus(tx, item, 'Cancelled');
      await recordStatusChange(tx, bookings.actor, item.bookingStatus, updated, at, reason, { refundCents: refunds.get(item.bookingId) ?? 0n });
      items[items.indexOf(item)] = updated;
    }
    const updated = await updateTrip(tx, trip.tripId, { tripStatus: statusAfterCancel(trip, items), ...(refundCents > 0n ? { refundedCents: formatCents(refundCents) } : {}) });
    await appendEvent(tx, tripEventOf(updated, items.map((item) => item.bookingId), at, { type: 'cancelled', refundCents }));
    return { trip: updated, billingIds };
  }

  async function cancel(tripId: string, bookingId: string | null, reason: string | null | undefined): Promise<TripModel> {
    if (viewer.kind === 'anonymous') throw unauthenticated();
    const trimmed = reason?.trim() || null;
    if (trimmed && trimmed.length > 255) throw badUserInput([{ path: 'reason', message: 'must be at most 255 characters' }]);
    const at = now();
    const before = await tripToChange(tripId);
    const { listings } = before;
    const result = await inTransaction(deps.prisma, async (tx) => {
      const { trip, items } = await lockTripRows(tx, tripId, before.items.map((item) => item.bookingId));
      if (!trip) throw notFound('Trip');
      const targets = bookingId === null ? items.filter((item) => !ENDED.has(item.bookingStatus)) : items.filter((item) => item.bookingId === bookingId);
      if (bookingId !== null && targets.length === 0) throw notFound('Booking of this trip');
      if (targets.length === 0) throw conflict(`Trip ${tripId} has nothing left to cancel`);
      return { ...(await cancelLocked(tx, trip, items, targets, listings, at, trimmed)), itemIds: items.map((item) => item.bookingId) };
    });
    await afterCommit(tripId, result.itemIds, result.billingIds);
    return result.trip;
  }

  async function afterCommit(tripId: string, bookingIds: string[], billingIds: string[]): Promise<void> {
    await bookings.afterCommit(bookingIds, billingIds);
    loaders.tripById.clear(tripId);
    loaders.itemsOfTrip.clear(tripId);
    loaders.billingOfTrip.clear(tripId);
  }

  return {
    async create(input: CreateTripRequest): Promise<TripModel> {
      const at = now();
      const errors: FieldError[] = [];
      const userId = bookings.bookingUser(input.userId, errors);
      if (input.items.length === 0 || input.items.length > MAX_TRIP_ITEMS) errors.push({ path: 'input.items', message: `must have 1–${MAX_TRIP_ITEMS} items` });
      if (errors.length > 0) throw badUserInput(errors);
      await bookings.checkUserExists(userId);
      // Every item is validated and priced (its listing read) before any lock; the first failing
      // item, by position, is the error.
      const settled = await Promise.allSettled(input.items.map((item, index) => bookings.prepareItem(item, at, `input.items.${index}`)));
      const prepared: PreparedItem[] = [];
      for (const outcome of settled) {
        if (outcome.status === 'rejected') throw outcome.reason;
        prepared.push(outcome.value);
      }
      const totalCents = prepared.reduce((sum, item) => sum + item.totalCents, 0n);
      if (totalCents > MAX_CENTS) throw badUserInput([{ path: 'input.items', message: `the trip's total must be at most ${formatCents(MAX_CENTS)}` }]);
      for (const item of prepared) await ensureListingLock(deps.prisma, item.ref);

      const trip = await inTransaction(deps.prisma, async (tx) => {
        // Locks first (see lockItems), then the trip row the items' foreign key names.
        await bookings.lockItems(tx, prepared);
        const created = await insertTrip(tx, { tripId: newBusinessId('TRP', at), userId, totalPrice: formatCents(totalCents) });
        const items = await bookings.holdItems(tx, userId, prepared, at, created.tripId);
        await appendEvent(tx, tripEventOf(created, items.map((item) => item.bookingId), at, { type: 'created' }));
        return created;
      });
      deps.notifyOutbox();
      return trip;
    },

    async pay(tripId: string, method: PaymentRequest, idempotencyKey: string): Promise<TripPaymentOutcome> {
      if (viewer.kind === 'anonymous') throw unauthenticated();
      const errors = validatePayment(method, idempotencyKey);
      if (errors.length > 0) throw badUserInput(errors);
      const key = idempotencyKey.trim();
      const cardNumber = normaliseCardNumber(method.cardNumber);
      const at = now();
      const before = await tripToChange(tripId);
      const { listings } = before;

      // 1. Record the attempt (one billing, Pending) and commit it before any money moves.
      type Step = { kind: 'replay'; trip: TripModel; billing: BillingModel } | { kind: 'attempt' | 'resume'; trip: TripModel; attempt: BillingModel; itemIds: string[] };
      let step: Step;
      try {
        step = await inTransaction(deps.prisma, async (tx): Promise<Step> => {
          const { trip, items } = await lockTripRows(tx, tripId, before.items.map((item) => item.bookingId));
          if (!trip) throw notFound('Trip');
          const itemIds = items.map((item) => item.bookingId);
          const previous = await findBillingByIdempotencyKey(tx, key);
          if (previous) {
            if (previous.tripId !== tripId) throw conflict('This idempotency key was used for another payment', [{ path: 'idempotencyKey', message: 'already used' }]);
            return previous.transactionStatus === 'Pending' ? { kind: 'resume', trip, attempt: previous, itemIds } : { kind: 'replay', trip, billing: previous };
          }
          if (trip.tripStatus !== 'Pending') throw conflict(`A trip in status ${trip.tripStatus} cannot be paid`);
          const payable = items.filter((item) => item.bookingStatus !== 'Cancelled');
          if (payable.length === 0) throw conflict('Every item of this trip is cancelled');
          for (const item of payable) {
            assertTransition(item.bookingStatus, 'Confirmed');
            const listing = listings.get(item.bookingId) ?? null;
            if (!listing || listing.retired) throw conflict(`${item.bookingType} ${item.listingId} has been retired and can no longer be paid for`, [{ path: 'tripId', message: `${item.bookingId} is of a retired listing` }]);
            const starts = bookings.startOf(item, listing);
            if (starts.at.getTime() <= at.getTime()) throw conflict(`${starts.departed} cannot be paid`);
            const deadline = holdDeadline(item, deps.holdMs);
            if (deadline && deadline.getTime() <= at.getTime()) throw conflict(`The hold on this trip expired at ${deadline.toISOString()}; book again`);
          }
          if ((await openAttemptsOf(tx, itemIds)).length > 0) throw conflict('Another payment of this trip is in progress', [{ path: 'idempotencyKey', message: 'another key is being charged for this trip' }]);
          const summary = cardNumber ? `${method.type} ending ${cardNumber.slice(-4)}` : method.type;
          const invoice = buildTripInvoice(payable, summary);
          if (toCents(invoice.total) > MAX_CENTS) throw conflict(`The total with tax, ${invoice.total}, is above ${formatCents(MAX_CENTS)}, the most a billing records; nothing was charged`);
          const [first] = payable;
          if (!first) throw conflict('Every item of this trip is cancelled');
          const attempt = await insertBilling(tx, {
            billingId: newBusinessId('BILL', at),
            userId: trip.userId,
            bookingType: first.bookingType,
            bookingId: first.bookingId,
            tripId,
            transactionDate: toWholeSeconds(at),
            totalAmountPaid: invoice.total,
            paymentMethod: method.type,
            transactionStatus: 'Pending',
            invoiceNumber: newBusinessId('INV', at),
            invoiceDetails: invoice,
            idempotencyKey: key,
          });
          return { kind: 'attempt', trip, attempt, itemIds };
        });
      } catch (error) {
        if (isUniqueViolation(error, 'idempotency')) throw conflict('This idempotency key was used for another payment', [{ path: 'idempotencyKey', message: 'already used' }]);
        throw error;
      }
      if (step.kind === 'replay') return { trip: step.trip, billing: step.billing, replayed: true };
      const { attempt, itemIds } = step;
      if (step.kind === 'attempt') await afterCommit(tripId, itemIds, [attempt.billingId]);

      // 2. One charge for the whole trip, by key (a resumed attempt is never charged twice).
      const answer = await chargeOnce(deps, attempt, { resumed: step.kind === 'resume', idempotencyKey: key, method: method.type, cardNumber }, { tripId });

      // 3. Settle: the billing and every item in one transaction.
      let settled: TripPaymentOutcome;
      try {
        settled = await settleTripAttempt(deps, tripId, attempt, answer, bookings.actor, at);
      } catch (error) {
        throw await unrecordedPayment(deps, attempt, answer, error, { tripId }, () => afterCommit(tripId, itemIds, [attempt.billingId]));
      }
      await afterCommit(tripId, itemIds, [attempt.billingId]);
      return settled;
    },

    cancelTrip: (tripId: string, reason: string | null | undefined): Promise<TripModel> => cancel(tripId, null, reason),
    cancelItem: (tripId: string, bookingId: string, reason: string | null | undefined): Promise<TripModel> => cancel(tripId, bookingId, reason),

    /** A trip of the viewer (admins allowed to read bookings: any); NOT_FOUND otherwise. */
    get: readableTrip,

    async itemsOf(trip: TripModel): Promise<BookingModel[]> {
      if (!can(viewer, 'bookings:read', trip.userId)) throw notFound('Trip');
      return loaders.itemsOfTrip.load(trip.tripId);
    },

    async billingOf(trip: TripModel): Promise<BillingModel | null> {
      if (!can(viewer, 'bookings:read', trip.userId)) throw notFound('Trip');
      return loaders.billingOfTrip.load(trip.tripId);
    },

    async statusOf(trip: TripModel): Promise<TripStatus> {
      if (trip.tripStatus !== 'Pending') return trip.tripStatus;
      return tripStatusOf(trip, await loaders.itemsOfTrip.load(trip.tripId));
    },

    async myTrips(page: PageRequest): Promise<Page<TripModel>> {
      if (viewer.kind === 'anonymous') throw unauthenticated();
      if (viewer.kind !== 'user') throw forbidden('myTrips lists a user’s own trips');
      return loaders.tripsOfUser(page).load(viewer.userId);
    },

    async userTrips(userId: string, page: PageRequest): Promise<Page<TripModel>> {
      if (viewer.kind === 'anonymous') throw unauthenticated();
      if (!can(viewer, 'bookings:read', userId)) throw forbidden('Not allowed (bookings:read)');
      return loaders.tripsOfUser(page).load(userId);
    },
  };
}
