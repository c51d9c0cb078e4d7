import type { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { encodeCursor } from '../../src/services/cursor.js';
import { normaliseCarSearch, normaliseFlightSearch, normaliseHotelSearch } from '../../src/services/searchArgs.js';
import { referenceOf } from './reference.js';

const reference = referenceOf();

describe('search normalisation', () => {
  it('gives the same normalised search (the cache key) for different spellings', () => {
    const a = normaliseFlightSearch({ departureAirport: ' jfk', departureCity: 'NEW   York ', maxPrice: '300.00' }, {}, reference);
    const b = normaliseFlightSearch({ maxPrice: '300.00', departureCity: 'new york', departureAirport: 'JFK', arrivalCity: null }, { sort: 'PRICE_ASC', first: 20, after: null }, reference);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a).toEqual({ criteria: { departureAirport: 'JFK', departureCity: 'new york', maxPrice: 300 }, sort: 'PRICE_ASC', first: 20, after: null });
  });

  it('keeps only the amenities that were given', () => {
    expect(normaliseHotelSearch({ amenities: { wifi: true, pool: null } }, {}).criteria).toEqual({ amenities: { wifi: true } });
    expect(normaliseHotelSearch({ amenities: {} }, {}).criteria).toEqual({});
  });

  it('defaults the availability quantity to 1', () => {
    const search = normaliseCarSearch({ availability: { startDate: new Date('2031-01-01T00:00:00Z'), endDate: new Date('2031-01-02T00:00:00Z') } }, {});
    expect(search.criteria.availability).toEqual({ startDate: '2031-01-01T00:00:00.000Z', endDate: '2031-01-02T00:00:00.000Z', quantity: 1 });
  });

  it('accepts its own cursor for the same sort and rejects one of another sort', () => {
    const after = encodeCursor({ sort: 'PRICE_DESC', value: 10, id: 'C1' });
    expect(normaliseCarSearch({}, { sort: 'PRICE_DESC', after }).after).toEqual({ sort: 'PRICE_DESC', value: 10, id: 'C1' });
    try {
      normaliseCarSearch({}, { sort: 'YEAR_ASC', after });
      throw new Error('expected BAD_USER_INPUT');
    } catch (error) {
      expect((error as GraphQLError).extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'after', message: 'belongs to sort PRICE_DESC, not YEAR_ASC' }] });
    }
  });

  it('rejects negative prices and blank text', () => {
    try {
      normaliseCarSearch({ minPrice: '-1', pickupCity: '   ' }, {});
      throw new Error('expected BAD_USER_INPUT');
    } catch (error) {
      expect((error as GraphQLError).extensions.fields).toEqual([
        { path: 'filter.pickupCity', message: 'must be 1 to 200 characters' },
        { path: 'filter.minPrice', message: 'must be zero or more' },
      ]);
    }
  });
});
