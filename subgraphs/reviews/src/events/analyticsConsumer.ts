import {
  EVENT_TYPES,
  EventConsumer,
  parseDomainEvent,
  TOPICS,
  type AnyDomainEvent,
  type ConsumerSettings,
  type EventType,
  type Logger,
  type SupervisionSettings,
} from '@kayak/common';
import type { Admin, Kafka } from 'kafkajs';
import type { AnalyticsRepository, ApplyOutcome, BookingFact } from '../repositories/analytics.js';

/** The events analytics reads (docs/analytics.md); each topic is named after its event type. */
export const ANALYTICS_EVENT_TYPES = [
  EVENT_TYPES.bookingCreated,
  EVENT_TYPES.bookingConfirmed,
  EVENT_TYPES.bookingCancelled,
  EVENT_TYPES.listingCreated,
  EVENT_TYPES.listingUpdated,
  EVENT_TYPES.listingPriceChanged,
  EVENT_TYPES.listingRetired,
] as const satisfies readonly EventType[];

export const DEFAULT_ANALYTICS_CONSUMER_SETTINGS: ConsumerSettings = {
  groupId: 'reviews-analytics',
  topics: [...ANALYTICS_EVENT_TYPES],
  deadLetterTopic: TOPICS.eventsDeadLetter,
};

export type AnalyticsConsumer = EventConsumer<AnyDomainEvent>;

export interface AnalyticsConsumerDependencies extends SupervisionSettings {
  kafka: Kafka;
  admin: Admin;
  readModels: AnalyticsRepository;
  logger: Logger;
  settings: ConsumerSettings;
}

/** What a booking event says about its booking: the snapshot plus the step's own facts. */
export function bookingFactOf(event: AnyDomainEvent): BookingFact | null {
  if (event.type !== 'booking.created' && event.type !== 'booking.confirmed' && event.type !== 'booking.cancelled') return null;
  const { payload } = event;
  const occurredAt = new Date(event.occurredAt);
  const fact: BookingFact = {
    bookingId: payload.bookingId,
    eventId: event.id,
    revision: payload.revision,
    status: payload.status,
    listingType: payload.listingType,
    listingId: payload.listingId,
    userId: payload.userId,
    totalCents: payload.totalCents,
    occurredAt,
  };
  if (event.type === 'booking.confirmed') fact.paid = { at: new Date(event.payload.invoice.paidAt), cents: event.payload.invoice.amountPaidCents };
  if (event.type === 'booking.cancelled') fact.cancelled = { at: occurredAt, refundCents: event.payload.refundCents };
  return fact;
}

function applyEvent(readModels: AnalyticsRepository, event: AnyDomainEvent): Promise<ApplyOutcome> {
  switch (event.type) {
    case 'listing.created':
    case 'listing.updated':
    case 'listing.retired':
    case 'listing.price.changed':
      return readModels.applyListing(event.payload.listing);
    default: {
      const fact = bookingFactOf(event);
      // parse() accepts only ANALYTICS_EVENT_TYPES, so every other event is a booking event.
      if (!fact) throw new Error(`analytics cannot apply ${event.type}`);
      return readModels.applyBooking(fact);
    }
  }
}

/**
 * Builds analytics_bookings and analytics_listings from the booking and listing events (group
 * `reviews-analytics`). Idempotent under redelivery (event ids, revisions) and topic order (facts
 * are merged, the snapshot of the highest revision wins); malformed events go to events.dlq.
 */
export function createAnalyticsConsumer({ readModels, ...deps }: AnalyticsConsumerDependencies): AnalyticsConsumer {
  return new EventConsumer<AnyDomainEvent>({
    ...deps,
    name: 'analytics',
    handler: {
      parse: (value) => parseDomainEvent(value, ANALYTICS_EVENT_TYPES),
      occurredAt: (event) => new Date(event.occurredAt),
      apply: (event) => applyEvent(readModels, event),
    },
  });
}
