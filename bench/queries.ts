/**
 * The operations the bench sends. The flagship query walks four subgraphs and both databases:
 * the viewer (users, Mongo) → their bookings and billings (bookings, MySQL) → each booked listing
 * (listings, Mongo) → its reviews and rating (reviews, Mongo).
 */
export const FLAGSHIP = `query Flagship($first: Int!) {
  me {
    ... on User {
      userId
      firstName
      bookings(first: $first) {
        totalCount
        nodes {
          bookingId
          bookingStatus
          startDate
          totalPrice
          billing { billingId totalAmountPaid transactionStatus }
          listing {
            __typename
            ... on Flight { flightId airlineName departureAirport arrivalAirport departureDatetime ratingSummary { average } }
            ... on Hotel { hotelId name address { city } reviews(first: 3) { nodes { rating title } } }
            ... on Car { carId model pickupCity ratingSummary { average } }
          }
        }
      }
    }
  }
}`;

export const FLIGHT_SEARCH = `query FlightSearch($filter: FlightSearchFilter!) {
  searchFlights(filter: $filter, sort: PRICE_ASC, first: 20) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes {
      flightId airlineName departureAirport arrivalAirport departureDatetime arrivalDatetime
      flightClass ticketPrice remainingCapacity
      ratingSummary { average count }
    }
  }
}`;

export const ITINERARY_SEARCH = `query ItinerarySearch($input: ItinerarySearchInput!) {
  searchItineraries(input: $input, first: 20) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes {
      id stops totalDurationMinutes seatsLeft score
      price { total adult { unitPrice } child { unitPrice } }
      legs { from to departureDatetime arrivalDatetime layovers { airport durationMinutes } flights { flightId airlineName ticketPrice } }
    }
  }
}`;

export const CREATE_BOOKING = `mutation CreateBooking($input: CreateBookingInput!) {
  createBooking(input: $input) { bookingId bookingStatus totalPrice }
}`;

export const PAY_BOOKING = `mutation PayBooking($bookingId: ID!, $paymentMethod: PaymentMethodInput!, $idempotencyKey: String!) {
  payBooking(bookingId: $bookingId, paymentMethod: $paymentMethod, idempotencyKey: $idempotencyKey) {
    replayed
    booking { bookingId bookingStatus }
    billing { billingId totalAmountPaid transactionStatus }
  }
}`;

export const GOOD_CARD = { type: 'credit_card', cardNumber: '4242 4242 4242 4242' } as const;

export interface FlagshipData {
  me: {
    userId: string;
    bookings: { totalCount: number; nodes: Array<{ bookingId: string; listing: { __typename: string } }> } | null;
  } | null;
}

export const CREATE_TRIP = `mutation CreateTrip($input: CreateTripInput!) {
  createTrip(input: $input) { tripId tripStatus totalPrice items { bookingId bookingType } }
}`;
