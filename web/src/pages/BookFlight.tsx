import { useCreateBookingMutation, usePayBookingMutation, type CreateBookingMutation, type FlightDetailsQuery, type PaymentMethodType } from '@kayak/client';
import { useState, type FormEvent } from 'react';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { PassengerFields, resizeParty, toPassengerInputs, type PassengerDraft } from '../components/PassengerFields.js';
import { PaymentFields, TEST_CARD } from '../components/PaymentFields.js';
import { formatMoney } from '../format.js';
import { href } from '../router.js';
import { track } from '../tracking.js';

type Flight = NonNullable<FlightDetailsQuery['flight']>;
type Booking = CreateBookingMutation['createBooking'];

const MAX_SEATS = 9;

function PayForm({ booking }: { booking: Booking }) {
  const [method, setMethod] = useState<PaymentMethodType>('credit_card');
  const [cardNumber, setCardNumber] = useState(TEST_CARD);
  // One key per booking on this page: a double click or a retry after a timeout never charges twice.
  const [idempotencyKey] = useState(() => `web-${booking.bookingId}-${crypto.randomUUID()}`);
  const [pay, { data, loading, error }] = usePayBookingMutation();
  const result = data?.payBooking;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void pay({ variables: { bookingId: booking.bookingId, idempotencyKey, paymentMethod: { type: method, cardNumber: method === 'paypal' ? null : cardNumber } } })
      .then((paid) => {
        const payment = paid.data?.payBooking;
        if (payment) track.trace('payment', { listingType: 'Flight', bookingId: payment.booking.bookingId, status: payment.booking.bookingStatus });
      })
      .catch(() => undefined);
  };
  if (result?.booking.bookingStatus === 'Confirmed') {
    return (
      <div role="status" className="success">
        <p>
          Paid {formatMoney(result.billing.totalAmountPaid)} (tax included). Booking <strong>{result.booking.bookingId}</strong> is confirmed.
        </p>
        <p>
          Invoice {result.billing.invoiceNumber} · <a href={href('/bookings')}>See it in My bookings</a>
        </p>
      </div>
    );
  }
  return (
    <form onSubmit={submit} aria-label="Payment">
      {result ? (
        <p role="alert" className="error">
          The payment was declined; the booking is {result.booking.bookingStatus}.
        </p>
      ) : null}
      <PaymentFields method={method} cardNumber={cardNumber} onMethod={setMethod} onCardNumber={setCardNumber} />
      <ErrorMessage error={error} />
      <button type="submit" disabled={loading || Boolean(result)}>
        Pay {formatMoney(booking.totalPrice)} + tax
      </button>
    </form>
  );
}

export function BookFlight({ flight }: { flight: Flight }) {
  const [seats, setSeats] = useState(1);
  // Passenger details are optional for now (docs/passengers.md): booking without them still works.
  const [naming, setNaming] = useState(false);
  const [party, setParty] = useState<PassengerDraft[]>(() => resizeParty([], 1));
  const changeSeats = (count: number) => {
    setSeats(count);
    setParty((current) => resizeParty(current, count));
  };
  const [create, { data, loading, error }] = useCreateBookingMutation();
  const booking = data?.createBooking;
  const maxSeats = Math.max(1, Math.min(MAX_SEATS, flight.remainingCapacity));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    // A flight booking spans the flight itself: departure to arrival.
    const input = { listingType: 'Flight' as const, listingId: flight.flightId, startDate: flight.departureDatetime, endDate: flight.arrivalDatetime, quantity: seats, ...(naming ? { passengers: toPassengerInputs(party) } : {}) };
    void create({ variables: { input } })
      .then((created) => {
        const made = created.data?.createBooking;
        if (made) track.trace('booking', { listingType: 'Flight', listingId: flight.flightId, bookingId: made.bookingId, quantity: made.quantity });
      })
      .catch(() => undefined);
  };
  return (
    <section className="card" aria-label="Book this flight">
      <h2>Book</h2>
      {booking ? (
        <>
          <p role="status">
            Booking <strong>{booking.bookingId}</strong> for {booking.quantity} seat{booking.quantity === 1 ? '' : 's'} is {booking.bookingStatus}: {formatMoney(booking.totalPrice)} before tax.
          </p>
          {booking.passengers.length > 0 ? (
            <ul aria-label="Passengers">
              {booking.passengers.map((passenger) => (
                <li key={passenger.position}>
                  {passenger.firstName} {passenger.lastName} · {passenger.passengerType === 'LAP_INFANT' ? 'lap infant' : passenger.passengerType.toLowerCase()} · born {passenger.dateOfBirth}
                </li>
              ))}
            </ul>
          ) : null}
          <PayForm booking={booking} />
        </>
      ) : (
        <form onSubmit={submit}>
          <label>
            Seats
            <input type="number" min={1} max={maxSeats} value={seats} onChange={(event) => changeSeats(Math.max(1, Math.min(maxSeats, Number(event.target.value) || 1)))} />
          </label>
          <label className="checkbox">
            <input type="checkbox" checked={naming} onChange={(event) => setNaming(event.target.checked)} /> Add passenger details
          </label>
          {naming ? <PassengerFields party={party} onChange={setParty} /> : null}
          <ErrorMessage error={error} />
          <button type="submit" disabled={loading || flight.remainingCapacity === 0}>
            Book {seats} seat{seats === 1 ? '' : 's'}
          </button>
        </form>
      )}
    </section>
  );
}
