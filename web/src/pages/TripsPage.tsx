import { useCancelBookingMutation, useMyBookingsQuery, MyBookingsDocument, type MyBookingsQuery } from '@kayak/client';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { formatDate, formatDateTime, formatMoney } from '../format.js';
import { href } from '../router.js';
import { useSession } from '../session.js';

type Booking = MyBookingsQuery['myBookings']['nodes'][number];
type Billing = NonNullable<Booking['billing']>;

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
        <table>
          <tbody>
            {invoice.lineItems.map((item) => (
              <tr key={item.description}>
                <td>{item.description}</td>
                <td>
                  {item.quantity} × {formatMoney(item.unitPrice, invoice.currency)}
                </td>
                <td className="amount">{formatMoney(item.total, invoice.currency)}</td>
              </tr>
            ))}
            <tr>
              <td colSpan={2}>Subtotal</td>
              <td className="amount">{formatMoney(invoice.subtotal, invoice.currency)}</td>
            </tr>
            <tr>
              <td colSpan={2}>Tax ({(Number(invoice.taxRate) * 100).toFixed(0)}%)</td>
              <td className="amount">{formatMoney(invoice.tax, invoice.currency)}</td>
            </tr>
            <tr className="total">
              <td colSpan={2}>Total paid</td>
              <td className="amount">{formatMoney(invoice.total, invoice.currency)}</td>
            </tr>
          </tbody>
        </table>
      ) : (
        <p>Total paid {formatMoney(billing.totalAmountPaid)}</p>
      )}
    </section>
  );
}

function Trip({ booking }: { booking: Booking }) {
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
    </li>
  );
}

export function TripsPage() {
  const session = useSession();
  const { data, loading, error } = useMyBookingsQuery({ fetchPolicy: 'network-only', skip: !session });
  if (!session) {
    return (
      <p>
        <a href={href('/login?next=/trips')}>Sign in</a> to see your trips.
      </p>
    );
  }
  const trips = data?.myBookings;
  return (
    <>
      <h1>My trips</h1>
      <ErrorMessage error={error} />
      {loading && !trips ? <p>Loading your trips…</p> : null}
      {trips && trips.nodes.length === 0 ? <p>No trips yet.</p> : null}
      <ul className="trips">
        {trips?.nodes.map((booking) => (
          <Trip key={booking.bookingId} booking={booking} />
        ))}
      </ul>
    </>
  );
}
