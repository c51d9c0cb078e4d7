import { FieldErrors } from '@kayak/common';
import type { CreateFlightInput, UpdateFlightInput } from '../generated/graphql.js';
import type { FlightFields, FlightModel, FlightPatch } from '../models.js';
import type { ReferenceCheck } from './airports.js';
import { generateListingId } from './listingIds.js';
import { airportCode, integerInRange, listingIdValue, moneyValue, nonNull, optionalText, ratingValue, requiredText } from './validation.js';

export const MAX_SEATS = 1000;
/** A week: no scheduled flight is longer, so anything above is a typo. */
export const MAX_DURATION_MINUTES = 7 * 24 * 60;

const minutesBetween = (from: Date, to: Date): number => Math.round((to.getTime() - from.getTime()) / 60_000);

/** Arrival strictly after departure, different airports, duration 0..a week. */
function checkSchedule(errors: FieldErrors, flight: Pick<FlightFields, 'departureAirport' | 'arrivalAirport' | 'departureDatetime' | 'arrivalDatetime'>): void {
  if (flight.departureAirport === flight.arrivalAirport) errors.add('input.arrivalAirport', 'must differ from departureAirport');
  if (new Date(flight.arrivalDatetime).getTime() <= new Date(flight.departureDatetime).getTime()) {
    errors.add('input.arrivalDatetime', 'must be after departureDatetime');
  }
}

/**
 * Validates a new flight; throws one BAD_USER_INPUT naming every invalid field. Airport codes are
 * uppercased and must be in the reference data (`reference`). Flights carry an airline name, not
 * a code, so there is no airline code to check.
 */
export function flightFromInput(input: CreateFlightInput, reference: ReferenceCheck): FlightFields {
  const errors = new FieldErrors();
  const departure = input.departureDatetime;
  const arrival = input.arrivalDatetime;
  const fields: FlightFields = {
    flightId: input.flightId == null ? generateListingId('FL') : listingIdValue(errors, 'input.flightId', input.flightId),
    airlineName: requiredText(errors, 'input.airlineName', input.airlineName),
    departureAirport: airportCode(errors, 'input.departureAirport', input.departureAirport, reference),
    departureCity: optionalText(errors, 'input.departureCity', input.departureCity),
    arrivalAirport: airportCode(errors, 'input.arrivalAirport', input.arrivalAirport, reference),
    arrivalCity: optionalText(errors, 'input.arrivalCity', input.arrivalCity),
    departureDatetime: departure.toISOString(),
    arrivalDatetime: arrival.toISOString(),
    durationMinutes: input.durationMinutes == null ? minutesBetween(departure, arrival) : input.durationMinutes,
    flightClass: input.flightClass,
    ticketPrice: moneyValue(errors, 'input.ticketPrice', input.ticketPrice),
    totalAvailableSeats: integerInRange(errors, 'input.totalAvailableSeats', input.totalAvailableSeats, 0, MAX_SEATS),
    rating: input.rating == null ? 0 : ratingValue(errors, 'input.rating', input.rating),
  };
  if (input.durationMinutes != null) integerInRange(errors, 'input.durationMinutes', input.durationMinutes, 0, MAX_DURATION_MINUTES);
  checkSchedule(errors, fields);
  errors.throwIfAny();
  return fields;
}

/**
 * Validates changes to `existing`: only given fields change, required ones cannot become null,
 * and cross-field rules apply to the merged flight. A new schedule without a duration gets the
 * duration recomputed, so the two never disagree silently.
 */
export function flightPatchFromInput(input: UpdateFlightInput, existing: FlightModel, reference: ReferenceCheck): FlightPatch {
  const errors = new FieldErrors();
  const patch: FlightPatch = {};
  const path = (field: string): string => `input.${field}`;
  if (input.airlineName !== undefined && nonNull(errors, path('airlineName'), input.airlineName)) patch.airlineName = requiredText(errors, path('airlineName'), input.airlineName);
  if (input.departureAirport !== undefined && nonNull(errors, path('departureAirport'), input.departureAirport)) patch.departureAirport = airportCode(errors, path('departureAirport'), input.departureAirport, reference);
  if (input.arrivalAirport !== undefined && nonNull(errors, path('arrivalAirport'), input.arrivalAirport)) patch.arrivalAirport = airportCode(errors, path('arrivalAirport'), input.arrivalAirport, reference);
  if (input.departureCity !== undefined) patch.departureCity = optionalText(errors, path('departureCity'), input.departureCity);
  if (input.arrivalCity !== undefined) patch.arrivalCity = optionalText(errors, path('arrivalCity'), input.arrivalCity);
  if (input.departureDatetime !== undefined && nonNull(errors, path('departureDatetime'), input.departureDatetime)) patch.departureDatetime = input.departureDatetime.toISOString();
  if (input.arrivalDatetime !== undefined && nonNull(errors, path('arrivalDatetime'), input.arrivalDatetime)) patch.arrivalDatetime = input.arrivalDatetime.toISOString();
  if (input.durationMinutes !== undefined && nonNull(errors, path('durationMinutes'), input.durationMinutes)) patch.durationMinutes = integerInRange(errors, path('durationMinutes'), input.durationMinutes, 0, MAX_DURATION_MINUTES);
  if (input.flightClass !== undefined && nonNull(errors, path('flightClass'), input.flightClass)) patch.flightClass = input.flightClass;
  if (input.ticketPrice !== undefined && nonNull(errors, path('ticketPrice'), input.ticketPrice)) patch.ticketPrice = moneyValue(errors, path('ticketPrice'), input.ticketPrice);
  if (input.totalAvailableSeats !== undefined && nonNull(errors, path('totalAvailableSeats'), input.totalAvailableSeats)) {
    patch.totalAvailableSeats = integerInRange(errors, path('totalAvailableSeats'), input.totalAvailableSeats, 0, MAX_SEATS);
  }
  if (input.rating !== undefined && nonNull(errors, path('rating'), input.rating)) patch.rating = ratingValue(errors, path('rating'), input.rating);

  if (Object.keys(patch).length === 0 && errors.list.length === 0) errors.add('input', 'must change at least one field');
  const merged = { ...existing, ...patch };
  checkSchedule(errors, merged);
  const scheduleChanged = patch.departureDatetime !== undefined || patch.arrivalDatetime !== undefined;
  if (scheduleChanged && patch.durationMinutes === undefined) {
    patch.durationMinutes = minutesBetween(new Date(merged.departureDatetime), new Date(merged.arrivalDatetime));
  }
  errors.throwIfAny();
  return patch;
}
