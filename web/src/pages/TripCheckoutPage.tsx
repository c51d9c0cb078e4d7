import { useCancelTripMutation, useCreateTripMutation, useListingDetailsQuery, usePayTripMutation, useTripDetailsQuery, type PaymentMethodType, type PayTripMutation, type TripSummaryFragment } from '@kayak/client';
import { useState, type FormEvent } from 'react';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { PaymentFields, TEST_CARD } from '../components/PaymentFields.js';
import { PassengerFields, resizeParty, toPassengerInputs, type PassengerDraft } from '../components/PassengerFields.js';
import { itemErrorsOf } from '../components/tripErrors.js';
import { formatDate, formatDateTime, formatMoney } from '../format.js';
import { href } from '../router.js';
import { useSession } from '../session.js';
import { track } from '../tracking.js';
import { clearCart, hasFlights, paymentKey, removeItem, setBooking, setPassengers, tripItemInputs, useTripCart, type CartItem, type TripCart } from '../tripCart.js';

const UNIT: Record<CartItem['listingType'], string> = { Flight: 'seat', Hotel: 'night', Car: 'day' };

function ItemDates({ item }: { item: CartItem }) {
  if (item.listingType === 'Flight') return <>{`${formatDateTime(item.startDate)} → ${formatDateTime(item.endDate)}`}</>;
  const [from, to] = item.listingType === 'Hotel' ? ['Check-in', 'check-out'] : ['Pick-up', 'drop-off'];
  return <>{`${from} ${formatDate(item.startDate)}, ${to} ${formatDate(item.endDate)}`}</>;
}

/** The listing's unit price now and whether it is free for the item's dates (createTrip prices the booking). */
function ItemPrice({ item, quantity }: { item: CartItem; quantity: number }) {
  const { data, error } = useListingDetailsQuery({ variables: { listingType: item.listingType, listingId: item.listingId, startDate: item.startDate, endDate: item.endDate, quantity }, fetchPolicy: 'cache-and-network' });
  const listing = data?.listing;
  if (error) return <ErrorMessage error={error} />;
  if (!listing) return <span className="muted">Checking price…</span>;
  // A hotel item with a room type is priced and checked for that type (the row of `roomAvailability`).
  const offer = listing.__typename === 'Hotel' && item.roomType ? listing.roomAvailability.find((row) => row.roomType.code === item.roomType) : undefined;
  const unitPrice = offer ? offer.nightlyPrice : listing.__typename === 'Flight' ? listing.ticketPrice : listing.__typename === 'Hotel' ? listing.pricePerNight : listing.dailyRentalPrice;
  const available = offer ? offer.available : listing.available;
  return (
    <span>
      {formatMoney(unitPrice)} per {UNIT[item.listingType]}
      {available ? '' : <strong className="warning"> · not available for these dates</strong>}
    </span>
  );
}

function CartItemRow({ item, index, quantity, errors, locked }: { item: CartItem; index: number; quantity: number; errors: string[]; locked: boolean }) {
  const amount = item.listingType === 'Flight' ? `${quantity} seat${quantity === 1 ? '' : 's'}` : item.listingType === 'Hotel' ? `${item.quantity} room${item.quantity === 1 ? '' : 's'}` : '1 car';
  return (
    <li className={`card trip-item${errors.length > 0 ? ' failed' : ''}`} aria-label={`Item ${index + 1}: ${item.title}`}>
      <div>
        <p>
          <span className="badge">{item.listingType}</span> <strong>{item.title}</strong>
        </p>
        <p className="muted">
          <ItemDates item={item} /> · {amount}
        </p>
        <p>
          <ItemPrice item={item} quantity={item.listingType === 'Flight' ? quantity : item.quantity} />
        </p>
        {errors.length > 0 ? (
          <div role="alert" className="error">
            {errors.map((line) => (
              <p key={line}>{line}</p>
            ))}
          </div>
        ) : null}
      </div>
      {locked ? null : (
        <button type="button" className="secondary" onClick={() => removeItem(item.key)}>
          Remove
        </button>
      )}
    </li>
  );
}

function BookedTrip({ trip }: { trip: TripSummaryFragment }) {
  return (
    <section className="card" aria-label="Booked trip">
      <h2>
        Trip {trip.tripId} <span className={`badge ${trip.tripStatus}`}>{trip.tripStatus}</span>
      </h2>
      <ul className="plain">
        {trip.items.map((item) => (
          <li key={item.bookingId}>
            {item.bookingType} {item.referenceId} · {formatDate(item.startDate)} · <span className={`badge ${item.bookingStatus}`}>{item.bookingStatus}</span> · {formatMoney(item.totalPrice)}
          </li>
        ))}
      </ul>
      <p>
        Total before tax <strong>{formatMoney(trip.totalPrice)}</strong>
      </p>
    </section>
  );
}

type Payment = PayTripMutation['payTrip'];

function PaidTrip({ payment }: { payment: Payment }) {
  return (
    <div role="status" className="success card">
      <p>
        Paid {formatMoney(payment.billing.totalAmountPaid)} (tax included). Trip <strong>{payment.trip.tripId}</strong> is {payment.trip.tripStatus}.
      </p>
      <p>
        {payment.trip.billing ? `Invoice ${payment.trip.billing.invoiceNumber} · ` : ''}
        <a href={href('/trips')}>See it in My trips</a>
      </p>
    </div>
  );
}


/** Starting passenger rows: one per seat and the lap infants searched, keeping what was typed. */
function partyDrafts(cart: TripCart): PassengerDraft[] {
  const typed = resizeParty(cart.passengers, cart.party.seats);
  const adults = typed.filter((passenger) => passenger.passengerType === 'ADULT').length;
  const infants = typed.filter((passenger) => passenger.passengerType === 'LAP_INFANT').length;
  const wanted = Math.min(cart.party.lapInfants, adults);
  const extra: PassengerDraft[] = Array.from({ length: Math.max(0, wanted - infants) }, () => ({ firstName: '', lastName: '', dateOfBirth: '', passengerType: 'LAP_INFANT' }));
  return [...typed, ...extra];
}

/**
 * `#/trip`: the trip being planned. Items with dates and prices, passengers for the flights (the same
 * party on each), "Book trip" (createTrip: all items or none; a failing item shows its error next to
 * it), then one payment (payTrip). The idempotency key is kept with the trip in the cart until the
 * payment gets an answer, so a retry after a lost response never charges twice; a declined card is a
 * result: "Payment declined", and another card can be tried.
 */
export function TripCheckoutPage() {
  const session = useSession();
  const cart = useTripCart();
  const party = partyDrafts(cart);
  const flights = hasFlights(cart);
  const booking = cart.booking;
  const [method, setMethod] = useState<PaymentMethodType>('credit_card');
  const [cardNumber, setCardNumber] = useState(TEST_CARD);
  const [declined, setDeclined] = useState(false);
  const [paid, setPaid] = useState<Payment | null>(null);
  const [create, created] = useCreateTripMutation();
  const [pay, paying] = usePayTripMutation();
  const [cancel, cancelling] = useCancelTripMutation();
  const details = useTripDetailsQuery({ variables: { tripId: booking?.tripId ?? '' }, skip: !booking || !session, fetchPolicy: 'cache-and-network' });
  const trip = details.data?.trip ?? null;
  const itemErrors = itemErrorsOf(created.error);
  const busy = created.loading || paying.loading || cancelling.loading;

  if (paid) {
    return (
      <>
        <h1>Your trip</h1>
        <PaidTrip payment={paid} />
      </>
    );
  }
  if (cart.items.length === 0) {
    return (
      <>
        <h1>Your trip</h1>
        <p>Your trip is empty. Add flights from a round-trip or multi-city search, a hotel stay or a car rental.</p>
        <p>
          <a href={href('/')}>Search flights</a> · <a href={href('/hotels')}>Hotels</a> · <a href={href('/cars')}>Cars</a> · <a href={href('/trips')}>My trips</a>
        </p>
      </>
    );
  }

  const book = async (): Promise<string | null> => {
    const passengers = flights ? toPassengerInputs(party) : undefined;
    const result = await create({ variables: { input: { items: tripItemInputs(cart, passengers) } } }).catch(() => undefined);
    const made = result?.data?.createTrip;
    if (!made) return null;
    // The analytics funnel counts bookings per listing type: one event per item, as for single bookings.
    for (const item of made.items) track.trace('booking', { listingType: item.bookingType, listingId: item.referenceId, bookingId: item.bookingId, quantity: item.quantity });
    setBooking({ tripId: made.tripId, idempotencyKey: paymentKey(made.tripId) });
    return made.tripId;
  };

  const submitBook = (event: FormEvent) => {
    event.preventDefault();
    setDeclined(false);
    void book();
  };

  const submitPay = async (event: FormEvent) => {
    event.preventDefault();
    if (!booking) return;
    let tripId = booking.tripId;
    let idempotencyKey = booking.idempotencyKey;
    // A declined payment ends the trip (PaymentFailed, its seats and rooms released): paying with
    // another card books the same items again first.
    if (trip?.tripStatus === 'PaymentFailed') {
      const again = await book();
      if (!again) return;
      tripId = again;
      idempotencyKey = paymentKey(again);
      setBooking({ tripId, idempotencyKey });
    }
    const result = await pay({ variables: { tripId, idempotencyKey, paymentMethod: { type: method, cardNumber: method === 'paypal' ? null : cardNumber } } }).catch(() => undefined);
    const payment = result?.data?.payTrip;
    // No answer: the key stays, so trying again resumes this attempt instead of charging twice.
    if (!payment) return;
    for (const item of payment.trip.items) track.trace('payment', { listingType: item.bookingType, bookingId: item.bookingId, status: item.bookingStatus });
    if (payment.billing.transactionStatus === 'Success') {
      setPaid(payment);
      clearCart();
      return;
    }
    // Declined: that key has its answer; the next attempt needs its own.
    setDeclined(true);
    setBooking({ tripId: payment.trip.tripId, idempotencyKey: paymentKey(payment.trip.tripId) });
    void details.refetch();
  };

  /** Back to planning: a held (Pending) trip is cancelled first so its seats and rooms are free again. */
  const changeTrip = async () => {
    if (booking && trip?.tripStatus === 'Pending') {
      const result = await cancel({ variables: { tripId: booking.tripId, reason: 'Changed on the website' } }).catch(() => undefined);
      if (!result?.data) return;
    }
    setDeclined(false);
    setBooking(null);
  };

  return (
    <>
      <h1>Your trip</h1>
      <ul className="trip-items" aria-label="Trip items">
        {cart.items.map((item, index) => (
          <CartItemRow key={item.key} item={item} index={index} quantity={cart.party.seats} errors={itemErrors.get(index) ?? []} locked={Boolean(booking)} />
        ))}
      </ul>
      {!session ? (
        <p className="card">
          <a href={href('/login?next=/trip')}>Sign in to book</a> (your trip is kept).
        </p>
      ) : booking ? (
        <>
          {trip ? <BookedTrip trip={trip} /> : <p>Loading your trip…</p>}
          <ErrorMessage error={details.error} />
          <form className="card narrow" aria-label="Payment" onSubmit={(event) => void submitPay(event)}>
            <h2>Pay</h2>
            {declined || trip?.tripStatus === 'PaymentFailed' ? (
              <div role="alert" className="error">
                <p>Payment declined: nothing was charged. Try another card.</p>
                {trip?.tripStatus === 'PaymentFailed' ? <p>Paying again books the same items again first.</p> : null}
              </div>
            ) : null}
            <PaymentFields method={method} cardNumber={cardNumber} onMethod={setMethod} onCardNumber={setCardNumber} />
            <ErrorMessage error={paying.error} />
            <ErrorMessage error={created.error} />
            <button type="submit" disabled={busy || !trip}>
              Pay {trip ? formatMoney(trip.totalPrice) : ''} + tax
            </button>
            <ErrorMessage error={cancelling.error} />
            <button type="button" className="link" disabled={busy} onClick={() => void changeTrip()}>
              Release the booking and change the trip
            </button>
          </form>
        </>
      ) : (
        <form className="card" aria-label="Book the trip" onSubmit={submitBook}>
          {flights ? (
            <>
              <h2>Travellers</h2>
              <p className="muted">The same travellers on every flight of the trip.</p>
              <PassengerFields party={party} onChange={setPassengers} />
            </>
          ) : null}
          <ErrorMessage error={created.error} />
          <button type="submit" disabled={busy}>
            Book trip
          </button>
          <p className="muted">Every item is booked or none is; the rooms and seats are held while you pay.</p>
        </form>
      )}
    </>
  );
}
