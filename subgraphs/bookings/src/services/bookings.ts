import {
  badUserInput,
  conflict,
  forbidden,
  notFound,
  requireRole,
  unauthenticated,
  type BookingStatus,
  type FieldError,
  type Viewer,
} from '@kayak/common';
import type { BookingLoaders } from '../loaders.js';
import type { BillingModel, BookingModel, Page, TransactionStatus } from '../models.js';
import { findBillingByIdempotencyKey, insertBilling, latestBillingsOfBookings, setBillingStatus } from '../repositories/billings.js';
import {
  ensureListingLock,
  insertBooking,
  insertStatusChange,
  listBookings,
  lockBooking,
  lockListing,
  takenCapacity,
  updateBookingStatus,
  type BookingFilterQuery,
  type ListingRef,
} from '../repositories/bookings.js';
import type { BookingCache } from '../repositories/cache.js';
import type { ListingCatalog, ListingSnapshot } from '../repositories/listing-catalog.js';
import { appendEvent } from '../repositories/outbox.js';
import { inTransaction, isUniqueViolation, type PrismaClient, type PrismaTx } from '../repositories/prisma.js';
import type { RevenueQuery } from '../repositories/reports.js';
import type { UserDirectory } from '../repositories/user-directory.js';
import { ACT_FOR_USERS_ROLES, actorOf, assertAdmin, assertCanAct, assertCanRead, type Actor } from './access.js';
import { bookingEventOf } from './events.js';
import { newBusinessId } from './ids.js';
import { formatCents, MAX_CENTS, toCents } from './money.js';
import { toPage, type PageRequest } from './pagination.js';
import { revenueReport, type RevenueReport } from './reports.js';
import type { PaymentProvider } from './payment-provider.js';
import { buildInvoice, quotePrice } from './pricing.js';
import { assertTransition } from './transitions.js';
import { normaliseCardNumber, toWholeSeconds, validateCreateBooking, validatePayment, type CreateBookingRequest, type PaymentRequest } from './validation.js';

/** CONFLICT for booking or paying a listing its admin deleted (retired): the listing stays visible on existing trips only. */
function retiredListing(ref: ListingRef, path: string): Error {
  return conflict(`${ref.listingType} ${ref.listingId} has been retired and can no longer be booked or paid for`, [{ path, message: `${ref.listingType} ${ref.listingId} is retired` }]);
}

/** What the booking service needs; shared by all requests except the viewer and loaders. */
export interface BookingServiceDeps {
  prisma: PrismaClient;
  cache: BookingCache;
  catalog: ListingCatalog;
  users: UserDirectory;
  payments: PaymentProvider;
  /** Wakes the outbox relay after a commit that wrote events. */
  notifyOutbox(): void;
  now?: () => Date;
}

export interface PaymentOutcome {
  booking: BookingModel;
  billing: BillingModel;
  replayed: boolean;
}

export type BookingService = ReturnType<typeof createBookingService>;

/** Domain rules of bookings and billings for one request's viewer. */
export function createBookingService(deps: BookingServiceDeps, viewer: Viewer, loaders: BookingLoaders) {
  const now = deps.now ?? (() => new Date());
  const actor: Actor = actorOf(viewer);

  /** The user a new booking is for: the viewer, or for allowed admins the user they name. */
  function bookingUser(requested: string | null | undefined, errors: FieldError[]): string {
    if (viewer.kind === 'anonymous') throw unauthenticated();
    if (viewer.kind === 'user') {
      if (requested && requested !== viewer.userId) throw forbidden('Users book for themselves only');
      return viewer.userId;
    }
    requireRole(viewer, ...ACT_FOR_USERS_ROLES);
    if (!requested) errors.push({ path: 'input.userId', message: 'is required when an admin books' });
    return requested ?? '';
  }

  async function listingFor(ref: ListingRef, at: Date): Promise<ListingSnapshot> {
    const [listing] = await deps.catalog.getListings([ref], viewer);
    if (!listing) throw badUserInput([{ path: 'input.listingId', message: `no ${ref.listingType} with this id` }]);
    if (listing.departureAt && listing.departureAt.getTime() <= at.getTime()) {
      throw badUserInput([{ path: 'input.listingId', message: 'this flight has already departed' }]);
    }
    if (listing.retired) throw retiredListing(ref, 'input.listingId');
    if (!listing.available) throw conflict(`${ref.listingType} ${ref.listingId} is not available`);
    return listing;
  }

  /** A booking of a retired (or, from before retirements, erased) listing cannot be paid. */
  async function assertPayableListing(booking: BookingModel): Promise<void> {
    const ref: ListingRef = { listingType: booking.bookingType, listingId: booking.referenceId };
    const [listing] = await deps.catalog.getListings([ref], viewer);
    if (!listing || listing.retired) throw retiredListing(ref, 'bookingId');
  }

  async function recordChange(tx: PrismaTx, before: BookingStatus | null, booking: BookingModel, at: Date, reason: string | null): Promise<void> {
    await insertStatusChange(tx, { bookingId: booking.bookingId, fromStatus: before, toStatus: booking.bookingStatus, version: booking.version, actorKind: actor.kind, actorId: actor.id, reason });
    await appendEvent(tx, bookingEventOf(booking, at));
  }

  async function afterCommit(bookingIds: string[], billingIds: string[]): Promise<void> {
    deps.notifyOutbox();
    await deps.cache.invalidate({ bookingIds, billingIds });
    // Fields resolved after the mutation in this request must see the new state too.
    for (const id of bookingIds) {
      loaders.bookingById.clear(id);
      loaders.latestBillingOfBooking.clear(id);
      loaders.statusHistory.clear(id);
    }
    for (const id of billingIds) loaders.billingById.clear(id);
  }

  return {
    async create(input: CreateBookingRequest): Promise<BookingModel> {
      const at = now();
      const errors: FieldError[] = [];
      const userId = bookingUser(input.userId, errors);
      errors.push(...validateCreateBooking(input, at));
      if (errors.length > 0) throw badUserInput(errors);
      if (viewer.kind === 'admin') {
        const [exists] = await deps.users.exists([userId], viewer);
        if (!exists) throw badUserInput([{ path: 'input.userId', message: 'no user with this id' }]);
      }

      const ref: ListingRef = { listingType: input.listingType, listingId: input.listingId.trim() };
      const startDate = toWholeSeconds(input.startDate);
      const endDate = toWholeSeconds(input.endDate);
      const listing = await listingFor(ref, at);
      const price = quotePrice(ref.listingType, toCents(listing.unitPrice), input.quantity, startDate, endDate);
      if (price.totalCents > MAX_CENTS) throw badUserInput([{ path: 'input.quantity', message: `the total would exceed ${formatCents(MAX_CENTS)}` }]);

      await ensureListingLock(deps.prisma, ref);
      const booking = await inTransaction(deps.prisma, async (tx) => {
        await lockListing(tx, ref);
        const taken = await takenCapacity(tx, ref, startDate, endDate);
        const left = Math.max(0, listing.capacity - taken);
        if (input.quantity > left) {
          throw conflict(`Only ${left} of ${listing.capacity} left for these dates`, [{ path: 'input.quantity', message: `must be at most ${left}` }]);
        }
        const created = await insertBooking(tx, {
          bookingId: newBusinessId('BK', at),
          userId,
          bookingType: ref.listingType,
          referenceId: ref.listingId,
          startDate,
          endDate,
          quantity: input.quantity,
          totalPrice: formatCents(price.totalCents),
        });
        await recordChange(tx, null, created, at, null);
        return created;
      });
      deps.notifyOutbox();
      return booking;
    },

    async pay(bookingId: string, method: PaymentRequest, idempotencyKey: string): Promise<PaymentOutcome> {
      if (viewer.kind === 'anonymous') throw unauthenticated();
      const errors = validatePayment(method, idempotencyKey);
      if (errors.length > 0) throw badUserInput(errors);
      const key = idempotencyKey.trim();
      const cardNumber = normaliseCardNumber(method.cardNumber);
      const at = now();

      let outcome: PaymentOutcome;
      try {
        outcome = await inTransaction(deps.prisma, async (tx) => {
          const booking = await lockBooking(tx, bookingId);
          if (!booking) throw notFound('Booking');
          assertCanAct(viewer, booking.userId);
          // The key is checked under the booking's lock: a concurrent retry waits, then replays.
          const previous = await findBillingByIdempotencyKey(tx, key);
          if (previous) {
            if (previous.bookingId !== booking.bookingId) throw conflict('This idempotency key was used for another booking', [{ path: 'idempotencyKey', message: 'already used' }]);
            return { booking, billing: previous, replayed: true };
          }
          assertTransition(booking.bookingStatus, 'Confirmed');
          await assertPayableListing(booking);

          const summary = cardNumber ? `${method.type} ending ${cardNumber.slice(-4)}` : method.type;
          const invoice = buildInvoice(booking, summary);
          const charge = await deps.payments.charge({ idempotencyKey: key, amountCents: toCents(invoice.total), method: method.type, cardNumber });
          const paid = charge.status === 'succeeded';
          const billing = await insertBilling(tx, {
            billingId: newBusinessId('BILL', at),
            userId: booking.userId,
            bookingType: booking.bookingType,
            bookingId: booking.bookingId,
            transactionDate: toWholeSeconds(at),
            totalAmountPaid: invoice.total,
            paymentMethod: method.type,
            transactionStatus: paid ? 'Success' : 'Failed',
            invoiceNumber: newBusinessId('INV', at),
            invoiceDetails: invoice,
            idempotencyKey: key,
          });
          const updated = await updateBookingStatus(tx, booking, paid ? 'Confirmed' : 'PaymentFailed');
          await recordChange(tx, booking.bookingStatus, updated, at, charge.status === 'declined' ? `payment declined: ${charge.reason}` : 'payment succeeded');
          return { booking: updated, billing, replayed: false };
        });
      } catch (error) {
        // Two bookings paid at once with one key: the unique index lets only the first through.
        if (isUniqueViolation(error, 'idempotency')) throw conflict('This idempotency key was used for another booking', [{ path: 'idempotencyKey', message: 'already used' }]);
        throw error;
      }
      if (!outcome.replayed) await afterCommit([outcome.booking.bookingId], [outcome.billing.billingId]);
      return outcome;
    },

    async cancel(bookingId: string, reason: string | null | undefined): Promise<BookingModel> {
      if (viewer.kind === 'anonymous') throw unauthenticated();
      const trimmed = reason?.trim() || null;
      if (trimmed && trimmed.length > 255) throw badUserInput([{ path: 'reason', message: 'must be at most 255 characters' }]);
      const at = now();
      const { booking, refunded } = await inTransaction(deps.prisma, async (tx) => {
        const current = await lockBooking(tx, bookingId);
        if (!current) throw notFound('Booking');
        assertCanAct(viewer, current.userId);
        assertTransition(current.bookingStatus, 'Cancelled');
        if (current.startDate.getTime() <= at.getTime()) throw conflict('A booking that has started cannot be cancelled');
        const billing = (await latestBillingsOfBookings(tx, [current.bookingId])).get(current.bookingId);
        let refundedBilling: BillingModel | null = null;
        if (billing?.transactionStatus === 'Success') {
          await deps.payments.refund(billing.billingId, toCents(billing.totalAmountPaid));
          refundedBilling = await setBillingStatus(tx, billing.billingId, 'Refunded');
        }
        const updated = await updateBookingStatus(tx, current, 'Cancelled');
        await recordChange(tx, current.bookingStatus, updated, at, trimmed);
        return { booking: updated, refunded: refundedBilling };
      });
      await afterCommit([booking.bookingId], refunded ? [refunded.billingId] : []);
      return booking;
    },

    /** A booking the viewer may see; null when it does not exist. */
    async get(bookingId: string): Promise<BookingModel | null> {
      if (viewer.kind === 'anonymous') throw unauthenticated();
      const booking = await loaders.bookingById.load(bookingId);
      if (booking) assertCanRead(viewer, booking.userId);
      return booking;
    },

    async getBilling(billingId: string): Promise<BillingModel | null> {
      if (viewer.kind === 'anonymous') throw unauthenticated();
      const billing = await loaders.billingById.load(billingId);
      if (billing) assertCanRead(viewer, billing.userId);
      return billing;
    },

    async myBookings(status: BookingStatus | null, page: PageRequest): Promise<Page<BookingModel>> {
      if (viewer.kind === 'anonymous') throw unauthenticated();
      if (viewer.kind !== 'user') throw forbidden('myBookings lists a user’s own bookings; admins use bookings(filter)');
      return loaders.bookingsOfUser(status, page).load(viewer.userId);
    },

    async userBookings(userId: string, status: BookingStatus | null, page: PageRequest): Promise<Page<BookingModel>> {
      assertCanRead(viewer, userId);
      return loaders.bookingsOfUser(status, page).load(userId);
    },

    async userBillings(userId: string, status: TransactionStatus | null, page: PageRequest): Promise<Page<BillingModel>> {
      assertCanRead(viewer, userId);
      return loaders.billingsOfUser(status, page).load(userId);
    },

    async hasConfirmedBooking(userId: string, ref: ListingRef): Promise<boolean> {
      assertCanRead(viewer, userId);
      return loaders.hasConfirmedBooking.load({ userId, ...ref });
    },

    async allBookings(filter: BookingFilterQuery, page: PageRequest): Promise<Page<BookingModel>> {
      assertAdmin(viewer);
      if (filter.createdFrom && filter.createdTo && filter.createdFrom.getTime() >= filter.createdTo.getTime()) {
        throw badUserInput([{ path: 'filter.createdTo', message: 'must be after createdFrom' }]);
      }
      const { rows, totalCount } = await listBookings(deps.prisma, filter, page);
      return toPage(rows, page, totalCount);
    },

    revenueReport(query: RevenueQuery): Promise<RevenueReport> {
      return revenueReport(deps.prisma, viewer, query);
    },
  };
}
