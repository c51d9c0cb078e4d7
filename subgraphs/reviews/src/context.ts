import type { RequestContext, SubgraphHealth } from '@kayak/common';
import type { Loaders } from './loaders.js';
import type { ActivityService } from './services/activity.js';
import type { AnalyticsService } from './services/analytics.js';
import type { ImageService } from './services/images.js';
import type { ListingExists } from './services/listingDirectory.js';
import type { ReviewLists } from './services/reviewLists.js';
import type { ReviewService } from './services/reviews.js';

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
