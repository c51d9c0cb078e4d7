import type { HotelRoomTypeDocument } from '../repositories/documents.js';

/**
 * Room types of seeded hotels (the demo seed and the bench seed), from a hotel's total rooms, its
 * default room type's price and its stars: 4–5 star hotels have standard, deluxe (the default) and
 * suite rooms; the others standard (the default) and family rooms. The rooms add up to `totalRooms`
 * and the default type costs `defaultPrice`, so a seeded hotel's `number_of_rooms`,
 * `default_room_type` and `price_per_night` stay what they were before room types.
 */
export function seedRoomTypes(totalRooms: number, defaultPrice: number, stars: number): { defaultRoomType: string; roomTypes: HotelRoomTypeDocument[] } {
  const price = (factor: number): number => Math.round(defaultPrice * factor * 100) / 100;
  if (stars >= 4) {
    const standard = Math.max(1, Math.round(totalRooms * 0.5));
    const suites = Math.max(1, Math.round(totalRooms * 0.1));
    return {
      defaultRoomType: 'Deluxe',
      roomTypes: [
        { code: 'STANDARD', name: 'Standard', max_occupancy: 2, number_of_rooms: standard, price_per_night: price(0.8) },
        { code: 'DELUXE', name: 'Deluxe', max_occupancy: 3, number_of_rooms: Math.max(1, totalRooms - standard - suites), price_per_night: defaultPrice },
        { code: 'SUITE', name: 'Suite', max_occupancy: 4, number_of_rooms: suites, price_per_night: price(1.8) },
      ],
    };
  }
  const family = Math.max(1, Math.round(totalRooms * 0.25));
  return {
    defaultRoomType: 'Standard',
    roomTypes: [
      { code: 'STANDARD', name: 'Standard', max_occupancy: 2, number_of_rooms: Math.max(1, totalRooms - family), price_per_night: defaultPrice },
      { code: 'FAMILY', name: 'Family', max_occupancy: 5, number_of_rooms: family, price_per_night: price(1.4) },
    ],
  };
}

/** The stored room fields of a seeded hotel (the rooms are the types' sum: equal to `totalRooms` when it is at least 3). */
export function seededRoomFields(totalRooms: number, defaultPrice: number, stars: number): Record<string, unknown> {
  const { defaultRoomType, roomTypes } = seedRoomTypes(totalRooms, defaultPrice, stars);
  return {
    number_of_rooms: roomTypes.reduce((sum, type) => sum + type.number_of_rooms, 0),
    default_room_type: defaultRoomType,
    price_per_night: defaultPrice,
    room_types: roomTypes,
  };
}
