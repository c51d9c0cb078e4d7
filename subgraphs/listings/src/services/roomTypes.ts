import { badUserInput, billableDays, normaliseRoomTypeCode, FieldErrors, holdsOfRoomType, unitsLeft, type DateRange, type Hold } from '@kayak/common';
import { defaultRoomTypeOf, roomTypesOf, type HotelModel, type HotelRoomTypeModel, type HotelRoomTypeView, type RoomOfferModel } from '../models.js';

/**
 * Room types of a hotel for a stay and a party (docs/hotels.md), pure: what `roomAvailability`,
 * `remainingCapacity(roomType)` and the room-type hotel search compute from a hotel and its holds.
 */

export const MAX_GUESTS = 100;
export const MAX_ROOMS_PER_STAY = 1000;

/** A party of `guests` in `rooms` rooms of one type. */
export interface Party {
  guests: number;
  rooms: number;
}

/** Guests the fullest room sleeps when the party spreads evenly over its rooms. */
export const guestsPerRoom = (party: Party): number => Math.ceil(party.guests / party.rooms);

export const fitsParty = (type: HotelRoomTypeModel, party: Party): boolean => guestsPerRoom(party) <= type.maxOccupancy;

/** guests 1–MAX_GUESTS, rooms 1–MAX_ROOMS_PER_STAY, at least one guest per room; paths under `prefix`. */
export function checkParty(errors: FieldErrors, prefix: string, party: Party): void {
  const guestsValid = Number.isInteger(party.guests) && party.guests >= 1 && party.guests <= MAX_GUESTS;
  if (!guestsValid) errors.add(`${prefix}guests`, `must be an integer from 1 to ${MAX_GUESTS}`);
  if (!Number.isInteger(party.rooms) || party.rooms < 1 || party.rooms > MAX_ROOMS_PER_STAY) errors.add(`${prefix}rooms`, `must be an integer from 1 to ${MAX_ROOMS_PER_STAY}`);
  else if (guestsValid && party.guests < party.rooms) errors.add(`${prefix}guests`, 'must be at least one guest per room');
}

/** The room types as GraphQL lists them: the default first, then the others in stored order. */
export function roomTypeViews(hotel: HotelModel): HotelRoomTypeView[] {
  const fallback = defaultRoomTypeOf(hotel);
  const views = roomTypesOf(hotel).map((type) => ({ ...type, isDefault: type.code === fallback.code }));
  return [...views.filter((view) => view.isDefault), ...views.filter((view) => !view.isDefault)];
}

/** The room type a code names (case-insensitive); BAD_USER_INPUT at `path` when the hotel has none. */
export function roomTypeByCode(hotel: HotelModel, code: string, path: string): HotelRoomTypeModel {
  const wanted = normaliseRoomTypeCode(code);
  const found = roomTypesOf(hotel).find((type) => type.code === wanted);
  if (!found) throw badUserInput([{ path, message: `no room type ${wanted} at hotel ${hotel.hotelId}` }], 'Unknown room type');
  return found;
}

/** Rooms of one type free on every night of `range`, given every hold of the hotel. */
export function roomsLeft(hotel: HotelModel, type: HotelRoomTypeModel, holds: readonly Hold[], range: DateRange): number {
  return unitsLeft('Hotel', type.numberOfRooms, holdsOfRoomType(holds, type.code, defaultRoomTypeOf(hotel).code), range);
}

const cents = (dollars: number): number => Math.round(dollars * 100);

/** Every room type's offer for the stay and the party, in the order of roomTypeViews. */
export function roomOffers(hotel: HotelModel, holds: readonly Hold[], range: DateRange, party: Party): RoomOfferModel[] {
  const nights = billableDays(range.start, range.end);
  return roomTypeViews(hotel).map((type) => {
    const left = roomsLeft(hotel, type, holds, range);
    const fits = fitsParty(type, party);
    return {
      roomType: type,
      roomsLeft: left,
      fits,
      available: fits && left >= party.rooms,
      nights,
      nightlyPrice: type.pricePerNight,
      totalPrice: (cents(type.pricePerNight) * nights * party.rooms) / 100,
    };
  });
}

export interface RoomSearchCriteria {
  party: Party;
  /** Only this code. */
  roomType?: string;
}

/**
 * The cheapest nightly price among the hotel's room types that sleep the party (and, with a range,
 * have its rooms free for the whole stay); null when none does. What the room-type search filters
 * and sorts hotels by.
 */
export function cheapestFittingPrice(hotel: HotelModel, criteria: RoomSearchCriteria, stay: { holds: readonly Hold[]; range: DateRange } | null): number | null {
  let cheapest: number | null = null;
  for (const type of roomTypesOf(hotel)) {
    if (criteria.roomType !== undefined && type.code !== criteria.roomType) continue;
    if (!fitsParty(type, criteria.party) || type.numberOfRooms < criteria.party.rooms) continue;
    if (stay && roomsLeft(hotel, type, stay.holds, stay.range) < criteria.party.rooms) continue;
    if (cheapest === null || type.pricePerNight < cheapest) cheapest = type.pricePerNight;
  }
  return cheapest;
}
