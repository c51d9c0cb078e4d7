import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ITINERARY_SEARCH } from '../../bench/queries.js';
import { ALICE, code, startSupergraph, type Supergraph } from './support/supergraph.js';

// Hostile query shapes and bodies against the real gateway in front of the four real subgraphs:
// each is refused with its code before anything runs, and nothing is written.
let sg: Supergraph;
let before: Record<string, number>;

beforeAll(async () => {
  sg = await startSupergraph({ prefix: 'abuse_shape' });
  before = await sg.counts();
});

afterAll(async () => {
  await sg?.close();
});

const hotelBooking = (listingId = 'HTL001') => ({ listingType: 'Hotel', listingId, startDate: new Date(Date.now() + 30 * 86_400_000).toISOString(), endDate: new Date(Date.now() + 32 * 86_400_000).toISOString(), quantity: 1 });

/** `me { bookings { nodes { user { bookings { nodes { user ... } } } } } }`: a cycle through two subgraphs. */
function cyclicSelection(levels: number): string {
  let selection = 'userId';
  for (let level = 0; level < levels; level += 1) selection = `userId bookings { nodes { bookingId user { ${selection} } } }`;
  return `{ me { ... on User { ${selection} } } }`;
}

describe('deep and cyclic queries', () => {
  it('rejects a query cycling User → bookings → user beyond the depth limit with QUERY_TOO_DEEP (400)', async () => {
    const response = await sg.post({ query: cyclicSelection(6), viewer: ALICE });
    expect(response.status).toBe(400);
    expect(code(response)).toBe('QUERY_TOO_DEEP');
    expect(response.body?.errors?.[0]?.extensions?.measure).toMatchObject({ depth: expect.any(Number) });
    expect(response.body?.data ?? null).toBeNull();
  });

  it('answers the same cycle when it stays within the limit (the limit, not the shape, decides)', async () => {
    const response = await sg.post({ query: cyclicSelection(2), viewer: ALICE });
    expect(response.status).toBe(200);
    expect(response.body?.errors).toBeUndefined();
    expect(response.body?.data?.me).toMatchObject({ userId: ALICE.userId });
  });

  it('rejects fragments that spread each other with GRAPHQL_VALIDATION_FAILED', async () => {
    const query = `query { me { ...A } }
      fragment A on User { bookings { nodes { user { ...B } } } }
      fragment B on User { ...A }`;
    const response = await sg.post({ query, viewer: ALICE });
    expect(response.status).toBe(400);
    expect(code(response)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(response.body?.errors?.[0]?.message).toMatch(/cannot spread fragment "A" within itself/i);
  });

  it('measures introspection too: a deep __schema walk is QUERY_TOO_DEEP', async () => {
    const query = '{ __schema { types { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } } } }';
    const response = await sg.post({ query });
    expect(response.status).toBe(400);
    expect(code(response)).toBe('QUERY_TOO_DEEP');
  });
});

describe('huge aliases and batches', () => {
  it('rejects 31 aliases of one field with QUERY_TOO_COMPLEX', async () => {
    const query = `{ ${Array.from({ length: 31 }, (_, index) => `a${index}: flight(flightId: "FL001") { flightId }`).join(' ')} }`;
    const response = await sg.post({ query });
    expect(response.status).toBe(400);
    expect(code(response)).toBe('QUERY_TOO_COMPLEX');
    expect(response.body?.errors?.[0]?.message).toMatch(/31 aliases/);
  });

  it('rejects an alias bomb of createBooking mutations and books nothing', async () => {
    const fields = Array.from({ length: 40 }, (_, index) => `b${index}: createBooking(input: $input) { bookingId }`).join(' ');
    const response = await sg.post({ query: `mutation ($input: CreateBookingInput!) { ${fields} }`, variables: { input: hotelBooking() }, viewer: ALICE });
    expect(response.status).toBe(400);
    expect(code(response)).toBe('QUERY_TOO_COMPLEX');
    expect(await sg.counts()).toEqual(before);
  });

  it('rejects a query whose page sizes multiply beyond the cost limit with QUERY_TOO_COMPLEX', async () => {
    const query = '{ searchHotels(first: 100) { nodes { reviews(first: 100) { nodes { title author { userId } } } } } }';
    const response = await sg.post({ query });
    expect(response.status).toBe(400);
    expect(code(response)).toBe('QUERY_TOO_COMPLEX');
    expect(response.body?.errors?.[0]?.extensions?.measure).toMatchObject({ cost: expect.any(Number) });
  });

  it('prices the nested lists of an itinerary by their @listSize, so a page of 20 itineraries is allowed', async () => {
    const response = await sg.post({ query: ITINERARY_SEARCH, variables: { input: { legs: [{ from: 'JFK', to: 'LAX', date: '2031-01-01' }, { from: 'LAX', to: 'JFK', date: '2031-01-08' }] } } });
    expect(response.body?.errors).toBeUndefined();
    expect(response.status).toBe(200);
  });

  it('prices a huge `first` from a variable the same way', async () => {
    const response = await sg.post({ query: 'query ($first: Int) { searchFlights(first: $first) { nodes { flightId airlineName ticketPrice } } }', variables: { first: 1_000_000 } });
    expect(response.status).toBe(400);
    expect(code(response)).toBe('QUERY_TOO_COMPLEX');
  });

  it('refuses a JSON array of operations (HTTP batching) with 400 and runs none of them', async () => {
    const operation = { query: 'mutation ($input: CreateBookingInput!) { createBooking(input: $input) { bookingId } }', variables: { input: hotelBooking() } };
    const response = await sg.post({ body: JSON.stringify(Array.from({ length: 25 }, () => operation)), viewer: ALICE });
    expect(response.status).toBe(400);
    expect(response.text).toMatch(/batching/i);
    expect(await sg.counts()).toEqual(before);
  });
});

describe('oversized and malformed bodies', () => {
  it('rejects a body over the size limit with 413 before parsing it', async () => {
    const response = await sg.post({ query: '{ flight(flightId: "FL001") { flightId } }', variables: { padding: 'x'.repeat(300 * 1024) } });
    expect(response.status).toBe(413);
    expect(code(response)).toBe('BAD_REQUEST');
  });

  it('rejects an oversized string variable that fits the body limit with BAD_USER_INPUT and writes nothing', async () => {
    const response = await sg.post({ query: 'mutation ($input: CreateBookingInput!) { createBooking(input: $input) { bookingId } }', variables: { input: hotelBooking('H'.repeat(200_000)) }, viewer: ALICE });
    expect(response.status).toBe(200);
    expect(code(response)).toBe('BAD_USER_INPUT');
    expect(response.body?.errors?.[0]?.extensions?.fields).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'input.listingId' })]));
    expect(await sg.counts()).toEqual(before);
  });

  it('rejects a deeply nested JSON variable with BAD_USER_INPUT', async () => {
    let nested: unknown = 'leaf';
    for (let level = 0; level < 2_000; level += 1) nested = { a: nested };
    const response = await sg.post({ query: 'query ($id: ID!) { flight(flightId: $id) { flightId } }', variables: { id: nested as Record<string, unknown> } });
    expect(code(response)).toBe('BAD_USER_INPUT');
    expect(response.body?.data ?? null).toBeNull();
  });

  it('rejects malformed JSON with 400 BAD_REQUEST', async () => {
    for (const body of ['{"query": ', '{"query": "{ __typename }",}', '\u0000\u0001garbage']) {
      const response = await sg.post({ body });
      expect(response.status, body).toBe(400);
      expect(code(response), body).toBe('BAD_REQUEST');
    }
  });

  it('rejects a body whose query is not a string with 400', async () => {
    const response = await sg.post({ body: JSON.stringify({ query: { $where: 'sleep(1000)' } }) });
    expect(response.status).toBe(400);
    expect(response.body?.errors?.[0]?.message).toMatch(/queries must be strings/i);
  });

  it('rejects variables that are not an object with 400', async () => {
    const response = await sg.post({ body: JSON.stringify({ query: '{ __typename }', variables: '{"$gt": ""}' }) });
    expect(response.status).toBe(400);
  });

  it('wrote nothing during any of the above', async () => {
    expect(await sg.counts()).toEqual(before);
  });
});
