import type { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { FlightModel, HotelModel } from '../../src/models.js';
import { carFromInput, carPatchFromInput } from '../../src/services/carRules.js';
import { flightFromInput, flightPatchFromInput } from '../../src/services/flightRules.js';
import { hotelFromInput, hotelPatchFromInput } from '../../src/services/hotelRules.js';
import { referenceOf } from './reference.js';

/** The airports of the data module (src/data/airports.ts), as the subgraph's directory knows them. */
const reference = referenceOf();

/** The field errors of the BAD_USER_INPUT `run` throws (fails when it does not throw one). */
function fieldErrors(run: () => unknown): Array<{ path: string; message: string }> {
  try {
    run();
  } catch (error) {
    const extensions = (error as GraphQLError).extensions;
    expect(extensions.code).toBe('BAD_USER_INPUT');
    return extensions.fields as Array<{ path: string; message: string }>;
  }
  throw new Error('expected a BAD_USER_INPUT');
}

const departure = new Date('2031-01-01T08:00:00.000Z');
const flightInput = {
  airlineName: ' Delta   Air Lines ',
  departureAirport: 'JFK',
  arrivalAirport: 'LAX',
  departureDatetime: departure,
  arrivalDatetime: new Date('2031-01-01T14:15:00.000Z'),
  flightClass: 'Economy' as const,
  ticketPrice: '299.90',
  totalAvailableSeats: 150,
};

const storedFlight: FlightModel = {
  flightId: 'FL001',
  airlineName: 'Delta',
  departureAirport: 'JFK',
  departureCity: 'New York',
  arrivalAirport: 'LAX',
  arrivalCity: 'Los Angeles',
  departureDatetime: '2031-01-01T08:00:00.000Z',
  arrivalDatetime: '2031-01-01T14:00:00.000Z',
  durationMinutes: 360,
  flightClass: 'Economy',
  ticketPrice: 299,
  totalAvailableSeats: 150,
  rating: 0,
  createdAt: '2030-01-01T00:00:00.000Z',
  updatedAt: '2030-01-01T00:00:00.000Z',
  retiredAt: null,
};

describe('flight rules', () => {
  it('normalises text, generates an id and derives the duration from the schedule', () => {
    const flight = flightFromInput(flightInput, reference);
    expect(flight).toMatchObject({ airlineName: 'Delta Air Lines', durationMinutes: 375, ticketPrice: 299.9, departureCity: null, rating: 0 });
    expect(flight.flightId).toMatch(/^FL[0-9A-F]{10}$/);
  });

  it('accepts a zero price, zero seats and a zero duration (the documented minimums)', () => {
    expect(flightFromInput({ ...flightInput, ticketPrice: '0', totalAvailableSeats: 0, durationMinutes: 0 }, reference)).toMatchObject({ ticketPrice: 0, totalAvailableSeats: 0, durationMinutes: 0 });
  });

  it('uppercases airport codes, and rejects malformed and unknown ones and an arrival not after the departure', () => {
    expect(flightFromInput({ ...flightInput, departureAirport: ' jfk ', arrivalAirport: 'sfo' }, reference)).toMatchObject({ departureAirport: 'JFK', arrivalAirport: 'SFO' });
    expect(fieldErrors(() => flightFromInput({ ...flightInput, departureAirport: 'JFKX', arrivalAirport: 'QQQ', arrivalDatetime: departure }, reference))).toEqual([
      { path: 'input.departureAirport', message: 'must be a three-letter IATA code (e.g. JFK)' },
      { path: 'input.arrivalAirport', message: 'is not a known airport (docs/airports.md)' },
      { path: 'input.arrivalDatetime', message: 'must be after departureDatetime' },
    ]);
    expect(fieldErrors(() => flightPatchFromInput({ arrivalAirport: 'zzz' }, storedFlight, reference))).toEqual([
      { path: 'input.arrivalAirport', message: 'is not a known airport (docs/airports.md)' },
    ]);
  });

  it('recomputes the duration when a change moves the schedule, and validates against stored values', () => {
    expect(flightPatchFromInput({ departureDatetime: new Date('2031-01-01T09:00:00.000Z') }, storedFlight, reference)).toEqual({ departureDatetime: '2031-01-01T09:00:00.000Z', durationMinutes: 300 });
    expect(flightPatchFromInput({ ticketPrice: '10' }, storedFlight, reference)).toEqual({ ticketPrice: 10 });
    expect(fieldErrors(() => flightPatchFromInput({ departureDatetime: new Date('2031-01-02T00:00:00.000Z') }, storedFlight, reference))).toEqual([
      { path: 'input.arrivalDatetime', message: 'must be after departureDatetime' },
    ]);
  });

  it('lets optional cities be cleared but not required fields', () => {
    expect(flightPatchFromInput({ departureCity: null }, storedFlight, reference)).toEqual({ departureCity: null });
    expect(fieldErrors(() => flightPatchFromInput({ flightClass: null }, storedFlight, reference))).toEqual([{ path: 'input.flightClass', message: 'cannot be null' }]);
  });
});

const hotelInput = {
  name: 'Grand',
  address: { street: '1 Main St', city: 'Austin', state: 'Texas', zip: '78701' },
  starRating: 4,
  numberOfRooms: 10,
  defaultRoomType: 'Deluxe',
  pricePerNight: '199.00',
};

describe('hotel rules', () => {
  it('normalises the state name to its code and defaults every amenity to false', () => {
    expect(hotelFromInput({ ...hotelInput, amenities: { gym: true } })).toMatchObject({
      address: { state: 'TX' },
      amenities: { wifi: false, breakfastIncluded: false, parking: false, petFriendly: false, nearTransit: false, pool: false, gym: true },
    });
  });

  it('accepts star ratings 1 to 5 only and at least one room', () => {
    expect(fieldErrors(() => hotelFromInput({ ...hotelInput, starRating: 0, numberOfRooms: 0 }))).toEqual([
      { path: 'input.starRating', message: 'must be an integer from 1 to 5' },
      { path: 'input.numberOfRooms', message: 'must be an integer from 1 to 10000' },
    ]);
    expect(hotelFromInput({ ...hotelInput, starRating: 5, numberOfRooms: 1 })).toMatchObject({ starRating: 5, numberOfRooms: 1 });
  });

  it('merges amenity flags into the stored ones on update', () => {
    const stored = { amenities: { wifi: true, breakfastIncluded: false, parking: true, petFriendly: false, nearTransit: false, pool: false, gym: false } } as HotelModel;
    expect(hotelPatchFromInput({ amenities: { wifi: false, pool: true, gym: null } }, stored)).toEqual({
      amenities: { wifi: false, breakfastIncluded: false, parking: true, petFriendly: false, nearTransit: false, pool: true, gym: false },
    });
  });
});

const carInput = { carType: 'SUV', providerName: 'Hertz', model: 'RAV4', year: 2024, transmissionType: 'Automatic', numberOfSeats: 5, dailyRentalPrice: '59.99', pickupCity: 'Denver' };

describe('car rules', () => {
  const now = new Date('2031-06-01T00:00:00.000Z');

  it('accepts years from 1900 to next year', () => {
    expect(carFromInput({ ...carInput, year: 1900 }, now).year).toBe(1900);
    expect(carFromInput({ ...carInput, year: 2032 }, now).year).toBe(2032);
    expect(fieldErrors(() => carFromInput({ ...carInput, year: 2033 }, now))).toEqual([{ path: 'input.year', message: 'must be an integer from 1900 to 2032' }]);
    expect(fieldErrors(() => carPatchFromInput({ year: 1899 }, now))).toEqual([{ path: 'input.year', message: 'must be an integer from 1900 to 2032' }]);
  });

  it('defaults the status to Available and the rating to 0', () => {
    expect(carFromInput(carInput, now)).toMatchObject({ availabilityStatus: 'Available', carRating: 0, dailyRentalPrice: 59.99 });
  });

  it('rejects an empty change', () => {
    expect(fieldErrors(() => carPatchFromInput({}, now))).toEqual([{ path: 'input', message: 'must change at least one field' }]);
  });
});

describe('prices are bounded so a booking total with tax fits the billing column', () => {
  const over = '99999999.99';
  const bound = '92592592.58';

  it('rejects a price whose total with tax would not fit, naming the field', () => {
    expect(fieldErrors(() => flightFromInput({ ...flightInput, ticketPrice: over }, reference))).toEqual([{ path: 'input.ticketPrice', message: expect.stringContaining(bound) }]);
    expect(fieldErrors(() => flightPatchFromInput({ ticketPrice: '92592592.59' }, storedFlight, reference))).toEqual([{ path: 'input.ticketPrice', message: expect.stringContaining(bound) }]);
  });

  it('accepts the largest price that still fits', () => {
    expect(flightFromInput({ ...flightInput, ticketPrice: bound }, reference)).toMatchObject({ ticketPrice: 92592592.58 });
  });
});

