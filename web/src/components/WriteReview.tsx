import { CombinedGraphQLErrors, type ErrorLike } from '@apollo/client';
import { MyReviewsDocument, useCreateReviewMutation, type ListingType } from '@kayak/client';
import { useId, useState, type FormEvent } from 'react';
import { REVIEW_LIMITS } from '../reviewLimits.js';
import { ErrorMessage } from './ErrorMessage.js';

interface FieldError {
  path: string;
  message: string;
}

/** The entity key of each listing type (client/src/generated/cache.ts keys the cache by them). */
const KEY_FIELDS: Record<ListingType, string> = { Flight: 'flightId', Hotel: 'hotelId', Car: 'carId' };

const codeOf = (error: ErrorLike | undefined): string | null => {
  if (!error || !CombinedGraphQLErrors.is(error)) return null;
  const code = error.errors[0]?.extensions?.code;
  return typeof code === 'string' ? code : null;
};

/** BAD_USER_INPUT's `extensions.fields`, by path (`input.title`, ...), to show next to each field. */
function fieldErrorsOf(error: ErrorLike | undefined): Map<string, string> {
  const byPath = new Map<string, string>();
  if (!error || !CombinedGraphQLErrors.is(error)) return byPath;
  for (const graphQLError of error.errors) {
    if (graphQLError.extensions?.code !== 'BAD_USER_INPUT') continue;
    for (const field of (graphQLError.extensions.fields ?? []) as FieldError[]) if (!byPath.has(field.path)) byPath.set(field.path, field.message);
  }
  return byPath;
}

const characters = (value: string): number => [...value].length;
const FORM_FIELDS = new Set(['input.rating', 'input.title', 'input.comment']);

/**
 * "Write a review" of a listing the traveller stayed at or flew with (createReview wants a Confirmed
 * booking; one review per traveller and listing). Rating as five radio buttons drawn as stars,
 * title and text with the server's limits as hints; the server's field errors show next to their
 * field, CONFLICT (already reviewed) above the buttons.
 */
export function WriteReview({ listingType, listingId, listingName, onDone }: { listingType: ListingType; listingId: string; listingName: string; onDone: () => void }) {
  const id = useId();
  const [rating, setRating] = useState(0);
  const [title, setTitle] = useState('');
  const [comment, setComment] = useState('');
  // A field's error goes once the field is edited; the next submit asks the server again.
  const [edited, setEdited] = useState<ReadonlySet<string>>(new Set());
  const edit = (path: string) => setEdited((previous) => new Set(previous).add(path));
  const rate = (stars: number) => {
    setRating(stars);
    edit('input.rating');
  };
  const changeTitle = (value: string) => {
    setTitle(value);
    edit('input.title');
  };
  const changeComment = (value: string) => {
    setComment(value);
    edit('input.comment');
  };
  const [create, { loading, error }] = useCreateReviewMutation({
    // "Reviewed" comes from myReviews; the listing's cached reviews and rating are out of date now.
    refetchQueries: [MyReviewsDocument],
    awaitRefetchQueries: true,
    update: (cache) => {
      const listing = cache.identify({ __typename: listingType, [KEY_FIELDS[listingType]]: listingId });
      if (!listing) return;
      cache.evict({ id: listing, fieldName: 'reviews' });
      cache.evict({ id: listing, fieldName: 'ratingSummary' });
      cache.gc();
    },
  });
  const fields = new Map([...fieldErrorsOf(error)].filter(([path]) => !edited.has(path)));
  const code = codeOf(error);
  // Field errors of this form show next to their field; anything else (another field, another code) above the buttons.
  const elsewhere = code !== 'CONFLICT' && (code !== 'BAD_USER_INPUT' || [...fields.keys()].some((path) => !FORM_FIELDS.has(path)));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setEdited(new Set());
    // No rating chosen goes to the server as 0, which answers with the rating's field error.
    const result = await create({ variables: { input: { listingType, listingId, rating, title, comment } } }).catch(() => undefined);
    if (result?.data) onDone();
  };

  const describedBy = (path: string, hint: string): string => [hint, fields.has(path) ? `${id}-${path}-error` : ''].filter(Boolean).join(' ');
  const fieldError = (path: string) =>
    fields.has(path) ? (
      <p id={`${id}-${path}-error`} role="alert" className="error field-error">
        {fields.get(path)}
      </p>
    ) : null;

  return (
    <form className="review-form" aria-label={`Review of ${listingName}`} onSubmit={(event) => void submit(event)} noValidate>
      <h3>Write a review</h3>
      <fieldset className="stars" aria-describedby={describedBy('input.rating', `${id}-rating-hint`)} aria-invalid={fields.has('input.rating') || undefined}>
        <legend>Your rating</legend>
        {Array.from({ length: REVIEW_LIMITS.maxRating }, (_, index) => index + 1).map((stars) => (
          <label key={stars} className={stars <= rating ? 'on' : undefined}>
            <input type="radio" name={`${id}-rating`} value={stars} checked={rating === stars} onChange={() => rate(stars)} aria-label={`${stars} star${stars === 1 ? '' : 's'}`} />
            <span aria-hidden="true">★</span>
          </label>
        ))}
      </fieldset>
      <p id={`${id}-rating-hint`} className="muted">
        {REVIEW_LIMITS.minRating} to {REVIEW_LIMITS.maxRating} stars
      </p>
      {fieldError('input.rating')}
      <label>
        Title
        <input value={title} onChange={(event) => changeTitle(event.target.value)} aria-describedby={describedBy('input.title', `${id}-title-hint`)} aria-invalid={fields.has('input.title') || undefined} />
      </label>
      <p id={`${id}-title-hint`} className="muted">
        At most {REVIEW_LIMITS.maxTitle} characters ({characters(title)}/{REVIEW_LIMITS.maxTitle})
      </p>
      {fieldError('input.title')}
      <label>
        Your review
        <textarea value={comment} rows={5} onChange={(event) => changeComment(event.target.value)} aria-describedby={describedBy('input.comment', `${id}-comment-hint`)} aria-invalid={fields.has('input.comment') || undefined} />
      </label>
      <p id={`${id}-comment-hint`} className="muted">
        At most {REVIEW_LIMITS.maxComment} characters ({characters(comment)}/{REVIEW_LIMITS.maxComment})
      </p>
      {fieldError('input.comment')}
      {code === 'CONFLICT' ? (
        <p role="alert" className="error">
          You have already reviewed {listingName}.
        </p>
      ) : elsewhere ? (
        <ErrorMessage error={error} />
      ) : null}
      <div className="actions">
        <button type="submit" disabled={loading}>
          Submit review
        </button>
        <button type="button" className="secondary" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
