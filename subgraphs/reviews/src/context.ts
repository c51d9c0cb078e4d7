import type { RequestContext, SubgraphHealth } from '@kayak/common';
import type { BookingVerifier } from './clients/bookingVerifier.js';
import type { ListingDirectory, ListingExists } from './clients/listingDirectory.js';
import type { RatingRelay } from './events/ratingRelay.js';
import { createLoaders, listingKeyOf, type Loaders } from './loaders.js';
import type { ActivityRepository } from './repositories/activity.js';
import type { AnalyticsRepository } from './repositories/analytics.js';
import type { ImageRepository } from './repositories/images.js';
import type { ListingRatingRepository } from './repositories/listingRatings.js';
import type { ReviewRepository } from './repositories/reviews.js';
import { createActivityService, type ActivityService } from './services/activity.js';
import type { ActivityBuffer } from './services/activityBuffer.js';
import { createAnalyticsService, type AnalyticsService } from './services/analytics.js';
import { createImageService, type ImageService } from './services/images.js';
import { createReviewLists, type ReviewLists } from './services/reviewLists.js';
import { createReviewService, type ReviewService } from './services/reviews.js';

/** Per-request context of the reviews subgraph: the verified viewer plus what resolvers call. */
export interface ReviewsContext extends RequestContext {
  health(): Promise<SubgraphHealth>;
  loaders: Loaders;
  /** Whether a listing exists, asked of the listings subgraph (per-request DataLoader). */
  listingExists: ListingExists;
  reviewLists: ReviewLists;
  reviews: ReviewService;
  images: ImageService;
  activity: ActivityService;
  analytics: AnalyticsService;
}

/** What lives as long as the server: repositories, clients and background workers shared by all requests. */
export interface ReviewsDependencies {
  reviews: ReviewRepository;
  listingRatings: ListingRatingRepository;
  images: ImageRepository;
  activity: ActivityRepository;
  analytics: AnalyticsRepository;
  activityBuffer: ActivityBuffer;
  ratingRelay: RatingRelay;
  bookings: BookingVerifier;
  listings: ListingDirectory;
  health(): Promise<SubgraphHealth>;
}

export function createContext(base: RequestContext, deps: ReviewsDependencies): ReviewsContext {
  const loaders = createLoaders(deps.reviews, deps.listingRatings, deps.images, (references) => deps.listings.exist(references, base.viewer, base.requestId));
  const listingExists: ListingExists = (reference) => loaders.listingExists.load(listingKeyOf(reference.listingType, reference.listingId));
  return {
    ...base,
    health: deps.health,
    loaders,
    listingExists,
    reviewLists: createReviewLists(loaders, base.viewer),
    reviews: createReviewService({ reviews: deps.reviews, bookings: deps.bookings, ratings: deps.ratingRelay }, base),
    images: createImageService({ images: deps.images, listingExists }, base),
    activity: createActivityService({ buffer: deps.activityBuffer, listingExists }, base.viewer),
    analytics: createAnalyticsService({ activity: deps.activity, reviews: deps.reviews, readModels: deps.analytics }, base.viewer),
  };
}
