import { EventConsumer, listingKey, parseRatingChangedEvent, RATING_TOPIC, TOPICS, type ConsumerSettings, type Logger, type RatingChangedEvent, type SupervisionSettings } from '@kayak/common';
import type { Admin, Kafka } from 'kafkajs';
import type { RatingRepository } from '../repositories/ratings.js';
import type { SearchCache } from '../repositories/searchCache.js';

export type RatingConsumer = EventConsumer<RatingChangedEvent>;

export const DEFAULT_RATING_CONSUMER_SETTINGS: ConsumerSettings = {
  groupId: 'listings-ratings',
  topics: [RATING_TOPIC],
  deadLetterTopic: TOPICS.deadLetter,
};

export interface RatingConsumerDependencies extends SupervisionSettings {
  kafka: Kafka;
  admin: Admin;
  ratings: RatingRepository;
  cache: SearchCache;
  logger: Logger;
  settings: ConsumerSettings;
}

/**
 * Keeps rating / hotel_rating / car_rating (the copy search filters and sorts on) in step with
 * the reviews subgraph's `listing.rating.changed` events (docs/ratings.md). An event is applied
 * only when its version is newer than the listing's `rating_version`.
 */
export function createRatingConsumer({ ratings, cache, ...deps }: RatingConsumerDependencies): RatingConsumer {
  return new EventConsumer<RatingChangedEvent>({
    ...deps,
    name: 'rating',
    handler: {
      parse: parseRatingChangedEvent,
      occurredAt: (event) => new Date(event.computedAt),
      async apply(event) {
        const applied = await ratings.applyIfNewer(event);
        if (!applied) return 'stale';
        await cache.invalidateListings(event.listingType, [listingKey(event.listingType, event.listingId)]);
        return 'applied';
      },
    },
  });
}
