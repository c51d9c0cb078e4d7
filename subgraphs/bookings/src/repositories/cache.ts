import { createJsonCache, type JsonCache } from '@kayak/common';
import type { Logger } from 'pino';
import type { BillingModel, BookingModel } from '../models.js';

type RedisClient = Parameters<typeof createJsonCache>[0];

/** The design's TTLs: bookings change often (60 s), billings rarely (1 h). */
export const BOOKING_TTL_SECONDS = 60;
export const BILLING_TTL_SECONDS = 60 * 60;

/**
 * Redis read-through cache of single bookings and billings. Writers invalidate after their
 * transaction commits; every Redis failure is a miss (the database answers), never an error.
 */
export interface BookingCache {
  getBookings(bookingIds: readonly string[]): Promise<Map<string, BookingModel>>;
  putBookings(bookings: readonly BookingModel[]): Promise<void>;
  getBillings(billingIds: readonly string[]): Promise<Map<string, BillingModel>>;
  putBillings(billings: readonly BillingModel[]): Promise<void>;
  /** billingId of each booking's latest billing; `null` = cached "no billing yet". */
  getLatestBillingIds(bookingIds: readonly string[]): Promise<Map<string, string | null>>;
  putLatestBillingIds(entries: ReadonlyMap<string, string | null>): Promise<void>;
  invalidate(change: { bookingIds?: readonly string[]; billingIds?: readonly string[] }): Promise<void>;
}

// JSON turns Dates into strings; these put them back.
type Cached<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] };

const date = (value: string | null): Date | null => (value === null ? null : new Date(value));

/** Cached bookings keep the column's name for the listing (`referenceId`), so entries of every version read alike. */
type CachedBooking = Omit<Cached<BookingModel>, 'listingId'> & { referenceId: string };

function toCachedBooking(booking: BookingModel): Omit<BookingModel, 'listingId'> & { referenceId: string } {
  const { listingId, ...rest } = booking;
  return { ...rest, referenceId: listingId };
}

function reviveBooking(cached: CachedBooking): BookingModel {
  const { referenceId, ...rest } = cached;
  return {
    ...rest,
    listingId: referenceId,
    startDate: new Date(cached.startDate),
    endDate: new Date(cached.endDate),
    holdExpiresAt: date(cached.holdExpiresAt ?? null),
    createdAt: date(cached.createdAt),
    updatedAt: date(cached.updatedAt),
  };
}

function reviveBilling(cached: Cached<BillingModel>): BillingModel {
  return { ...cached, transactionDate: new Date(cached.transactionDate), createdAt: date(cached.createdAt), updatedAt: date(cached.updatedAt) };
}

async function getMany<T, C>(cache: JsonCache, prefix: string, ids: readonly string[], revive: (value: C) => T): Promise<Map<string, T>> {
  const values = await Promise.all(ids.map((id) => cache.get<C>(`${prefix}:${id}`)));
  const found = new Map<string, T>();
  ids.forEach((id, index) => {
    const value = values[index];
    if (value !== undefined) found.set(id, revive(value));
  });
  return found;
}

/**
 * Skips Redis while its connection is not ready (never connected, or reconnecting after an
 * outage): a request then goes straight to MySQL instead of waiting for Redis commands to fail.
 */
function whenReady(redis: RedisClient, cache: JsonCache): JsonCache {
  const ready = (): boolean => redis.status === 'ready';
  return {
    get: async <T>(key: string) => (ready() ? cache.get<T>(key) : undefined),
    set: async (key, value, ttlSeconds) => (ready() ? cache.set(key, value, ttlSeconds) : undefined),
    delete: async (...keys) => (ready() ? cache.delete(...keys) : undefined),
  };
}

export function createBookingCache(redis: RedisClient, logger: Logger, prefix = 'bookings'): BookingCache {
  const cache = whenReady(redis, createJsonCache(redis, prefix, logger));
  return {
    getBookings: (ids) => getMany(cache, 'booking', ids, reviveBooking),
    async putBookings(bookings) {
      await Promise.all(bookings.map((booking) => cache.set(`booking:${booking.bookingId}`, toCachedBooking(booking), BOOKING_TTL_SECONDS)));
    },
    getBillings: (ids) => getMany(cache, 'billing', ids, reviveBilling),
    async putBillings(billings) {
      await Promise.all(billings.map((billing) => cache.set(`billing:${billing.billingId}`, billing, BILLING_TTL_SECONDS)));
    },
    async getLatestBillingIds(bookingIds) {
      const values = await Promise.all(bookingIds.map((id) => cache.get<{ billingId: string | null }>(`latest-billing:${id}`)));
      const found = new Map<string, string | null>();
      bookingIds.forEach((id, index) => {
        const value = values[index];
        if (value !== undefined) found.set(id, value.billingId);
      });
      return found;
    },
    async putLatestBillingIds(entries) {
      // "No billing yet" changes as soon as the booking is paid: cache it as briefly as the booking.
      await Promise.all([...entries].map(([bookingId, billingId]) => cache.set(`latest-billing:${bookingId}`, { billingId }, billingId === null ? BOOKING_TTL_SECONDS : BILLING_TTL_SECONDS)));
    },
    async invalidate({ bookingIds = [], billingIds = [] }) {
      await cache.delete(...bookingIds.flatMap((id) => [`booking:${id}`, `latest-billing:${id}`]), ...billingIds.map((id) => `billing:${id}`));
    },
  };
}
