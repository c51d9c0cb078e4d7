import { badUserInput, conflict, forbidden, listingKey, notFound, requirePermission, requireUser, type FieldError, type ListingType, type RequestContext, type Viewer } from '@kayak/common';
import type { BookingVerifier } from '../clients/bookingVerifier.js';
import type { RatingRelay } from '../events/ratingRelay.js';
import type { ReviewModel } from '../models.js';
import type { ReviewRepository } from '../repositories/reviews.js';
import { checkListingId, checkRating, checkText } from './validation.js';

export const MAX_TITLE = 200;
export const MAX_COMMENT = 2000;

export interface CreateReviewInput {
  listingType: ListingType;
  listingId: string;
  rating: number;
  title: string;
  comment: string;
}

export interface UpdateReviewInput {
  rating?: number | null;
  title?: string | null;
  comment?: string | null;
}

export function validateCreateReview(input: CreateReviewInput): FieldError[] {
  const errors: FieldError[] = [];
  checkListingId(errors, 'input.listingId', input.listingId);
  checkRating(errors, 'input.rating', input.rating);
  checkText(errors, 'input.title', input.title, MAX_TITLE);
  checkText(errors, 'input.comment', input.comment, MAX_COMMENT, { multiline: true });
  return errors;
}

export function validateUpdateReview(input: UpdateReviewInput): FieldError[] {
  const errors: FieldError[] = [];
  if (input.rating == null && input.title == null && input.comment == null) {
    return [{ path: 'input', message: 'give at least one of rating, title, comment' }];
  }
  if (input.rating != null) checkRating(errors, 'input.rating', input.rating);
  if (input.title != null) checkText(errors, 'input.title', input.title, MAX_TITLE);
  if (input.comment != null) checkText(errors, 'input.comment', input.comment, MAX_COMMENT, { multiline: true });
  return errors;
}

/** Only travellers write reviews: admins have no bookings to review. */
function requireTraveller(viewer: Viewer): string {
  const signedIn = requireUser(viewer);
  if (signedIn.kind !== 'user') throw forbidden('Only users can write reviews');
  return signedIn.userId;
}

/** Authors edit their own reviews; admins moderate (edit or remove) any review (reviews:moderate). */
function requireAuthorOrModerator(viewer: Viewer, review: ReviewModel): void {
  requirePermission(viewer, 'reviews:moderate', review.userId);
}

export interface ReviewServiceDeps {
  reviews: ReviewRepository;
  bookings: BookingVerifier;
  ratings: RatingRelay;
  now?: () => Date;
}

/** Review writes for one request: its viewer, and its request id, which calls to bookings forward. */
export function createReviewService({ reviews, bookings, ratings, now = () => new Date() }: ReviewServiceDeps, { viewer, requestId, cacheTags }: Pick<RequestContext, 'viewer' | 'requestId' | 'cacheTags'>) {
  /** The reviewed listing is a cache tag of the answer: cached pages showing its reviews or rating are dropped. */
  const changed = (review: ReviewModel): void => void cacheTags.add(listingKey(review.listingType, review.listingId));
  const load = async (reviewId: string): Promise<ReviewModel> => {
    const [review] = await reviews.findByIds([reviewId]);
    if (!review) throw notFound('Review');
    return review;
  };

  return {
    /** Validation, then one review per listing, then the booking rule; nothing is written on any error. */
    async create(input: CreateReviewInput): Promise<ReviewModel> {
      const userId = requireTraveller(viewer);
      const errors = validateCreateReview(input);
      if (errors.length > 0) throw badUserInput(errors);
      const listing = { listingType: input.listingType, listingId: input.listingId };
      if (await reviews.findByAuthorAndListing(userId, listing)) {
        throw conflict('You have already reviewed this listing', [{ path: 'input.listingId', message: 'already reviewed by you' }]);
      }
      if (!(await bookings.hasConfirmedBooking({ viewer, requestId, userId, ...listing }))) {
        throw forbidden('You can only review listings you have a confirmed booking for');
      }
      const at = now();
      const review = await reviews.insert({ userId, ...listing, rating: input.rating, title: input.title.trim(), comment: input.comment.trim(), createdAt: at });
      await ratings.record({ kind: 'added', review });
      changed(review);
      return review;
    },

    async update(reviewId: string, input: UpdateReviewInput): Promise<ReviewModel> {
      requireUser(viewer);
      const errors = validateUpdateReview(input);
      if (errors.length > 0) throw badUserInput(errors);
      const existing = await load(reviewId);
      requireAuthorOrModerator(viewer, existing);
      const updated = await reviews.update(
        reviewId,
        {
          ...(input.rating != null ? { rating: input.rating } : {}),
          ...(input.title != null ? { title: input.title.trim() } : {}),
          ...(input.comment != null ? { comment: input.comment.trim() } : {}),
        },
        now(),
      );
      if (!updated) throw notFound('Review'); // deleted concurrently
      if (updated.rating !== existing.rating) await ratings.record({ kind: 'rerated', listing: updated, from: existing.rating, to: updated.rating });
      changed(updated);
      return updated;
    },

    async delete(reviewId: string): Promise<string> {
      requireUser(viewer);
      const existing = await load(reviewId);
      requireAuthorOrModerator(viewer, existing);
      if (!(await reviews.delete(reviewId, now()))) throw notFound('Review');
      await ratings.record({ kind: 'removed', review: existing });
      changed(existing);
      return reviewId;
    },
  };
}

export type ReviewService = ReturnType<typeof createReviewService>;
