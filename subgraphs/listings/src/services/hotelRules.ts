import { FieldErrors, MAX_ROOM_OCCUPANCY, normaliseRoomTypeCode, ROOM_TYPE_CODE, ROOM_TYPE_CODE_RULE } from '@kayak/common';
import type { AddressInput, CreateHotelInput, HotelAmenitiesInput, HotelRoomTypeInput, InputMaybe, UpdateHotelInput } from '../generated/graphql.js';
import { defaultRoomTypeOf, findRoomType, roomTypeCodeOf, roomTypesOf, type AddressModel, type HotelAmenitiesModel, type HotelFields, type HotelModel, type HotelPatch, type HotelRoomTypeModel } from '../models.js';
import { generateListingId } from './listingIds.js';
import { integerInRange, listingIdValue, moneyValue, nonNull, ratingValue, requiredText, usState, zipCode } from './validation.js';

export const MAX_ROOMS = 10_000;
export const MAX_ROOM_TYPES = 10;

type RoomTypeFields = Pick<HotelFields, 'roomTypes' | 'numberOfRooms' | 'defaultRoomType' | 'pricePerNight'>;

/** The room types of an input, validated: 1–MAX_ROOM_TYPES, codes unique, at most MAX_ROOMS rooms in all. */
function roomTypesFromInput(errors: FieldErrors, path: string, input: readonly HotelRoomTypeInput[]): HotelRoomTypeModel[] {
  if (input.length === 0 || input.length > MAX_ROOM_TYPES) errors.add(path, `must have 1 to ${MAX_ROOM_TYPES} room types`);
  const seen = new Set<string>();
  const types = input.map((type, index) => {
    const at = `${path}.${index}`;
    const code = normaliseRoomTypeCode(type.code);
    if (!ROOM_TYPE_CODE.test(code)) errors.add(`${at}.code`, ROOM_TYPE_CODE_RULE);
    else if (seen.has(code)) errors.add(`${at}.code`, 'is already the code of another room type of this hotel');
    seen.add(code);
    const pricePerNight = moneyValue(errors, `${at}.pricePerNight`, type.pricePerNight);
    if (Number.isFinite(pricePerNight) && pricePerNight === 0) errors.add(`${at}.pricePerNight`, 'must be more than zero');
    return {
      code,
      name: requiredText(errors, `${at}.name`, type.name, 100),
      maxOccupancy: integerInRange(errors, `${at}.maxOccupancy`, type.maxOccupancy, 1, MAX_ROOM_OCCUPANCY),
      numberOfRooms: integerInRange(errors, `${at}.numberOfRooms`, type.numberOfRooms, 1, MAX_ROOMS),
      pricePerNight,
    };
  });
  const total = types.reduce((sum, type) => sum + (Number.isInteger(type.numberOfRooms) ? type.numberOfRooms : 0), 0);
  if (total > MAX_ROOMS) errors.add(path, `must have at most ${MAX_ROOMS} rooms in all`);
  return types;
}

/**
 * The four room fields of a hotel kept consistent (docs/hotels.md): `numberOfRooms` is the types'
 * sum, `defaultRoomType` the default type's name, `pricePerNight` its price. `given` are the values
 * the input set beside `roomTypes`: each must agree with the types, or it is an error at its path.
 */
function consistentRooms(
  errors: FieldErrors,
  roomTypes: HotelRoomTypeModel[],
  defaultName: string | null,
  given: { numberOfRooms?: InputMaybe<number>; pricePerNight?: InputMaybe<string> },
): RoomTypeFields {
  const fallback = (defaultName === null ? undefined : findRoomType(roomTypes, defaultName)) ?? roomTypes[0];
  if (defaultName !== null && !findRoomType(roomTypes, defaultName)) errors.add('input.defaultRoomType', 'must be the code or name of one of roomTypes');
  const numberOfRooms = roomTypes.reduce((sum, type) => sum + type.numberOfRooms, 0);
  if (given.numberOfRooms != null && given.numberOfRooms !== numberOfRooms) errors.add('input.numberOfRooms', `must be the sum of the room types' rooms, ${numberOfRooms}`);
  const pricePerNight = fallback?.pricePerNight ?? 0;
  if (given.pricePerNight != null && Number(given.pricePerNight) !== pricePerNight) errors.add('input.pricePerNight', `must be the default room type's price, ${pricePerNight.toFixed(2)}`);
  return { roomTypes, numberOfRooms, defaultRoomType: fallback?.name ?? '', pricePerNight };
}

/** A hotel given without room types has one, as an older stored hotel reads (models.ts roomTypesOf). */
const singleRoomType = (defaultRoomType: string, numberOfRooms: number, pricePerNight: number): HotelRoomTypeModel[] => roomTypesOf({ defaultRoomType, numberOfRooms, pricePerNight });

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
  const hotelId = input.hotelId == null ? generateListingId('HTL') : listingIdValue(errors, 'input.hotelId', input.hotelId);
  const name = requiredText(errors, 'input.name', input.name);
  const address = addressFromInput(errors, 'input.address', input.address);
  const starRating = integerInRange(errors, 'input.starRating', input.starRating, 1, 5);
  let rooms: RoomTypeFields;
  if (input.roomTypes != null) {
    const roomTypes = roomTypesFromInput(errors, 'input.roomTypes', input.roomTypes);
    const defaultName = input.defaultRoomType == null ? null : requiredText(errors, 'input.defaultRoomType', input.defaultRoomType, 100);
    rooms = consistentRooms(errors, roomTypes, defaultName, input);
  } else {
    const numberOfRooms = input.numberOfRooms == null ? errors.add('input.numberOfRooms', 'is required without roomTypes') : integerInRange(errors, 'input.numberOfRooms', input.numberOfRooms, 1, MAX_ROOMS);
    const defaultRoomType = requiredText(errors, 'input.defaultRoomType', input.defaultRoomType, 100);
    const pricePerNight = input.pricePerNight == null ? errors.add('input.pricePerNight', 'is required without roomTypes') : moneyValue(errors, 'input.pricePerNight', input.pricePerNight);
    rooms = { numberOfRooms: numberOfRooms ?? 0, defaultRoomType, pricePerNight: pricePerNight ?? 0, roomTypes: singleRoomType(defaultRoomType, numberOfRooms ?? 0, pricePerNight ?? 0) };
  }
  const fields: HotelFields = {
    hotelId,
    name,
    address,
    starRating,
    ...rooms,
    amenities: amenitiesFrom(NO_AMENITIES, input.amenities),
    hotelRating: input.hotelRating == null ? 0 : ratingValue(errors, 'input.hotelRating', input.hotelRating),
  };
  errors.throwIfAny();
  return fields;
}

/**
 * The room fields an update changes (see UpdateHotelInput), always written together so they stay
 * consistent; empty when the input touches none of them.
 */
function roomPatchFromInput(errors: FieldErrors, input: UpdateHotelInput, existing: HotelModel): Partial<RoomTypeFields> {
  const path = (field: string): string => `input.${field}`;
  const numberOfRooms = input.numberOfRooms !== undefined && nonNull(errors, path('numberOfRooms'), input.numberOfRooms) ? integerInRange(errors, path('numberOfRooms'), input.numberOfRooms, 1, MAX_ROOMS) : undefined;
  const defaultName = input.defaultRoomType !== undefined && nonNull(errors, path('defaultRoomType'), input.defaultRoomType) ? requiredText(errors, path('defaultRoomType'), input.defaultRoomType, 100) : undefined;
  const price = input.pricePerNight !== undefined && nonNull(errors, path('pricePerNight'), input.pricePerNight) ? moneyValue(errors, path('pricePerNight'), input.pricePerNight) : undefined;
  if (input.roomTypes !== undefined && nonNull(errors, path('roomTypes'), input.roomTypes)) {
    const roomTypes = roomTypesFromInput(errors, path('roomTypes'), input.roomTypes);
    // The current default stays the default when the new types still have it.
    const keep = findRoomType(roomTypes, defaultRoomTypeOf(existing).code) ? defaultRoomTypeOf(existing).code : null;
    return consistentRooms(errors, roomTypes, defaultName ?? keep, input);
  }
  if (numberOfRooms === undefined && defaultName === undefined && price === undefined) return {};
  const current = roomTypesOf(existing);
  const fallback = defaultRoomTypeOf(existing);
  let chosen = fallback;
  let roomTypes = current;
  if (defaultName !== undefined) {
    const named = findRoomType(current, defaultName);
    if (named) chosen = named;
    // A hotel with one room type renames it (its code, which bookings name, stays).
    else if (current.length === 1) roomTypes = [{ ...fallback, name: defaultName }];
    else errors.add(path('defaultRoomType'), `must be the code or name of one of the hotel's room types (${current.map((type) => type.code).join(', ')})`);
  }
  if (numberOfRooms !== undefined) {
    if (roomTypes.length === 1) roomTypes = roomTypes.map((type) => ({ ...type, numberOfRooms }));
    else errors.add(path('numberOfRooms'), 'the hotel has several room types: set the rooms of each in roomTypes');
  }
  if (price !== undefined) roomTypes = roomTypes.map((type) => (type.code === chosen.code ? { ...type, pricePerNight: price } : type));
  const chosenNow = roomTypes.find((type) => type.code === chosen.code) ?? roomTypes[0];
  return {
    roomTypes,
    numberOfRooms: roomTypes.reduce((sum, type) => sum + type.numberOfRooms, 0),
    defaultRoomType: chosenNow?.name ?? existing.defaultRoomType,
    pricePerNight: chosenNow?.pricePerNight ?? existing.pricePerNight,
  };
}

/** Validates changes: given fields only; `address` is replaced whole, `amenities` merged per flag. */
export function hotelPatchFromInput(input: UpdateHotelInput, existing: HotelModel): HotelPatch {
  const errors = new FieldErrors();
  const patch: HotelPatch = {};
  const path = (field: string): string => `input.${field}`;
  if (input.name !== undefined && nonNull(errors, path('name'), input.name)) patch.name = requiredText(errors, path('name'), input.name);
  if (input.address !== undefined && nonNull(errors, path('address'), input.address)) patch.address = addressFromInput(errors, path('address'), input.address);
  if (input.starRating !== undefined && nonNull(errors, path('starRating'), input.starRating)) patch.starRating = integerInRange(errors, path('starRating'), input.starRating, 1, 5);
  Object.assign(patch, roomPatchFromInput(errors, input, existing));
  if (input.amenities !== undefined && nonNull(errors, path('amenities'), input.amenities)) patch.amenities = amenitiesFrom(existing.amenities, input.amenities);
  if (input.hotelRating !== undefined && nonNull(errors, path('hotelRating'), input.hotelRating)) patch.hotelRating = ratingValue(errors, path('hotelRating'), input.hotelRating);
  if (Object.keys(patch).length === 0 && errors.list.length === 0) errors.add('input', 'must change at least one field');
  errors.throwIfAny();
  return patch;
}
