import { CombinedGraphQLErrors, type ApolloClient, type OperationVariables, type TypedDocumentNode } from '@apollo/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdminLoginDocument,
  BookingDetailsDocument,
  BookingsReportDocument,
  CancelBookingDocument,
  createApolloClient,
  CreateBookingDocument,
  CreateReviewDocument,
  ListingDetailsDocument,
  LoginDocument,
  MeDocument,
  MyBookingsDocument,
  MyReviewsDocument,
  PayBookingDocument,
  RegisterDocument,
  RevenueReportDocument,
  ReviewCountsByListingTypeDocument,
  SearchCarsDocument,
  SearchFlightsDocument,
  SearchHotelsDocument,
  TopListingsByClicksDocument,
} from '../../src/index.js';
import { startSupergraph, type Supergraph } from '../support/supergraph.js';

// The client's generated documents, sent by its Apollo Client (as the web page does) to the whole
// supergraph running in this process on fresh databases with the demo seed.
let supergraph: Supergraph;
let token: string | null = null;
let client: ApolloClient;

beforeAll(async () => {
  supergraph = await startSupergraph('client_ops');
  client = createApolloClient({ uri: supergraph.url, getAccessToken: () => token });
}, 180_000);

afterAll(async () => {
  client?.stop();
  await supergraph?.close();
});

const DAY = 24 * 60 * 60 * 1000;
/** Midnight UTC `days` from today plus `hours`, as an ISO string. */
function daysFromNow(days: number, hours = 0): string {
  const today = new Date();
  return new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) + days * DAY + hours * 60 * 60 * 1000).toISOString();
}

/** Runs a query from the network (no cache between tests); GraphQL errors throw. */
async function query<TData, TVariables extends OperationVariables>(document: TypedDocumentNode<TData, TVariables>, variables: TVariables): Promise<TData> {
  const result = await client.query({ query: document, variables, fetchPolicy: 'no-cache' });
  if (!result.data) throw new Error('no data');
  return result.data;
}

async function mutate<TData, TVariables extends OperationVariables>(document: TypedDocumentNode<TData, TVariables>, variables: TVariables): Promise<TData> {
  const result = await client.mutate({ mutation: document, variables });
  if (!result.data) throw new Error('no data');
  return result.data;
}

async function signIn(email: string, password: string): Promise<void> {
  token = null;
  token = (await mutate(LoginDocument, { email, password })).login.accessToken;
  await client.clearStore();
}

async function signInAdmin(email: string): Promise<void> {
  token = null;
  token = (await mutate(AdminLoginDocument, { email, password: 'Kayak!2026' })).adminLogin.accessToken;
  await client.clearStore();
}

describe('search', () => {
  it('pages through flights from a city, cheapest first, with the cursor of the previous page', async () => {
    const filter = { departureCity: 'New York' };
    const first = (await query(SearchFlightsDocument, { filter, first: 3 })).searchFlights;
    expect(first.nodes).toHaveLength(3);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = (await query(SearchFlightsDocument, { filter, first: 3, after: first.pageInfo.endCursor })).searchFlights;
    expect(second.totalCount).toBe(first.totalCount);
    const flights = [...first.nodes, ...second.nodes];
    expect(new Set(flights.map((flight) => flight.flightId)).size).toBe(flights.length);
    expect(flights.every((flight) => flight.departureCity === 'New York')).toBe(true);
    const prices = flights.map((flight) => Number(flight.ticketPrice));
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
  });

  it('filters hotels by city and amenities, and cars by pickup city and seats', async () => {
    const hotels = (await query(SearchHotelsDocument, { filter: { city: 'new york', amenities: { wifi: true } } })).searchHotels;
    expect(hotels.totalCount).toBeGreaterThan(0);
    expect(hotels.nodes.every((hotel) => hotel.address.city === 'New York' && hotel.amenities.wifi)).toBe(true);

    const cars = (await query(SearchCarsDocument, { filter: { pickupCity: 'New York', minSeats: 5 }, sort: 'PRICE_ASC' })).searchCars;
    expect(cars.nodes.map((car) => car.model)).toEqual(['Toyota Corolla', 'Chevrolet Tahoe']);
  });
});

describe('listing details', () => {
  it('shows a hotel with its rooms free for a stay, its images and its reviews', async () => {
    const { listing } = await query(ListingDetailsDocument, { listingType: 'Hotel', listingId: 'HTL001', startDate: daysFromNow(30, 15), endDate: daysFromNow(32, 11), quantity: 2 });
    if (listing?.__typename !== 'Hotel') throw new Error(`expected a hotel, got ${listing?.__typename}`);
    expect(listing).toMatchObject({ hotelId: 'HTL001', name: 'Grand Hudson Hotel', pricePerNight: '289.00', available: true });
    expect(listing.remainingCapacity).toBe(listing.numberOfRooms);
    // Its room types (the default first) priced for the stay: 2 nights × 2 rooms, one guest per room.
    expect(listing.roomTypes.map((roomType) => roomType.code)).toEqual(['DELUXE', 'STANDARD', 'SUITE']);
    expect(listing.roomAvailability[0]).toMatchObject({ roomType: { code: 'DELUXE' }, fits: true, available: true, nights: 2, nightlyPrice: '289.00', totalPrice: '1156.00' });
    expect(listing.images).toHaveLength(2);
    expect(listing.reviews.totalCount).toBe(listing.ratingSummary.count);
    expect(listing.reviews.totalCount).toBeGreaterThan(0);
  });
});

describe('a traveller from sign-up to a cancelled trip', () => {
  const email = 'dana@example.com';
  const password = 'Traveller!2026';
  let bookingId = '';

  it('registers, signs in and is recognised by Me', async () => {
    const registered = (
      await mutate(RegisterDocument, {
        input: { userId: '456-78-9012', email, password, firstName: 'Dana', lastName: 'Lee', phoneNumber: '415-555-0199', address: { street: '2 Market St', city: 'San Francisco', state: 'CA', zip: '94105' } },
      })
    ).register;
    expect(registered.account).toMatchObject({ __typename: 'User', userId: '456-78-9012' });
    await signIn(email, password);
    const { me } = await query(MeDocument, {});
    expect(me).toMatchObject({ __typename: 'User', userId: '456-78-9012', email });
  });

  it('books two nights in a hotel and pays: Confirmed, with a Success billing and an invoice in My trips', async () => {
    const { createBooking } = await mutate(CreateBookingDocument, { input: { listingType: 'Hotel', listingId: 'HTL001', startDate: daysFromNow(30, 15), endDate: daysFromNow(32, 11) } });
    expect(createBooking).toMatchObject({ bookingStatus: 'Pending', quantity: 1, totalPrice: '578.00' });
    bookingId = createBooking.bookingId;

    const { payBooking } = await mutate(PayBookingDocument, { bookingId, paymentMethod: { type: 'credit_card', cardNumber: '4242 4242 4242 4242' }, idempotencyKey: `client-ops-${bookingId}` });
    expect(payBooking).toMatchObject({ replayed: false, booking: { bookingStatus: 'Confirmed' }, billing: { transactionStatus: 'Success', totalAmountPaid: '624.24' } });

    const trips = (await query(MyBookingsDocument, {})).myBookings;
    expect(trips.totalCount).toBe(1);
    const [trip] = trips.nodes;
    expect(trip?.listing).toMatchObject({ __typename: 'Hotel', hotelId: 'HTL001', name: 'Grand Hudson Hotel' });
    expect(trip?.billing?.invoiceDetails).toMatchObject({ subtotal: '578.00', tax: '46.24', total: '624.24', currency: 'USD', lineItems: [{ quantity: 2, unitPrice: '289.00', total: '578.00' }] });

    const { booking } = await query(BookingDetailsDocument, { bookingId });
    expect(booking?.statusHistory.map((change) => [change.fromStatus, change.toStatus])).toEqual([
      [null, 'Pending'],
      ['Pending', 'Confirmed'],
    ]);
  });

  it('reviews the hotel it has a confirmed booking for, and finds the review among its own', async () => {
    const { createReview } = await mutate(CreateReviewDocument, { input: { listingType: 'Hotel', listingId: 'HTL001', rating: 5, title: 'Lovely stay', comment: 'Quiet room, great breakfast.' } });
    expect(createReview).toMatchObject({ rating: 5, viewerIsAuthor: true });
    const mine = (await query(MyReviewsDocument, {})).myReviews;
    expect(mine.nodes.map((review) => review.reviewId)).toEqual([createReview.reviewId]);
  });

  it('cancels the trip: Cancelled, and the payment Refunded', async () => {
    const { cancelBooking } = await mutate(CancelBookingDocument, { bookingId, reason: 'Plans changed' });
    expect(cancelBooking).toMatchObject({ bookingStatus: 'Cancelled', billing: { transactionStatus: 'Refunded' } });
  });
});

describe('partner-style reports', () => {
  const window = { from: daysFromNow(-1), to: daysFromNow(2) };

  it('refuses the revenue report to a traveller', async () => {
    await signIn('alice@example.com', 'Kayak!2026');
    const failure = await client.query({ query: RevenueReportDocument, variables: { input: { from: window.from, to: window.to } }, fetchPolicy: 'no-cache' }).catch((error: unknown) => error);
    expect(CombinedGraphQLErrors.is(failure) ? failure.errors.map((error) => error.extensions?.code) : failure).toEqual(['FORBIDDEN']);
  });

  it('gives a Billing Admin the revenue by booking type, counting the refunded payment', async () => {
    await signInAdmin('billing@example.com');
    const report = (await query(RevenueReportDocument, { input: { ...window, byBookingType: true } })).revenueReport;
    expect(report).toMatchObject({ totalTransactions: 1, totalRefunded: '624.24', rows: [{ bookingType: 'Hotel', refunded: '624.24', transactions: 1 }] });
    const bookings = (await query(BookingsReportDocument, { filter: { bookingType: 'Hotel' } })).bookings;
    expect(bookings.nodes).toMatchObject([{ userId: '456-78-9012', bookingStatus: 'Cancelled', billing: { transactionStatus: 'Refunded' } }]);
  });

  it('gives an Analytics Admin review counts per listing type and the most clicked listings', async () => {
    await signInAdmin('analytics@example.com');
    const counts = (await query(ReviewCountsByListingTypeDocument, {})).reviewCountsByListingType;
    expect(counts.map((row) => row.listingType).sort()).toEqual(['Car', 'Flight', 'Hotel']);
    expect(counts.every((row) => row.reviews > 0 && row.averageRating !== null)).toBe(true);
    const top = (await query(TopListingsByClicksDocument, { window })).topListingsByClicks;
    expect(top).toEqual([]);
  });
});
