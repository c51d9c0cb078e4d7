import type { AppConfig } from '@kayak/common';
import { createTestMongo, testConfig, type TestMongo } from '@kayak/common/testing';
import { createServer } from '@kayak/reviews';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { alice, anonymous, billingAdmin, client, codeOf, fieldsOf, listingAdmin, StubBookings, StubListings, superAdmin } from './helpers.js';

let config: AppConfig;
let mongo: TestMongo;
let server: Awaited<ReturnType<typeof createServer>>;
let gql: ReturnType<typeof client>;
const listings = new StubListings();

const ADD = `mutation ($input: AddListingImageInput!) { addListingImage(input: $input) { imageId listingType listingId imageUrl metadata createdAt updatedAt } }`;
const UPDATE = `mutation ($id: ID!, $input: UpdateListingImageInput!) { updateListingImage(imageId: $id, input: $input) { imageId imageUrl metadata } }`;
const DELETE = `mutation ($id: ID!) { deleteListingImage(imageId: $id) }`;
const IMAGES = `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Hotel { images { imageId imageUrl metadata } } } }`;

interface Image {
  imageId: string;
  imageUrl: string;
  metadata: Record<string, unknown>;
}

const images = async (hotelId: string): Promise<Image[]> =>
  (await gql<{ _entities: Array<{ images: Image[] }> }>(anonymous, IMAGES, { reps: [{ __typename: 'Hotel', hotelId }] })).data?._entities[0]?.images ?? [];

async function add(input: Record<string, unknown> = {}): Promise<Image> {
  const response = await gql<{ addListingImage: Image }>(listingAdmin, ADD, { input: { listingType: 'Hotel', listingId: 'HTL001', imageUrl: 'https://img.example.com/lobby.jpg', ...input } });
  if (!response.data?.addListingImage) throw new Error(JSON.stringify(response.errors));
  return response.data.addListingImage;
}

beforeAll(async () => {
  config = testConfig();
  mongo = await createTestMongo(config, 'reviews_images');
  server = await createServer({ config, port: 0, mongoDb: mongo.name, bookingVerifier: new StubBookings(), listingDirectory: listings });
  gql = client(server.url, config);
});

afterAll(async () => {
  await server?.close();
  await mongo?.drop();
});

beforeEach(async () => {
  await mongo.db.collection('images').deleteMany({});
});

describe('listing images', () => {
  it('lets a Listing Admin add an image that anyone then sees on the listing', async () => {
    const image = await add({ metadata: { caption: 'Lobby', width: 1200, tags: ['inside'] } });
    expect(image).toMatchObject({ listingType: 'Hotel', listingId: 'HTL001', imageUrl: 'https://img.example.com/lobby.jpg', metadata: { caption: 'Lobby', width: 1200, tags: ['inside'] } });
    expect(await images('HTL001')).toEqual([{ imageId: image.imageId, imageUrl: image.imageUrl, metadata: image.metadata }]);
    expect(await mongo.db.collection('images').findOne({}, { projection: { _id: 0, created_at: 0, updated_at: 0 } })).toEqual({
      entity_type: 'Hotel',
      entity_id: 'HTL001',
      image_url: 'https://img.example.com/lobby.jpg',
      metadata: { caption: 'Lobby', width: 1200, tags: ['inside'] },
    });
  });

  it('defaults metadata to an empty object and accepts http URLs', async () => {
    expect((await add({ imageUrl: 'http://img.example.com/a.png' })).metadata).toEqual({});
  });

  it('lets a Super Admin manage images; other admins, users and visitors are refused', async () => {
    expect((await gql(superAdmin, ADD, { input: { listingType: 'Car', listingId: 'CAR001', imageUrl: 'https://img.example.com/c.jpg' } })).errors).toBeUndefined();
    const input = { listingType: 'Car', listingId: 'CAR001', imageUrl: 'https://img.example.com/c.jpg' };
    expect(codeOf(await gql(billingAdmin, ADD, { input }))).toBe('FORBIDDEN');
    expect(codeOf(await gql(alice, ADD, { input }))).toBe('FORBIDDEN');
    expect(codeOf(await gql(anonymous, ADD, { input }))).toBe('UNAUTHENTICATED');
    expect(await mongo.db.collection('images').countDocuments()).toBe(1);
  });

  it.each([
    ['javascript:alert(1)', 'must use http or https'],
    ['ftp://img.example.com/a.jpg', 'must use http or https'],
    ['data:image/png;base64,AAAA', 'must use http or https'],
    ['/relative/path.jpg', 'must be an absolute http(s) URL'],
    ['https://user:secret@img.example.com/a.jpg', 'must not contain credentials'],
    [`https://img.example.com/${'a'.repeat(2048)}`, 'must be at most 2048 characters'],
  ])('rejects the URL %s', async (imageUrl, message) => {
    const response = await gql(listingAdmin, ADD, { input: { listingType: 'Hotel', listingId: 'HTL001', imageUrl } });
    expect(codeOf(response)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(response)).toEqual([{ path: 'input.imageUrl', message }]);
    expect(await mongo.db.collection('images').countDocuments()).toBe(0);
  });

  it('reports a bad URL, listing id and metadata together', async () => {
    const response = await gql(listingAdmin, ADD, { input: { listingType: 'Hotel', listingId: '', imageUrl: 'nope', metadata: { big: 'x'.repeat(5000) } } });
    expect(fieldsOf(response)).toEqual([
      { path: 'input.listingId', message: expect.any(String) },
      { path: 'input.imageUrl', message: 'must be an absolute http(s) URL' },
      { path: 'input.metadata', message: 'must be at most 4096 bytes as JSON' },
    ]);
  });

  it('refuses an image of a listing the listings subgraph does not know, asking it once per request', async () => {
    const calls = listings.calls.length;
    const response = await gql(listingAdmin, ADD, { input: { listingType: 'Car', listingId: 'GONE01', imageUrl: 'https://img.example.com/car.jpg' } });
    expect(codeOf(response)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(response)).toEqual([{ path: 'input.listingId', message: 'no Car with this id' }]);
    expect(listings.calls.slice(calls)).toEqual([['Car:GONE01']]);
    expect(await mongo.db.collection('images').countDocuments({ entity_id: 'GONE01' })).toBe(0);
  });

  it('does not ask about a listing when the input is already invalid', async () => {
    const calls = listings.calls.length;
    await gql(listingAdmin, ADD, { input: { listingType: 'Hotel', listingId: 'HTL001', imageUrl: 'javascript:alert(1)' } });
    expect(listings.calls.length).toBe(calls);
  });

  it('updates the URL and metadata of an image', async () => {
    const image = await add();
    const response = await gql<{ updateListingImage: Image }>(listingAdmin, UPDATE, { id: image.imageId, input: { imageUrl: 'https://cdn.example.com/new.jpg', metadata: { caption: 'New' } } });
    expect(response.data?.updateListingImage).toEqual({ imageId: image.imageId, imageUrl: 'https://cdn.example.com/new.jpg', metadata: { caption: 'New' } });
    expect((await images('HTL001'))[0]?.imageUrl).toBe('https://cdn.example.com/new.jpg');
  });

  it('validates updates, refuses non-admins and answers NOT_FOUND for unknown images', async () => {
    const image = await add();
    expect(fieldsOf(await gql(listingAdmin, UPDATE, { id: image.imageId, input: { imageUrl: 'mailto:a@b.c' } }))).toEqual([{ path: 'input.imageUrl', message: 'must use http or https' }]);
    expect(fieldsOf(await gql(listingAdmin, UPDATE, { id: image.imageId, input: {} }))).toEqual([{ path: 'input', message: 'give imageUrl or metadata' }]);
    expect(codeOf(await gql(alice, UPDATE, { id: image.imageId, input: { metadata: {} } }))).toBe('FORBIDDEN');
    expect(codeOf(await gql(listingAdmin, UPDATE, { id: 'ffffffffffffffffffffffff', input: { metadata: {} } }))).toBe('NOT_FOUND');
    expect((await images('HTL001'))[0]?.imageUrl).toBe('https://img.example.com/lobby.jpg');
  });

  it('deletes an image; deleting it again is NOT_FOUND', async () => {
    const image = await add();
    expect(codeOf(await gql(alice, DELETE, { id: image.imageId }))).toBe('FORBIDDEN');
    expect((await gql<{ deleteListingImage: string }>(listingAdmin, DELETE, { id: image.imageId })).data?.deleteListingImage).toBe(image.imageId);
    expect(await images('HTL001')).toEqual([]);
    expect(codeOf(await gql(listingAdmin, DELETE, { id: image.imageId }))).toBe('NOT_FOUND');
    expect(codeOf(await gql(listingAdmin, DELETE, { id: 'garbage' }))).toBe('NOT_FOUND');
  });
});
