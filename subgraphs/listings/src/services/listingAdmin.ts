import { conflict, notFound, requirePermission, type Viewer } from '@kayak/common';
import type { Document } from 'mongodb';
import type { CreateCarInput, CreateFlightInput, CreateHotelInput, ListingType, UpdateCarInput, UpdateFlightInput, UpdateHotelInput } from '../generated/graphql.js';
import type { CarModel, FlightModel, HotelModel } from '../models.js';
import type { AvailabilityBlockRepository } from '../repositories/availabilityBlocks.js';
import type { ListingRepositories, ListingRepository } from '../repositories/listings.js';
import type { SearchCache } from '../repositories/searchCache.js';
import type { ReferenceCheck } from './airports.js';
import { carFromInput, carPatchFromInput } from './carRules.js';
import { flightFromInput, flightPatchFromInput } from './flightRules.js';
import { hotelFromInput, hotelPatchFromInput } from './hotelRules.js';

export interface ListingAdminDependencies {
  viewer: Viewer;
  repositories: ListingRepositories;
  blocks: AvailabilityBlockRepository;
  cache: SearchCache;
  /** Airport codes of new and changed flights must be in the reference data. */
  reference: ReferenceCheck;
  now?: () => Date;
}

/**
 * Listing administration for Listing Admins (and Super Admins): authorise first, validate
 * everything, then write; every successful write invalidates that type's cached searches.
 * Nothing is written when any check fails.
 */
export class ListingAdminService {
  private readonly now: () => Date;

  constructor(private readonly deps: ListingAdminDependencies) {
    this.now = deps.now ?? (() => new Date());
  }

  private authorise(): void {
    requirePermission(this.deps.viewer, 'listings:manage');
  }

  private async create<M, F, P, D extends Document>(repository: ListingRepository<M, F, P, D>, fields: F, id: string): Promise<M> {
    const created = await repository.insert(fields, id, this.now());
    await this.deps.cache.invalidateListings(repository.store.type);
    return created;
  }

  private async update<M extends { retiredAt: string | null }, F, P, D extends Document>(repository: ListingRepository<M, F, P, D>, id: string, patchOf: (existing: M) => P): Promise<M> {
    const existing = await repository.findById(id);
    if (!existing) throw notFound(`${repository.store.type} ${id}`);
    if (existing.retiredAt) throw conflict(`${repository.store.type} ${id} is retired and can no longer be changed`);
    const updated = await repository.update(id, patchOf(existing), this.now());
    if (!updated) throw notFound(`${repository.store.type} ${id}`);
    await this.deps.cache.invalidateListings(repository.store.type);
    return updated;
  }

  /**
   * Deleting retires: the listing stays stored (bookings, invoices and trips keep resolving it,
   * marked `retired`), leaves search, and can no longer be booked or paid for. Refused while a
   * Confirmed booking has not ended (known from the availability cache): those customers still
   * need the listing. A listing already retired is NOT_FOUND, as a deleted one was.
   */
  private async delete<M extends { retiredAt: string | null }, F, P, D extends Document>(repository: ListingRepository<M, F, P, D>, id: string): Promise<string> {
    const type: ListingType = repository.store.type;
    const existing = await repository.findById(id);
    if (!existing || existing.retiredAt) throw notFound(`${type} ${id}`);
    if (await this.deps.blocks.hasFutureConfirmed(type, id, this.now())) {
      throw conflict(`${type} ${id} has future confirmed bookings; cancel them before deleting it`);
    }
    if (!(await repository.retire(id, this.now()))) throw notFound(`${type} ${id}`);
    await this.deps.cache.invalidateListings(type);
    return id;
  }

  async createFlight(input: CreateFlightInput): Promise<FlightModel> {
    this.authorise();
    const fields = flightFromInput(input, this.deps.reference);
    return this.create(this.deps.repositories.flights, fields, fields.flightId);
  }

  async updateFlight(flightId: string, input: UpdateFlightInput): Promise<FlightModel> {
    this.authorise();
    return this.update(this.deps.repositories.flights, flightId, (existing) => flightPatchFromInput(input, existing, this.deps.reference));
  }

  async deleteFlight(flightId: string): Promise<string> {
    this.authorise();
    return this.delete(this.deps.repositories.flights, flightId);
  }

  async createHotel(input: CreateHotelInput): Promise<HotelModel> {
    this.authorise();
    const fields = hotelFromInput(input);
    return this.create(this.deps.repositories.hotels, fields, fields.hotelId);
  }

  async updateHotel(hotelId: string, input: UpdateHotelInput): Promise<HotelModel> {
    this.authorise();
    return this.update(this.deps.repositories.hotels, hotelId, (existing) => hotelPatchFromInput(input, existing));
  }

  async deleteHotel(hotelId: string): Promise<string> {
    this.authorise();
    return this.delete(this.deps.repositories.hotels, hotelId);
  }

  async createCar(input: CreateCarInput): Promise<CarModel> {
    this.authorise();
    const fields = carFromInput(input, this.now());
    return this.create(this.deps.repositories.cars, fields, fields.carId);
  }

  async updateCar(carId: string, input: UpdateCarInput): Promise<CarModel> {
    this.authorise();
    return this.update(this.deps.repositories.cars, carId, () => carPatchFromInput(input, this.now()));
  }

  async deleteCar(carId: string): Promise<string> {
    this.authorise();
    return this.delete(this.deps.repositories.cars, carId);
  }
}
