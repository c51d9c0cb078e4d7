import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { createGatewayRuntime } from '@graphql-hive/gateway';
import { GATEWAY_ASSERTION_HEADER, loadConfig, signGatewayAssertion, verifyAccessToken, type Viewer } from '@kayak/common';
import { exitWithParent } from './parent-watch.js';

/**
 * Hive Gateway (graphql-hive/gateway runtime) serving the same supergraph as our gateway, for the
 * comparison in `npm run bench`. Our subgraphs only trust the signed viewer assertion, so this
 * gateway does the same edge work as ours: verify the Bearer token once per request and send
 * every subgraph fetch of that request the assertion (signed once, lazily).
 */
const config = loadConfig();
const supergraphPath = process.env.BENCH_SUPERGRAPH_PATH;
const port = Number(process.env.HIVE_PORT);
if (!supergraphPath || !Number.isInteger(port)) throw new Error('BENCH_SUPERGRAPH_PATH and HIVE_PORT are required');

async function viewerOf(request: Request): Promise<Viewer> {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '');
  if (!match?.[1]) return { kind: 'anonymous' };
  try {
    return await verifyAccessToken(config.JWT_SECRET, match[1]);
  } catch {
    return { kind: 'anonymous' };
  }
}

const assertions = new WeakMap<Request, Promise<string>>();
const assertionFor = (request: Request): Promise<string> => {
  let signed = assertions.get(request);
  if (!signed) {
    signed = viewerOf(request).then((viewer) => signGatewayAssertion(config.GATEWAY_SECRET, viewer, randomUUID()));
    assertions.set(request, signed);
  }
  return signed;
};

const gateway = createGatewayRuntime({
  supergraph: readFileSync(supergraphPath, 'utf8'),
  logging: 'error',
  landingPage: false,
  graphqlEndpoint: '/graphql',
  propagateHeaders: {
    fromClientToSubgraphs: async ({ request }) => ({ [GATEWAY_ASSERTION_HEADER]: await assertionFor(request) }),
  },
});

const server = createServer(gateway);
server.keepAliveTimeout = 65_000;
server.listen(port, '127.0.0.1', () => console.log(`hive gateway listening on http://127.0.0.1:${port}/graphql`));
const stop = (): void => {
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  setTimeout(() => process.exit(0), 5_000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
exitWithParent();
