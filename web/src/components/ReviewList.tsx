import type { ReviewFieldsFragment } from '@kayak/client';
import { formatDate } from '../format.js';

/** A listing's reviews as its page shows them: stars, title, comment and day. */
export function ReviewList({ reviews }: { reviews: ReadonlyArray<Pick<ReviewFieldsFragment, 'reviewId' | 'rating' | 'title' | 'comment' | 'createdAt'>> }) {
  return (
    <ul className="reviews">
      {reviews.map((review) => (
        <li key={review.reviewId}>
          <strong>
            {'★'.repeat(review.rating)}
            {'☆'.repeat(5 - review.rating)} {review.title}
          </strong>
          <p>{review.comment}</p>
          <p className="muted">{formatDate(review.createdAt)}</p>
        </li>
      ))}
    </ul>
  );
}
