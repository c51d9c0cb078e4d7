import { FieldErrors } from '@kayak/common';
import type { CreateCarInput, UpdateCarInput } from '../generated/graphql.js';
import type { CarFields, CarPatch } from '../models.js';
import { generateListingId } from './listingIds.js';
import { integerInRange, listingIdValue, moneyValue, nonNull, ratingValue, requiredText } from './validation.js';

export const MIN_YEAR = 1900;
export const MAX_CAR_SEATS = 20;

/** Next year's models are sold from this year on (design doc: year ≤ current year + 1). */
export const maxYear = (now: Date): number => now.getUTCFullYear() + 1;

/** Validates a new car; throws one BAD_USER_INPUT naming every invalid field. */
export function carFromInput(input: CreateCarInput, now: Date = new Date()): CarFields {
  const errors = new FieldErrors();
  const fields: CarFields = {
    carId: input.carId == null ? generateListingId('CAR') : listingIdValue(errors, 'input.carId', input.carId),
    carType: requiredText(errors, 'input.carType', input.carType, 50),
    providerName: requiredText(errors, 'input.providerName', input.providerName, 100),
    model: requiredText(errors, 'input.model', input.model, 100),
    year: integerInRange(errors, 'input.year', input.year, MIN_YEAR, maxYear(now)),
    transmissionType: requiredText(errors, 'input.transmissionType', input.transmissionType, 50),
    numberOfSeats: integerInRange(errors, 'input.numberOfSeats', input.numberOfSeats, 1, MAX_CAR_SEATS),
    dailyRentalPrice: moneyValue(errors, 'input.dailyRentalPrice', input.dailyRentalPrice),
    carRating: input.carRating == null ? 0 : ratingValue(errors, 'input.carRating', input.carRating),
    availabilityStatus: input.availabilityStatus ?? 'Available',
    pickupCity: requiredText(errors, 'input.pickupCity', input.pickupCity, 100),
  };
  errors.throwIfAny();
  return fields;
}

/** Validates changes: given fields only; required ones cannot become null. */
export function carPatchFromInput(input: UpdateCarInput, now: Date = new Date()): CarPatch {
  const errors = new FieldErrors();
  const patch: CarPatch = {};
  const path = (field: string): string => `input.${field}`;
  if (input.carType !== undefined && nonNull(errors, path('carType'), input.carType)) patch.carType = requiredText(errors, path('carType'), input.carType, 50);
  if (input.providerName !== undefined && nonNull(errors, path('providerName'), input.providerName)) patch.providerName = requiredText(errors, path('providerName'), input.providerName, 100);
  if (input.model !== undefined && nonNull(errors, path('model'), input.model)) patch.model = requiredText(errors, path('model'), input.model, 100);
  if (input.year !== undefined && nonNull(errors, path('year'), input.year)) patch.year = integerInRange(errors, path('year'), input.year, MIN_YEAR, maxYear(now));
  if (input.transmissionType !== undefined && nonNull(errors, path('transmissionType'), input.transmissionType)) {
    patch.transmissionType = requiredText(errors, path('transmissionType'), input.transmissionType, 50);
  }
  if (input.numberOfSeats !== undefined && nonNull(errors, path('numberOfSeats'), input.numberOfSeats)) {
    patch.numberOfSeats = integerInRange(errors, path('numberOfSeats'), input.numberOfSeats, 1, MAX_CAR_SEATS);
  }
  if (input.dailyRentalPrice !== undefined && nonNull(errors, path('dailyRentalPrice'), input.dailyRentalPrice)) {
    patch.dailyRentalPrice = moneyValue(errors, path('dailyRentalPrice'), input.dailyRentalPrice);
  }
  if (input.carRating !== undefined && nonNull(errors, path('carRating'), input.carRating)) patch.carRating = ratingValue(errors, path('carRating'), input.carRating);
  if (input.availabilityStatus !== undefined && nonNull(errors, path('availabilityStatus'), input.availabilityStatus)) patch.availabilityStatus = input.availabilityStatus;
  if (input.pickupCity !== undefined && nonNull(errors, path('pickupCity'), input.pickupCity)) patch.pickupCity = requiredText(errors, path('pickupCity'), input.pickupCity, 100);
  if (Object.keys(patch).length === 0 && errors.list.length === 0) errors.add('input', 'must change at least one field');
  errors.throwIfAny();
  return patch;
}
