import { domainEvent, EVENT_TYPES, listingKey, newEventMeta, type DomainEvent, type EventType, type ListingSnapshot } from '@kayak/common';

/**
 * The listings subgraph's domain events (docs/events.md), keyed `listingKey(type, id)`, written
 * with the change through the Mongo outbox: `listing.created`; `listing.updated` for every admin
 * update, and besides it `listing.price.changed` (old and new price) when the update changed the
 * price; `listing.retired` when an admin deletes (retires) a listing.
 */
export const LISTING_EVENT_TYPES: EventType[] = [EVENT_TYPES.listingCreated, EVENT_TYPES.listingUpdated, EVENT_TYPES.listingRetired, EVENT_TYPES.listingPriceChanged];

const keyOf = (listing: ListingSnapshot): string => listingKey(listing.listingType, listing.listingId);

export const listingCreated = (listing: ListingSnapshot, at: Date): DomainEvent => domainEvent(EVENT_TYPES.listingCreated, keyOf(listing), { listing }, newEventMeta(at));

/** `listing.updated`, and `listing.price.changed` when the price moved. */
export function listingUpdated(before: ListingSnapshot, after: ListingSnapshot, at: Date): DomainEvent[] {
  const events: DomainEvent[] = [domainEvent(EVENT_TYPES.listingUpdated, keyOf(after), { listing: after }, newEventMeta(at))];
  if (before.priceCents !== after.priceCents) {
    events.push(domainEvent(EVENT_TYPES.listingPriceChanged, keyOf(after), { listing: after, oldPriceCents: before.priceCents, newPriceCents: after.priceCents }, newEventMeta(at)));
  }
  return events;
}

export const listingRetired = (listing: ListingSnapshot, at: Date): DomainEvent => domainEvent(EVENT_TYPES.listingRetired, keyOf(listing), { listing }, newEventMeta(at));
