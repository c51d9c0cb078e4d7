import type { HotelResolvers } from '../generated/graphql.js';
import type { HotelRef } from '../models.js';
import { listingFields } from './listingFields.js';

export const Hotel: HotelResolvers = {
  // The listings subgraph owns hotels; here a hotel is just its key (fields load lazily, batched).
  __resolveReference: (reference) => ({ hotelId: reference.hotelId }),
  ...listingFields<HotelRef>('Hotel', (hotel) => hotel.hotelId),
};
