import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import {
  createLogger,
  GATEWAY_ASSERTION_HEADER,
  REQUEST_ID_HEADER,
  sendJson,
  serveGraphQL,
  signGatewayAssertion,
  toPublicError,
  unauthenticated,
  verifyAccessToken,
  type AppConfig,
  type Logger,
  type Viewer,
} from '@kayak/common';
import { composeSupergraph, readSupergraphConfig, type SubgraphSource } from './supergraph.js';

export interface GatewayContext {
  viewer: Viewer;
  requestId: string;
  /** The signed assertion sent to every subgraph of this request (signed once, lazily). */
  assertion(): Promise<string>;
}

/** Adds the signed viewer assertion and the request id to every subgraph request. */
class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  override async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    if (!('assertion' in context)) return; // health checks and schema loading carry no request context
    request.http?.headers.set(GATEWAY_ASSERTION_HEADER, await context.assertion());
    request.http?.headers.set(REQUEST_ID_HEADER, context.requestId);
  }
}

export interface GatewayOptions {
  config: AppConfig;
  /** Defaults to GATEWAY_PORT; tests pass 0. */
  port?: number;
  /** Where each subgraph listens, by name; defaults to the routing URLs of supergraph.yaml. */
  subgraphUrls?: Record<string, string>;
  subgraphs?: SubgraphSource[];
}

/** Subgraph URLs from the environment (USERS_URL, ...), overriding supergraph.yaml's routing URLs. */
export function configuredSubgraphUrls(config: AppConfig): Record<string, string> {
  return { users: config.USERS_URL, listings: config.LISTINGS_URL, bookings: config.BOOKINGS_URL, reviews: config.REVIEWS_URL };
}

/** The viewer of the request's `Authorization: Bearer` access token; anonymous without one. */
async function viewerOf(req: IncomingMessage, secret: string): Promise<Viewer> {
  const header = req.headers.authorization;
  if (!header) return { kind: 'anonymous' };
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) throw unauthenticated('Authorization header must be "Bearer <access token>"');
  return verifyAccessToken(secret, match[1]);
}

async function subgraphsReady(subgraphs: SubgraphSource[], urls: Record<string, string>, secret: string, logger: Logger): Promise<Record<string, boolean>> {
  const assertion = await signGatewayAssertion(secret, { kind: 'anonymous' }, `ready-${randomUUID()}`);
  const entries = await Promise.all(
    subgraphs.map(async (subgraph) => {
      try {
        const response = await fetch(urls[subgraph.name] ?? subgraph.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [GATEWAY_ASSERTION_HEADER]: assertion },
          body: JSON.stringify({ query: '{ __typename }' }),
          signal: AbortSignal.timeout(2000),
        });
        return [subgraph.name, response.ok] as const;
      } catch (error) {
        logger.warn({ err: error, subgraph: subgraph.name }, 'subgraph not reachable');
        return [subgraph.name, false] as const;
      }
    }),
  );
  return Object.fromEntries(entries);
}

export async function createGateway({ config, port = config.GATEWAY_PORT, subgraphUrls = {}, subgraphs = readSupergraphConfig() }: GatewayOptions) {
  const logger = createLogger('gateway', config.LOG_LEVEL);
  const { supergraphSdl, hints } = composeSupergraph(subgraphs);
  for (const hint of hints) logger.debug({ hint }, 'composition hint');

  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) => new SubgraphDataSource({ url: subgraphUrls[name] ?? url }),
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    includeStacktraceInErrorResponses: false,
    formatError: (formatted) => toPublicError(formatted),
  });
  await apollo.start();

  const context = async (req: IncomingMessage): Promise<GatewayContext> => {
    const requestId = randomUUID();
    const viewer = await viewerOf(req, config.JWT_SECRET);
    let signed: Promise<string> | undefined;
    return { viewer, requestId, assertion: () => (signed ??= signGatewayAssertion(config.GATEWAY_SECRET, viewer, requestId)) };
  };

  const server = await serveGraphQL({
    apollo,
    context,
    host: config.HOST,
    port,
    logger,
    paths: ['/', '/graphql'],
    routes: {
      '/health': (_req, res) => sendJson(res, 200, { status: 'ok' }),
      '/ready': async (_req, res) => {
        const subgraphStatus = await subgraphsReady(subgraphs, subgraphUrls, config.GATEWAY_SECRET, logger);
        const ready = Object.values(subgraphStatus).every(Boolean);
        sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', subgraphs: subgraphStatus });
      },
    },
  });
  logger.info({ url: server.url }, 'gateway listening');
  return { ...server, url: server.url.replace(/\/$/, '') + '/', logger };
}
