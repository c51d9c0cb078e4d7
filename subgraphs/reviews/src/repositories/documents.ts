import type { ListingType, OutboxFields } from '@kayak/common';
import type { ObjectId } from 'mongodb';

/** Stored shapes of this subgraph's collections (design doc §7–11), field names as in the seed. */

/** `revision` and `pendingEvents`: the Mongo outbox of review.* events (docs/events.md). */
export interface ReviewDocument extends OutboxFields {
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

/** counts.rN = number of reviews rated N (named keys: `$inc` on a missing `counts.3` would make an object anyway). */
export interface RatingCountsDocument {
  r1: number;
  r2: number;
  r3: number;
  r4: number;
  r5: number;
}

/** One of a listing's newest reviews, in NEWEST order (`created_at` then `_id`, both descending). */
export interface RecentReviewDocument {
  _id: ObjectId;
  created_at: Date;
}

/**
 * Per listing, under `_id: "Hotel:HTL001"`: its rating histogram and newest review ids, kept by
 * atomic updates on every review write, so reading a summary or a first page is an `_id` lookup
 * (the only kind of lookup mongo-java-server serves from an index); plus a version that grows on
 * every rating change and whether that version still has to be published (see docs/ratings.md).
 */
export interface ListingRatingDocument {
  _id: string;
  entity_type: ListingType;
  entity_id: string;
  counts: Partial<RatingCountsDocument>;
  /** Absent until the listing's first review is added. */
  recent?: RecentReviewDocument[];
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
  listingRatings: 'listing_ratings',
} as const;
