import {
  badUserInput,
  conflict,
  forbidden,
  holdsOfRoomType,
  notFound,
  requirePermission,
  unauthenticated,
  unitsLeft,
  type BookingStatus,
  type FieldError,
  type RequestContext,
} from '@kayak/common';
import { formatCents, MAX_CENTS, toCents } from '@kayak/common/money';
import type { Logger } from 'pino';
import type { StatusChangeMoney } from '../events/bookingEvents.js';
import type { BookingLoaders } from '../loaders.js';
import type { ListingCatalog, ListingSnapshot, RoomTypeSnapshot } from '../clients/listingCatalog.js';
import type { UserDirectory } from '../clients/userDirectory.js';
import type { BillingModel, BookingModel, ListingRef, Page, PageRequest, PassengerModel, TransactionStatus } from '../models.js';
import { findBillingByIdempotencyKey, insertBilling, latestBillingsOfBookings, openAttemptsOf, setBillingStatus } from '../repositories/billings.js';
import {
  ensureListingLock,
  findBookings,
  holdDeadline,
  insertBooking,
  listBookings,
  lockBooking,
  lockListings,
  holdsOfListing,
  updateBookingStatus,
  type BookingFilterQuery,
} from '../repositories/bookings.js';
import type { BookingCache } from '../repositories/cache.js';
import { insertPassengers, type NewPassenger } from '../repositories/passengers.js';
import { inTransaction, isUniqueViolation, type PrismaClient, type PrismaTx } from '../repositories/prisma.js';
import type { RevenueQuery } from '../repositories/reports.js';
import { actorOf, type Actor } from './access.js';
import { newBusinessId } from './ids.js';
import { toPage } from './pagination.js';
import { checkPassengers, partyFareCents } from './passengers.js';
import type { ChargeState, PaymentProvider } from './paymentProvider.js';
import { chargeOnce, recordStatusChange, settleAttempt, unrecordedPayment } from './paymentSettlement.js';
import { buildInvoice, quotePrice } from './pricing.js';
import { revenueReport, type RevenueReport } from './reports.js';
import { assertTransition } from './transitions.js';
import {
  bookingTotalErrors,
  flightDateErrors,
  normaliseCardNumber,
  roomTypeCode,
  toWholeSeconds,
  validateCreateBooking,
  validatePayment,
  type CreateBookingRequest,
  type PaymentRequest,
} from './validation.js';

/** CONFLICT for booking or paying a listing its admin deleted (retired): the listing stays visible on existing trips only. */
function retiredListing(ref: ListingRef, path: string): Error {
  return conflict(`${ref.listingType} ${ref.listingId} has been retired and can no longer be booked or paid for`, [{ path, message: `${ref.listingType} ${ref.listingId} is retired` }]);
}

/** Field errors of a createBooking input (`input.endDate`) under another path (`input.items.2.endDate`). */
function rebase(errors: readonly FieldError[], path: string): FieldError[] {
  return errors.map((error) => ({ ...error, path: error.path.startsWith('input.') ? `${path}.${error.path.slice('input.'.length)}` : error.path }));
}

/** One booking to be made: validated, priced, its listing read (services/bookings.ts prepareItem). */
export interface PreparedItem {
  /** Where its input is (`input`, `input.items.2`): the prefix of its error paths. */
  path: string;
  ref: ListingRef;
  startDate: Date;
  endDate: Date;
  quantity: number;
  totalCents: bigint;
  capacity: number;
  passengers: NewPassenger[];
  /** Hotels: the room type booked and the hotel's default one (holds without a type take the default's rooms). */
  room: { code: string; defaultCode: string } | null;
}

/**
 * The room type a hotel item books (docs/hotels.md): the one asked for, else the hotel's default;
 * an unknown code, or more guests than its rooms sleep, is BAD_USER_INPUT. Null for flights and cars.
 */
function chooseRoomType(listing: ListingSnapshot, input: Pick<CreateBookingRequest, 'roomType' | 'guests' | 'quantity'>): { type: RoomTypeSnapshot; defaultCode: string } | FieldError[] | null {
  if (listing.listingType !== 'Hotel') return null;
  const fallback = listing.roomTypes.find((type) => type.isDefault) ?? listing.roomTypes[0];
  if (!fallback) throw new Error(`hotel ${listing.listingId} has no room types`);
  const requested = roomTypeCode(input.roomType);
  const type = requested === null ? fallback : listing.roomTypes.find((candidate) => candidate.code === requested);
  if (!type) return [{ path: 'input.roomType', message: `no room type ${requested} at this hotel (it has ${listing.roomTypes.map((candidate) => candidate.code).join(', ')})` }];
  const guests = input.guests ?? null;
  if (guests !== null && guests > input.quantity * type.maxOccupancy) {
    return [{ path: 'input.guests', message: `${input.quantity} ${type.name} room(s) sleep at most ${input.quantity * type.maxOccupancy}` }];
  }
  return { type, defaultCode: fallback.code };
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
  /** How long a new booking holds capacity unpaid (BOOKING_HOLD_MINUTES). */
  holdMs: number;
  logger?: Logger;
  now?: () => Date;
}

/** The first step of payBooking: what the booking's row lock decided. */
type PaymentStep =
  | { kind: 'replay'; booking: BookingModel; billing: BillingModel }
  | { kind: 'attempt' | 'resume'; booking: BookingModel; attempt: BillingModel };

export interface PaymentOutcome {
  booking: BookingModel;
  billing: BillingModel;
  replayed: boolean;
}

export type BookingService = ReturnType<typeof createBookingService>;

/**
 * Domain rules of bookings and billings for one request: its viewer, and its request id, which
 * calls to other subgraphs forward.
 */
export function createBookingService(deps: BookingServiceDeps, request: Pick<RequestContext, 'viewer' | 'requestId'>, loaders: BookingLoaders) {
  const { viewer, requestId } = request;
  const now = deps.now ?? (() => new Date());
  const actor: Actor = actorOf(viewer);

  /** The user a new booking is for: the viewer, or for allowed admins the user they name. */
  function bookingUser(requested: string | null | undefined, errors: FieldError[]): string {
    if (viewer.kind === 'anonymous') throw unauthenticated();
    if (viewer.kind === 'user') {
      requirePermission(viewer, 'bookings:manage', requested || viewer.userId);
      return viewer.userId;
    }
    requirePermission(viewer, 'bookings:manage');
    if (!requested) errors.push({ path: 'input.userId', message: 'is required when an admin books' });
    return requested ?? '';
  }

  async function listingFor(ref: ListingRef, at: Date, path: string): Promise<ListingSnapshot> {
    const [listing] = await deps.catalog.getListings([ref], viewer, requestId);
    if (!listing) throw badUserInput([{ path: `${path}.listingId`, message: `no ${ref.listingType} with this id` }]);
    if (listing.departureAt && listing.departureAt.getTime() <= at.getTime()) {
      throw badUserInput([{ path: `${path}.listingId`, message: 'this flight has already departed' }]);
    }
    if (listing.retired) throw retiredListing(ref, `${path}.listingId`);
    if (!listing.available) throw conflict(`${ref.listingType} ${ref.listingId} is not available`);
    return listing;
  }

  const recordChange = (tx: PrismaTx, before: BookingStatus | null, booking: BookingModel, at: Date, reason: string | null, money?: StatusChangeMoney): Promise<void> =>
    recordStatusChange(tx, actor, before, booking, at, reason, money);

  /**
   * A booking read before its row is locked, for the rules that need another subgraph first
   * (network calls are never made while holding a row lock).
   */
  async function bookingToChange(bookingId: string): Promise<BookingModel> {
    const [booking] = await findBookings(deps.prisma, [bookingId]);
    if (!booking) throw notFound('Booking');
    requirePermission(viewer, 'bookings:manage', booking.userId);
    return booking;
  }

  /** The booked listing as the listings subgraph knows it now; null when it is not stored at all. */
  async function listingOf(booking: BookingModel): Promise<ListingSnapshot | null> {
    const [listing] = await deps.catalog.getListings([{ listingType: booking.bookingType, listingId: booking.listingId }], viewer, requestId);
    return listing ?? null;
  }

  /**
   * When the booked service starts. A flight's is its listing's current departure (it may have
   * been rescheduled, and rows made before flight dates were enforced carry made-up dates); a
   * stay or rental starts at the booking's own start date.
   */
  function startOf(booking: BookingModel, listing: ListingSnapshot | null): { at: Date; departed: string } {
    if (booking.bookingType !== 'Flight') return { at: booking.startDate, departed: 'A booking that has started' };
    return { at: listing?.departureAt ?? booking.startDate, departed: 'A booking whose flight has departed' };
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

  /** Admins book for a user the users subgraph knows. */
  async function checkUserExists(userId: string): Promise<void> {
    if (viewer.kind !== 'admin') return;
    const [exists] = await deps.users.exists([userId], viewer, requestId);
    if (!exists) throw badUserInput([{ path: 'input.userId', message: 'no user with this id' }]);
  }

  /** `earlier`: input errors found by the caller, reported with the item's; `beforeListing`: the caller's checks once the input is valid. */
  async function prepareItem(input: Omit<CreateBookingRequest, 'userId'>, at: Date, path: string, earlier: readonly FieldError[] = [], beforeListing?: () => Promise<void>): Promise<PreparedItem> {
    const errors: FieldError[] = [...earlier, ...validateCreateBooking(input, at)];
    const party = checkPassengers(input.passengers, { listingType: input.listingType, quantity: input.quantity, travelDate: input.startDate, now: at });
    errors.push(...party.errors);
    if (errors.length > 0) throw badUserInput(rebase(errors, path));
    await beforeListing?.();

    const ref: ListingRef = { listingType: input.listingType, listingId: input.listingId.trim() };
    const startDate = toWholeSeconds(input.startDate);
    const endDate = toWholeSeconds(input.endDate);
    const listing = await listingFor(ref, at, path);
    if (ref.listingType === 'Flight') {
      const dateErrors = flightDateErrors(listing, startDate, endDate);
      if (dateErrors.length > 0) throw badUserInput(rebase(dateErrors, path));
    }
    const room = chooseRoomType(listing, input);
    if (Array.isArray(room)) throw badUserInput(rebase(room, path));
    const unitPriceCents = toCents(room ? room.type.pricePerNight : listing.unitPrice);
    const quote = quotePrice(ref.listingType, unitPriceCents, input.quantity, startDate, endDate);
    // With passengers, each pays their type's fare (lap infants fly free, so the total is the same).
    const totalCents = party.passengers.length > 0 ? partyFareCents(party.passengers, unitPriceCents) : quote.totalCents;
    const totalErrors = bookingTotalErrors(ref.listingType, unitPriceCents, totalCents);
    if (totalErrors.length > 0) throw badUserInput(rebase(totalErrors, path));
    return {
      path,
      ref,
      startDate,
      endDate,
      quantity: input.quantity,
      totalCents,
      capacity: room ? room.type.numberOfRooms : listing.capacity,
      passengers: party.passengers,
      room: room ? { code: room.type.code, defaultCode: room.defaultCode } : null,
    };
  }

  /**
   * The items' listing locks, in the sorted order of lockListings. Must be the transaction's first
   * statements: InnoDB fixes a transaction's snapshot at its first plain read (Prisma reads back
   * every row it creates), and holds read after an older snapshot would miss committed bookings.
   */
  async function lockItems(tx: PrismaTx, items: readonly PreparedItem[]): Promise<void> {
    await lockListings(tx, items.map((item) => item.ref));
  }

  /** Call after lockItems, in the same transaction. */
  async function holdItems(tx: PrismaTx, userId: string, items: readonly PreparedItem[], at: Date, tripId: string | null): Promise<BookingModel[]> {
    const created: BookingModel[] = [];
    for (const item of items) {
      const listingHolds = await holdsOfListing(tx, item.ref, item.startDate, item.endDate);
      // Hotels: rooms are counted per room type, under the hotel's one lock.
      const holds = item.room ? holdsOfRoomType(listingHolds, item.room.code, item.room.defaultCode) : listingHolds;
      const left = unitsLeft(item.ref.listingType, item.capacity, holds, { start: item.startDate, end: item.endDate });
      if (item.quantity > left) {
        const what = item.room ? ` ${item.room.code} rooms` : '';
        throw conflict(`Only ${left} of ${item.capacity}${what} left for these dates`, [{ path: `${item.path}.quantity`, message: `must be at most ${left}` }]);
      }
      const booking = await insertBooking(tx, {
        bookingId: newBusinessId('BK', at),
        userId,
        bookingType: item.ref.listingType,
        listingId: item.ref.listingId,
        startDate: item.startDate,
        endDate: item.endDate,
        quantity: item.quantity,
        roomType: item.room?.code ?? null,
        totalPrice: formatCents(item.totalCents),
        holdExpiresAt: new Date(at.getTime() + deps.holdMs),
        tripId,
      });
      await insertPassengers(tx, booking.bookingId, item.passengers);
      await recordChange(tx, null, booking, at, null);
      created.push(booking);
    }
    return created;
  }

  return {
    /**
     * Validates and prices one item (a createBooking input, or an item of createTrip under `path`),
     * reading its listing; no lock is held and nothing is written.
     */
    prepareItem,

    /**
     * Inside the caller's transaction, once lockItems took the items' listing locks (sorted, see
     * lockListings): checks each item's capacity (items of one transaction count against each other, as the
     * inserted rows are read back) and inserts them as Pending with their passengers, audit rows
     * and booking.created events.
     */
    lockItems,
    holdItems,
    bookingUser,
    checkUserExists,
    afterCommit,
    listingOf,
    startOf,
    actor,

    async create(input: CreateBookingRequest): Promise<BookingModel> {
      const at = now();
      const errors: FieldError[] = [];
      const userId = bookingUser(input.userId, errors);
      const item = await prepareItem(input, at, 'input', errors, () => checkUserExists(userId));
      await ensureListingLock(deps.prisma, item.ref);
      const [booking] = await inTransaction(deps.prisma, async (tx) => {
        await lockItems(tx, [item]);
        return holdItems(tx, userId, [item], at, null);
      });
      deps.notifyOutbox();
      if (!booking) throw new Error('createBooking inserted no booking');
      return booking;
    },

    async pay(bookingId: string, method: PaymentRequest, idempotencyKey: string): Promise<PaymentOutcome> {
      if (viewer.kind === 'anonymous') throw unauthenticated();
      const errors = validatePayment(method, idempotencyKey);
      if (errors.length > 0) throw badUserInput(errors);
      const key = idempotencyKey.trim();
      const cardNumber = normaliseCardNumber(method.cardNumber);
      const at = now();
      // Read before the booking row is locked (no network call under a lock).
      const target = await bookingToChange(bookingId);
      const listing = await listingOf(target);
      const starts = startOf(target, listing);

      // 1. Record the attempt (billing Pending) and commit it before any money moves.
      let step: PaymentStep;
      try {
        step = await inTransaction(deps.prisma, async (tx): Promise<PaymentStep> => {
          const booking = await lockBooking(tx, bookingId);
          if (!booking) throw notFound('Booking');
          requirePermission(viewer, 'bookings:manage', booking.userId);
          if (booking.tripId) throw conflict(`Booking ${booking.bookingId} is an item of trip ${booking.tripId}: pay the trip (payTrip)`, [{ path: 'bookingId', message: 'is a trip item' }]);
          // The key is checked under the booking's lock: a concurrent retry waits, then replays or resumes.
          const previous = await findBillingByIdempotencyKey(tx, key);
          if (previous) {
            if (previous.bookingId !== booking.bookingId) throw conflict('This idempotency key was used for another booking', [{ path: 'idempotencyKey', message: 'already used' }]);
            return previous.transactionStatus === 'Pending' ? { kind: 'resume', booking, attempt: previous } : { kind: 'replay', booking, billing: previous };
          }
          assertTransition(booking.bookingStatus, 'Confirmed');
          // A booking of a retired (or, from before retirements, erased) listing cannot be paid.
          if (!listing || listing.retired) throw retiredListing({ listingType: booking.bookingType, listingId: booking.listingId }, 'bookingId');
          if (starts.at.getTime() <= at.getTime()) throw conflict(`${starts.departed} cannot be paid`);
          const deadline = holdDeadline(booking, deps.holdMs);
          if (deadline && deadline.getTime() <= at.getTime()) throw conflict(`The hold on this booking expired at ${deadline.toISOString()}; book again`);
          if ((await openAttemptsOf(tx, [booking.bookingId])).length > 0) {
            throw conflict('Another payment of this booking is in progress', [{ path: 'idempotencyKey', message: 'another key is being charged for this booking' }]);
          }
          const summary = cardNumber ? `${method.type} ending ${cardNumber.slice(-4)}` : method.type;
          const invoice = buildInvoice(booking, summary);
          if (toCents(invoice.total) > MAX_CENTS) {
            throw conflict(`The total with tax, ${invoice.total}, is above ${formatCents(MAX_CENTS)}, the most a billing records; nothing was charged`);
          }
          const attempt = await insertBilling(tx, {
            billingId: newBusinessId('BILL', at),
            userId: booking.userId,
            bookingType: booking.bookingType,
            bookingId: booking.bookingId,
            transactionDate: toWholeSeconds(at),
            totalAmountPaid: invoice.total,
            paymentMethod: method.type,
            transactionStatus: 'Pending',
            invoiceNumber: newBusinessId('INV', at),
            invoiceDetails: invoice,
            idempotencyKey: key,
          });
          return { kind: 'attempt', booking, attempt };
        });
      } catch (error) {
        // Two bookings paid at once with one key: the unique index lets only the first through.
        if (isUniqueViolation(error, 'idempotency')) throw conflict('This idempotency key was used for another booking', [{ path: 'idempotencyKey', message: 'already used' }]);
        throw error;
      }
      if (step.kind === 'replay') return { booking: step.booking, billing: step.billing, replayed: true };
      const { attempt } = step;
      if (step.kind === 'attempt') await afterCommit([bookingId], [attempt.billingId]);

      // 2. Ask the provider (by key, so a resumed attempt is never charged twice).
      const answer = await chargeOnce(deps, attempt, { resumed: step.kind === 'resume', idempotencyKey: key, method: method.type, cardNumber }, { bookingId });

      // 3. Settle: the provider's answer becomes the billing's and the booking's status.
      let settled: PaymentOutcome;
      try {
        settled = await settleAttempt(deps, attempt, answer, actor, at);
      } catch (error) {
        throw await unrecordedPayment(deps, attempt, answer, error, { bookingId }, () => afterCommit([bookingId], [attempt.billingId]));
      }
      await afterCommit([bookingId], [attempt.billingId]);
      return settled;
    },

    async cancel(bookingId: string, reason: string | null | undefined): Promise<BookingModel> {
      if (viewer.kind === 'anonymous') throw unauthenticated();
      const trimmed = reason?.trim() || null;
      if (trimmed && trimmed.length > 255) throw badUserInput([{ path: 'reason', message: 'must be at most 255 characters' }]);
      const at = now();
      const target = await bookingToChange(bookingId);
      const starts = startOf(target, target.bookingType === 'Flight' ? await listingOf(target) : null);
      const { booking, refunded } = await inTransaction(deps.prisma, async (tx) => {
        const current = await lockBooking(tx, bookingId);
        if (!current) throw notFound('Booking');
        requirePermission(viewer, 'bookings:manage', current.userId);
        if (current.tripId) throw conflict(`Booking ${current.bookingId} is an item of trip ${current.tripId}: cancel it with cancelTripItem`, [{ path: 'bookingId', message: 'is a trip item' }]);
        assertTransition(current.bookingStatus, 'Cancelled');
        if (starts.at.getTime() <= at.getTime()) throw conflict(`${starts.departed} cannot be cancelled`);
        if ((await openAttemptsOf(tx, [current.bookingId])).length > 0) throw conflict('A payment of this booking is in progress; try again in a moment');
        const billing = (await latestBillingsOfBookings(tx, [current.bookingId])).get(current.bookingId);
        let refundedBilling: BillingModel | null = null;
        if (billing?.transactionStatus === 'Success') {
          await deps.payments.refund(billing.paymentReference ?? billing.billingId, toCents(billing.totalAmountPaid));
          refundedBilling = await setBillingStatus(tx, billing.billingId, 'Refunded');
        }
        const updated = await updateBookingStatus(tx, current, 'Cancelled');
        await recordChange(tx, current.bookingStatus, updated, at, trimmed, { refundCents: refundedBilling ? toCents(refundedBilling.totalAmountPaid) : 0n });
        return { booking: updated, refunded: refundedBilling };
      });
      await afterCommit([booking.bookingId], refunded ? [refunded.billingId] : []);
      return booking;
    },

    /** A booking the viewer may see; null when it does not exist. */
    async get(bookingId: string): Promise<BookingModel | null> {
      if (viewer.kind === 'anonymous') throw unauthenticated();
      const booking = await loaders.bookingById.load(bookingId);
      if (booking) requirePermission(viewer, 'bookings:read', booking.userId);
      return booking;
    },

    /**
     * A booking's passengers. The booking reached the viewer through a check already; this one is
     * repeated so that no path (entity resolution, a billing's booking, a future field) can show
     * passengers to someone who may not read the booking.
     */
    async passengersOf(booking: BookingModel): Promise<PassengerModel[]> {
      requirePermission(viewer, 'bookings:read', booking.userId);
      if (booking.bookingType !== 'Flight') return [];
      return loaders.passengersOfBooking.load(booking.bookingId);
    },

    async getBilling(billingId: string): Promise<BillingModel | null> {
      if (viewer.kind === 'anonymous') throw unauthenticated();
      const billing = await loaders.billingById.load(billingId);
      if (billing) requirePermission(viewer, 'bookings:read', billing.userId);
      return billing;
    },

    async myBookings(status: BookingStatus | null, page: PageRequest): Promise<Page<BookingModel>> {
      if (viewer.kind === 'anonymous') throw unauthenticated();
      if (viewer.kind !== 'user') throw forbidden('myBookings lists a user’s own bookings; admins use bookings(filter)');
      return loaders.bookingsOfUser(status, page).load(viewer.userId);
    },

    async userBookings(userId: string, status: BookingStatus | null, page: PageRequest): Promise<Page<BookingModel>> {
      requirePermission(viewer, 'bookings:read', userId);
      return loaders.bookingsOfUser(status, page).load(userId);
    },

    async userBillings(userId: string, status: TransactionStatus | null, page: PageRequest): Promise<Page<BillingModel>> {
      requirePermission(viewer, 'bookings:read', userId);
      return loaders.billingsOfUser(status, page).load(userId);
    },

    async hasConfirmedBooking(userId: string, ref: ListingRef): Promise<boolean> {
      requirePermission(viewer, 'bookings:read', userId);
      return loaders.hasConfirmedBooking.load({ userId, ...ref });
    },

    async allBookings(filter: BookingFilterQuery, page: PageRequest): Promise<Page<BookingModel>> {
      requirePermission(viewer, 'bookings:list');
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
