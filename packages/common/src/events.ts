import { z } from 'zod';

/**
 * Vocabulary shared by the events and the subgraphs: listing types, booking statuses, the message
 * key of a listing's events, and the error every event parser throws. The events themselves
 * (envelope and payload schemas) are in ./domain-events.ts.
 */
export const LISTING_TYPES = ['Flight', 'Hotel', 'Car'] as const;
export type ListingType = (typeof LISTING_TYPES)[number];
export const BOOKING_STATUSES = ['Pending', 'Confirmed', 'Cancelled', 'PaymentFailed', 'Expired'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

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

