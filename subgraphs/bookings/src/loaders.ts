import type { BookingStatus } from '@kayak/common';
import DataLoader from 'dataloader';
import type { BillingModel, BookingModel, Page, PageRequest, PassengerModel, StatusChangeModel, TransactionStatus, TripModel } from './models.js';
import { findBillings, latestBillingsOfBookings, latestBillingsOfTrips, listBillingsOfUsers } from './repositories/billings.js';
import {
  bookingsOfTrips,
  confirmedBookingPairs,
  confirmedPairKey,
  findBookings,
  historyOfBookings,
  listBookingsOfUsers,
  type ConfirmedBookingQuestion,
} from './repositories/bookings.js';
import type { BookingCache } from './repositories/cache.js';
import { passengersOfBookings } from './repositories/passengers.js';
import type { PrismaClient } from './repositories/prisma.js';
import { findTrips, listTripsOfUsers } from './repositories/trips.js';
import { toPage } from './services/pagination.js';

/** Per-request DataLoaders: each batches one tick of lookups into one query (after Redis, where cached). */
export interface BookingLoaders {
  bookingById: DataLoader<string, BookingModel | null>;
  billingById: DataLoader<string, BillingModel | null>;
  latestBillingOfBooking: DataLoader<string, BillingModel | null>;
  statusHistory: DataLoader<string, StatusChangeModel[]>;
  /** A booking's passengers in order ([] for none): one query for every booking of the request. */
  passengersOfBooking: DataLoader<string, PassengerModel[]>;
  hasConfirmedBooking: DataLoader<ConfirmedBookingQuestion, boolean, string>;
  /** One loader per distinct (status, page) so each batch shares its arguments. */
  bookingsOfUser(status: BookingStatus | null, page: PageRequest): DataLoader<string, Page<BookingModel>>;
  billingsOfUser(status: TransactionStatus | null, page: PageRequest): DataLoader<string, Page<BillingModel>>;
  tripById: DataLoader<string, TripModel | null>;
  /** A trip's items, oldest first: one query for every trip of the request. */
  itemsOfTrip: DataLoader<string, BookingModel[]>;
  /** A trip's latest billing (its one payment): one query for every trip of the request. */
  billingOfTrip: DataLoader<string, BillingModel | null>;
  tripsOfUser(page: PageRequest): DataLoader<string, Page<TripModel>>;
}

/** Cached values first; the misses in one query; what the query found is cached for next time. */
async function readThrough<T>(keys: readonly string[], cached: Map<string, T>, load: (misses: string[]) => Promise<T[]>, keyOf: (item: T) => string, store: (items: T[]) => Promise<void>): Promise<Array<T | null>> {
  const misses = keys.filter((key) => !cached.has(key));
  const loaded = misses.length > 0 ? await load(misses) : [];
  if (loaded.length > 0) await store(loaded);
  const found = new Map(cached);
  for (const item of loaded) found.set(keyOf(item), item);
  return keys.map((key) => found.get(key) ?? null);
}

export function createLoaders(prisma: PrismaClient, cache: BookingCache): BookingLoaders {
  const bookingPages = new Map<string, DataLoader<string, Page<BookingModel>>>();
  const billingPages = new Map<string, DataLoader<string, Page<BillingModel>>>();
  const tripPages = new Map<string, DataLoader<string, Page<TripModel>>>();

  const billingById = new DataLoader<string, BillingModel | null>(async (ids) =>
    readThrough(ids, await cache.getBillings(ids), (misses) => findBillings(prisma, misses), (billing) => billing.billingId, (billings) => cache.putBillings(billings)),
  );

  return {
    tripById: new DataLoader(async (tripIds) => {
      const trips = new Map((await findTrips(prisma, tripIds)).map((trip) => [trip.tripId, trip]));
      return tripIds.map((id) => trips.get(id) ?? null);
    }),
    itemsOfTrip: new DataLoader(async (tripIds) => {
      const items = await bookingsOfTrips(prisma, tripIds);
      return tripIds.map((id) => items.filter((item) => item.tripId === id));
    }),
    billingOfTrip: new DataLoader(async (tripIds) => {
      const billings = await latestBillingsOfTrips(prisma, tripIds);
      return tripIds.map((id) => billings.get(id) ?? null);
    }),
    tripsOfUser(page) {
      const key = JSON.stringify([page.first, page.beforeId]);
      let loader = tripPages.get(key);
      if (!loader) {
        loader = new DataLoader(async (userIds) => {
          const pages = await listTripsOfUsers(prisma, userIds, page);
          return userIds.map((userId) => {
            const rows = pages.get(userId);
            return toPage(rows?.rows ?? [], page, rows?.totalCount ?? 0);
          });
        });
        tripPages.set(key, loader);
      }
      return loader;
    },
    bookingById: new DataLoader(async (ids) =>
      readThrough(ids, await cache.getBookings(ids), (misses) => findBookings(prisma, misses), (booking) => booking.bookingId, (bookings) => cache.putBookings(bookings)),
    ),
    billingById,
    latestBillingOfBooking: new DataLoader(async (bookingIds) => {
      const cachedIds = await cache.getLatestBillingIds(bookingIds);
      const misses = bookingIds.filter((id) => !cachedIds.has(id));
      const loaded = await latestBillingsOfBookings(prisma, misses);
      if (misses.length > 0) {
        await cache.putLatestBillingIds(new Map(misses.map((id) => [id, loaded.get(id)?.billingId ?? null])));
        await cache.putBillings([...loaded.values()]);
      }
      // Cached ids resolve through billingById (Redis, then one query for what expired).
      return Promise.all(
        bookingIds.map((id) => {
          if (loaded.has(id)) return loaded.get(id) ?? null;
          const billingId = cachedIds.get(id);
          return billingId ? billingById.load(billingId) : null;
        }),
      );
    }),
    statusHistory: new DataLoader(async (bookingIds) => {
      const changes = await historyOfBookings(prisma, bookingIds);
      return bookingIds.map((id) => changes.filter((change) => change.bookingId === id));
    }),
    passengersOfBooking: new DataLoader(async (bookingIds) => {
      const passengers = await passengersOfBookings(prisma, bookingIds);
      return bookingIds.map((id) => passengers.get(id) ?? []);
    }),
    hasConfirmedBooking: new DataLoader(
      async (questions) => {
        const confirmed = await confirmedBookingPairs(prisma, questions);
        return questions.map((question) => confirmed.has(confirmedPairKey(question)));
      },
      { cacheKeyFn: confirmedPairKey },
    ),
    bookingsOfUser(status, page) {
      const key = JSON.stringify([status, page.first, page.beforeId]);
      let loader = bookingPages.get(key);
      if (!loader) {
        loader = new DataLoader(async (userIds) => {
          const pages = await listBookingsOfUsers(prisma, userIds, status, page);
          return userIds.map((userId) => {
            const rows = pages.get(userId);
            return toPage(rows?.rows ?? [], page, rows?.totalCount ?? 0);
          });
        });
        bookingPages.set(key, loader);
      }
      return loader;
    },
    billingsOfUser(status, page) {
      const key = JSON.stringify([status, page.first, page.beforeId]);
      let loader = billingPages.get(key);
      if (!loader) {
        loader = new DataLoader(async (userIds) => {
          const pages = await listBillingsOfUsers(prisma, userIds, status, page);
          return userIds.map((userId) => {
            const rows = pages.get(userId);
            return toPage(rows?.rows ?? [], page, rows?.totalCount ?? 0);
          });
        });
        billingPages.set(key, loader);
      }
      return loader;
    },
  };
}
