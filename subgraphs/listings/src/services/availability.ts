import type { ListingLoaders } from '../loaders.js';
import type { CarModel, FlightModel, HotelModel, RoomOfferModel } from '../models.js';
import { carCapacity, FieldErrors, normaliseRoomTypeCode, unitsLeft } from '@kayak/common';
import { assertRange, checkRange, flightDepartsWithin } from './capacity.js';
import { cheapestFittingPrice, checkParty, roomOffers, roomsLeft, roomTypeByCode, type Party } from './roomTypes.js';

/**
 * `remainingCapacity` and `available(...)` of each listing, from the availability cache through
 * the request's holds loader (batched across a page of listings).
 */
export class AvailabilityService {
  constructor(private readonly loaders: ListingLoaders) {}

  async flightRemaining(flight: FlightModel): Promise<number> {
    const holds = await this.loaders.holds.load({ listingType: 'Flight', id: flight.flightId, range: null });
    return unitsLeft('Flight', flight.totalAvailableSeats, holds);
  }

  async flightAvailable(flight: FlightModel, start: Date, end: Date, quantity: number): Promise<boolean> {
    assertRange(start, end, quantity);
    if (!flightDepartsWithin(new Date(flight.departureDatetime), { start, end })) return false;
    return (await this.flightRemaining(flight)) >= quantity;
  }

  /** Rooms free for the stay: of every type together, or of `roomType` (a code; unknown → BAD_USER_INPUT). */
  async hotelRemaining(hotel: HotelModel, start: Date, end: Date, roomType?: string | null): Promise<number> {
    assertRange(start, end);
    const type = roomType ? roomTypeByCode(hotel, roomType, 'roomType') : null;
    const range = { start, end };
    const holds = await this.loaders.holds.load({ listingType: 'Hotel', id: hotel.hotelId, range });
    return type ? roomsLeft(hotel, type, holds, range) : unitsLeft('Hotel', hotel.numberOfRooms, holds, range);
  }

  async hotelAvailable(hotel: HotelModel, start: Date, end: Date, quantity: number, roomType?: string | null): Promise<boolean> {
    assertRange(start, end, quantity);
    return (await this.hotelRemaining(hotel, start, end, roomType)) >= quantity;
  }

  /** `Hotel.lowestPrice`: the price the room-type search ranks the hotel by (services/roomTypes.ts cheapestFittingPrice). */
  async hotelLowestPrice(hotel: HotelModel, party: Party, roomType: string | null, start: Date | null, end: Date | null): Promise<number | null> {
    const errors = new FieldErrors();
    checkParty(errors, '', party);
    if ((start === null) !== (end === null)) errors.add(start === null ? 'startDate' : 'endDate', 'must be given with the other date');
    if (start && end) checkRange(errors, '', start, end);
    errors.throwIfAny('Invalid stay');
    const criteria = { party, roomType: roomType ? normaliseRoomTypeCode(roomType) : undefined };
    if (!start || !end) return cheapestFittingPrice(hotel, criteria, null);
    const range = { start, end };
    const holds = await this.loaders.holds.load({ listingType: 'Hotel', id: hotel.hotelId, range });
    return cheapestFittingPrice(hotel, criteria, { holds, range });
  }

  /** `Hotel.roomAvailability`: every room type's offer for the stay and the party. */
  async hotelRoomOffers(hotel: HotelModel, start: Date, end: Date, party: Party): Promise<RoomOfferModel[]> {
    const errors = new FieldErrors();
    checkRange(errors, '', start, end);
    checkParty(errors, '', party);
    errors.throwIfAny('Invalid stay');
    const range = { start, end };
    const holds = await this.loaders.holds.load({ listingType: 'Hotel', id: hotel.hotelId, range });
    return roomOffers(hotel, holds, range, party);
  }

  async carRemaining(car: CarModel, start: Date, end: Date): Promise<number> {
    assertRange(start, end);
    const capacity = carCapacity(car.availabilityStatus);
    if (capacity === 0) return 0;
    const range = { start, end };
    const holds = await this.loaders.holds.load({ listingType: 'Car', id: car.carId, range });
    return unitsLeft('Car', capacity, holds, range);
  }

  async carAvailable(car: CarModel, start: Date, end: Date, quantity: number): Promise<boolean> {
    assertRange(start, end, quantity);
    return (await this.carRemaining(car, start, end)) >= quantity;
  }
}
