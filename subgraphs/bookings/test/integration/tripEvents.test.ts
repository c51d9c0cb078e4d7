import { BOOKING_EVENT_TYPES, listingKey, tripKey, TRIP_EVENT_TYPES, type BookingDomainEvent, type TripDomainEvent } from '@kayak/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectEventsOf, type EventCollector } from '../support/kafka.js';
import { daysFromNow, GOOD_CARD, startHarness, testTopics, type Harness } from '../support/harness.js';

// A trip's events through the outbox relay to real Kafka (topics of this file's own): every item's
// booking events, keyed by its listing, and the trip's own, keyed by the trip (docs/trips.md).
const topics = testTopics('bk_trip_events');
let h: Harness;
let collector: EventCollector<BookingDomainEvent | TripDomainEvent>;

beforeAll(async () => {
  h = await startHarness('bk_trip_events', { outbox: { enabled: true, topics, pollIntervalMs: 200 } });
  collector = await collectEventsOf(h.config.KAFKA_BROKERS, Object.values(topics), [...BOOKING_EVENT_TYPES, ...TRIP_EVENT_TYPES]);
});
afterAll(async () => {
  await collector?.stop();
  await h?.close();
});

describe('trip events', () => {
  it('publishes each item’s booking events and the trip’s own for a trip created, paid and cancelled', async () => {
    const flight = { listingType: 'Flight' as const, listingId: 'FL-EVT', startDate: daysFromNow(30, 8), endDate: daysFromNow(30, 11) };
    h.catalog.put({ ...flight, unitPrice: '200.00', capacity: 10, departureAt: new Date(flight.startDate), arrivalAt: new Date(flight.endDate) });
    h.catalog.put({ listingType: 'Hotel', listingId: 'HTL-EVT', unitPrice: '100.00', capacity: 3 });
    const created = await h.request<{ createTrip: { tripId: string; items: Array<{ bookingId: string }> } }>(
      'mutation ($input: CreateTripInput!) { createTrip(input: $input) { tripId items { bookingId } } }',
      { input: { items: [flight, { listingType: 'Hotel', listingId: 'HTL-EVT', startDate: daysFromNow(30, 15), endDate: daysFromNow(32, 11) }] } },
    );
    const tripId = created.data?.createTrip.tripId ?? '';
    await h.request('mutation ($id: ID!, $m: PaymentMethodInput!, $k: String!) { payTrip(tripId: $id, paymentMethod: $m, idempotencyKey: $k) { replayed } }', { id: tripId, m: GOOD_CARD, k: `evt-${tripId}` });
    await h.request('mutation ($id: ID!) { cancelTrip(tripId: $id) { tripStatus } }', { id: tripId });

    // 2 items × (created, confirmed, cancelled) + trip created, confirmed, cancelled
    const received = await collector.waitFor(9);
    const summary = received.map((message) => [message.topic, message.key, message.event.type, message.event.payload.status]);
    for (const row of [
      [topics['trip.created'], tripKey(tripId), 'trip.created', 'Pending'],
      [topics['trip.confirmed'], tripKey(tripId), 'trip.confirmed', 'Confirmed'],
      [topics['trip.cancelled'], tripKey(tripId), 'trip.cancelled', 'Cancelled'],
      [topics['booking.created'], listingKey('Flight', 'FL-EVT'), 'booking.created', 'Pending'],
      [topics['booking.confirmed'], listingKey('Hotel', 'HTL-EVT'), 'booking.confirmed', 'Confirmed'],
      [topics['booking.cancelled'], listingKey('Hotel', 'HTL-EVT'), 'booking.cancelled', 'Cancelled'],
    ]) {
      expect(summary).toContainEqual(row);
    }
    expect(received).toHaveLength(9);
  }, 90_000);
});
