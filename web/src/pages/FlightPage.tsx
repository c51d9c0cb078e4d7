import { useFlightDetailsQuery, type FlightDetailsQuery } from '@kayak/client';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { ReviewList } from '../components/ReviewList.js';
import { formatDateTime, formatDuration, formatMoney, formatRating } from '../format.js';
import { href } from '../router.js';
import { useSession } from '../session.js';
import { track } from '../tracking.js';
import { useEffect } from 'react';
import { BookFlight } from './BookFlight.js';

type Flight = NonNullable<FlightDetailsQuery['flight']>;

function Availability({ flight, refresh, refreshing }: { flight: Flight; refresh: () => void; refreshing: boolean }) {
  return (
    <section className="card" aria-label="Availability">
      <h2>Availability</h2>
      <p>
        <strong data-testid="seats-left">{flight.remainingCapacity}</strong> of {flight.totalAvailableSeats} seats left
      </p>
      <button type="button" className="secondary" onClick={refresh} disabled={refreshing}>
        Refresh availability
      </button>
    </section>
  );
}

function Reviews({ flight }: { flight: Flight }) {
  const { ratingSummary, reviews } = flight;
  const most = Math.max(1, ...ratingSummary.histogram.map((bucket) => bucket.count));
  return (
    <section className="card" aria-label="Reviews">
      <h2>Reviews</h2>
      <p>{formatRating(ratingSummary.average, ratingSummary.count)}</p>
      {ratingSummary.count > 0 ? (
        <ul className="histogram">
          {[...ratingSummary.histogram].reverse().map((bucket) => (
            <li key={bucket.rating}>
              <span>{bucket.rating}★</span>
              <span className="bar" style={{ width: `${(bucket.count / most) * 100}%` }} />
              <span>{bucket.count}</span>
            </li>
          ))}
        </ul>
      ) : null}
      <ReviewList reviews={reviews.nodes} />
    </section>
  );
}

export function FlightPage({ flightId }: { flightId: string }) {
  const session = useSession();
  // cache-and-network: coming back after booking shows the cached page at once, then fresh seats.
  const { data, loading, error, refetch } = useFlightDetailsQuery({ variables: { flightId }, fetchPolicy: 'cache-and-network', notifyOnNetworkStatusChange: true });
  const flight = data?.flight;
  const found = Boolean(flight);
  // A view of a listing that exists: the funnel's second step.
  useEffect(() => {
    if (found) track.trace('listing_view', { listingType: 'Flight', listingId: flightId });
  }, [found, flightId]);
  if (!flight) {
    if (loading) return <p>Loading flight…</p>;
    return error ? <ErrorMessage error={error} /> : <p>There is no flight {flightId}.</p>;
  }
  return (
    <>
      <p>
        <a href={href('/')}>← Back to search</a>
      </p>
      <h1>
        {flight.airlineName} {flight.flightId}: {flight.departureCity ?? flight.departureAirport} → {flight.arrivalCity ?? flight.arrivalAirport}
      </h1>
      <section className="card">
        <p>
          Departs {formatDateTime(flight.departureDatetime)} from {flight.departureAirport}, arrives {formatDateTime(flight.arrivalDatetime)} at {flight.arrivalAirport}
        </p>
        <p>
          {flight.flightClass} · {formatDuration(flight.durationMinutes)} · <strong>{formatMoney(flight.ticketPrice)}</strong> per seat
        </p>
      </section>
      <ErrorMessage error={error} />
      <div className="columns">
        <div>
          <Availability flight={flight} refresh={() => void refetch()} refreshing={loading} />
          {session ? (
            <BookFlight flight={flight} />
          ) : (
            <section className="card">
              <a href={href(`/login?next=${encodeURIComponent(`/flights/${flight.flightId}`)}`)}>Sign in to book</a>
            </section>
          )}
        </div>
        <Reviews flight={flight} />
      </div>
    </>
  );
}
