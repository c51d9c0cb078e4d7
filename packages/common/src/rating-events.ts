import { z } from 'zod';
import { LISTING_TYPES, parseEvent } from './events.js';

/**
 * The rating event contract between the reviews subgraph (producer) and the listings subgraph
 * (consumer that keeps `rating` / `hotelRating` / `carRating` for search and sorting in sync).
 * See docs/ratings.md.
 *
 * - Topic `listing.rating.changed`; message key `listingKey(listingType, listingId)`.
 * - The payload is the listing's whole summary, not a delta, so replaying or duplicating events is
 *   harmless. `version` grows with every rating change of that listing: consumers store it and
 *   ignore events whose version is not newer than the stored one.
 * - `average` is rounded to two decimals and is 0 when `count` is 0 (the listings' default).
 */
export const RATING_TOPIC = 'listing.rating.changed';

export const ratingChangedEventSchema = z.object({
  eventId: z.string().min(1),
  listingType: z.enum(LISTING_TYPES),
  listingId: z.string().min(1),
  average: z.number().min(0).max(5),
  count: z.number().int().min(0),
  version: z.number().int().min(1),
  computedAt: z.string().datetime(),
});

export type RatingChangedEvent = z.infer<typeof ratingChangedEventSchema>;

/** Parses a rating event; throws MalformedEventError (with the reason) for poison messages. */
export const parseRatingChangedEvent = (value: Buffer | string | null): RatingChangedEvent => parseEvent(ratingChangedEventSchema, value);
