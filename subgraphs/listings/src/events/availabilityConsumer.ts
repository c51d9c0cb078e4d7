import { BOOKING_TOPICS, EventConsumer, listingKey, TOPICS, type BookingDomainEvent, type ConsumerSettings, type Logger, type MessagePosition, type SupervisionSettings } from '@kayak/common';
import type { Admin, Kafka } from 'kafkajs';
import type { AvailabilityBlockRepository } from '../repositories/availabilityBlocks.js';
import type { SearchCache } from '../repositories/searchCache.js';
import { applyBookingEvent, readBookingEvent } from '../services/bookingEvents.js';

export type { ConsumerHealth, MessagePosition } from '@kayak/common';
export type AvailabilityConsumerSettings = ConsumerSettings;
export type AvailabilityConsumer = EventConsumer<BookingDomainEvent>;

export const DEFAULT_CONSUMER_SETTINGS: AvailabilityConsumerSettings = {
  groupId: 'listings-availability',
  topics: BOOKING_TOPICS,
  deadLetterTopic: TOPICS.deadLetter,
};

export interface AvailabilityConsumerDependencies extends SupervisionSettings {
  kafka: Kafka;
  admin: Admin;
  blocks: AvailabilityBlockRepository;
  cache: SearchCache;
  logger: Logger;
  settings: AvailabilityConsumerSettings;
  /** Fault injection for tests: runs after a message's write, before its offset is committed. */
  beforeCommit?: (position: MessagePosition) => Promise<void>;
}

/** Feeds availability_blocks from the booking topics (see services/bookingEvents.ts). */
export function createAvailabilityConsumer({ blocks, cache, ...deps }: AvailabilityConsumerDependencies): AvailabilityConsumer {
  return new EventConsumer<BookingDomainEvent>({
    ...deps,
    name: 'availability',
    handler: {
      parse: readBookingEvent,
      occurredAt: (event) => new Date(event.occurredAt),
      async apply(event) {
        const outcome = await applyBookingEvent(blocks, event);
        if (outcome === 'applied') {
          // After the block is written, so a cached answer refilled from now on sees it.
          const { listingType, listingId } = event.payload;
          await cache.invalidateAvailability(listingType, [listingKey(listingType, listingId)]);
        }
        return outcome;
      },
    },
  });
}
