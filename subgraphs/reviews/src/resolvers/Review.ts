import { can, type Viewer } from '@kayak/common';
import type { ReviewResolvers } from '../generated/graphql.js';
import type { ReviewModel } from '../models.js';
import { listingRef } from './listingRefs.js';

const isAuthor = (viewer: Viewer, review: ReviewModel): boolean => viewer.kind === 'user' && viewer.userId === review.userId;

export const Review: ReviewResolvers = {
  __resolveReference: (reference, context) => context.loaders.reviewById.load(reference.reviewId),
  listing: (review) => listingRef(review.listingType, review.listingId),
  // The author's key is their SSN: only those with reviews:read-author for this author get it.
  author: (review, _args, context) => (can(context.viewer, 'reviews:read-author', review.userId) ? { userId: review.userId } : null),
  viewerIsAuthor: (review, _args, context) => isAuthor(context.viewer, review),
};
