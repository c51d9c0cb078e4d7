import { listingKey, OUTBOX_COLLECTION, type AnyDomainEvent } from '@kayak/common';
import { createTestMongo, testConfig, type TestMongo } from '@kayak/common/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDomainTopics, type DomainTopicReader } from '../../../../test/support/domain-topics.js';
import { LISTING_EVENT_TYPES } from '../../src/repositories/listingEvents.js';
import { createServer } from '../../src/server.js';
import { at, caller, listingAdmin, type GraphQLCaller } from './fixtures.js';

/** listing.* events: written with the admin's change (Mongo outbox), published to this file's own topics. */
const config = testConfig();
let mongo: TestMongo;
let server: Awaited<ReturnType<typeof createServer>>;
let call: GraphQLCaller;
let reader: DomainTopicReader;

beforeAll(async () => {
  mongo = await createTestMongo(config, 'listings_events');
  reader = await readDomainTopics(config.KAFKA_BROKERS, LISTING_EVENT_TYPES);
  server = await createServer({ config, port: 0, mongoDb: mongo.name, domainEvents: { relay: true, topicPrefix: reader.prefix, pollIntervalMs: 200 } });
  call = caller(server.url, config);
});

afterAll(async () => {
  await server?.close();
  await reader?.close();
  await mongo?.drop();
});

const ok = async (query: string, variables: Record<string, unknown>): Promise<void> => {
  const response = await call(query, variables, listingAdmin);
  expect(response.errors).toBeUndefined();
};
const revisionOf = (event: AnyDomainEvent): number => ('listing' in event.payload ? event.payload.listing.revision : 0);
const eventsOf = async (key: string, count: number): Promise<AnyDomainEvent[]> =>
  (await reader.waitFor((event) => event.key === key, count)).sort((a, b) => revisionOf(a) - revisionOf(b) || a.type.localeCompare(b.type));

describe('listing events', () => {
  it('publishes a flight’s creation, an update that changes its price (updated + price.changed) and its retirement', async () => {
    await ok(`mutation ($input: CreateFlightInput!) { createFlight(input: $input) { flightId } }`, {
      input: {
        flightId: 'FLE001',
        airlineName: 'United Airlines',
        departureAirport: 'SFO',
        departureCity: 'San Francisco',
        arrivalAirport: 'ORD',
        arrivalCity: 'Chicago',
        departureDatetime: at(10, 8).toISOString(),
        arrivalDatetime: at(10, 12).toISOString(),
        flightClass: 'Business',
        ticketPrice: '612.50',
        totalAvailableSeats: 30,
      },
    });
    await ok(`mutation ($id: ID!, $input: UpdateFlightInput!) { updateFlight(flightId: $id, input: $input) { flightId } }`, { id: 'FLE001', input: { ticketPrice: '499.99' } });
    await ok(`mutation ($id: ID!, $input: UpdateFlightInput!) { updateFlight(flightId: $id, input: $input) { flightId } }`, { id: 'FLE001', input: { totalAvailableSeats: 40 } });
    await ok(`mutation ($id: ID!) { deleteFlight(flightId: $id) }`, { id: 'FLE001' });

    const events = await eventsOf(listingKey('Flight', 'FLE001'), 5);
    expect(events.map((event) => [event.type, revisionOf(event)])).toEqual([
      ['listing.created', 1],
      ['listing.price.changed', 2],
      ['listing.updated', 2],
      ['listing.updated', 3],
      ['listing.retired', 4],
    ]);
    expect(events[0]?.payload).toEqual({
      listing: {
        listingType: 'Flight',
        listingId: 'FLE001',
        title: 'United Airlines FLE001 SFO→ORD',
        city: 'Chicago',
        state: null,
        route: { from: 'SFO', to: 'ORD', departsAt: at(10, 8).toISOString() },
        priceCents: 61250,
        retired: false,
        revision: 1,
      },
    });
    expect(events[1]?.payload).toMatchObject({ oldPriceCents: 61250, newPriceCents: 49999, listing: { priceCents: 49999 } });
    expect(events[4]?.payload).toMatchObject({ listing: { retired: true, priceCents: 49999 } });
    await expect.poll(async () => (await mongo.db.collection('flights').findOne({ flight_id: 'FLE001' }))?.pendingEvents).toEqual([]);
  });

  it('shows a hotel’s city, state and nightly price, and a car’s pickup city and daily price', async () => {
    await ok(`mutation ($input: CreateHotelInput!) { createHotel(input: $input) { hotelId } }`, {
      input: { hotelId: 'HTLE001', name: 'Harbor View', address: { street: '1 Pier Rd', city: 'Seattle', state: 'WA', zip: '98101' }, starRating: 4, numberOfRooms: 80, defaultRoomType: 'Deluxe', pricePerNight: '249.99', amenities: { wifi: true } },
    });
    await ok(`mutation ($input: CreateCarInput!) { createCar(input: $input) { carId } }`, {
      input: { carId: 'CARE001', carType: 'SUV', providerName: 'Avis', model: 'Toyota RAV4', year: 2025, transmissionType: 'Automatic', numberOfSeats: 5, dailyRentalPrice: '69.00', pickupCity: 'Denver' },
    });
    await ok(`mutation ($id: ID!, $input: UpdateHotelInput!) { updateHotel(hotelId: $id, input: $input) { hotelId } }`, { id: 'HTLE001', input: { pricePerNight: '279.00' } });
    const [hotelCreated, , hotelUpdated] = await eventsOf(listingKey('Hotel', 'HTLE001'), 3);
    expect(hotelCreated?.payload).toMatchObject({ listing: { listingType: 'Hotel', title: 'Harbor View', city: 'Seattle', state: 'WA', route: null, priceCents: 24999 } });
    expect(hotelUpdated).toMatchObject({ type: 'listing.updated' });
    const price = reader.messages.find((message) => message.event.type === 'listing.price.changed' && message.key === listingKey('Hotel', 'HTLE001'));
    expect(price?.event.payload).toMatchObject({ oldPriceCents: 24999, newPriceCents: 27900 });
    const [carCreated] = await eventsOf(listingKey('Car', 'CARE001'), 1);
    expect(carCreated?.payload).toMatchObject({ listing: { listingType: 'Car', city: 'Denver', state: null, priceCents: 6900, title: 'Avis Toyota RAV4 2025' } });
  });

  it('writes no event for a refused change', async () => {
    const response = await call(`mutation ($id: ID!, $input: UpdateFlightInput!) { updateFlight(flightId: $id, input: $input) { flightId } }`, { id: 'FLE001', input: { ticketPrice: '1.00' } }, listingAdmin);
    expect(response.errors?.[0]?.extensions?.code).toBe('CONFLICT'); // retired
    await server.eventRelay?.publishPending({ sweep: true });
    expect(reader.messages.filter((message) => message.key === listingKey('Flight', 'FLE001'))).toHaveLength(5);
    await expect.poll(() => mongo.db.collection(OUTBOX_COLLECTION).countDocuments()).toBe(0);
  });
});
