import { HOLDING_STATUSES, type BookingStatus, type Hold, type ListingType } from '@kayak/common';
import type { Booking as BookingRow, BookingStatusChange as StatusChangeRow } from '../generated/prisma/client.js';
import type { ActorKind, BookingModel, ListingRef, PageRequest, StatusChangeModel } from '../models.js';
import { Prisma, type PrismaClient, type PrismaReader, type PrismaTx } from './prisma.js';
import { pagesOfUsers, type UserPageRows, type WindowedRow } from './userPages.js';

/**
 * SQL of the `bookings` and `booking_status_history` tables; nothing else touches them. The booked
 * listing's column `reference_id` (Prisma `referenceId`) is `listingId` everywhere above this file.
 */

export function toBookingModel(row: BookingRow): BookingModel {
  return {
    id: row.id,
    bookingId: row.bookingId,
    userId: row.userId,
    bookingType: row.bookingType,
    listingId: row.referenceId,
    startDate: row.startDate,
    endDate: row.endDate,
    quantity: row.quantity,
    roomType: row.roomType,
    bookingStatus: row.bookingStatus,
    totalPrice: row.totalPrice.toFixed(2),
    version: row.version,
    holdExpiresAt: row.holdExpiresAt,
    tripId: row.tripId,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export async function findBookings(db: PrismaReader, bookingIds: readonly string[]): Promise<BookingModel[]> {
  if (bookingIds.length === 0) return [];
  const rows = await db.booking.findMany({ where: { bookingId: { in: [...bookingIds] } } });
  return rows.map(toBookingModel);
}

/** Row shape of the windowed list query (raw SQL: snake_case columns). */
interface WindowedBookingRow extends WindowedRow {
  booking_id: string;
  booking_type: ListingType;
  reference_id: string;
  start_date: Date;
  end_date: Date;
  quantity: number;
  room_type: string | null;
  booking_status: BookingStatus;
  total_price: Prisma.Decimal;
  version: number;
  hold_expires_at: Date | null;
  trip_id: string | null;
  created_at: Date | null;
  updated_at: Date | null;
}

/** One page of bookings for each of many users in one query (see pagesOfUsers). */
export function listBookingsOfUsers(
  db: PrismaReader,
  userIds: readonly string[],
  status: BookingStatus | null,
  page: PageRequest,
): Promise<Map<string, UserPageRows<BookingModel>>> {
  const source = {
    table: 'bookings',
    columns: ['booking_id', 'booking_type', 'reference_id', 'start_date', 'end_date', 'quantity', 'room_type', 'booking_status', 'total_price', 'version', 'hold_expires_at', 'trip_id', 'created_at', 'updated_at'],
    statusColumn: 'booking_status',
  } as const;
  return pagesOfUsers<WindowedBookingRow, BookingModel>(db, source, userIds, status, page, (row) => ({
    id: Number(row.id),
    bookingId: row.booking_id,
    userId: row.user_id,
    bookingType: row.booking_type,
    listingId: row.reference_id,
    startDate: row.start_date,
    endDate: row.end_date,
    quantity: Number(row.quantity),
    roomType: row.room_type,
    bookingStatus: row.booking_status,
    totalPrice: new Prisma.Decimal(row.total_price).toFixed(2),
    version: Number(row.version),
    holdExpiresAt: row.hold_expires_at,
    tripId: row.trip_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }));
}

export interface BookingFilterQuery {
  userId?: string | null;
  bookingType?: ListingType | null;
  listingId?: string | null;
  bookingStatus?: BookingStatus | null;
  createdFrom?: Date | null;
  createdTo?: Date | null;
}

function whereOf(filter: BookingFilterQuery): Prisma.BookingWhereInput {
  return {
    ...(filter.userId ? { userId: filter.userId } : {}),
    ...(filter.bookingType ? { bookingType: filter.bookingType } : {}),
    ...(filter.listingId ? { referenceId: filter.listingId } : {}),
    ...(filter.bookingStatus ? { bookingStatus: filter.bookingStatus } : {}),
    ...(filter.createdFrom || filter.createdTo
      ? { createdAt: { ...(filter.createdFrom ? { gte: filter.createdFrom } : {}), ...(filter.createdTo ? { lt: filter.createdTo } : {}) } }
      : {}),
  };
}

/** A filtered page, newest first, plus the filter's total count. */
export async function listBookings(db: PrismaReader, filter: BookingFilterQuery, page: PageRequest): Promise<{ rows: BookingModel[]; totalCount: number }> {
  const where = whereOf(filter);
  const [rows, totalCount] = await Promise.all([
    db.booking.findMany({ where: page.beforeId ? { AND: [where, { id: { lt: page.beforeId } }] } : where, orderBy: { id: 'desc' }, take: page.first + 1 }),
    db.booking.count({ where }),
  ]);
  return { rows: rows.map(toBookingModel), totalCount };
}

/**
 * Makes sure the listing's lock row exists. Runs on its own (autocommit) before the transaction:
 * creating the row inside many concurrent transactions would make them deadlock on its insert.
 */
export async function ensureListingLock(db: PrismaClient, listing: ListingRef): Promise<void> {
  await db.$executeRaw`INSERT IGNORE INTO listing_locks (listing_type, listing_id) VALUES (${listing.listingType}, ${listing.listingId})`;
}

/**
 * Takes the row locks of several listings (a trip's) in one deterministic order, type then id, so
 * two transactions wanting overlapping listings never wait for each other in a cycle.
 */
export async function lockListings(tx: PrismaTx, listings: readonly ListingRef[]): Promise<void> {
  const distinct = new Map(listings.map((listing) => [`${listing.listingType}\u0000${listing.listingId}`, listing]));
  const ordered = [...distinct.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, listing]) => listing);
  for (const listing of ordered) await lockListing(tx, listing);
}

/** Takes the listing's row lock until the transaction ends: capacity checks of one listing queue here. */
export async function lockListing(tx: PrismaTx, listing: ListingRef): Promise<void> {
  const rows = await tx.$queryRaw<Array<{ listing_id: string }>>`
    SELECT listing_id FROM listing_locks WHERE listing_type = ${listing.listingType} AND listing_id = ${listing.listingId} FOR UPDATE`;
  if (rows.length !== 1) throw new Error(`listing lock row missing for ${listing.listingType} ${listing.listingId}`);
}

/**
 * The holds (Pending and Confirmed bookings) of the listing that can matter for [start, end): all of
 * a flight's (one departure), those overlapping the range for hotels and cars. How they add up is
 * the shared capacity model's business (packages/common/src/capacity.ts).
 */
export async function holdsOfListing(tx: PrismaTx, listing: ListingRef, startDate: Date, endDate: Date): Promise<Hold[]> {
  const overlap = listing.listingType === 'Flight' ? {} : { startDate: { lt: endDate }, endDate: { gt: startDate } };
  const rows = await tx.booking.findMany({
    where: { bookingType: listing.listingType, referenceId: listing.listingId, bookingStatus: { in: [...HOLDING_STATUSES] }, ...overlap },
    select: { startDate: true, endDate: true, quantity: true, roomType: true },
  });
  return rows.map((row) => ({ start: row.startDate, end: row.endDate, quantity: row.quantity, roomType: row.roomType }));
}

export interface NewBooking {
  bookingId: string;
  userId: string;
  bookingType: ListingType;
  listingId: string;
  startDate: Date;
  endDate: Date;
  quantity: number;
  /** Hotels: the room type's code. */
  roomType?: string | null;
  totalPrice: string;
  holdExpiresAt: Date;
  /** Set for the items of a trip. */
  tripId?: string | null;
}

export async function insertBooking(tx: PrismaTx, booking: NewBooking): Promise<BookingModel> {
  const { listingId, ...fields } = booking;
  const row = await tx.booking.create({ data: { ...fields, referenceId: listingId, bookingStatus: 'Pending', version: 1 } });
  return toBookingModel(row);
}

/** Locks the booking row for the rest of the transaction and reads it. */
export async function lockBooking(tx: PrismaTx, bookingId: string): Promise<BookingModel | null> {
  const locked = await tx.$queryRaw<Array<{ id: number }>>`SELECT id FROM bookings WHERE booking_id = ${bookingId} FOR UPDATE`;
  if (locked.length === 0) return null;
  const row = await tx.booking.findUnique({ where: { bookingId } });
  return row ? toBookingModel(row) : null;
}

/**
 * Claims up to `limit` Pending bookings whose hold ended at `now`, locking them until the
 * transaction ends. Rows another transaction holds (a payment, another sweeper) are skipped, not
 * waited for, so several bookings processes can sweep at once and each booking is taken by one.
 * Rows without a deadline (made before holds existed) end `holdMs` after their creation.
 */
export async function claimExpiredHolds(tx: PrismaTx, now: Date, holdMs: number, limit: number): Promise<BookingModel[]> {
  const legacyCutoff = new Date(now.getTime() - holdMs);
  const claimed = await tx.$queryRaw<Array<{ booking_id: string }>>`
    SELECT booking_id FROM bookings
     WHERE booking_status = 'Pending'
       AND (hold_expires_at <= ${now} OR (hold_expires_at IS NULL AND created_at <= ${legacyCutoff}))
     ORDER BY id LIMIT ${limit}
     FOR UPDATE SKIP LOCKED`;
  if (claimed.length === 0) return [];
  return findBookings(tx, claimed.map((row) => row.booking_id));
}

/** When a Pending booking's hold ends: its own deadline, else (older rows) `holdMs` after creation. */
export function holdDeadline(booking: Pick<BookingModel, 'holdExpiresAt' | 'createdAt'>, holdMs: number): Date | null {
  if (booking.holdExpiresAt) return booking.holdExpiresAt;
  return booking.createdAt ? new Date(booking.createdAt.getTime() + holdMs) : null;
}

/** Moves a locked booking to `to` and bumps its version. */
export async function updateBookingStatus(tx: PrismaTx, booking: BookingModel, to: BookingStatus): Promise<BookingModel> {
  const row = await tx.booking.update({ where: { bookingId: booking.bookingId }, data: { bookingStatus: to, version: { increment: 1 } } });
  return toBookingModel(row);
}

export interface NewStatusChange {
  bookingId: string;
  fromStatus: BookingStatus | null;
  toStatus: BookingStatus;
  version: number;
  actorKind: ActorKind;
  actorId: string | null;
  reason?: string | null;
}

export async function insertStatusChange(tx: PrismaTx, change: NewStatusChange): Promise<void> {
  await tx.bookingStatusChange.create({ data: { ...change, reason: change.reason ?? null } });
}

function toStatusChangeModel(row: StatusChangeRow): StatusChangeModel {
  return {
    bookingId: row.bookingId,
    fromStatus: row.fromStatus,
    toStatus: row.toStatus,
    version: row.version,
    actorKind: row.actorKind,
    actorId: row.actorId,
    reason: row.reason,
    changedAt: row.changedAt,
  };
}

/** Status history of many bookings in one query, oldest change first. */
export async function historyOfBookings(db: PrismaReader, bookingIds: readonly string[]): Promise<StatusChangeModel[]> {
  if (bookingIds.length === 0) return [];
  const rows = await db.bookingStatusChange.findMany({ where: { bookingId: { in: [...bookingIds] } }, orderBy: [{ bookingId: 'asc' }, { version: 'asc' }] });
  return rows.map(toStatusChangeModel);
}

export interface ConfirmedBookingQuestion extends ListingRef {
  userId: string;
}

/** Which (user, listing) pairs have a Confirmed booking: one query for a whole batch of questions. */
export async function confirmedBookingPairs(db: PrismaReader, questions: readonly ConfirmedBookingQuestion[]): Promise<Set<string>> {
  if (questions.length === 0) return new Set();
  const rows = await db.booking.findMany({
    where: { bookingStatus: 'Confirmed', OR: questions.map((q) => ({ userId: q.userId, bookingType: q.listingType, referenceId: q.listingId })) },
    select: { userId: true, bookingType: true, referenceId: true },
    distinct: ['userId', 'bookingType', 'referenceId'],
  });
  return new Set(rows.map((row) => confirmedPairKey({ userId: row.userId, listingType: row.bookingType, listingId: row.referenceId })));
}

export const confirmedPairKey = (question: ConfirmedBookingQuestion): string => `${question.userId}|${question.listingType}|${question.listingId}`;

/** Every item of these trips, in the order they were created (one query). */
export async function bookingsOfTrips(db: PrismaReader, tripIds: readonly string[]): Promise<BookingModel[]> {
  if (tripIds.length === 0) return [];
  const rows = await db.booking.findMany({ where: { tripId: { in: [...tripIds] } }, orderBy: { id: 'asc' } });
  return rows.map(toBookingModel);
}

/**
 * Locks a trip's items and reads them. A trip's items never change after createTrip, so callers
 * name them from a read made before the transaction; locking them by their unique key (in id
 * order, the order every trip writer uses) takes record locks only, no gap locks that would stall
 * other bookings' inserts.
 */
export async function lockTripBookings(tx: PrismaTx, bookingIds: readonly string[]): Promise<BookingModel[]> {
  if (bookingIds.length === 0) return [];
  await tx.$queryRaw`SELECT id FROM bookings WHERE booking_id IN (${Prisma.join([...bookingIds])}) ORDER BY id FOR UPDATE`;
  const rows = await tx.booking.findMany({ where: { bookingId: { in: [...bookingIds] } }, orderBy: { id: 'asc' } });
  return rows.map(toBookingModel);
}
