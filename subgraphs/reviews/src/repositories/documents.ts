import type { ListingType } from '@kayak/common';
import type { ObjectId } from 'mongodb';

/** Stored shapes of this subgraph's collections (design doc §7–11), field names as in the seed. */

export interface ReviewDocument {
  _id: ObjectId;
  user_id: string;
  entity_type: ListingType;
  entity_id: string;
  rating: number;
  title: string;
  comment: string;
  created_at: Date;
  updated_at: Date;
}

/** The design also allows 'Room'; this subgraph only manages images of listings. */
export interface ImageDocument {
  _id: ObjectId;
  entity_type: ListingType;
  entity_id: string;
  image_url: string;
  metadata: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
}

export interface PageClickDocument {
  user_id?: string;
  page: string;
  element_id: string;
  timestamp: Date;
}

export interface ListingClickDocument {
  user_id: string;
  listing_type: ListingType;
  listing_id: string;
  timestamp: Date;
}

export interface TraceEventDocument {
  type: string;
  data: Record<string, unknown>;
  timestamp: Date;
}

export interface TraceDocument {
  user_id?: string;
  cohort_key?: string;
  events: TraceEventDocument[];
  created_at: Date;
  updated_at: Date;
}

/**
 * Per listing: a version that grows on every rating change, and whether the latest version
 * still has to be published to the listings subgraph (see docs/ratings.md).
 */
export interface RatingOutboxDocument {
  entity_type: ListingType;
  entity_id: string;
  version: number;
  dirty: boolean;
  published_version: number;
  updated_at: Date;
}

export const COLLECTIONS = {
  reviews: 'reviews',
  images: 'images',
  pageClicks: 'page_click_logs',
  listingClicks: 'listing_click_logs',
  traces: 'user_traces',
  ratingOutbox: 'rating_outbox',
} as const;
