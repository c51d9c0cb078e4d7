/**
 * What createReview accepts (the reviews subgraph: `CreateReviewInput`, MAX_TITLE / MAX_COMMENT in
 * services/reviews.ts), shown as hints; the server enforces them and answers with field errors.
 * web/test/unit/reviewLimits.test.ts fails when these and the subgraph's differ.
 */
export const REVIEW_LIMITS = { minRating: 1, maxRating: 5, maxTitle: 200, maxComment: 2000 } as const;
