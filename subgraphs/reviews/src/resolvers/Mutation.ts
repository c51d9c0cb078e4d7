import type { MutationResolvers } from '../generated/graphql.js';

export const Mutation: MutationResolvers = {
  createReview: (_parent, { input }, context) => context.reviews.create(context.viewer, context.requestId, input),
  updateReview: (_parent, { reviewId, input }, context) => context.reviews.update(context.viewer, reviewId, input),
  deleteReview: (_parent, { reviewId }, context) => context.reviews.delete(context.viewer, reviewId),

  addListingImage: (_parent, { input }, context) => context.images.add(context.viewer, input, context.listingExists),
  updateListingImage: (_parent, { imageId, input }, context) => context.images.update(context.viewer, imageId, input),
  deleteListingImage: (_parent, { imageId }, context) => context.images.delete(context.viewer, imageId),

  trackPageClick: (_parent, { input }, context) => context.activity.trackPageClick(context.viewer, input),
  trackListingClick: (_parent, { input }, context) => context.activity.trackListingClick(context.viewer, input, context.listingExists),
  appendUserTrace: (_parent, { input }, context) => context.activity.appendUserTrace(context.viewer, input),
};
