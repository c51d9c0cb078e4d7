import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SubgraphConnections } from '../../src/datasource.js';

// The gateway's pool towards one subgraph: never more requests in flight there than its limit; the
// rest wait in the gateway and are all answered.
let server: Server;
let url: string;
let inFlight = 0;
let mostInFlight = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    inFlight += 1;
    mostInFlight = Math.max(mostInFlight, inFlight);
    req.resume();
    setTimeout(() => {
      inFlight -= 1;
      res.setHeader('content-type', 'application/json');
      res.end('{"data":{"ok":true}}');
    }, 50);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('SubgraphConnections', () => {
  it('keeps at most its limit of requests at the subgraph, and answers every one', async () => {
    const connections = new SubgraphConnections(3);
    try {
      const answers = await Promise.all(
        Array.from({ length: 12 }, async () => {
          const answer = await connections.postTo(url, { 'content-type': 'application/json' }, '{}');
          return answer.status;
        }),
      );
      expect(answers).toEqual(Array.from({ length: 12 }, () => 200));
      expect(mostInFlight).toBe(3);
    } finally {
      await connections.close();
    }
  });
});
