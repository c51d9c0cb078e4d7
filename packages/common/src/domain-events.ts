import { z } from 'zod';
import { BOOKING_STATUSES, LISTING_TYPES, MalformedEventError } from './events.js';

/**
 * The platform's event backbone contract (issue 16): one envelope for every event on every topic,
 * one payload schema per event type, validated by producers before they store an event and by
 * consumers before they apply one (a message that fails goes to the dead-letter topic with the
 * reason).
 *
 * - Topic = event type (`user.created`, `listing.price.changed`, …), 6 partitions each.
 * - Message key = the envelope's `key`: the aggregate the event is about (`user:<id>`,
 *   `listingKey(type, id)` for listings, reviews and bookings), so one aggregate's events of one
 *   type keep their order.
 * - `id` is unique per event: consumers dedupe by it (at-least-once delivery, exactly-once effect).
 * - `version` is the version of the payload schema of that type (1 for all today); a consumer
 *   refuses versions it does not know (dead letter), so a schema change is a new version.
 * - Payloads are snapshots, not deltas, and carry the aggregate's `revision` (grows by one per
 *   change): topics are not ordered with each other, so a consumer keeps the highest revision per
 *   aggregate and ignores older events.
 * - Money is in integer cents (`…Cents`), never floats.
 */

export const EVENT_TYPES = {
  userCreated: 'user.created',
  userUpdated: 'user.updated',
  userDeleted: 'user.deleted',
  listingCreated: 'listing.created',
  listingUpdated: 'listing.updated',
  listingRetired: 'listing.retired',
  listingPriceChanged: 'listing.price.changed',
  reviewCreated: 'review.created',
  reviewUpdated: 'review.updated',
  reviewDeleted: 'review.deleted',
  bookingCreated: 'booking.created',
  bookingConfirmed: 'booking.confirmed',
  bookingCancelled: 'booking.cancelled',
  tripCreated: 'trip.created',
  tripConfirmed: 'trip.confirmed',
  tripCancelled: 'trip.cancelled',
} as const;
export type EventType = (typeof EVENT_TYPES)[keyof typeof EVENT_TYPES];
export const ALL_EVENT_TYPES: EventType[] = Object.values(EVENT_TYPES);
/** The topic of each event type is its name; these are the topics db:init creates. */
export const EVENT_TOPICS: string[] = ALL_EVENT_TYPES;

const id = z.string().min(1).max(128);
const instant = z.string().datetime();
const cents = z.number().int().min(0);
const revision = z.number().int().min(1);

export const userKey = (userId: string): string => `user:${userId}`;
/** A trip's events are keyed by the trip (its items' booking events by their listings). */
export const tripKey = (tripId: string): string => `trip:${tripId}`;

const userSnapshot = z.object({
  userId: id,
  email: z.string().email(),
  firstName: z.string(),
  lastName: z.string(),
  city: z.string().nullable(),
  state: z.string().nullable(),
  revision,
});

/**
 * What watchers, notifications and analytics need to know about a listing without asking the
 * listings subgraph: a title, where it is, the price consumers compare, and (flights) the route.
 * `priceCents`: a flight's ticket price, a hotel's price per night, a car's daily price.
 */
export const listingSnapshotSchema = z.object({
  listingType: z.enum(LISTING_TYPES),
  listingId: id,
  title: z.string(),
  city: z.string().nullable(),
  state: z.string().nullable(),
  /** Flights only: IATA codes and the departure instant. */
  route: z.object({ from: z.string(), to: z.string(), departsAt: instant }).nullable(),
  priceCents: cents,
  retired: z.boolean(),
  revision,
});
export type ListingSnapshot = z.infer<typeof listingSnapshotSchema>;

const reviewSnapshot = z.object({
  reviewId: id,
  userId: id,
  listingType: z.enum(LISTING_TYPES),
  listingId: id,
  rating: z.number().int().min(1).max(5),
  revision,
});

const bookingSnapshot = z.object({
  bookingId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1–64 letters, digits, - or _'),
  listingType: z.enum(LISTING_TYPES),
  listingId: id,
  userId: id,
  startDate: instant,
  endDate: instant,
  quantity: z.number().int().min(1),
  /** Hotels: the booked room type's code (docs/hotels.md); absent in events written before room types, and for flights and cars. */
  roomType: z.string().min(1).max(32).nullable().optional(),
  status: z.enum(BOOKING_STATUSES),
  /** The booking's own version (grows per status change): the revision of a booking. */
  revision,
  totalCents: cents,
});

const businessId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1–64 letters, digits, - or _');
const invoiceSchema = z.object({ billingId: id, invoiceNumber: z.string(), amountPaidCents: cents, paymentMethod: z.string(), paidAt: instant });

/** A trip (docs/trips.md): its items are bookings, each announcing itself with its own booking events. */
const tripSnapshot = z.object({
  tripId: businessId,
  userId: id,
  status: z.enum(['Pending', 'Confirmed', 'PartiallyCancelled', 'Cancelled', 'PaymentFailed', 'Expired']),
  /** The trip's items, in booking order. */
  bookingIds: z.array(businessId).min(1),
  /** The trip's own version (grows per change). */
  revision,
  totalCents: cents,
});

/** The payload schema of each event type (version 1). */
export const EVENT_PAYLOADS = {
  'user.created': userSnapshot,
  'user.updated': userSnapshot,
  'user.deleted': z.object({ userId: id, revision }),
  'listing.created': z.object({ listing: listingSnapshotSchema }),
  'listing.updated': z.object({ listing: listingSnapshotSchema }),
  'listing.retired': z.object({ listing: listingSnapshotSchema }),
  'listing.price.changed': z.object({ listing: listingSnapshotSchema, oldPriceCents: cents, newPriceCents: cents }),
  'review.created': reviewSnapshot,
  'review.updated': reviewSnapshot,
  'review.deleted': reviewSnapshot,
  'booking.created': bookingSnapshot,
  /** Paid: the invoice the confirmation mail shows. */
  'booking.confirmed': bookingSnapshot.extend({
    invoice: invoiceSchema,
  }),
  /** Cancelled, payment failed or expired (`status` says which); `refundCents` 0 when nothing was refunded. */
  'booking.cancelled': bookingSnapshot.extend({ refundCents: cents }),
  'trip.created': tripSnapshot,
  /** Paid with one payment: the trip's one invoice. */
  'trip.confirmed': tripSnapshot.extend({ invoice: invoiceSchema }),
  /** Items cancelled (`status` PartiallyCancelled or Cancelled) or the payment declined (PaymentFailed); `refundCents`: what this change refunded. */
  'trip.cancelled': tripSnapshot.extend({ refundCents: cents }),
} as const satisfies Record<EventType, z.ZodTypeAny>;

export type EventPayload<T extends EventType> = z.infer<(typeof EVENT_PAYLOADS)[T]>;

export const EVENT_SCHEMA_VERSION = 1;

const envelopeSchema = z.object({
  id: z.string().min(1).max(128),
  type: z.enum(ALL_EVENT_TYPES as [EventType, ...EventType[]]),
  version: z.number().int().min(1),
  occurredAt: instant,
  key: z.string().min(1).max(255),
  payload: z.unknown(),
});

export interface DomainEvent<T extends EventType = EventType> {
  id: string;
  type: T;
  version: number;
  occurredAt: string;
  key: string;
  payload: EventPayload<T>;
}

export type AnyDomainEvent = { [T in EventType]: DomainEvent<T> }[EventType];
/** One of the given types' events, narrowed by `type`. */
export type DomainEventOf<T extends EventType> = { [K in T]: DomainEvent<K> }[T];

/** The booking lifecycle (the bookings outbox): created → confirmed | cancelled (Cancelled, PaymentFailed or Expired). */
export const BOOKING_EVENT_TYPES = [EVENT_TYPES.bookingCreated, EVENT_TYPES.bookingConfirmed, EVENT_TYPES.bookingCancelled] as const;
export type BookingEventType = (typeof BOOKING_EVENT_TYPES)[number];
export type BookingDomainEvent = DomainEventOf<BookingEventType>;

/** A trip's lifecycle (also the bookings outbox): created → confirmed → cancelled (or cancelled: payment declined). */
export const TRIP_EVENT_TYPES = [EVENT_TYPES.tripCreated, EVENT_TYPES.tripConfirmed, EVENT_TYPES.tripCancelled] as const;
export type TripEventType = (typeof TRIP_EVENT_TYPES)[number];
export type TripDomainEvent = DomainEventOf<TripEventType>;

function issuesOf(error: z.ZodError, prefix: string): string {
  return error.issues.map((issue) => `${[prefix, ...issue.path].filter((part) => part !== '').join('.') || 'value'}: ${issue.message}`).join('; ');
}

/** Builds an event, validating its payload (a producer bug throws before anything is stored). */
export function domainEvent<T extends EventType>(type: T, key: string, payload: EventPayload<T>, options: { id: string; occurredAt: Date }): DomainEvent<T> {
  const result = EVENT_PAYLOADS[type].safeParse(payload);
  if (!result.success) throw new Error(`invalid ${type} payload: ${issuesOf(result.error, 'payload')}`);
  return { id: options.id, type, version: EVENT_SCHEMA_VERSION, occurredAt: options.occurredAt.toISOString(), key, payload: result.data as EventPayload<T> };
}

/**
 * Parses a Kafka message value into a domain event; throws MalformedEventError naming every
 * problem (the dead-letter reason). `expected` limits the types a consumer accepts.
 */
export function parseDomainEvent<T extends EventType = EventType>(value: Buffer | string | null, expected?: readonly T[]): DomainEventOf<T> {
  if (value === null) throw new MalformedEventError('empty message');
  let json: unknown;
  try {
    json = JSON.parse(value.toString());
  } catch {
    throw new MalformedEventError('value is not JSON');
  }
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) throw new MalformedEventError(issuesOf(envelope.error, ''));
  const { type, version } = envelope.data;
  if (expected && !(expected as readonly EventType[]).includes(type)) throw new MalformedEventError(`type: ${type} is not consumed here`);
  if (version !== EVENT_SCHEMA_VERSION) throw new MalformedEventError(`version: ${type} version ${version} is not supported`);
  const payload = EVENT_PAYLOADS[type].safeParse(envelope.data.payload);
  if (!payload.success) throw new MalformedEventError(issuesOf(payload.error, 'payload'));
  return { ...envelope.data, payload: payload.data } as DomainEventOf<T>;
}
