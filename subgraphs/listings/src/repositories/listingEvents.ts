import { domainEvent, EVENT_TYPES, listingKey, newEventMeta, type DomainEvent, type EventType, type ListingSnapshot } from '@kayak/common';
import type { CarDocument, FlightDocument, HotelDocument } from './documents.js';

/**
 * The listings subgraph's domain events (docs/events.md), keyed `listingKey(type, id)`, written
 * with the change through the Mongo outbox: `listing.created`; `listing.updated` for every admin
 * update, and besides it `listing.price.changed` (old and new price) when the update changed the
 * price; `listing.retired` when an admin deletes (retires) a listing.
 */
export const LISTING_EVENT_TYPES: EventType[] = [EVENT_TYPES.listingCreated, EVENT_TYPES.listingUpdated, EVENT_TYPES.listingRetired, EVENT_TYPES.listingPriceChanged];

/** Prices are stored in dollars with at most two decimals; events carry cents. */
const cents = (dollars: number): number => Math.round(dollars * 100);

export function flightSnapshot(doc: FlightDocument, revision: number): ListingSnapshot {
  return {
    listingType: 'Flight',
    listingId: doc.flight_id,
    title: `${doc.airline_name} ${doc.flight_id} ${doc.departure_airport}→${doc.arrival_airport}`,
    // Where a traveller goes: the arrival city.
    city: doc.arrival_city ?? null,
    state: null,
    route: { from: doc.departure_airport, to: doc.arrival_airport, departsAt: new Date(doc.departure_datetime).toISOString() },
    priceCents: cents(doc.ticket_price),
    retired: Boolean(doc.retired_at),
    revision,
  };
}

export function hotelSnapshot(doc: HotelDocument, revision: number): ListingSnapshot {
  return {
    listingType: 'Hotel',
    listingId: doc.hotel_id,
    title: doc.name,
    city: doc.address.city,
    state: doc.address.state,
    route: null,
    priceCents: cents(doc.price_per_night),
    retired: Boolean(doc.retired_at),
    revision,
  };
}

export function carSnapshot(doc: CarDocument, revision: number): ListingSnapshot {
  return {
    listingType: 'Car',
    listingId: doc.car_id,
    title: `${doc.provider_name} ${doc.model} ${doc.year}`,
    city: doc.pickup_city,
    state: null,
    route: null,
    priceCents: cents(doc.daily_rental_price),
    retired: Boolean(doc.retired_at),
    revision,
  };
}

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
