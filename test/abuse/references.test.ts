import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALICE, BOB, code, type RawResponse, startSupergraph, SUPER_ADMIN, type Supergraph } from './support/supergraph.js';

// References to listings that do not exist, and control characters in free text: both are refused
// with BAD_USER_INPUT at the field's path, and nothing is stored.
let sg: Supergraph;

beforeAll(async () => {
  sg = await startSupergraph({ prefix: 'abuse_refs' });
});

afterAll(async () => {
  await sg?.close();
});

const fields = (response: RawResponse): unknown => response.body?.errors?.[0]?.extensions?.fields;
/** Listing clicks are buffered: write them out before counting. */
const counts = async (): Promise<Record<string, number>> => {
  await sg.reviews?.activity.flush();
  return sg.counts();
};

const ADD_IMAGE = 'mutation ($input: AddListingImageInput!) { addListingImage(input: $input) { imageId listingId } }';
const CLICK = 'mutation ($input: ListingClickInput!) { trackListingClick(input: $input) }';

describe('references are checked with the listings subgraph', () => {
  it.each([
    ['Hotel', 'HTL999'],
    ['Flight', 'FL001X'],
    ['Car', 'HTL001'],
  ])('refuses an image for the %s %s, which does not exist, and stores none', async (listingType, listingId) => {
    const before = await counts();
    const response = await sg.post({ query: ADD_IMAGE, variables: { input: { listingType, listingId, imageUrl: 'https://images.example.com/x.jpg' } }, viewer: SUPER_ADMIN });
    expect(code(response)).toBe('BAD_USER_INPUT');
    expect(fields(response)).toEqual([{ path: 'input.listingId', message: `no ${listingType} with this id` }]);
    expect(await counts()).toEqual(before);
  });

  it('refuses a click on a listing that does not exist and logs none', async () => {
    const before = await counts();
    const response = await sg.post({ query: CLICK, variables: { input: { listingType: 'Flight', listingId: 'FL999' } }, viewer: ALICE });
    expect(code(response)).toBe('BAD_USER_INPUT');
    expect(fields(response)).toEqual([{ path: 'input.listingId', message: 'no Flight with this id' }]);
    expect(await counts()).toEqual(before);
  });

  it('stores an image and a click of listings that exist', async () => {
    const before = await counts();
    const image = await sg.post({ query: ADD_IMAGE, variables: { input: { listingType: 'Hotel', listingId: 'HTL001', imageUrl: 'https://images.example.com/lobby.jpg' } }, viewer: SUPER_ADMIN });
    expect(image.body?.errors).toBeUndefined();
    const click = await sg.post({ query: CLICK, variables: { input: { listingType: 'Hotel', listingId: 'HTL001' } }, viewer: BOB });
    expect(click.body).toEqual({ data: { trackListingClick: true } });
    expect(await counts()).toEqual({ ...before, images: (before.images ?? 0) + 1, listing_click_logs: (before.listing_click_logs ?? 0) + 1 });
  });
});

describe('free text refuses control characters in every subgraph', () => {
  const REGISTER = 'mutation ($input: RegisterInput!) { register(input: $input) { accessToken } }';
  let serial = 0;
  const registration = {
    password: 'Str0ng!Password',
    firstName: 'Eve',
    lastName: 'Mallory',
    address: { street: '1 Main St', city: 'Boston', state: 'MA', zip: '02116' },
    phoneNumber: '617-555-0100',
  };

  it.each([
    ['a NUL in a first name', { firstName: 'Eve\u0000' }, 'input.firstName'],
    ['an escape sequence in a city', { address: { ...registration.address, city: 'Boston\u001b[2J' } }, 'input.address.city'],
    ['a DEL in a last name', { lastName: 'Mal\u007flory' }, 'input.lastName'],
    ['a NUL in an email', { email: 'nul\u0000@example.com' }, 'input.email'],
  ])('refuses %s at registration and creates no user', async (_what, change, path) => {
    const before = await counts();
    // Each case its own userId and email: registration attempts are throttled per key.
    const unique = { userId: `999-00-${String(1000 + (serial += 1))}`, email: `nul${serial}@example.com` };
    const response = await sg.post({ query: REGISTER, variables: { input: { ...registration, ...unique, ...change } } });
    expect(code(response)).toBe('BAD_USER_INPUT');
    expect(fields(response)).toEqual([{ path, message: expect.stringContaining('control characters') }]);
    expect(await counts()).toEqual(before);
  });

  it('refuses a NUL in a hotel name and creates no hotel', async () => {
    const before = await counts();
    const response = await sg.post({
      query: 'mutation ($input: CreateHotelInput!) { createHotel(input: $input) { hotelId } }',
      variables: {
        input: { name: 'Grand\u0000Hotel', address: { street: '1 Main St', city: 'Boston', state: 'MA', zip: '02116' }, starRating: 4, numberOfRooms: 10, defaultRoomType: 'Double', pricePerNight: '120.00' },
      },
      viewer: SUPER_ADMIN,
    });
    expect(code(response)).toBe('BAD_USER_INPUT');
    expect(fields(response)).toEqual([{ path: 'input.name', message: expect.stringContaining('control characters') }]);
    expect(await counts()).toEqual(before);
  });

  it('refuses a NUL in a review title and a bell in its comment, and stores no review', async () => {
    const before = await counts();
    const response = await sg.post({
      query: 'mutation ($input: CreateReviewInput!) { createReview(input: $input) { reviewId } }',
      variables: { input: { listingType: 'Hotel', listingId: 'HTL001', rating: 5, title: 'Great\u0000stay', comment: 'Lovely\u0007 rooms' } },
      viewer: ALICE,
    });
    expect(code(response)).toBe('BAD_USER_INPUT');
    expect(fields(response)).toEqual([
      { path: 'input.title', message: expect.stringContaining('control characters') },
      { path: 'input.comment', message: expect.stringContaining('control characters') },
    ]);
    expect(await counts()).toEqual(before);
  });
});
