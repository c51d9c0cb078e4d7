import { describe, expect, it } from 'vitest';
import { afterCursor, capacityConditions, carFilter, flightSorts, hotelFilter, mongoSort } from '../../src/repositories/listingQueries.js';

describe('capacityConditions', () => {
  it('requires the capacity alone when nothing is held', () => {
    expect(capacityConditions('hotel_id', 'number_of_rooms', new Map(), 2)).toEqual([{ number_of_rooms: { $gte: 2 } }]);
  });

  it('groups listings by the amount held into one $nor branch each', () => {
    const held = new Map([['H1', 3], ['H2', 3], ['H3', 1], ['H4', 0]]);
    expect(capacityConditions('hotel_id', 'number_of_rooms', held, 2)).toEqual([
      { number_of_rooms: { $gte: 2 } },
      { $nor: [{ hotel_id: { $in: ['H1', 'H2'] }, number_of_rooms: { $lt: 5 } }, { hotel_id: { $in: ['H3'] }, number_of_rooms: { $lt: 3 } }] },
    ]);
  });
});

describe('filters', () => {
  it('matches text whole and case-insensitively, escaping regex characters', () => {
    expect(hotelFilter({ city: 'st. louis (mo)' }, null)).toEqual({ 'address.city': { $regex: '^st\\. louis \\(mo\\)$', $options: 'i' } });
  });

  it('treats a missing amenity as absent when asked for false', () => {
    expect(hotelFilter({ amenities: { wifi: true, pool: false } }, null)).toEqual({ $and: [{ 'amenities.wifi': true }, { 'amenities.pool': { $ne: true } }] });
  });

  it('matches no car for more than one unit', () => {
    const filter = carFilter({ availability: { startDate: '2031-01-01T00:00:00.000Z', endDate: '2031-01-02T00:00:00.000Z', quantity: 2 } }, new Map());
    expect(filter).toEqual({ $and: [{ car_id: { $in: [] } }, { availability_status: { $nin: ['Maintenance', 'Unavailable'] } }] });
  });

  it('is empty without criteria', () => {
    expect(hotelFilter({}, null)).toEqual({});
  });
});

describe('keyset paging', () => {
  it('sorts by the field then the id, and continues strictly after the cursor row', () => {
    expect(mongoSort(flightSorts.PRICE_DESC, 'flight_id')).toEqual({ ticket_price: -1, flight_id: 1 });
    expect(afterCursor(flightSorts.PRICE_DESC, 'flight_id', { sort: 'PRICE_DESC', value: 300, id: 'F1' })).toEqual({
      $or: [{ ticket_price: { $lt: 300 } }, { ticket_price: 300, flight_id: { $gt: 'F1' } }],
    });
  });

  it('compares dates as dates', () => {
    const condition = afterCursor(flightSorts.DEPARTURE_ASC, 'flight_id', { sort: 'DEPARTURE_ASC', value: '2031-01-01T00:00:00.000Z', id: 'F1' });
    expect(condition).toEqual({ $or: [{ departure_datetime: { $gt: new Date('2031-01-01T00:00:00.000Z') } }, { departure_datetime: new Date('2031-01-01T00:00:00.000Z'), flight_id: { $gt: 'F1' } }] });
  });
});
