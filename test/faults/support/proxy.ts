import { connect, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP proxy between the gateway and one subgraph. While `hold()` is on, request bytes are kept
 * instead of forwarded, and `held()` resolves once a request arrived: the test can then kill the
 * subgraph while the gateway is waiting for it, i.e. in the middle of a request. `release()`
 * forwards what was held (to a dead upstream: the connection is reset) and passes bytes through.
 */
export interface HoldingProxy {
  url: string;
  hold(): void;
  /** Resolves when a held connection received request bytes. */
  held(): Promise<void>;
  release(): void;
  close(): Promise<void>;
}

interface Pair {
  client: Socket;
  upstream: Socket | null;
  pending: Buffer[];
}

export async function startHoldingProxy(upstreamPort: number, path = '/graphql'): Promise<HoldingProxy> {
  let holding = false;
  let onHeld: (() => void) | null = null;
  const pairs = new Set<Pair>();

  const openUpstream = (pair: Pair): void => {
    const upstream = connect({ port: upstreamPort, host: '127.0.0.1' });
    pair.upstream = upstream;
    upstream.on('data', (chunk) => pair.client.write(chunk));
    // The subgraph went away (or never answered): the gateway sees its connection reset.
    upstream.on('error', () => pair.client.destroy());
    upstream.on('close', () => pair.client.destroy());
    for (const chunk of pair.pending.splice(0)) upstream.write(chunk);
  };

  const server: Server = createServer((client) => {
    const pair: Pair = { client, upstream: null, pending: [] };
    pairs.add(pair);
    client.on('data', (chunk) => {
      if (holding) {
        pair.pending.push(chunk);
        onHeld?.();
        onHeld = null;
        return;
      }
      if (!pair.upstream) openUpstream(pair);
      pair.upstream?.write(chunk);
    });
    client.on('error', () => pair.upstream?.destroy());
    client.on('close', () => {
      pair.upstream?.destroy();
      pairs.delete(pair);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}${path}`,
    hold() {
      holding = true;
    },
    held: () =>
      new Promise<void>((resolve) => {
        if ([...pairs].some((pair) => pair.pending.length > 0)) resolve();
        else onHeld = resolve;
      }),
    release() {
      holding = false;
      for (const pair of pairs) {
        if (pair.pending.length === 0) continue;
        if (!pair.upstream || pair.upstream.destroyed) openUpstream(pair);
        else for (const chunk of pair.pending.splice(0)) pair.upstream.write(chunk);
      }
    },
    async close() {
      for (const pair of pairs) {
        pair.client.destroy();
        pair.upstream?.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
