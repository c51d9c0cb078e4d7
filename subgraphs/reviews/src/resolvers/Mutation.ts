import type { MutationResolvers } from '../generated/graphql.js';

export const Mutation: MutationResolvers = {
  createReview: (_parent, { input }, context) => context.reviews.create(input),
  updateReview: (_parent, { reviewId, input }, context) => context.reviews.update(reviewId, input),
  deleteReview: (_parent, { reviewId }, context) => context.reviews.delete(reviewId),

  addListingImage: (_parent, { input }, context) => context.images.add(input),
  updateListingImage: (_parent, { imageId, input }, context) => context.images.update(imageId, input),
  deleteListingImage: (_parent, { imageId }, context) => context.images.delete(imageId),

  trackPageClick: (_parent, { input }, context) => context.activity.trackPageClick(input),
  trackListingClick: (_parent, { input }, context) => context.activity.trackListingClick(input),
  appendUserTrace: (_parent, { input }, context) => context.activity.appendUserTrace(input),
};
