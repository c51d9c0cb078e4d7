import { createServer as createHttpServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GATEWAY_ASSERTION_HEADER, REQUEST_ID_HEADER, signGatewayAssertion, verifyGatewayAssertion } from '@kayak/common';
import { graphqlRequest } from '@kayak/common/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CREATE_BOOKING, daysFromNow, startHarness, SUPER_ADMIN, type BookingData, type Harness } from '../support/harness.js';

/**
 * A stand-in for the listings and users subgraphs: answers `_entities` for hotels and users and
 * remembers the headers of every call, so the test sees what bookings forwards.
 */
interface FakeSubgraph {
  url: string;
  calls: Array<{ headers: IncomingHttpHeaders; typenames: string[] }>;
  close(): Promise<void>;
}

async function startFakeSubgraph(): Promise<FakeSubgraph> {
  const calls: FakeSubgraph['calls'] = [];
  const server: Server = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { variables: { representations: Array<Record<string, string>> } };
      const representations = body.variables.representations;
      calls.push({ headers: req.headers, typenames: representations.map((representation) => representation.__typename ?? '') });
      const entities = representations.map((representation) =>
        representation.__typename === 'Hotel'
          ? { __typename: 'Hotel', hotelId: representation.hotelId, pricePerNight: '100.00', numberOfRooms: 5, retired: false, roomTypes: [{ code: 'STANDARD', name: 'Standard', maxOccupancy: 2, numberOfRooms: 5, pricePerNight: '100.00', isDefault: true }] }
          : { __typename: 'User', userId: representation.userId },
      );
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ data: { _entities: entities } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/graphql`, calls, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('request id on calls to other subgraphs', () => {
  let fake: FakeSubgraph;
  let h: Harness;

  beforeAll(async () => {
    fake = await startFakeSubgraph();
    // No test doubles for the catalog and the directory: the real clients call the fake subgraph.
    h = await startHarness('requestid', { listingCatalog: undefined, userDirectory: undefined, configOverrides: { LISTINGS_URL: fake.url, USERS_URL: fake.url } });
  });

  afterAll(async () => {
    await h?.close();
    await fake?.close();
  });

  it('forwards the request id of the incoming request to listings and users', async () => {
    const requestId = 'req-forwarded-0001';
    const assertion = await signGatewayAssertion(h.config.GATEWAY_SECRET, SUPER_ADMIN, requestId);
    const input = { listingType: 'Hotel', listingId: 'HTL-RID', startDate: daysFromNow(10), endDate: daysFromNow(12), quantity: 1, userId: '123-45-6789' };
    const response = await graphqlRequest<{ createBooking: BookingData }>(h.server.url, CREATE_BOOKING, { variables: { input }, headers: { [GATEWAY_ASSERTION_HEADER]: assertion } });

    expect(response.errors).toBeUndefined();
    expect(response.data?.createBooking).toMatchObject({ referenceId: 'HTL-RID', bookingStatus: 'Pending' });
    expect(fake.calls.map((call) => call.typenames)).toEqual([['User'], ['Hotel']]);
    for (const call of fake.calls) {
      expect(call.headers[REQUEST_ID_HEADER]).toBe(requestId);
      const header = call.headers[GATEWAY_ASSERTION_HEADER];
      const forwarded = await verifyGatewayAssertion(h.config.GATEWAY_SECRET, Array.isArray(header) ? header[0] : header);
      expect(forwarded).toMatchObject({ requestId, viewer: SUPER_ADMIN });
    }
  });
});
