import type { Viewer } from '@kayak/common';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLoaders } from '../../src/loaders.js';
import { createBookingCache } from '../../src/repositories/cache.js';
import { createBookingService } from '../../src/services/bookings.js';
import { ALICE, ANALYTICS_ADMIN, ANONYMOUS, BILLING_ADMIN, BOB, createInMemoryUsers, daysFromNow, LISTING_ADMIN, startHarness, SUPER_ADMIN, USER_ADMIN, type Harness } from '../support/harness.js';

// Passengers of flight bookings (docs/passengers.md): validated with field paths, stored in the
// booking's transaction, shown to those who may read the booking and to nobody else, loaded with
// one query per request however many bookings a page has.

let h: Harness;
const DEPARTURE = new Date(daysFromNow(40, 9));
const ARRIVAL = new Date(daysFromNow(40, 13));
const FARE = '150.00';

const PASSENGER_FIELDS = `passengers { position firstName lastName dateOfBirth passengerType document { type number issuingCountry expiresOn } }`;
const CREATE = `mutation ($input: CreateBookingInput!) { createBooking(input: $input) { bookingId quantity totalPrice ${PASSENGER_FIELDS} } }`;
const BOOKING = `query ($id: ID!) { booking(bookingId: $id) { bookingId ${PASSENGER_FIELDS} } }`;

/** The departure's UTC date moved by whole years and days, as YYYY-MM-DD (a birth date `years` before the flight). */
function bornBefore(years: number, days = 0): string {
  return new Date(Date.UTC(DEPARTURE.getUTCFullYear() - years, DEPARTURE.getUTCMonth(), DEPARTURE.getUTCDate() + days)).toISOString().slice(0, 10);
}
const afterDeparture = (days: number): string => new Date(DEPARTURE.getTime() + days * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);

const adult = { firstName: 'Ada', lastName: 'Lovelace', dateOfBirth: bornBefore(35), passengerType: 'ADULT' };
const child = { firstName: 'Byron', lastName: 'Lovelace', dateOfBirth: bornBefore(8), passengerType: 'CHILD' };
const infant = { firstName: 'Anne', lastName: 'Lovelace', dateOfBirth: bornBefore(1), passengerType: 'LAP_INFANT' };
const passport = { documentType: 'PASSPORT', documentNumber: 'X1234567', documentIssuingCountry: 'USA', documentExpiry: afterDeparture(400) };

const flightInput = (passengers: unknown, quantity = passengers instanceof Array ? passengers.filter((p: { passengerType: string }) => p.passengerType !== 'LAP_INFANT').length : 1) => ({
  listingType: 'Flight',
  listingId: 'FL-PAX',
  startDate: DEPARTURE.toISOString(),
  endDate: ARRIVAL.toISOString(),
  quantity,
  passengers,
});

interface PassengerData {
  position: number;
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  passengerType: string;
  document: { type: string; number: string; issuingCountry: string; expiresOn: string } | null;
}
interface CreatedData {
  createBooking: { bookingId: string; quantity: number; totalPrice: string; passengers: PassengerData[] };
}

const rowCounts = async (): Promise<[number, number, number]> => {
  const { prisma } = h.server;
  return [await prisma.booking.count(), await prisma.passenger.count(), await prisma.outboxEvent.count()];
};

beforeAll(async () => {
  h = await startHarness('bk_passengers');
  h.catalog.put({ listingType: 'Flight', listingId: 'FL-PAX', unitPrice: FARE, capacity: 50, departureAt: DEPARTURE, arrivalAt: ARRIVAL });
  h.catalog.put({ listingType: 'Hotel', listingId: 'HTL-PAX', unitPrice: '120.00', capacity: 5 });
});
afterAll(async () => {
  await h?.close();
});

describe('createBooking stores the passengers of a flight booking', () => {
  it('stores valid passengers in the booking’s transaction and returns them in order, trimmed; a lap infant takes no seat and flies free', async () => {
    const response = await h.request<CreatedData>(CREATE, {
      input: flightInput([{ ...adult, firstName: '  Ada ', ...passport, documentNumber: 'x123 4567', documentIssuingCountry: 'usa' }, child, infant]),
    });
    expect(response.errors).toBeUndefined();
    const booking = response.data?.createBooking;
    expect(booking).toMatchObject({ quantity: 2, totalPrice: '300.00' });
    const expected = [
      { position: 0, firstName: 'Ada', lastName: 'Lovelace', dateOfBirth: adult.dateOfBirth, passengerType: 'ADULT', document: { type: 'PASSPORT', number: 'X1234567', issuingCountry: 'USA', expiresOn: passport.documentExpiry } },
      { position: 1, firstName: 'Byron', lastName: 'Lovelace', dateOfBirth: child.dateOfBirth, passengerType: 'CHILD', document: null },
      { position: 2, firstName: 'Anne', lastName: 'Lovelace', dateOfBirth: infant.dateOfBirth, passengerType: 'LAP_INFANT', document: null },
    ];
    expect(booking?.passengers).toEqual(expected);

    const read = await h.request<{ booking: { passengers: PassengerData[] } }>(BOOKING, { id: booking?.bookingId });
    expect(read.data?.booking.passengers).toEqual(expected);
    expect(await h.server.prisma.passenger.count({ where: { bookingId: booking?.bookingId } })).toBe(3);
  });

  it('keeps booking without passengers working, at the same price (existing clients)', async () => {
    const response = await h.request<CreatedData>(CREATE, { input: { ...flightInput(undefined, 2), passengers: undefined } });
    expect(response.errors).toBeUndefined();
    expect(response.data?.createBooking).toMatchObject({ quantity: 2, totalPrice: '300.00', passengers: [] });
  });

  it('accepts the age bounds on the travel date: 12 today is an adult, 2 tomorrow is still a lap infant', async () => {
    const response = await h.request<CreatedData>(CREATE, {
      input: flightInput([
        { ...adult, dateOfBirth: bornBefore(12) },
        { ...child, dateOfBirth: bornBefore(2) },
        { ...infant, dateOfBirth: bornBefore(2, 1) },
      ]),
    });
    expect(response.errors).toBeUndefined();
    expect(response.data?.createBooking.passengers.map((p) => p.passengerType)).toEqual(['ADULT', 'CHILD', 'LAP_INFANT']);
  });
});

describe('every invalid passenger is BAD_USER_INPUT with its path, and nothing is written', () => {
  const cases: Array<[string, Record<string, unknown>, Array<{ path: string; message?: unknown }>]> = [
    ['an empty first name', flightInput([{ ...adult, firstName: '   ' }]), [{ path: 'input.passengers.0.firstName', message: 'must not be empty' }]],
    ['a last name over 100 characters', flightInput([{ ...adult, lastName: 'L'.repeat(101) }]), [{ path: 'input.passengers.0.lastName' }]],
    ['a date of birth that is not a real date', flightInput([adult, { ...child, dateOfBirth: '2019-02-30' }]), [{ path: 'input.passengers.1.dateOfBirth', message: 'must be a real date as YYYY-MM-DD' }]],
    ['a date of birth in the future', flightInput([adult, { ...infant, dateOfBirth: daysFromNow(1).slice(0, 10) }], 1), [{ path: 'input.passengers.1.dateOfBirth', message: 'must not be in the future' }]],
    ['a CHILD who is 12 on the travel date', flightInput([adult, { ...child, dateOfBirth: bornBefore(12) }]), [{ path: 'input.passengers.1.passengerType', message: expect.stringContaining('is 12 on') }]],
    ['an ADULT who is 11 on the travel date', flightInput([{ ...adult, dateOfBirth: bornBefore(12, 1) }]), [{ path: 'input.passengers.0.passengerType', message: expect.stringContaining('a CHILD') }]],
    ['a LAP_INFANT who turns 2 on the travel date', flightInput([adult, { ...infant, dateOfBirth: bornBefore(2) }], 1), [{ path: 'input.passengers.1.passengerType' }]],
    ['fewer seated passengers than seats', flightInput([adult, infant], 2), [{ path: 'input.passengers', message: expect.stringContaining('exactly 2 seated') }]],
    ['more lap infants than adults', flightInput([adult, child, infant, { ...infant, firstName: 'Ralph' }], 2), [{ path: 'input.passengers', message: expect.stringContaining('2 lap infant(s), 1 adult(s)') }]],
    ['no passengers for a seat', flightInput([], 1), [{ path: 'input.passengers', message: expect.stringContaining('got 0') }]],
    ['the same passenger twice (name case and spacing aside)', flightInput([adult, { ...adult, firstName: 'ADA ', lastName: ' lovelace' }]), [{ path: 'input.passengers.1', message: expect.stringContaining('input.passengers.0') }]],
    ['half of a document', flightInput([{ ...adult, documentType: 'PASSPORT', documentNumber: 'X1234567' }]), [{ path: 'input.passengers.0.documentIssuingCountry' }, { path: 'input.passengers.0.documentExpiry' }]],
    ['an expired document', flightInput([{ ...adult, ...passport, documentExpiry: daysFromNow(-1).slice(0, 10) }]), [{ path: 'input.passengers.0.documentExpiry', message: 'must be in the future' }]],
    ['a document expiring before the flight', flightInput([{ ...adult, ...passport, documentExpiry: afterDeparture(-3) }]), [{ path: 'input.passengers.0.documentExpiry', message: expect.stringContaining('on or after the travel date') }]],
    ['a bad issuing country and number', flightInput([{ ...adult, ...passport, documentIssuingCountry: 'US', documentNumber: '#1' }]), [{ path: 'input.passengers.0.documentNumber' }, { path: 'input.passengers.0.documentIssuingCountry' }]],
    [
      'a hotel booking with passengers',
      { listingType: 'Hotel', listingId: 'HTL-PAX', startDate: daysFromNow(20, 15), endDate: daysFromNow(22, 11), quantity: 1, passengers: [adult] },
      [{ path: 'input.passengers', message: 'only flight bookings have passengers' }],
    ],
  ];

  it.each(cases)('rejects %s', async (_name, input, fields) => {
    const before = await rowCounts();
    const response = await h.request(CREATE, { input });
    expect(response.data).toBeNull();
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: fields.map((field) => expect.objectContaining(field)) });
    expect((response.errors?.[0]?.extensions?.fields as unknown[]).length).toBe(fields.length);
    expect(await rowCounts()).toEqual(before);
  });

  it('reports the problems of several passengers and of the booking at once', async () => {
    const response = await h.request(CREATE, { input: { ...flightInput([{ ...adult, lastName: '' }, { ...child, dateOfBirth: 'soon' }]), listingId: ' ' } });
    expect((response.errors?.[0]?.extensions?.fields as Array<{ path: string }>).map((field) => field.path)).toEqual([
      'input.listingId',
      'input.passengers.0.lastName',
      'input.passengers.1.dateOfBirth',
    ]);
  });
});

describe('passengers are visible to whoever may read the booking, and to nobody else', () => {
  let bookingId: string;
  const entities = `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Booking { bookingId ${PASSENGER_FIELDS} } } }`;
  const billingEntities = `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Billing { booking { ${PASSENGER_FIELDS} } } } }`;

  beforeAll(async () => {
    const created = await h.request<CreatedData>(CREATE, { input: flightInput([adult, infant]) });
    bookingId = created.data?.createBooking.bookingId ?? '';
    const paid = await h.request(`mutation ($id: ID!) { payBooking(bookingId: $id, paymentMethod: { type: paypal }, idempotencyKey: "pax-privacy") { billing { billingId } } }`, { id: bookingId });
    expect(paid.errors).toBeUndefined();
  });

  const allowed: Array<[string, Viewer]> = [
    ['its user', ALICE],
    ['a Super Admin', SUPER_ADMIN],
    ['a Billing Admin', BILLING_ADMIN],
    ['a User Admin', USER_ADMIN],
    ['an Analytics Admin', ANALYTICS_ADMIN],
  ];
  it.each(allowed)('shows them to %s, by booking(bookingId) and by entity resolution', async (_name, viewer) => {
    const direct = await h.request<{ booking: { passengers: PassengerData[] } }>(BOOKING, { id: bookingId }, viewer);
    expect(direct.errors).toBeUndefined();
    expect(direct.data?.booking.passengers.map((p) => p.firstName)).toEqual(['Ada', 'Anne']);
    const entity = await h.request<{ _entities: Array<{ passengers: PassengerData[] }> }>(entities, { reps: [{ __typename: 'Booking', bookingId }] }, viewer);
    expect(entity.errors).toBeUndefined();
    expect(entity.data?._entities[0]?.passengers).toHaveLength(2);
  });

  it('shows them to admins listing bookings', async () => {
    const response = await h.request<{ bookings: { nodes: Array<{ bookingId: string; passengers: PassengerData[] }> } }>(
      `query ($userId: ID) { bookings(filter: { userId: $userId, bookingType: Flight }, first: 50) { nodes { bookingId passengers { firstName } } } }`,
      { userId: ALICE.kind === 'user' ? ALICE.userId : '' },
      BILLING_ADMIN,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data?.bookings.nodes.find((node) => node.bookingId === bookingId)?.passengers).toEqual([{ firstName: 'Ada' }, { firstName: 'Anne' }]);
  });

  const refused: Array<[string, Viewer, string]> = [
    ['another user', BOB, 'FORBIDDEN'],
    ['an admin whose role may not read bookings (Listing Admin)', LISTING_ADMIN, 'FORBIDDEN'],
    ['an anonymous caller (a partner’s API key alone)', ANONYMOUS, 'UNAUTHENTICATED'],
  ];
  it.each(refused)('never shows them to %s: not by booking(bookingId), entity resolution of the booking or of its billing', async (_name, viewer, code) => {
    const billingId = (await h.server.prisma.billing.findFirstOrThrow({ where: { bookingId } })).billingId;
    const responses = [
      await h.request<Record<string, unknown>>(BOOKING, { id: bookingId }, viewer),
      await h.request<Record<string, unknown>>(entities, { reps: [{ __typename: 'Booking', bookingId }] }, viewer),
      await h.request<Record<string, unknown>>(billingEntities, { reps: [{ __typename: 'Billing', billingId }] }, viewer),
    ];
    for (const response of responses) {
      expect(response.errors?.[0]?.extensions?.code).toBe(code);
      expect(JSON.stringify(response.data ?? null)).not.toMatch(/Lovelace|Ada|Anne/);
    }
  });

  it('refuses passengers of a booking that reached the resolver through another path (the field checks again)', async () => {
    const cache = createBookingCache(h.server.redis, h.server.logger, h.cachePrefix);
    const loaders = createLoaders(h.server.prisma, cache);
    const booking = await loaders.bookingById.load(bookingId);
    const deps = { prisma: h.server.prisma, cache, catalog: h.catalog, users: createInMemoryUsers([]), payments: h.payments, notifyOutbox: () => undefined, holdMs: 60_000 };
    const service = createBookingService(deps, { viewer: BOB, requestId: 'test' }, loaders);
    await expect(service.passengersOf(booking as NonNullable<typeof booking>)).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
  });
});

describe('Booking.passengers is batched', () => {
  const RICH = '345-67-8901';
  const dataQueries = (): string[] => h.queries.filter((sql) => !/^\s*(SELECT 1|-- Implicit)/.test(sql));

  beforeAll(async () => {
    const { prisma } = h.server;
    // RICH: 12 flight bookings of 2 passengers each; ALICE has her few from above.
    const ids = Array.from({ length: 12 }, (_, index) => `BKPAX${index}`);
    await prisma.booking.createMany({
      data: ids.map((bookingId) => ({ bookingId, userId: RICH, bookingType: 'Flight' as const, referenceId: 'FL-PAX', startDate: DEPARTURE, endDate: ARRIVAL, totalPrice: '300.00', quantity: 2 })),
    });
    await prisma.passenger.createMany({
      data: ids.flatMap((bookingId) => [
        { bookingId, position: 0, firstName: 'Grace', lastName: bookingId, dateOfBirth: new Date(`${bornBefore(40)}T00:00:00Z`), passengerType: 'ADULT' as const },
        { bookingId, position: 1, firstName: 'Alan', lastName: bookingId, dateOfBirth: new Date(`${bornBefore(9)}T00:00:00Z`), passengerType: 'CHILD' as const },
      ]),
    });
  });
  beforeEach(() => {
    h.queries.length = 0;
  });

  const myBookings = `query ($first: Int) { myBookings(first: $first) { nodes { bookingId passengers { position firstName lastName } } } }`;

  it('loads the passengers of a whole page of myBookings with one query, the same for 2 bookings as for 12', async () => {
    const viewer: Viewer = { kind: 'user', userId: RICH };
    const small = await h.request<{ myBookings: { nodes: Array<{ bookingId: string; passengers: Array<{ position: number; lastName: string }> }> } }>(myBookings, { first: 2 }, viewer);
    expect(small.errors).toBeUndefined();
    expect(small.data?.myBookings.nodes).toHaveLength(2);
    const smallQueries = dataQueries().length;
    expect(dataQueries().filter((sql) => /passengers/.test(sql))).toHaveLength(1);

    h.queries.length = 0;
    const large = await h.request<{ myBookings: { nodes: Array<{ bookingId: string; passengers: Array<{ position: number; firstName: string; lastName: string }> }> } }>(myBookings, { first: 12 }, viewer);
    expect(large.errors).toBeUndefined();
    const nodes = large.data?.myBookings.nodes ?? [];
    expect(nodes).toHaveLength(12);
    for (const node of nodes) expect(node.passengers).toEqual([{ position: 0, firstName: 'Grace', lastName: node.bookingId }, { position: 1, firstName: 'Alan', lastName: node.bookingId }]);
    expect(dataQueries().filter((sql) => /passengers/.test(sql))).toHaveLength(1);
    expect(dataQueries()).toHaveLength(smallQueries);
  });

  it('loads the passengers of many users’ bookings (User.bookings through _entities) with one query', async () => {
    const response = await h.request<{ _entities: Array<{ bookings: { nodes: Array<{ passengers: unknown[] }> } }> }>(
      `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on User { bookings(first: 20) { nodes { bookingId passengers { firstName } } } } } }`,
      { reps: [RICH, '123-45-6789', '234-56-7890'].map((userId) => ({ __typename: 'User', userId })) },
      SUPER_ADMIN,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data?._entities[0]?.bookings.nodes).toHaveLength(12);
    expect(dataQueries().filter((sql) => /passengers/.test(sql))).toHaveLength(1);
    expect(dataQueries()).toHaveLength(2); // the users' pages, then all their passengers
  });
});
