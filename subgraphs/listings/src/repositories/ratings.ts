import type { RatingChangedEvent } from '@kayak/common';
import type { Db } from 'mongodb';

const TARGETS = {
  Flight: { collection: 'flights', key: 'flight_id', field: 'rating' },
  Hotel: { collection: 'hotels', key: 'hotel_id', field: 'hotel_rating' },
  Car: { collection: 'cars', key: 'car_id', field: 'car_rating' },
} as const;

/** The stored copy of each listing's review average, versioned by the reviews subgraph's events. */
export class RatingRepository {
  constructor(private readonly db: Db) {}

  /** Sets the rating when the event is newer than what the listing has; false for stale, duplicate or unknown listings. */
  async applyIfNewer(event: RatingChangedEvent): Promise<boolean> {
    const target = TARGETS[event.listingType];
    const result = await this.db.collection(target.collection).updateOne(
      { [target.key]: event.listingId, $or: [{ rating_version: { $lt: event.version } }, { rating_version: { $exists: false } }] },
      { $set: { [target.field]: event.average, rating_version: event.version, updated_at: new Date() } },
    );
    return result.modifiedCount > 0;
  }
}
