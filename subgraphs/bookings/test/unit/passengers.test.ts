import { describe, expect, it } from 'vitest';
import { checkPassengers, partyFareCents, type PassengerContext, type PassengerRequest } from '../../src/services/passengers.js';

const context: PassengerContext = { listingType: 'Flight', quantity: 1, travelDate: new Date('2027-03-01T08:00:00Z'), now: new Date('2026-12-05T10:00:00Z') };
const adult: PassengerRequest = { firstName: 'Ada', lastName: 'Lovelace', dateOfBirth: '1990-01-01', passengerType: 'ADULT' };
const paths = (passengers: PassengerRequest[], overrides: Partial<PassengerContext> = {}): string[] => checkPassengers(passengers, { ...context, ...overrides }).errors.map((error) => error.path);

describe('checkPassengers', () => {
  it('accepts no list at all (passengers are optional for now)', () => {
    expect(checkPassengers(undefined, context)).toEqual({ errors: [], passengers: [] });
    expect(checkPassengers(null, { ...context, listingType: 'Hotel' })).toEqual({ errors: [], passengers: [] });
  });

  it('trims and collapses names, upper-cases document numbers and countries', () => {
    const { errors, passengers } = checkPassengers(
      [{ ...adult, firstName: '  Ada   King ', documentType: 'PASSPORT', documentNumber: 'ab-12 34', documentIssuingCountry: ' gbr', documentExpiry: '2030-01-01' }],
      context,
    );
    expect(errors).toEqual([]);
    expect(passengers).toEqual([
      { firstName: 'Ada King', lastName: 'Lovelace', dateOfBirth: { year: 1990, month: 1, day: 1 }, passengerType: 'ADULT', document: { type: 'PASSPORT', number: 'AB1234', issuingCountry: 'GBR', expiresOn: { year: 2030, month: 1, day: 1 } } },
    ]);
  });

  it('refuses dates that do not exist and checks the age on the travel date (a CHILD turns 12 on their birthday)', () => {
    expect(paths([adult, { ...adult, firstName: 'Kid', dateOfBirth: '2015-02-29', passengerType: 'CHILD' }], { quantity: 2 })).toEqual(['input.passengers.1.dateOfBirth']);
    expect(paths([adult, { ...adult, firstName: 'Kid', dateOfBirth: '2016-02-29', passengerType: 'CHILD' }], { quantity: 2 })).toEqual([]);
    expect(paths([adult, { ...adult, firstName: 'Kid', dateOfBirth: '2015-03-01', passengerType: 'CHILD' }], { quantity: 2 })).toEqual(['input.passengers.1.passengerType']);
  });

  it('reports the party once per rule, after the passengers', () => {
    const infant = (firstName: string): PassengerRequest => ({ firstName, lastName: 'Lovelace', dateOfBirth: '2026-06-01', passengerType: 'LAP_INFANT' });
    expect(paths([adult, infant('A'), infant('B')], { quantity: 2 })).toEqual(['input.passengers', 'input.passengers']);
  });

  it('refuses a list longer than any valid party without looking at each passenger', () => {
    expect(checkPassengers(Array.from({ length: 19 }, () => adult), context).errors).toEqual([{ path: 'input.passengers', message: 'must list at most 18 passengers' }]);
  });

  it('prices each passenger by type: seats at the fare, lap infants free', () => {
    expect(partyFareCents([{ passengerType: 'ADULT' }, { passengerType: 'CHILD' }, { passengerType: 'LAP_INFANT' }], 29_900n)).toBe(59_800n);
  });
});
