import type { KeysetPosition, ListingType } from '@kayak/common';

/**
 * What resolvers receive for this subgraph's types (codegen mappers): plain values built by the
 * repositories from Mongo documents, so resolvers never see driver types or snake_case fields.
 */

export interface ReviewModel {
  reviewId: string;
  /** The author's SSN: only resolved into `author` for the author and admins. */
  userId: string;
  listingType: ListingType;
  listingId: string;
  rating: number;
  title: string;
  comment: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface ImageModel {
  imageId: string;
  listingType: ListingType;
  listingId: string;
  imageUrl: string;
  metadata: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}

export interface TraceEventModel {
  type: string;
  data: Record<string, unknown>;
  timestamp: Date;
}

export interface TraceModel {
  traceId: string;
  userId: string | null;
  cohortKey: string | null;
  events: TraceEventModel[];
  createdAt: Date;
}

/** Entities owned by other subgraphs: this subgraph only knows their keys. */
export interface FlightRef {
  flightId: string;
}
export interface HotelRef {
  hotelId: string;
}
export interface CarRef {
  carId: string;
}
export interface UserRef {
  userId: string;
}

export interface ListingClickCountModel {
  listingType: ListingType;
  listingId: string;
  clicks: number;
}

/** A listing identified by type and id, the way reviews, images and click logs reference it. */
export interface ListingKey {
  listingType: ListingType;
  listingId: string;
}

export interface RatingCounts {
  /** counts[r - 1] = number of reviews with rating r. */
  counts: [number, number, number, number, number];
}

/** A listing's rating summary as stored: histogram, newest review ids (NEWEST order), version. */
export interface ListingRatingModel extends ListingKey {
  counts: RatingCounts;
  recentReviewIds: string[];
  version: number;
}

/** A position in a sorted list: the ordering, the sort's value at the last row seen, and its id. */
export type Cursor = KeysetPosition;

/** One page of a list read with `first + 1` rows. */
export interface Page<T> {
  nodes: T[];
  hasNextPage: boolean;
}

/** A review about to be stored (the author, the listing, the text). */
export interface NewReview extends ListingKey {
  userId: string;
  rating: number;
  title: string;
  comment: string;
  createdAt: Date;
}

/** An image about to be stored for a listing. */
export interface NewImage extends ListingKey {
  imageUrl: string;
  metadata: Record<string, unknown>;
  createdAt: Date;
}
