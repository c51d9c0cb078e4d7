import { domainEvent, EVENT_TYPES, listingKey, newEventMeta, type DomainEvent, type EventPayload, type EventType, type OutboxSource } from '@kayak/common';
import type { ReviewDocument } from './documents.js';

/**
 * The reviews subgraph's domain events (docs/events.md): `review.created`, `review.updated`,
 * `review.deleted`, keyed by the reviewed listing (`listingKey(type, id)`), written with the change
 * through the Mongo outbox; a deleted review goes through the outbox's hard-delete entry.
 */
export const REVIEW_EVENT_TYPES: EventType[] = [EVENT_TYPES.reviewCreated, EVENT_TYPES.reviewUpdated, EVENT_TYPES.reviewDeleted];

export const REVIEWS_SOURCE: OutboxSource = { collection: 'reviews', idField: '_id' };

export function reviewSnapshot(doc: ReviewDocument, revision: number): EventPayload<'review.created'> {
  return { reviewId: doc._id.toHexString(), userId: doc.user_id, listingType: doc.entity_type, listingId: doc.entity_id, rating: doc.rating, revision };
}

type ReviewEventType = 'review.created' | 'review.updated' | 'review.deleted';

export const reviewEvent = (type: ReviewEventType, doc: ReviewDocument, revision: number, at: Date): DomainEvent =>
  domainEvent(type, listingKey(doc.entity_type, doc.entity_id), reviewSnapshot(doc, revision), newEventMeta(at));
