import { join } from 'node:path';
import { ApolloGateway, IntrospectAndCompose } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageLocalDefault, ApolloServerPluginLandingPageProductionDefault } from '@apollo/server/plugin/landingPage/default';
import {
  connectMongo,
  createLogger,
  createRateLimiter,
  createRedis,
  CUSTOM_SCALARS,
  ResponseCache,
  GATEWAY_ASSERTION_HEADER,
  parseUrlList,
  sendJson,
  serveGraphQL,
  signGatewayAssertion,
  toPublicError,
  type AppConfig,
  type Logger,
} from '@kayak/common';
import { repoRoot } from '@kayak/common/env';
import { loadAllowlist } from './allowlist.js';
import { createRedisKeyValueCache } from './apq-cache.js';
import { loadGatewaySettings, type GatewaySettings } from './config.js';
import { createContextFactory, type GatewayContext } from './context.js';
import { SubgraphConnections, SubgraphDataSource } from './datasource.js';
import { metricsSource } from './cluster.js';
import { listSizesOf } from './limits.js';
import { createMetrics } from './metrics.js';
import { createPartnerKeyStore } from './partners.js';
import { customScalarsPlugin, limitsPlugin, observabilityPlugin, partnerPolicyPlugin, retryAfterPlugin } from './plugins.js';
import { composeSupergraph, readSupergraphConfig, subgraphUrlsFrom, type SubgraphSource } from './supergraph.js';
import { createQueryPlanCache } from './plan-cache.js';
import { responseCachePlugin } from './response-cache.js';
import { valueCompletionPlugin } from './value-completion.js';

export type { GatewayContext };

/** Saved operations of the gateway and the client: the allow-list for partner keys in allow-list mode. */
export const defaultOperationDirs = [join(repoRoot, 'gateway', 'operations'), join(repoRoot, 'client', 'src')];

export interface GatewayOptions {
  config: AppConfig;
  settings?: GatewaySettings;
  /** Defaults to GATEWAY_PORT; tests pass 0. */
  port?: number;
  /**
   * Where each subgraph listens, by name; defaults to the routing URLs of supergraph.yaml. A
   * comma-separated list (or an array) names the subgraph's replicas: the gateway balances across them.
   */
  subgraphUrls?: Record<string, string | readonly string[]>;
  subgraphs?: SubgraphSource[];
  /** Database of the partner API keys; defaults to MONGO_DB. */
  mongoDb?: string;
  operationDirs?: string[];
}

/** Subgraph URLs from the config (USERS_URL, ...), overriding supergraph.yaml's routing URLs. */
export function configuredSubgraphUrls(config: AppConfig): Record<string, string> {
  return subgraphUrlsFrom(config);
}

async function replicaReady(name: string, url: string, logger: Logger): Promise<boolean> {
  try {
    const response = await fetch(new URL('/ready', url), { signal: AbortSignal.timeout(5000) });
    if (!response.ok) logger.warn({ subgraph: name, url, status: response.status, body: await response.text().catch(() => '') }, 'subgraph replica not ready');
    return response.ok;
  } catch (error) {
    logger.warn({ err: error, subgraph: name, url }, 'subgraph replica not reachable');
    return false;
  }
}

/**
 * Each subgraph replica's own GET /ready (packages/common/src/subgraph.ts): 200 only while it
 * listens and everything it runs is healthy enough to serve, e.g. the listings consumers are in
 * their group and not lagging. A subgraph is ready when at least one of its replicas is (the
 * gateway routes around the others); the gateway is ready only when every subgraph is. The body
 * says which subgraph is not, and how many of its replicas are ready.
 */
async function subgraphsReady(urls: Record<string, string[]>, logger: Logger): Promise<{ subgraphs: Record<string, boolean>; replicas: Record<string, string> }> {
  const entries = await Promise.all(
    Object.entries(urls).map(async ([name, replicas]) => {
      const ready = (await Promise.all(replicas.map((url) => replicaReady(name, url, logger)))).filter(Boolean).length;
      return [name, ready] as const;
    }),
  );
  return {
    subgraphs: Object.fromEntries(entries.map(([name, ready]) => [name, ready > 0])),
    replicas: Object.fromEntries(entries.map(([name, ready]) => [name, `${ready}/${urls[name]?.length ?? 0}`])),
  };
}

export async function createGateway(options: GatewayOptions) {
  const { config } = options;
  const settings = options.settings ?? loadGatewaySettings();
  const logger = createLogger('gateway', config.LOG_LEVEL);
  const subgraphs = options.subgraphs ?? readSupergraphConfig();
  // Each subgraph's replicas (one URL unless <NAME>_URL lists several).
  const urls: Record<string, string[]> = Object.fromEntries(
    subgraphs.map((subgraph) => {
      const configured = options.subgraphUrls?.[subgraph.name] ?? subgraph.url;
      return [subgraph.name, typeof configured === 'string' ? parseUrlList(configured) : [...configured]];
    }),
  );

  const redis = createRedis(config.REDIS_URL);
  const mongo = await connectMongo(config.MONGO_URL, options.mongoDb ?? config.MONGO_DB);
  const metrics = createMetrics();
  const metricsText = metricsSource(metrics.registry);
  const connections = new SubgraphConnections(settings.subgraphConnections);
  const allowlist = loadAllowlist(options.operationDirs ?? defaultOperationDirs);
  // One store, so a key revoked through `partners` is forgotten by the request path's cache too.
  const partners = createPartnerKeyStore(mongo.db);

  const gateway = new ApolloGateway({
    // static: the supergraph composed from supergraph.yaml (what production serves);
    // poll: composed from the running subgraphs' SDL and recomposed when one changes (development).
    supergraphSdl:
      settings.supergraph.mode === 'poll'
        ? new IntrospectAndCompose({
            // The SDL is the same on every replica: the first one is asked.
            subgraphs: Object.entries(urls).map(([name, replicas]) => ({ name, url: replicas[0] ?? '' })),
            pollIntervalInMs: settings.supergraph.pollMs,
            introspectionHeaders: async () => ({ [GATEWAY_ASSERTION_HEADER]: await signGatewayAssertion(config.GATEWAY_SECRET, { kind: 'anonymous' }, 'schema-poll') }),
          })
        : composeSupergraph(subgraphs).supergraphSdl,
    queryPlannerConfig: { cache: createQueryPlanCache(settings.queryPlanCacheMiB, metrics.queryPlanCache) },
    buildService: ({ name, url }) => new SubgraphDataSource({ url: urls[name]?.join(',') ?? url ?? '', cooldownMs: settings.replicaCooldownMs }, name, metrics, connections),
  });

  // The list sizes the subgraphs declare with @listSize, from each supergraph the gateway loads.
  let listSizes: ReadonlyMap<string, number> = new Map();
  gateway.onSchemaLoadOrUpdate(({ coreSupergraphSdl }) => {
    listSizes = listSizesOf(coreSupergraphSdl);
  });

  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: settings.introspection,
    // closeOnSignals drains and stops us; Apollo's own SIGTERM handler would race it and hang.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: false,
    formatError: (formatted) => toPublicError(formatted),
    persistedQueries: { cache: createRedisKeyValueCache(redis, 'apq:'), ttl: 24 * 60 * 60 },
    plugins: [
      limitsPlugin(settings.limits, () => listSizes),
      customScalarsPlugin(CUSTOM_SCALARS),
      retryAfterPlugin(),
      partnerPolicyPlugin(allowlist),
      observabilityPlugin(metrics, logger),
      valueCompletionPlugin<GatewayContext>(),
      ...(settings.responseCache.enabled ? [responseCachePlugin(new ResponseCache(redis, logger, options.mongoDb ?? config.MONGO_DB), metrics, settings.responseCache.maxAgeSeconds)] : []),
      settings.production ? ApolloServerPluginLandingPageProductionDefault() : ApolloServerPluginLandingPageLocalDefault({ embed: true }),
    ],
  });
  await apollo.start();

  const server = await serveGraphQL({
    apollo,
    context: createContextFactory({ jwtSecret: config.JWT_SECRET, gatewaySecret: config.GATEWAY_SECRET, partners, rateLimiter: createRateLimiter(redis, logger), trustedProxyHops: settings.trustedProxyHops }),
    host: config.HOST,
    port: options.port ?? config.GATEWAY_PORT,
    logger,
    paths: ['/', '/graphql'],
    tracerScope: '@kayak/gateway',
    maxBodyBytes: settings.maxBodyBytes,
    corsOrigins: settings.corsOrigins,
    routes: {
      '/health': (_req, res) => sendJson(res, 200, { status: 'ok' }),
      '/ready': async (_req, res) => {
        const status = await subgraphsReady(urls, logger);
        const ready = Object.values(status.subgraphs).every(Boolean);
        sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', ...status });
      },
      '/metrics': async (_req, res) => {
        res.setHeader('content-type', metrics.registry.contentType);
        res.end(await metricsText());
      },
    },
  });
  logger.info({ url: server.url, mode: settings.supergraph.mode, allowlisted: allowlist.size }, 'gateway listening');
  return {
    ...server,
    logger,
    metrics,
    partners,
    async close() {
      await server.close();
      await connections.close();
      redis.disconnect();
      await mongo.close();
    },
  };
}
