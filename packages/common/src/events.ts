import { z } from 'zod';
import { TOPICS } from './kafka.js';

/**
 * The booking event contract between the bookings subgraph (producer, through its outbox) and
 * consumers such as the listings availability cache.
 *
 * - Topic by transition: created → `booking.created`; paid → `booking.confirmed`;
 *   cancelled, payment failed or hold expired → `booking.cancelled` (status says which:
 *   Cancelled, PaymentFailed or Expired; none of them holds capacity).
 * - Message key: `listingKey(listingType, listingId)`, so one listing's events keep their order.
 * - `version` grows by one on every status change of a booking. Topics are not ordered with each
 *   other, so consumers must keep the highest version per booking and ignore older ones.
 */
export const LISTING_TYPES = ['Flight', 'Hotel', 'Car'] as const;
export type ListingType = (typeof LISTING_TYPES)[number];
export const BOOKING_STATUSES = ['Pending', 'Confirmed', 'Cancelled', 'PaymentFailed', 'Expired'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

export const bookingEventSchema = z.object({
  eventId: z.string().min(1),
  type: z.enum([TOPICS.bookingCreated, TOPICS.bookingConfirmed, TOPICS.bookingCancelled]),
  // Business key (BK…): letters, digits, '-' and '_' only, so consumers may use it as a field name.
  bookingId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1–64 letters, digits, - or _'),
  listingType: z.enum(LISTING_TYPES),
  listingId: z.string().min(1),
  userId: z.string().min(1),
  startDate: z.string().datetime(),
  endDate: z.string().datetime(),
  quantity: z.number().int().min(1),
  status: z.enum(BOOKING_STATUSES),
  version: z.number().int().min(1),
  occurredAt: z.string().datetime(),
});

export type BookingEvent = z.infer<typeof bookingEventSchema>;

export const listingKey = (listingType: ListingType, listingId: string): string => `${listingType}:${listingId}`;

export class MalformedEventError extends Error {}

/**
 * Parses a Kafka message value against an event schema; throws MalformedEventError naming every
 * problem, which consumers use as the dead-letter reason.
 */
export function parseEvent<T extends z.ZodTypeAny>(schema: T, value: Buffer | string | null): z.infer<T> {
  if (value === null) throw new MalformedEventError('empty message');
  let json: unknown;
  try {
    json = JSON.parse(value.toString());
  } catch {
    throw new MalformedEventError('value is not JSON');
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    throw new MalformedEventError(result.error.issues.map((issue) => `${issue.path.join('.') || 'value'}: ${issue.message}`).join('; '));
  }
  return result.data;
}

/** Parses a booking event; throws MalformedEventError (with the reason) for poison messages. */
export const parseBookingEvent = (value: Buffer | string | null): BookingEvent => parseEvent(bookingEventSchema, value);
