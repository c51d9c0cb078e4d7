import type { ListingLoaders } from '../loaders.js';
import type { CarModel, FlightModel, HotelModel } from '../models.js';
import { carCapacity, unitsLeft } from '@kayak/common';
import { assertRange, flightDepartsWithin } from './capacity.js';

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

  async hotelRemaining(hotel: HotelModel, start: Date, end: Date): Promise<number> {
    assertRange(start, end);
    const range = { start, end };
    const holds = await this.loaders.holds.load({ listingType: 'Hotel', id: hotel.hotelId, range });
    return unitsLeft('Hotel', hotel.numberOfRooms, holds, range);
  }

  async hotelAvailable(hotel: HotelModel, start: Date, end: Date, quantity: number): Promise<boolean> {
    assertRange(start, end, quantity);
    return (await this.hotelRemaining(hotel, start, end)) >= quantity;
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
