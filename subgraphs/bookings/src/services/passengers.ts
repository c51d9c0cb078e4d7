import type { FieldError, ListingType } from '@kayak/common';
import {
  ageFits,
  ageOn,
  ageRangeText,
  calendarDateOf,
  compareCalendarDates,
  fareCents,
  formatCalendarDate,
  LAP_INFANTS_PER_ADULT,
  parseCalendarDate,
  PASSENGER_TYPES,
  takesSeat,
  type CalendarDate,
} from '@kayak/common/passengers';
import type { PassengerType, TravelDocumentType } from '../models.js';
import type { NewPassenger } from '../repositories/passengers.js';

/**
 * The passengers of a createBooking input (docs/passengers.md): every problem with its path
 * (`input.passengers.1.dateOfBirth`), or the passengers to store, trimmed and parsed. The age and
 * fare rules themselves are the platform's (packages/common/src/passengers.ts).
 */

export interface PassengerRequest {
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  passengerType: PassengerType;
  documentType?: TravelDocumentType | null;
  documentNumber?: string | null;
  documentIssuingCountry?: string | null;
  documentExpiry?: string | null;
}

export interface PassengerContext {
  listingType: ListingType;
  /** Seats booked (already checked to be 1–9 by the booking's own validation). */
  quantity: number;
  /** The flight's departure (createBooking's startDate, which must be it): ages and expiries are checked on its UTC date. */
  travelDate: Date;
  now: Date;
}

export interface PassengerCheck {
  errors: FieldError[];
  passengers: NewPassenger[];
}

export const MAX_NAME_LENGTH = 100;
/** Seated passengers are at most 9 (MAX_QUANTITY), lap infants at most as many: a longer list is refused before looking at it. */
export const MAX_PASSENGERS = 18;
const EARLIEST_BIRTH: CalendarDate = { year: 1900, month: 1, day: 1 };
const DOCUMENT_NUMBER = /^[A-Z0-9]{4,20}$/;
const COUNTRY = /^[A-Z]{3}$/;
const CONTROL = /\p{Cc}/u;

function nameOf(value: string, path: string, errors: FieldError[]): string | null {
  const name = value.trim().replace(/\s+/g, ' ');
  if (name.length === 0) errors.push({ path, message: 'must not be empty' });
  else if (name.length > MAX_NAME_LENGTH) errors.push({ path, message: `must be at most ${MAX_NAME_LENGTH} characters` });
  else if (CONTROL.test(name)) errors.push({ path, message: 'must not contain control characters' });
  else return name;
  return null;
}

function birthOf(passenger: PassengerRequest, path: string, context: PassengerContext, errors: FieldError[]): CalendarDate | null {
  const birth = parseCalendarDate(passenger.dateOfBirth);
  if (!birth) {
    errors.push({ path: `${path}.dateOfBirth`, message: 'must be a real date as YYYY-MM-DD' });
    return null;
  }
  if (compareCalendarDates(birth, calendarDateOf(context.now)) > 0) {
    errors.push({ path: `${path}.dateOfBirth`, message: 'must not be in the future' });
    return null;
  }
  if (compareCalendarDates(birth, EARLIEST_BIRTH) < 0) {
    errors.push({ path: `${path}.dateOfBirth`, message: `must be on or after ${formatCalendarDate(EARLIEST_BIRTH)}` });
    return null;
  }
  const travel = calendarDateOf(context.travelDate);
  const age = ageOn(birth, travel);
  if (!ageFits(passenger.passengerType, age)) {
    const fitting = PASSENGER_TYPES.find((type) => ageFits(type, age));
    errors.push({
      path: `${path}.passengerType`,
      message: `a ${passenger.passengerType} is ${ageRangeText(passenger.passengerType)} on the travel date; this passenger is ${age} on ${formatCalendarDate(travel)}${fitting ? `, a ${fitting}` : ''}`,
    });
  }
  return birth;
}

const given = (value: string | null | undefined): value is string => value !== null && value !== undefined;

function documentOf(passenger: PassengerRequest, path: string, context: PassengerContext, errors: FieldError[]): NewPassenger['document'] | undefined {
  const fields = {
    documentType: passenger.documentType ?? null,
    documentNumber: passenger.documentNumber ?? null,
    documentIssuingCountry: passenger.documentIssuingCountry ?? null,
    documentExpiry: passenger.documentExpiry ?? null,
  };
  const missing = Object.entries(fields).filter(([, value]) => value === null).map(([name]) => name);
  if (missing.length === 4) return null;
  for (const name of missing) errors.push({ path: `${path}.${name}`, message: 'is required when any document detail is given' });
  const before = errors.length;

  const number = given(fields.documentNumber) ? fields.documentNumber.replace(/[\s-]/g, '').toUpperCase() : null;
  if (number !== null && !DOCUMENT_NUMBER.test(number)) errors.push({ path: `${path}.documentNumber`, message: 'must be 4–20 letters and digits' });
  const country = given(fields.documentIssuingCountry) ? fields.documentIssuingCountry.trim().toUpperCase() : null;
  if (country !== null && !COUNTRY.test(country)) errors.push({ path: `${path}.documentIssuingCountry`, message: 'must be an ISO 3166-1 alpha-3 code, e.g. USA' });
  let expiresOn: CalendarDate | null = null;
  if (given(fields.documentExpiry)) {
    expiresOn = parseCalendarDate(fields.documentExpiry);
    const travel = calendarDateOf(context.travelDate);
    if (!expiresOn) errors.push({ path: `${path}.documentExpiry`, message: 'must be a real date as YYYY-MM-DD' });
    else if (compareCalendarDates(expiresOn, calendarDateOf(context.now)) <= 0) errors.push({ path: `${path}.documentExpiry`, message: 'must be in the future' });
    else if (compareCalendarDates(expiresOn, travel) < 0) errors.push({ path: `${path}.documentExpiry`, message: `must be on or after the travel date, ${formatCalendarDate(travel)}` });
  }
  if (missing.length > 0 || errors.length > before || !fields.documentType || !number || !country || !expiresOn) return undefined;
  return { type: fields.documentType, number, issuingCountry: country, expiresOn };
}

/** Who counts as the same traveller: the same name (case and spacing aside) and date of birth. */
const identityOf = (firstName: string, lastName: string, birth: CalendarDate): string =>
  [firstName, lastName].map((name) => name.normalize('NFC').toLowerCase()).join('\u0000') + `\u0000${formatCalendarDate(birth)}`;

function partyErrors(types: readonly PassengerType[], quantity: number): FieldError[] {
  const errors: FieldError[] = [];
  const seated = types.filter(takesSeat).length;
  if (seated !== quantity) {
    errors.push({ path: 'input.passengers', message: `must name exactly ${quantity} seated passenger(s) (ADULT or CHILD), one per seat; got ${seated}` });
  }
  const adults = types.filter((type) => type === 'ADULT').length;
  const infants = types.filter((type) => type === 'LAP_INFANT').length;
  if (infants > adults * LAP_INFANTS_PER_ADULT) {
    errors.push({ path: 'input.passengers', message: `each LAP_INFANT rides on an ADULT's lap (at most ${LAP_INFANTS_PER_ADULT} per adult): ${infants} lap infant(s), ${adults} adult(s)` });
  }
  return errors;
}

/** Checks the passengers of a createBooking input; `null`/absent: none (still allowed, see docs/passengers.md). */
export function checkPassengers(passengers: readonly PassengerRequest[] | null | undefined, context: PassengerContext): PassengerCheck {
  if (passengers === null || passengers === undefined) return { errors: [], passengers: [] };
  if (context.listingType !== 'Flight') return { errors: [{ path: 'input.passengers', message: 'only flight bookings have passengers' }], passengers: [] };
  if (passengers.length > MAX_PASSENGERS) return { errors: [{ path: 'input.passengers', message: `must list at most ${MAX_PASSENGERS} passengers` }], passengers: [] };

  const errors: FieldError[] = [];
  const valid: NewPassenger[] = [];
  const seen = new Map<string, number>();
  passengers.forEach((passenger, index) => {
    const path = `input.passengers.${index}`;
    const firstName = nameOf(passenger.firstName, `${path}.firstName`, errors);
    const lastName = nameOf(passenger.lastName, `${path}.lastName`, errors);
    const birth = birthOf(passenger, path, context, errors);
    const document = documentOf(passenger, path, context, errors);
    if (firstName === null || lastName === null || birth === null) return;
    const identity = identityOf(firstName, lastName, birth);
    const first = seen.get(identity);
    if (first !== undefined) errors.push({ path, message: `is the same passenger as input.passengers.${first} (same name and date of birth)` });
    else seen.set(identity, index);
    if (document !== undefined) valid.push({ firstName, lastName, dateOfBirth: birth, passengerType: passenger.passengerType, document });
  });
  if (Number.isInteger(context.quantity) && context.quantity >= 1) errors.push(...partyErrors(passengers.map((passenger) => passenger.passengerType), context.quantity));
  return errors.length > 0 ? { errors, passengers: [] } : { errors, passengers: valid };
}

/** The fare of a party: each passenger pays their type's share of the seat's price (lap infants fly free). */
export function partyFareCents(passengers: readonly Pick<NewPassenger, 'passengerType'>[], seatFareCents: bigint): bigint {
  return passengers.reduce((total, passenger) => total + fareCents(passenger.passengerType, seatFareCents), 0n);
}
