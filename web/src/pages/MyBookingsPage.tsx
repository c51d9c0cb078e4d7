import { useCancelBookingMutation, useMyBookingsQuery, useMyReviewsQuery, MyBookingsDocument, type MyBookingsQuery, type MyReviewsQuery } from '@kayak/client';
import { useState } from 'react';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { InvoiceTable } from '../components/InvoiceTable.js';
import { WriteReview } from '../components/WriteReview.js';
import { formatDate, formatDateTime, formatMoney } from '../format.js';
import { href } from '../router.js';
import { useSession } from '../session.js';

type Booking = MyBookingsQuery['myBookings']['nodes'][number];
type Billing = NonNullable<Booking['billing']>;
type MyReview = MyReviewsQuery['myReviews']['nodes'][number];

/** The traveller's reviews by listing (one review per traveller and listing). */
const listingKey = (listingType: string, listingId: string): string => `${listingType}:${listingId}`;
/** myReviews answers at most 100 a page; a traveller with more sees "Write a review" on older ones, and the server answers CONFLICT. */
const REVIEWS_PAGE = 100;

function describe(listing: Booking['listing']): string {
  switch (listing.__typename) {
    case 'Flight':
      return `${listing.airlineName} ${listing.flightId}: ${listing.departureAirport} → ${listing.arrivalAirport} (${listing.flightClass})`;
    case 'Hotel':
      return `${listing.name}, ${listing.address.city} ${listing.address.state}`;
    case 'Car':
      return `${listing.providerName} ${listing.model}, ${listing.pickupCity}`;
  }
}

function Invoice({ billing }: { billing: Billing }) {
  const invoice = billing.invoiceDetails;
  return (
    <section className="invoice" aria-label={`Invoice ${billing.invoiceNumber}`}>
      <h3>
        Invoice {billing.invoiceNumber} <span className={`badge ${billing.transactionStatus}`}>{billing.transactionStatus}</span>
      </h3>
      <p className="muted">
        {formatDateTime(billing.transactionDate)} · {invoice?.paymentSummary ?? billing.paymentMethod}
      </p>
      {invoice ? (
        <InvoiceTable invoice={invoice} />
      ) : (
        <p>Total paid {formatMoney(billing.totalAmountPaid)}</p>
      )}
    </section>
  );
}

/** `review` is null while the traveller's reviews are loading: no offer to review before we know. */
function Review({ booking, review }: { booking: Booking; review: MyReview | undefined | null }) {
  const [writing, setWriting] = useState(false);
  if (review === null) return null;
  if (review) {
    return (
      <p className="reviewed">
        <span className="badge Reviewed">Reviewed</span>{' '}
        <span className="stars-shown" role="img" aria-label={`Your rating: ${review.rating} of 5`}>
          {'★'.repeat(review.rating)}
          {'☆'.repeat(5 - review.rating)}
        </span>{' '}
        {review.title}
      </p>
    );
  }
  // createReview wants a Confirmed booking; the page offers it once the stay or flight has begun.
  if (booking.bookingStatus !== 'Confirmed' || new Date(booking.startDate) > new Date()) return null;
  if (!writing) {
    return (
      <button type="button" className="secondary" onClick={() => setWriting(true)}>
        Write a review
      </button>
    );
  }
  return <WriteReview listingType={booking.bookingType} listingId={booking.referenceId} listingName={describe(booking.listing)} onDone={() => setWriting(false)} />;
}

function Trip({ booking, review }: { booking: Booking; review: MyReview | undefined | null }) {
  const [cancel, { loading, error }] = useCancelBookingMutation({ refetchQueries: [MyBookingsDocument] });
  const cancellable = (booking.bookingStatus === 'Pending' || booking.bookingStatus === 'Confirmed') && new Date(booking.startDate) > new Date();
  return (
    <li className="card trip" aria-label={`Booking ${booking.bookingId}`}>
      <h2>{describe(booking.listing)}</h2>
      <p>
        <span className={`badge ${booking.bookingStatus}`}>{booking.bookingStatus}</span> Booking {booking.bookingId} · {formatDate(booking.startDate)} · {booking.quantity}{' '}
        {booking.bookingType === 'Flight' ? 'seat(s)' : booking.bookingType === 'Hotel' ? 'room(s)' : 'car'} · {formatMoney(booking.totalPrice)} before tax
      </p>
      {booking.billing ? <Invoice billing={booking.billing} /> : <p className="muted">Not paid yet.</p>}
      <ErrorMessage error={error} />
      {cancellable ? (
        <button type="button" className="secondary" disabled={loading} onClick={() => void cancel({ variables: { bookingId: booking.bookingId, reason: 'Cancelled on the website' } }).catch(() => undefined)}>
          Cancel booking
        </button>
      ) : null}
      <Review booking={booking} review={review} />
    </li>
  );
}

export function MyBookingsPage() {
  const session = useSession();
  const { data, loading, error } = useMyBookingsQuery({ fetchPolicy: 'network-only', skip: !session });
  const reviews = useMyReviewsQuery({ variables: { first: REVIEWS_PAGE }, fetchPolicy: 'network-only', skip: session?.kind !== 'user' });
  if (!session) {
    return (
      <p>
        <a href={href('/login?next=/bookings')}>Sign in</a> to see your bookings.
      </p>
    );
  }
  const bookings = data?.myBookings;
  const reviewed = reviews.data ? new Map(reviews.data.myReviews.nodes.map((review) => [listingKey(review.listingType, review.listingId), review])) : null;
  return (
    <>
      <h1>My bookings</h1>
      <ErrorMessage error={error ?? reviews.error} />
      {loading && !bookings ? <p>Loading your bookings…</p> : null}
      {bookings && bookings.nodes.length === 0 ? <p>No bookings yet.</p> : null}
      <ul className="trips">
        {bookings?.nodes.map((booking) => (
          <Trip key={booking.bookingId} booking={booking} review={reviewed ? reviewed.get(listingKey(booking.bookingType, booking.referenceId)) : null} />
        ))}
      </ul>
    </>
  );
}
