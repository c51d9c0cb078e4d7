import { FieldErrors } from '@kayak/common';
import type { AddressInput, CreateHotelInput, HotelAmenitiesInput, UpdateHotelInput } from '../generated/graphql.js';
import type { AddressModel, HotelAmenitiesModel, HotelFields, HotelModel, HotelPatch } from '../models.js';
import { generateListingId } from './listingIds.js';
import { integerInRange, listingIdValue, moneyValue, nonNull, ratingValue, requiredText, usState, zipCode } from './validation.js';

export const MAX_ROOMS = 10_000;

const NO_AMENITIES: HotelAmenitiesModel = { wifi: false, breakfastIncluded: false, parking: false, petFriendly: false, nearTransit: false, pool: false, gym: false };

function addressFromInput(errors: FieldErrors, path: string, input: AddressInput): AddressModel {
  return {
    street: requiredText(errors, `${path}.street`, input.street),
    city: requiredText(errors, `${path}.city`, input.city, 100),
    state: usState(errors, `${path}.state`, input.state),
    zip: zipCode(errors, `${path}.zip`, input.zip),
  };
}

/** Given flags override `base`; a null flag means "not given" (amenities are plain booleans). */
function amenitiesFrom(base: HotelAmenitiesModel, input: HotelAmenitiesInput | null | undefined): HotelAmenitiesModel {
  const merged = { ...base };
  for (const key of Object.keys(NO_AMENITIES) as Array<keyof HotelAmenitiesModel>) {
    const flag = input?.[key];
    if (typeof flag === 'boolean') merged[key] = flag;
  }
  return merged;
}

/** Validates a new hotel; throws one BAD_USER_INPUT naming every invalid field. */
export function hotelFromInput(input: CreateHotelInput): HotelFields {
  const errors = new FieldErrors();
  const fields: HotelFields = {
    hotelId: input.hotelId == null ? generateListingId('HTL') : listingIdValue(errors, 'input.hotelId', input.hotelId),
    name: requiredText(errors, 'input.name', input.name),
    address: addressFromInput(errors, 'input.address', input.address),
    starRating: integerInRange(errors, 'input.starRating', input.starRating, 1, 5),
    numberOfRooms: integerInRange(errors, 'input.numberOfRooms', input.numberOfRooms, 1, MAX_ROOMS),
    defaultRoomType: requiredText(errors, 'input.defaultRoomType', input.defaultRoomType, 100),
    pricePerNight: moneyValue(errors, 'input.pricePerNight', input.pricePerNight),
    amenities: amenitiesFrom(NO_AMENITIES, input.amenities),
    hotelRating: input.hotelRating == null ? 0 : ratingValue(errors, 'input.hotelRating', input.hotelRating),
  };
  errors.throwIfAny();
  return fields;
}

/** Validates changes: given fields only; `address` is replaced whole, `amenities` merged per flag. */
export function hotelPatchFromInput(input: UpdateHotelInput, existing: HotelModel): HotelPatch {
  const errors = new FieldErrors();
  const patch: HotelPatch = {};
  const path = (field: string): string => `input.${field}`;
  if (input.name !== undefined && nonNull(errors, path('name'), input.name)) patch.name = requiredText(errors, path('name'), input.name);
  if (input.address !== undefined && nonNull(errors, path('address'), input.address)) patch.address = addressFromInput(errors, path('address'), input.address);
  if (input.starRating !== undefined && nonNull(errors, path('starRating'), input.starRating)) patch.starRating = integerInRange(errors, path('starRating'), input.starRating, 1, 5);
  if (input.numberOfRooms !== undefined && nonNull(errors, path('numberOfRooms'), input.numberOfRooms)) {
    patch.numberOfRooms = integerInRange(errors, path('numberOfRooms'), input.numberOfRooms, 1, MAX_ROOMS);
  }
  if (input.defaultRoomType !== undefined && nonNull(errors, path('defaultRoomType'), input.defaultRoomType)) {
    patch.defaultRoomType = requiredText(errors, path('defaultRoomType'), input.defaultRoomType, 100);
  }
  if (input.pricePerNight !== undefined && nonNull(errors, path('pricePerNight'), input.pricePerNight)) patch.pricePerNight = moneyValue(errors, path('pricePerNight'), input.pricePerNight);
  if (input.amenities !== undefined && nonNull(errors, path('amenities'), input.amenities)) patch.amenities = amenitiesFrom(existing.amenities, input.amenities);
  if (input.hotelRating !== undefined && nonNull(errors, path('hotelRating'), input.hotelRating)) patch.hotelRating = ratingValue(errors, path('hotelRating'), input.hotelRating);
  if (Object.keys(patch).length === 0 && errors.list.length === 0) errors.add('input', 'must change at least one field');
  errors.throwIfAny();
  return patch;
}
