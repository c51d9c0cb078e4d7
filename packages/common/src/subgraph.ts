import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { trace } from '@opentelemetry/api';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';
import { parse } from 'graphql';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { GATEWAY_ASSERTION_HEADER, verifyGatewayAssertion, type Viewer } from './auth.js';
import { AppError, toPublicError, withHttpStatus } from './errors.js';
import { CACHE_TAGS_HEADER, cacheTagsHeader } from './response-cache.js';
import { sendJson, serveGraphQL, type RouteHandler, type RunningHttpServer } from './http.js';
import { createMetricsRegistry, metricsRoute, requestMetricsPlugin } from './metrics.js';
import { shutdownTelemetry } from './telemetry.js';

/** What every subgraph's per-request context starts from. */
export interface RequestContext {
  viewer: Viewer;
  requestId: string;
  /** The client's address as the gateway saw it; absent on subgraph-to-subgraph calls. */
  clientIp?: string;
  logger: Logger;
  /**
   * The entities (listingKey) this request's answer was built from or changed, sent to the gateway
   * in the x-cache-tags header for its response cache (response-cache.ts).
   */
  cacheTags: Set<string>;
}

export type Resolvers<C> = GraphQLResolverMap<C>;

export interface SubgraphOptions<C extends RequestContext> {
  name: string;
  /** Absolute path of the subgraph's `schema.graphql`. */
  schemaPath: string;
  resolvers: Resolvers<C>;
  host: string;
  port: number;
  gatewaySecret: string;
  logger: Logger;
  /** Adds the subgraph's loaders and services to the verified request context. */
  buildContext(base: RequestContext): C | Promise<C>;
  /**
   * Turns an unexpected error the subgraph can name (e.g. its database pool timed out) into a public
   * one; anything it returns undefined for stays INTERNAL_SERVER_ERROR.
   */
  classifyError?(error: unknown): AppError | undefined;
  /** Runs after the HTTP server closed (close clients here). */
  onClose?(): Promise<void>;
  /**
   * Whether this process should receive traffic (GET /ready: 200 or 503 with this body); ready
   * whenever it listens when omitted. The gateway's own /ready asks every subgraph's.
   */
  readiness?(): Promise<Readiness>;
  /** Extra HTTP routes beside GraphQL. */
  routes?: Record<string, RouteHandler>;
  /**
   * The process's Prometheus registry, with the subgraph's own metrics (pools, consumers, outbox)
   * already registered; created (`createMetricsRegistry(name)`) when omitted. startSubgraph adds the
   * request metrics and serves it at GET /metrics.
   */
  metrics?: Registry;
}

export interface Readiness {
  ready: boolean;
  [detail: string]: unknown;
}

const KNOWN_CODES = new Set(['BAD_USER_INPUT', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'RATE_LIMITED', 'TOO_MANY_REQUESTS']);

/** Sends the request's cache tags to the gateway. */
function cacheTagsPlugin<C extends RequestContext>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          const header = cacheTagsHeader(contextValue.cacheTags);
          if (header) response.http.headers.set(CACHE_TAGS_HEADER, header);
        },
      };
    },
  };
}

/** Logs unexpected errors with the request id; clients only see INTERNAL_SERVER_ERROR. */
function errorLoggingPlugin<C extends RequestContext>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) {
            const code = error.extensions.code;
            if (typeof code === 'string' && KNOWN_CODES.has(code)) continue;
            contextValue.logger.error({ err: error.originalError ?? error, path: error.path }, 'unexpected resolver error');
          }
        },
      };
    },
  };
}

export function loadSchema(schemaPath: string): ReturnType<typeof parse> {
  return parse(readFileSync(schemaPath, 'utf8'));
}

/** Builds the federated schema, verifies the gateway's assertion on each request, and listens. */
export async function startSubgraph<C extends RequestContext>(options: SubgraphOptions<C>): Promise<RunningHttpServer & { metrics: Registry }> {
  const metrics = options.metrics ?? createMetricsRegistry(options.name);
  const apollo = new ApolloServer<C>({
    schema: buildSubgraphSchema([{ typeDefs: loadSchema(options.schemaPath), resolvers: options.resolvers }]),
    includeStacktraceInErrorResponses: false,
    // closeOnSignals (index.ts) owns SIGINT/SIGTERM; Apollo's own handler would race it and hang the exit.
    stopOnTerminationSignals: false,
    formatError: (formatted, error) => {
      const known = options.classifyError?.(unwrapResolverError(error));
      return toPublicError(known ? { ...formatted, message: known.message, extensions: { ...known.extensions } } : formatted);
    },
    // Inline traces (ftv1) are for Apollo Studio, which this deployment does not use.
    plugins: [requestMetricsPlugin<C>(metrics), errorLoggingPlugin<C>(), cacheTagsPlugin<C>(), ApolloServerPluginInlineTraceDisabled()],
  });
  await apollo.start();

  const context = async (req: IncomingMessage): Promise<C> => {
    const header = req.headers[GATEWAY_ASSERTION_HEADER];
    // A caller without a valid assertion is unauthenticated (401), not a server failure (500).
    const { viewer, requestId, clientIp } = await verifyGatewayAssertion(options.gatewaySecret, Array.isArray(header) ? header[0] : header).catch((error: unknown) => {
      throw error instanceof AppError ? withHttpStatus(error, 401) : error;
    });
    trace.getActiveSpan()?.setAttribute('kayak.request_id', requestId);
    return options.buildContext({ viewer, requestId, ...(clientIp ? { clientIp } : {}), logger: options.logger.child({ requestId }), cacheTags: new Set() });
  };

  const routes: Record<string, RouteHandler> = {
    '/health': (_req, res) => sendJson(res, 200, { status: 'ok' }),
    '/ready': async (_req, res) => {
      try {
        const { ready, ...details } = options.readiness ? await options.readiness() : { ready: true };
        sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', ...details });
      } catch (error) {
        options.logger.warn({ err: error }, 'readiness check failed');
        sendJson(res, 503, { status: 'not ready' });
      }
    },
    '/metrics': metricsRoute(metrics, options.logger),
    ...options.routes,
  };
  const http = await serveGraphQL({ apollo, context, host: options.host, port: options.port, logger: options.logger, routes, tracerScope: `@kayak/${options.name}` });
  options.logger.info({ url: http.url }, `${options.name} subgraph listening`);
  return {
    ...http,
    metrics,
    async close() {
      await http.close();
      await options.onClose?.();
    },
  };
}

/** Closes the server on SIGINT/SIGTERM so in-flight requests finish (used by each `index.ts`). */
export function closeOnSignals(server: { close(): Promise<void> }, logger: Logger): void {
  let closing = false;
  const stop = (signal: string): void => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    server
      .close()
      .then(() => shutdownTelemetry())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}
