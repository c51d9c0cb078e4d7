import { MyTripsDocument, TripDetailsDocument, useCancelTripItemMutation, useCancelTripMutation, useMyTripsQuery, useTripDetailsQuery, type MyTripsQuery, type TripSummaryFragment } from '@kayak/client';
import { useState } from 'react';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { InvoiceTable } from '../components/InvoiceTable.js';
import { formatDate, formatDateTime, formatMoney } from '../format.js';
import { href } from '../router.js';
import { useSession } from '../session.js';

type TripNode = MyTripsQuery['myTrips']['nodes'][number];
type TripItem = TripNode['items'][number];
type Details = TripSummaryFragment;

function describe(item: TripItem): string {
  const listing = item.listing;
  switch (listing.__typename) {
    case 'Flight':
      return `${listing.airlineName} ${listing.flightId}: ${listing.departureAirport} → ${listing.arrivalAirport}`;
    case 'Hotel':
      return `${listing.name}, ${listing.address.city}`;
    case 'Car':
      return `${listing.providerName} ${listing.model}, ${listing.pickupCity}`;
  }
}

function when(item: TripItem): string {
  if (item.bookingType === 'Flight') return formatDateTime(item.startDate);
  return `${formatDate(item.startDate)} – ${formatDate(item.endDate)}`;
}

const cancellable = (item: TripItem): boolean => (item.bookingStatus === 'Pending' || item.bookingStatus === 'Confirmed') && new Date(item.startDate) > new Date();

/** Both lists change when something is cancelled: the trip's status, the item's, the refund. */
const REFETCH = [MyTripsDocument, TripDetailsDocument];

function ItemRow({ tripId, item }: { tripId: string; item: TripItem }) {
  const [confirming, setConfirming] = useState(false);
  const [cancel, { loading, error }] = useCancelTripItemMutation({ refetchQueries: REFETCH, awaitRefetchQueries: true });
  const name = describe(item);
  return (
    <li aria-label={`Item ${name}`}>
      <span className={`badge ${item.bookingStatus}`}>{item.bookingStatus}</span> <strong>{name}</strong> · {when(item)} · {item.quantity} {item.bookingType === 'Flight' ? 'seat(s)' : item.bookingType === 'Hotel' ? 'room(s)' : 'car'} ·{' '}
      {formatMoney(item.totalPrice)}
      {cancellable(item) ? (
        confirming ? (
          <span className="confirm" role="group" aria-label={`Cancel ${name}?`}>
            {' '}
            Cancel {name}? A paid item is refunded with its tax.{' '}
            <button type="button" className="danger" disabled={loading} onClick={() => void cancel({ variables: { tripId, bookingId: item.bookingId, reason: 'Cancelled on the website' } }).then(() => setConfirming(false)).catch(() => undefined)}>
              Yes, cancel this item
            </button>{' '}
            <button type="button" className="secondary" onClick={() => setConfirming(false)}>
              Keep it
            </button>
          </span>
        ) : (
          <>
            {' '}
            <button type="button" className="secondary" onClick={() => setConfirming(true)}>
              Cancel item
            </button>
          </>
        )
      ) : null}
      <ErrorMessage error={error} />
    </li>
  );
}

function Passengers({ details }: { details: Details }) {
  // The same travellers fly every flight of a trip: the first flight's list names them.
  const passengers = details.items.find((item) => item.passengers.length > 0)?.passengers ?? [];
  if (passengers.length === 0) return null;
  return (
    <section aria-label="Passengers">
      <h3>Passengers</h3>
      <ul className="plain">
        {passengers.map((passenger) => (
          <li key={passenger.position}>
            {passenger.firstName} {passenger.lastName} · {passenger.passengerType === 'LAP_INFANT' ? 'lap infant' : passenger.passengerType.toLowerCase()} · born {passenger.dateOfBirth}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Invoice({ details }: { details: Details }) {
  const billing = details.billing;
  if (!billing) return <p className="muted">Not paid yet.</p>;
  const invoice = billing.invoiceDetails;
  return (
    <section className="invoice" aria-label={`Invoice ${billing.invoiceNumber}`}>
      <h3>
        Invoice {billing.invoiceNumber} <span className={`badge ${billing.transactionStatus}`}>{billing.transactionStatus}</span>
      </h3>
      {invoice ? (
        <InvoiceTable invoice={invoice} />
      ) : (
        <p>Paid {formatMoney(billing.totalAmountPaid)}</p>
      )}
    </section>
  );
}

function TripCard({ trip }: { trip: TripNode }) {
  // Passengers and invoice lines of one trip (with them, a page of trips would pass the gateway's cost limit).
  // From the network too: the cache may hold the trip as the checkout saw it, before it was paid.
  const details = useTripDetailsQuery({ variables: { tripId: trip.tripId }, fetchPolicy: 'cache-and-network' });
  const [confirming, setConfirming] = useState(false);
  const [cancel, cancelled] = useCancelTripMutation({ refetchQueries: REFETCH, awaitRefetchQueries: true });
  const open = trip.items.some(cancellable);
  return (
    <li className="card trip" aria-label={`Trip ${trip.tripId}`}>
      <h2>
        Trip {trip.tripId} <span className={`badge ${trip.tripStatus}`}>{trip.tripStatus}</span>
      </h2>
      <p className="muted">Booked {trip.createdAt ? formatDateTime(trip.createdAt) : ''}</p>
      <ul className="plain trip-lines" aria-label="Items">
        {trip.items.map((item) => (
          <ItemRow key={item.bookingId} tripId={trip.tripId} item={item} />
        ))}
      </ul>
      <p className="totals">
        Total before tax <strong>{formatMoney(trip.totalPrice)}</strong> · Refunded <strong data-testid="refunded-total">{formatMoney(trip.refundedTotal)}</strong>
      </p>
      <ErrorMessage error={details.error} />
      {details.data?.trip ? (
        <>
          <Passengers details={details.data.trip} />
          <Invoice details={details.data.trip} />
        </>
      ) : details.loading ? (
        <p className="muted">Loading the invoice…</p>
      ) : null}
      <ErrorMessage error={cancelled.error} />
      {open ? (
        confirming ? (
          <div className="confirm" role="group" aria-label="Cancel the whole trip?">
            <p>Cancel every item of this trip that has not started? What was paid for them is refunded.</p>
            <button type="button" className="danger" disabled={cancelled.loading} onClick={() => void cancel({ variables: { tripId: trip.tripId, reason: 'Cancelled on the website' } }).then(() => setConfirming(false)).catch(() => undefined)}>
              Yes, cancel the trip
            </button>{' '}
            <button type="button" className="secondary" onClick={() => setConfirming(false)}>
              Keep the trip
            </button>
          </div>
        ) : (
          <button type="button" className="secondary" onClick={() => setConfirming(true)}>
            Cancel trip
          </button>
        )
      ) : null}
    </li>
  );
}

/** `#/trips`: the traveller's trips (several items, one payment); single bookings are under My bookings. */
export function MyTripsPage() {
  const session = useSession();
  const { data, loading, error, fetchMore } = useMyTripsQuery({ fetchPolicy: 'cache-and-network', skip: !session, notifyOnNetworkStatusChange: true });
  if (!session) {
    return (
      <p>
        <a href={href('/login?next=/trips')}>Sign in</a> to see your trips.
      </p>
    );
  }
  const trips = data?.myTrips;
  const more = () =>
    fetchMore({
      variables: { after: trips?.pageInfo.endCursor ?? null },
      updateQuery: (previous, { fetchMoreResult }) => ({ myTrips: { ...fetchMoreResult.myTrips, nodes: [...previous.myTrips.nodes, ...fetchMoreResult.myTrips.nodes] } }),
    });
  return (
    <>
      <h1>My trips</h1>
      <p className="muted">
        Trips booked together (flights, hotel, car, one payment). Single bookings are under <a href={href('/bookings')}>My bookings</a>.
      </p>
      <ErrorMessage error={error} />
      {loading && !trips ? <p>Loading your trips…</p> : null}
      {trips && trips.nodes.length === 0 ? (
        <p>
          No trips yet: <a href={href('/trip')}>plan one</a> from a round-trip search, a hotel or a car.
        </p>
      ) : null}
      <ul className="trips">
        {trips?.nodes.map((trip) => (
          <TripCard key={trip.tripId} trip={trip} />
        ))}
      </ul>
      {trips?.pageInfo.hasNextPage ? (
        <button type="button" onClick={() => void more()} disabled={loading}>
          Show more trips
        </button>
      ) : null}
    </>
  );
}
