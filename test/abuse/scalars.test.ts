import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALICE, code, type RawResponse, startSupergraph, type Supergraph } from './support/supergraph.js';

// Malformed custom scalars (Decimal, DateTime). The gateway's supergraph knows these scalars by name
// only, so it checks their values with the subgraphs' own parse functions before planning: a bad
// value is BAD_USER_INPUT naming the argument path, no subgraph is called, nothing is written and
// nothing counts as an internal error.
let sg: Supergraph;
let before: Record<string, number>;

beforeAll(async () => {
  sg = await startSupergraph({ prefix: 'abuse_scalars' });
  before = await sg.counts();
});

afterAll(async () => {
  await sg?.close();
});

/** Counters of the gateway's Prometheus text: internal errors and subgraph fetches so far. */
async function counters(): Promise<{ internal: number; fetches: number }> {
  const text = await (await fetch(new URL('/metrics', sg.gateway.url))).text();
  const sum = (pattern: RegExp): number => text.split('\n').filter((line) => pattern.test(line)).reduce((total, line) => total + Number(line.split(' ').pop()), 0);
  return {
    internal: sum(/^gateway_errors_total\{code="INTERNAL_SERVER_ERROR"\}/),
    fetches: sum(/^gateway_subgraph_fetch_duration_seconds_count\{/),
  };
}

const fields = (response: RawResponse): unknown => response.body?.errors?.[0]?.extensions?.fields;

const flights = 'query ($filter: FlightSearchFilter) { searchFlights(filter: $filter) { totalCount } }';
const hotelsByPrice = 'query ($min: Decimal) { searchHotels(filter: { minPrice: $min }) { totalCount } }';

describe('malformed Decimal and DateTime values are BAD_USER_INPUT at the gateway', () => {
  it('accepts well-formed values (the baseline)', async () => {
    const response = await sg.post({ query: flights, variables: { filter: { minPrice: '10.50', departureFrom: '2026-12-01T10:00:00Z' } } });
    expect(response.status).toBe(200);
    expect(response.body?.errors).toBeUndefined();
  });

  it.each(['abc', '1.999', '1e9', 1e9, '', '12345678901'])('refuses the Decimal %j in an anonymous search variable, naming filter.minPrice', async (minPrice) => {
    const start = await counters();
    const response = await sg.post({ query: flights, variables: { filter: { minPrice } } });
    expect(response.status).toBe(400);
    expect(code(response)).toBe('BAD_USER_INPUT');
    expect(fields(response)).toEqual([{ path: 'filter.minPrice', message: expect.stringContaining('Decimal') }]);
    expect(response.text).not.toMatch(/stacktrace|at .*\.ts:/);
    expect(await counters()).toEqual(start);
  });

  it.each(['tomorrow', '2026-13-45', '2026-12-01Tnoon', 42])('refuses the DateTime %j in an anonymous search variable, naming filter.departureFrom', async (departureFrom) => {
    const start = await counters();
    const response = await sg.post({ query: flights, variables: { filter: { departureFrom } } });
    expect(code(response)).toBe('BAD_USER_INPUT');
    expect(fields(response)).toEqual([{ path: 'filter.departureFrom', message: expect.stringContaining('DateTime') }]);
    expect(await counters()).toEqual(start);
  });

  it('names the argument path when a scalar variable sits inside an input literal', async () => {
    const start = await counters();
    const response = await sg.post({ query: hotelsByPrice, variables: { min: '1.999' } });
    expect(code(response)).toBe('BAD_USER_INPUT');
    expect(fields(response)).toEqual([{ path: 'filter.minPrice', message: expect.any(String) }]);
    expect(await counters()).toEqual(start);
  });

  it('refuses malformed literals, including field arguments below the root', async () => {
    const start = await counters();
    const literal = await sg.post({ query: '{ searchHotels(filter: { maxPrice: "abc", availability: { startDate: "tomorrow", endDate: "2026-13-45" } }) { totalCount } }' });
    expect(code(literal)).toBe('BAD_USER_INPUT');
    expect(fields(literal)).toEqual([
      { path: 'filter.maxPrice', message: expect.any(String) },
      { path: 'filter.availability.startDate', message: expect.any(String) },
      { path: 'filter.availability.endDate', message: expect.any(String) },
    ]);
    const nested = await sg.post({ query: '{ searchHotels { nodes { remainingCapacity(startDate: "2026-12-01T00:00:00Z", endDate: "soon") } } }' });
    expect(code(nested)).toBe('BAD_USER_INPUT');
    expect(fields(nested)).toEqual([{ path: 'endDate', message: expect.any(String) }]);
    expect(await counters()).toEqual(start);
  });

  it('refuses a malformed date in a booking and books nothing', async () => {
    const response = await sg.post({
      query: 'mutation ($input: CreateBookingInput!) { createBooking(input: $input) { bookingId } }',
      variables: { input: { listingType: 'Hotel', listingId: 'HTL001', quantity: 1, startDate: '2026-13-45', endDate: 'tomorrow' } },
      viewer: ALICE,
    });
    expect(code(response)).toBe('BAD_USER_INPUT');
    expect(fields(response)).toEqual([
      { path: 'input.startDate', message: expect.any(String) },
      { path: 'input.endDate', message: expect.any(String) },
    ]);
    expect(await sg.counts()).toEqual(before);
  });

  it('uses a variable default value when no value is sent', async () => {
    const response = await sg.post({ query: 'query ($min: Decimal = "1.999") { searchHotels(filter: { minPrice: $min }) { totalCount } }' });
    expect(code(response)).toBe('BAD_USER_INPUT');
    expect(fields(response)).toEqual([{ path: 'filter.minPrice', message: expect.any(String) }]);
  });
});
