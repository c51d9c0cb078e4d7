import { CAR_OUT_OF_SERVICE, escapeRegex } from '@kayak/common';
import type { Document, Sort } from 'mongodb';
import type { CarSort, FlightSort, HotelSort } from '../generated/graphql.js';
import type { CarCriteria, CarModel, Cursor, FlightCriteria, FlightModel, HotelCriteria, HotelModel } from '../models.js';

/**
 * Mongo query shapes for the searches (pure: no I/O), kept to the operators MongoDB 7 and
 * mongo-java-server both support ($and/$or/$nor/$in/$regex, no $expr).
 */

export interface SortSpec<M> {
  /** Stored field. */
  field: string;
  direction: 1 | -1;
  /** How the value travels in a cursor: dates as ISO strings. */
  kind: 'number' | 'date';
  value(model: M): number | string;
}

const asc = 1 as const;
const desc = -1 as const;

export const flightSorts: Record<FlightSort, SortSpec<FlightModel>> = {
  PRICE_ASC: { field: 'ticket_price', direction: asc, kind: 'number', value: (f) => f.ticketPrice },
  PRICE_DESC: { field: 'ticket_price', direction: desc, kind: 'number', value: (f) => f.ticketPrice },
  DURATION_ASC: { field: 'duration_minutes', direction: asc, kind: 'number', value: (f) => f.durationMinutes },
  DURATION_DESC: { field: 'duration_minutes', direction: desc, kind: 'number', value: (f) => f.durationMinutes },
  DEPARTURE_ASC: { field: 'departure_datetime', direction: asc, kind: 'date', value: (f) => f.departureDatetime },
  DEPARTURE_DESC: { field: 'departure_datetime', direction: desc, kind: 'date', value: (f) => f.departureDatetime },
  RATING_DESC: { field: 'rating', direction: desc, kind: 'number', value: (f) => f.rating },
  RATING_ASC: { field: 'rating', direction: asc, kind: 'number', value: (f) => f.rating },
};

export const hotelSorts: Record<HotelSort, SortSpec<HotelModel>> = {
  PRICE_ASC: { field: 'price_per_night', direction: asc, kind: 'number', value: (h) => h.pricePerNight },
  PRICE_DESC: { field: 'price_per_night', direction: desc, kind: 'number', value: (h) => h.pricePerNight },
  STAR_RATING_DESC: { field: 'star_rating', direction: desc, kind: 'number', value: (h) => h.starRating },
  STAR_RATING_ASC: { field: 'star_rating', direction: asc, kind: 'number', value: (h) => h.starRating },
  RATING_DESC: { field: 'hotel_rating', direction: desc, kind: 'number', value: (h) => h.hotelRating },
  RATING_ASC: { field: 'hotel_rating', direction: asc, kind: 'number', value: (h) => h.hotelRating },
};

export const carSorts: Record<CarSort, SortSpec<CarModel>> = {
  PRICE_ASC: { field: 'daily_rental_price', direction: asc, kind: 'number', value: (c) => c.dailyRentalPrice },
  PRICE_DESC: { field: 'daily_rental_price', direction: desc, kind: 'number', value: (c) => c.dailyRentalPrice },
  RATING_DESC: { field: 'car_rating', direction: desc, kind: 'number', value: (c) => c.carRating },
  RATING_ASC: { field: 'car_rating', direction: asc, kind: 'number', value: (c) => c.carRating },
  YEAR_DESC: { field: 'year', direction: desc, kind: 'number', value: (c) => c.year },
  YEAR_ASC: { field: 'year', direction: asc, kind: 'number', value: (c) => c.year },
};

/** The sort field, then the id ascending as a tie-breaker so the order is total. */
export function mongoSort<M>(spec: SortSpec<M>, idField: string): Sort {
  return { [spec.field]: spec.direction, [idField]: 1 };
}

/** Rows strictly after the cursor's row in the order of `mongoSort`. */
export function afterCursor<M>(spec: SortSpec<M>, idField: string, cursor: Cursor): Document {
  const value = spec.kind === 'date' ? new Date(cursor.value) : cursor.value;
  const beyond = spec.direction === 1 ? '$gt' : '$lt';
  return { $or: [{ [spec.field]: { [beyond]: value } }, { [spec.field]: value, [idField]: { $gt: cursor.id } }] };
}

export function and(conditions: Document[]): Document {
  if (conditions.length === 0) return {};
  if (conditions.length === 1) return conditions[0] ?? {};
  return { $and: conditions };
}

/** Case-insensitive whole-value match (criteria arrive lowercased and whitespace-normalised). */
const sameText = (value: string): Document => ({ $regex: `^${escapeRegex(value)}$`, $options: 'i' });

function range(min: number | string | undefined, max: number | string | undefined, asDate = false): Document | undefined {
  if (min === undefined && max === undefined) return undefined;
  const convert = (value: number | string): number | Date => (asDate ? new Date(value) : Number(value));
  return { ...(min !== undefined ? { $gte: convert(min) } : {}), ...(max !== undefined ? { $lte: convert(max) } : {}) };
}

function push(conditions: Document[], field: string, condition: unknown): void {
  if (condition !== undefined) conditions.push({ [field]: condition });
}

/** Units held per listing id over the requested range; listings holding nothing are absent. */
export type HeldById = ReadonlyMap<string, number>;

/**
 * Keeps listings whose capacity minus what is held leaves `quantity`. Without $expr the
 * comparison is inverted: listings holding `h` units are excluded when capacity < h + quantity,
 * one $nor branch per distinct `h` (few in practice).
 */
export function capacityConditions(idField: string, capacityField: string, held: HeldById, quantity: number): Document[] {
  const conditions: Document[] = [{ [capacityField]: { $gte: quantity } }];
  const idsByAmount = new Map<number, string[]>();
  for (const [id, amount] of held) {
    if (amount <= 0) continue;
    idsByAmount.set(amount, [...(idsByAmount.get(amount) ?? []), id]);
  }
  if (idsByAmount.size > 0) {
    conditions.push({ $nor: [...idsByAmount].map(([amount, ids]) => ({ [idField]: { $in: ids }, [capacityField]: { $lt: amount + quantity } })) });
  }
  return conditions;
}

export function flightFilter(criteria: FlightCriteria, held: HeldById | null): Document {
  const conditions: Document[] = [];
  push(conditions, 'departure_airport', criteria.departureAirport);
  push(conditions, 'arrival_airport', criteria.arrivalAirport);
  push(conditions, 'departure_city', criteria.departureCity === undefined ? undefined : sameText(criteria.departureCity));
  push(conditions, 'arrival_city', criteria.arrivalCity === undefined ? undefined : sameText(criteria.arrivalCity));
  push(conditions, 'departure_datetime', range(criteria.departureFrom, criteria.departureTo, true));
  push(conditions, 'flight_class', criteria.flightClass);
  push(conditions, 'airline_name', criteria.airlineName === undefined ? undefined : sameText(criteria.airlineName));
  push(conditions, 'ticket_price', range(criteria.minPrice, criteria.maxPrice));
  const availability = criteria.availability;
  if (availability) {
    push(conditions, 'departure_datetime', range(availability.startDate, availability.endDate, true));
    conditions.push(...capacityConditions('flight_id', 'total_available_seats', held ?? new Map(), availability.quantity));
  }
  return and(conditions);
}

const amenityFields: Record<keyof NonNullable<HotelCriteria['amenities']>, string> = {
  wifi: 'amenities.wifi',
  breakfastIncluded: 'amenities.breakfast_included',
  parking: 'amenities.parking',
  petFriendly: 'amenities.pet_friendly',
  nearTransit: 'amenities.near_transit',
  pool: 'amenities.pool',
  gym: 'amenities.gym',
};

export function hotelFilter(criteria: HotelCriteria, held: HeldById | null): Document {
  const conditions: Document[] = [];
  push(conditions, 'address.city', criteria.city === undefined ? undefined : sameText(criteria.city));
  push(conditions, 'address.state', criteria.state);
  push(conditions, 'price_per_night', range(criteria.minPrice, criteria.maxPrice));
  push(conditions, 'star_rating', range(criteria.minStarRating, criteria.maxStarRating));
  for (const [name, field] of Object.entries(amenityFields) as Array<[keyof typeof amenityFields, string]>) {
    const wanted = criteria.amenities?.[name];
    // A missing flag means "not offered", so "false" matches anything but true.
    if (wanted !== undefined) conditions.push({ [field]: wanted ? true : { $ne: true } });
  }
  if (criteria.availability) {
    conditions.push(...capacityConditions('hotel_id', 'number_of_rooms', held ?? new Map(), criteria.availability.quantity));
  }
  return and(conditions);
}

export function carFilter(criteria: CarCriteria, held: HeldById | null): Document {
  const conditions: Document[] = [];
  push(conditions, 'pickup_city', criteria.pickupCity === undefined ? undefined : sameText(criteria.pickupCity));
  push(conditions, 'car_type', criteria.carType === undefined ? undefined : sameText(criteria.carType));
  push(conditions, 'provider_name', criteria.providerName === undefined ? undefined : sameText(criteria.providerName));
  push(conditions, 'transmission_type', criteria.transmissionType === undefined ? undefined : sameText(criteria.transmissionType));
  push(conditions, 'number_of_seats', criteria.minSeats === undefined ? undefined : { $gte: criteria.minSeats });
  push(conditions, 'daily_rental_price', range(criteria.minPrice, criteria.maxPrice));
  push(conditions, 'availability_status', criteria.availabilityStatus);
  if (criteria.availability) {
    // The shared model's car (packages/common/src/capacity.ts): one vehicle, none out of service,
    // taken for the whole window by any overlapping hold. More than one unit never matches.
    if (criteria.availability.quantity > 1) conditions.push({ car_id: { $in: [] } });
    conditions.push({ availability_status: { $nin: [...CAR_OUT_OF_SERVICE] } });
    const bookedIds = [...(held ?? new Map<string, number>())].filter(([, amount]) => amount > 0).map(([id]) => id);
    if (bookedIds.length > 0) conditions.push({ car_id: { $nin: bookedIds } });
  }
  return and(conditions);
}
