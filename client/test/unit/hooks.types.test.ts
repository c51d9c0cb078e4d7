import { describe, expectTypeOf, it } from 'vitest';
import {
  useCreateBookingMutation,
  useFlightDetailsQuery,
  useMyBookingsQuery,
  useSearchFlightsLazyQuery,
  type CreateBookingMutation,
  type CreateBookingMutationVariables,
  type FlightDetailsQuery,
  type MyBookingsQuery,
  type SearchFlightsQuery,
} from '../../src/index.js';

// Types of the generated hooks. These assertions are checked by `npm run typecheck` (part of
// `npm test`): a hook that lost its operation's types fails the type-check, not only this run.
// Hooks need React to run, so the calls below sit in functions that are type-checked, never called.

describe('generated hooks', () => {
  it('type query data from the operation, absent until it arrives', () => {
    expectTypeOf<ReturnType<typeof useFlightDetailsQuery>['data']>().toEqualTypeOf<FlightDetailsQuery | undefined>();
    expectTypeOf<ReturnType<typeof useMyBookingsQuery>['data']>().toEqualTypeOf<MyBookingsQuery | undefined>();
  });

  it('narrows union members by __typename', () => {
    type Listing = MyBookingsQuery['myBookings']['nodes'][number]['listing'];
    expectTypeOf<Extract<Listing, { __typename: 'Flight' }>['flightId']>().toEqualTypeOf<string>();
    expectTypeOf<Extract<Listing, { __typename: 'Hotel' }>['name']>().toEqualTypeOf<string>();
  });

  it('maps Decimal money and DateTime instants to strings', () => {
    type Flight = NonNullable<FlightDetailsQuery['flight']>;
    expectTypeOf<Flight['ticketPrice']>().toEqualTypeOf<string>();
    expectTypeOf<Flight['departureDatetime']>().toEqualTypeOf<string>();
  });

  it('require the variables an operation declares as required, and only those', () => {
    const typeChecked = () => {
      useFlightDetailsQuery({ variables: { flightId: 'FL001' } });
      // @ts-expect-error flightId is required
      useFlightDetailsQuery();
      // @ts-expect-error flightId is required
      useFlightDetailsQuery({ variables: {} });
      // No required variables: options may be left out.
      useMyBookingsQuery();
      // @ts-expect-error no such variable
      useMyBookingsQuery({ variables: { status: 'Confirmed', page: 2 } });
    };
    expectTypeOf(typeChecked).toBeFunction();
  });

  it('type lazy queries and mutations: the execute function takes the variables, the result the data', () => {
    type SearchResult = ReturnType<typeof useSearchFlightsLazyQuery>[1];
    expectTypeOf<SearchResult['data']>().toEqualTypeOf<SearchFlightsQuery | undefined>();
    type CreateBooking = ReturnType<typeof useCreateBookingMutation>;
    type ExecuteVariables = NonNullable<Parameters<CreateBooking[0]>[0]>['variables'];
    // Apollo spells them `Partial<V> & V`: the same values as the operation's variables, both ways.
    expectTypeOf<ExecuteVariables>().toExtend<CreateBookingMutationVariables>();
    expectTypeOf<CreateBookingMutationVariables>().toExtend<ExecuteVariables>();
    const typeChecked = (create: CreateBooking[0]) => {
      // @ts-expect-error the booking input is required
      void create();
      void create({ variables: { input: { listingType: 'Flight', listingId: 'FL001', startDate: '2030-01-01T08:00:00Z', endDate: '2030-01-01T14:00:00Z' } } });
    };
    expectTypeOf(typeChecked).toBeFunction();
    expectTypeOf<CreateBooking[1]['data']>().toEqualTypeOf<CreateBookingMutation | null | undefined>();
  });
});
