import { randomBytes } from 'node:crypto';
import mariadb from 'mariadb';
import type { Db, MongoClient } from 'mongodb';
import { GATEWAY_ASSERTION_HEADER, signGatewayAssertion, type Viewer } from './auth.js';
import { loadConfig, type AppConfig } from './config.js';
import { domainEvent, EVENT_TYPES, type BookingEventType, type DomainEvent, type DomainEventOf, type EventPayload } from './domain-events.js';
import { listingKey, type ListingType } from './events.js';
import { connectionOptions, migrate } from './migrate.js';
import { connectMongo } from './mongo.js';

/** Helpers for integration tests against the real services (never imported by production code). */

export function testConfig(overrides: Record<string, string> = {}): AppConfig {
  return loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent', ...overrides });
}

/** A name no other test run uses: letters, digits and `_`, short enough for every backend. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`.toLowerCase();
}

export interface TestMongo {
  name: string;
  db: Db;
  client: MongoClient;
  drop(): Promise<void>;
}

/** A fresh Mongo database for one test file; `drop()` removes it. */
export async function createTestMongo(config: AppConfig, prefix: string): Promise<TestMongo> {
  const name = uniqueName(`t_${prefix}`);
  const { client, db } = await connectMongo(config.MONGO_URL, name);
  return {
    name,
    db,
    client,
    async drop() {
      await db.dropDatabase();
      await client.close();
    },
  };
}

export interface TestMySql {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A fresh, fully migrated MySQL database for one test file; `drop()` removes it. */
export async function createTestMySql(config: AppConfig, prefix: string): Promise<TestMySql> {
  const name = uniqueName(`t_${prefix}`);
  const url = new URL(config.DATABASE_URL);
  url.pathname = `/${name}`;
  await migrate(url.toString());
  return {
    name,
    url: url.toString(),
    async drop() {
      const connection = await mariadb.createConnection(connectionOptions(config.DATABASE_URL));
      await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await connection.end();
    },
  };
}

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }>;
}

export interface RequestOptions {
  variables?: Record<string, unknown>;
  headers?: Record<string, string>;
  /** For direct subgraph calls: sign a gateway assertion for this viewer. */
  viewer?: Viewer;
  gatewaySecret?: string;
}

export async function graphqlRequest<T = Record<string, unknown>>(url: string, query: string, options: RequestOptions = {}): Promise<GraphQLResponse<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
  if (options.viewer && options.gatewaySecret) {
    headers[GATEWAY_ASSERTION_HEADER] = await signGatewayAssertion(options.gatewaySecret, options.viewer, uniqueName('req'));
  }
  const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query, variables: options.variables }) });
  const body = (await response.json()) as Omit<GraphQLResponse<T>, 'status'>;
  return { status: response.status, ...body };
}

/**
 * A small deterministic random generator (mulberry32): the same seed gives the same numbers in
 * [0, 1), so generated data and property-test cases can be replayed from their seed.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Payload fields to override, plus the envelope's `id` and `occurredAt`. */
export type BookingEventFields<T extends BookingEventType> = Partial<EventPayload<T>> & { id?: string; occurredAt?: Date | string };

let bookingEventSequence = 0;
const DAY_MS = 24 * 60 * 60 * 1000;

/** What each booking event says unless told otherwise: the usual status and revision of that step. */
const STEP: Record<BookingEventType, { status: 'Pending' | 'Confirmed' | 'Cancelled'; revision: number }> = {
  [EVENT_TYPES.bookingCreated]: { status: 'Pending', revision: 1 },
  [EVENT_TYPES.bookingConfirmed]: { status: 'Confirmed', revision: 2 },
  [EVENT_TYPES.bookingCancelled]: { status: 'Cancelled', revision: 3 },
};

/**
 * A valid booking event envelope (packages/common/src/domain-events.ts) as the bookings outbox
 * writes it, keyed by its listing; every payload field can be overridden. Defaults: a fresh event
 * id and booking id, one unit of hotel HTL001 from tomorrow for two nights, the step's usual
 * status and revision (created: Pending 1, confirmed: Confirmed 2, cancelled: Cancelled 3), an
 * invoice for the total on confirmed and no refund on cancelled. Built with `domainEvent`, so an
 * invalid override throws: tests of malformed messages edit the JSON afterwards.
 */
export function bookingEventMessage<T extends BookingEventType>(type: T, fields: BookingEventFields<T> = {}): DomainEventOf<T> {
  bookingEventSequence += 1;
  const { id, occurredAt, ...overrides } = fields;
  const at = occurredAt === undefined ? new Date() : new Date(occurredAt);
  const tomorrow = Math.ceil(Date.now() / DAY_MS) * DAY_MS;
  const base: Record<string, unknown> = {
    bookingId: `BK-${Date.now().toString(36)}-${bookingEventSequence}`,
    listingType: 'Hotel',
    listingId: 'HTL001',
    userId: '123-45-6789',
    startDate: new Date(tomorrow).toISOString(),
    endDate: new Date(tomorrow + 2 * DAY_MS).toISOString(),
    quantity: 1,
    ...STEP[type],
    totalCents: 30_000,
  };
  const payload: Record<string, unknown> = { ...base, ...overrides };
  if (type === EVENT_TYPES.bookingConfirmed && payload.invoice === undefined) {
    payload.invoice = { billingId: `BILL-${String(payload.bookingId)}`, invoiceNumber: `INV-${String(payload.bookingId)}`, amountPaidCents: payload.totalCents, paymentMethod: 'credit_card', paidAt: at.toISOString() };
  }
  if (type === EVENT_TYPES.bookingCancelled && payload.refundCents === undefined) payload.refundCents = 0;
  const key = listingKey(payload.listingType as ListingType, String(payload.listingId));
  return domainEvent(type, key, payload as EventPayload<T>, { id: id ?? `evt-${Date.now().toString(36)}-${bookingEventSequence}`, occurredAt: at }) as DomainEventOf<T>;
}

/** The Kafka message of an event, as a relay publishes it: keyed by its aggregate, the envelope as JSON. */
export function eventMessageOf(event: DomainEvent): { key: string; value: string } {
  return { key: event.key, value: JSON.stringify(event) };
}
