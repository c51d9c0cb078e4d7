import type { AppConfig, Viewer } from '@kayak/common';
import { createTestMySql, graphqlRequest, testConfig, uniqueName, type GraphQLResponse, type TestMySql } from '@kayak/common/testing';
import type { ListingRef } from '../../src/models.js';
import type { ListingCatalog, ListingSnapshot } from '../../src/clients/listingCatalog.js';
import type { UserDirectory } from '../../src/clients/userDirectory.js';
import { createServer, type BookingsServerOptions } from '../../src/server.js';
import { createSimulatedPaymentProvider, type SimulatedPaymentProvider } from '../../src/services/paymentProvider.js';

/** Test doubles and a running bookings subgraph on its own MySQL database (MySQL, Redis, Kafka real). */

export const ALICE: Viewer = { kind: 'user', userId: '123-45-6789' };
export const BOB: Viewer = { kind: 'user', userId: '234-56-7890' };
export const SUPER_ADMIN: Viewer = { kind: 'admin', adminId: 'ADM001', role: 'Super Admin' };
export const BILLING_ADMIN: Viewer = { kind: 'admin', adminId: 'ADM003', role: 'Billing Admin' };
export const ANALYTICS_ADMIN: Viewer = { kind: 'admin', adminId: 'ADM004', role: 'Analytics Admin' };
export const LISTING_ADMIN: Viewer = { kind: 'admin', adminId: 'ADM002', role: 'Listing Admin' };
export const USER_ADMIN: Viewer = { kind: 'admin', adminId: 'ADM005', role: 'User Admin' };
export const ANONYMOUS: Viewer = { kind: 'anonymous' };

const DAY = 24 * 60 * 60 * 1000;

/** Midnight UTC `days` from today plus `hours`, as an ISO string. */
export function daysFromNow(days: number, hours = 0): string {
  const today = new Date();
  return new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) + days * DAY + hours * 60 * 60 * 1000).toISOString();
}

/** An injectable clock: tests move time instead of waiting for it. */
export interface TestClock {
  now(): Date;
  set(at: Date): void;
  advance(ms: number): void;
}

/** Starts at the real time; moves only when told to. */
export function createTestClock(start: Date = new Date()): TestClock {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    set: (at) => {
      current = at.getTime();
    },
    advance: (ms) => {
      current += ms;
    },
  };
}

/** The listings subgraph stand-in (it is not one of the four infrastructure services). */
export interface InMemoryCatalog extends ListingCatalog {
  put(listing: Partial<ListingSnapshot> & ListingRef & { unitPrice: string | number; capacity: number }): void;
  calls: number;
}

export function createInMemoryCatalog(): InMemoryCatalog {
  const listings = new Map<string, ListingSnapshot>();
  const keyOf = (ref: ListingRef): string => `${ref.listingType}:${ref.listingId}`;
  const catalog: InMemoryCatalog = {
    calls: 0,
    put(listing) {
      // A hotel put without room types has one, the default, of its price and rooms (as the listings subgraph reads older hotels).
      const roomTypes =
        listing.roomTypes ??
        (listing.listingType === 'Hotel' ? [{ code: 'STANDARD', name: 'Standard', maxOccupancy: 2, numberOfRooms: listing.capacity, pricePerNight: listing.unitPrice, isDefault: true }] : []);
      listings.set(keyOf(listing), { departureAt: null, arrivalAt: null, available: true, ...listing, roomTypes, retired: listing.retired ?? false });
    },
    async getListings(references) {
      catalog.calls += 1;
      return references.map((ref) => listings.get(keyOf(ref)) ?? null);
    },
  };
  return catalog;
}

export function createInMemoryUsers(userIds: string[]): UserDirectory {
  const known = new Set(userIds);
  return { exists: async (ids) => ids.map((id) => known.has(id)) };
}

export interface Harness {
  config: AppConfig;
  mysql: TestMySql;
  server: Awaited<ReturnType<typeof createServer>>;
  catalog: InMemoryCatalog;
  /** The payment provider the server charges (counts charges and refunds). */
  payments: SimulatedPaymentProvider;
  /** Redis key prefix of this harness's cache. */
  cachePrefix: string;
  /** The server's clock (bookings, holds, the sweeper); starts at the real time. */
  clock: TestClock;
  /** SQL statements of request handling since the last reset. */
  queries: string[];
  request<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, viewer?: Viewer): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
}

/**
 * A bookings subgraph on a fresh migrated database. The outbox relay is off unless the options
 * turn it on (then with topics of the test's own), so tests never publish to the shared topics;
 * the hold sweeper's loop is off too (tests call `server.sweeper.sweepOnce()` with their clock).
 */
export async function startHarness(prefix: string, options: Partial<BookingsServerOptions> & { configOverrides?: Record<string, string> } = {}): Promise<Harness> {
  const config = testConfig(options.configOverrides);
  const mysql = await createTestMySql(config, prefix);
  const catalog = createInMemoryCatalog();
  const queries: string[] = [];
  const cachePrefix = uniqueName(`t_${prefix}`);
  const payments = createSimulatedPaymentProvider();
  const clock = createTestClock();
  const server = await createServer({
    config,
    port: 0,
    databaseUrl: mysql.url,
    listingCatalog: catalog,
    userDirectory: createInMemoryUsers(['123-45-6789', '234-56-7890', '345-67-8901']),
    cachePrefix,
    paymentProvider: payments,
    onQuery: (sql) => queries.push(sql),
    now: clock.now,
    ...options,
    outbox: { enabled: false, ...options.outbox },
    holds: { enabled: false, ...options.holds },
  });
  return {
    config,
    mysql,
    server,
    catalog,
    payments,
    cachePrefix,
    clock,
    queries,
    request: (query, variables, viewer = ALICE) => graphqlRequest(server.url, query, { variables, viewer, gatewaySecret: config.GATEWAY_SECRET }),
    async close() {
      await server.close();
      await mysql.drop();
    },
  };
}

/** Test topics for one file: `t_<unique>.booking.created` etc. (the trip events' too, docs/trips.md). */
export function testTopics(prefix: string): Record<'booking.created' | 'booking.confirmed' | 'booking.cancelled' | 'trip.created' | 'trip.confirmed' | 'trip.cancelled', string> {
  const base = uniqueName(`t_${prefix}`);
  const topic = (type: string): string => `${base}.${type}`;
  return {
    'booking.created': topic('booking.created'),
    'booking.confirmed': topic('booking.confirmed'),
    'booking.cancelled': topic('booking.cancelled'),
    'trip.created': topic('trip.created'),
    'trip.confirmed': topic('trip.confirmed'),
    'trip.cancelled': topic('trip.cancelled'),
  };
}

export const BOOKING_FIELDS = `bookingId userId bookingType referenceId startDate endDate quantity bookingStatus totalPrice version`;

export const CREATE_BOOKING = `mutation ($input: CreateBookingInput!) { createBooking(input: $input) { ${BOOKING_FIELDS} } }`;
export const PAY_BOOKING = `mutation ($bookingId: ID!, $method: PaymentMethodInput!, $key: String!) {
  payBooking(bookingId: $bookingId, paymentMethod: $method, idempotencyKey: $key) {
    replayed
    booking { ${BOOKING_FIELDS} }
    billing { billingId bookingId userId bookingType totalAmountPaid paymentMethod transactionStatus invoiceNumber
      invoiceDetails { subtotal taxRate tax total currency paymentSummary lineItems { description quantity unitPrice total } } }
  }
}`;
export const CANCEL_BOOKING = `mutation ($bookingId: ID!, $reason: String) { cancelBooking(bookingId: $bookingId, reason: $reason) { ${BOOKING_FIELDS} billing { billingId transactionStatus } } }`;

export const GOOD_CARD = { type: 'credit_card', cardNumber: '4242 4242 4242 4242' };
export const DECLINED_CARD = { type: 'credit_card', cardNumber: '4000 0000 0000 0002' };

export interface BookingData {
  bookingId: string;
  userId: string;
  bookingType: string;
  referenceId: string;
  startDate: string;
  endDate: string;
  quantity: number;
  bookingStatus: string;
  totalPrice: string;
  version: number;
}
