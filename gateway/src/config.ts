import { availableParallelism } from 'node:os';
import { z } from 'zod';

const flag = z.enum(['true', 'false']).transform((value) => value === 'true');

/** Gateway-only settings (the shared ones come from @kayak/common's loadConfig). */
const gatewaySchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  GATEWAY_MAX_DEPTH: z.coerce.number().int().positive().default(12),
  GATEWAY_MAX_COST: z.coerce.number().int().positive().default(5000),
  GATEWAY_MAX_ALIASES: z.coerce.number().int().nonnegative().default(30),
  GATEWAY_MAX_BODY_BYTES: z.coerce.number().int().positive().default(256 * 1024),
  /** Comma-separated origins allowed by CORS, or `*`. */
  CORS_ORIGINS: z.string().default('*'),
  /** Defaults to on outside production (the Sandbox needs it). */
  INTROSPECTION: flag.optional(),
  /** `static`: compose supergraph.yaml once at start; `poll`: compose from the running subgraphs and hot-reload. */
  SUPERGRAPH_MODE: z.enum(['static', 'poll']).default('static'),
  SUPERGRAPH_POLL_MS: z.coerce.number().int().positive().default(2000),
  /**
   * Proxies in front of the gateway that append to x-forwarded-for (a load balancer: 1). The client
   * address is the entry the outermost trusted proxy added; 0 ignores the header (a client sets it).
   */
  GATEWAY_TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  /** Gateway processes sharing the port (node:cluster); 1 runs it in the starting process alone. */
  GATEWAY_WORKERS: z.coerce.number().int().min(1).max(64).default(availableParallelism()),
  /** Connections at once from one gateway worker to one subgraph; more requests wait in the gateway. */
  GATEWAY_SUBGRAPH_CONNECTIONS: z.coerce.number().int().min(1).max(1024).default(16),
  /** Memory for query plans, per gateway worker (MiB; @apollo/gateway's default is 30). */
  GATEWAY_QUERY_PLAN_CACHE_MIB: z.coerce.number().int().min(1).max(4096).default(30),
  /** Response cache (Redis) for anonymous queries whose subgraphs send cache hints; `false` turns it off. */
  GATEWAY_RESPONSE_CACHE: flag.default(true),
  /** Longest time (s) a cached response is kept, whatever the hints say. */
  GATEWAY_RESPONSE_CACHE_MAX_AGE: z.coerce.number().int().min(1).max(86_400).default(300),
  /** How long a subgraph replica whose connection failed sits out of the rotation (docs/gateway.md). */
  GATEWAY_REPLICA_COOLDOWN_MS: z.coerce.number().int().min(0).max(600_000).default(5000),
});

export interface GatewaySettings {
  production: boolean;
  limits: { maxDepth: number; maxCost: number; maxAliases: number };
  maxBodyBytes: number;
  corsOrigins: '*' | string[];
  introspection: boolean;
  supergraph: { mode: 'static' | 'poll'; pollMs: number };
  trustedProxyHops: number;
  workers: number;
  subgraphConnections: number;
  responseCache: { enabled: boolean; maxAgeSeconds: number };
  queryPlanCacheMiB: number;
  replicaCooldownMs: number;
}

export function loadGatewaySettings(env: NodeJS.ProcessEnv = process.env): GatewaySettings {
  const parsed = gatewaySchema.parse(env);
  const production = parsed.NODE_ENV === 'production';
  return {
    production,
    limits: { maxDepth: parsed.GATEWAY_MAX_DEPTH, maxCost: parsed.GATEWAY_MAX_COST, maxAliases: parsed.GATEWAY_MAX_ALIASES },
    maxBodyBytes: parsed.GATEWAY_MAX_BODY_BYTES,
    corsOrigins: parsed.CORS_ORIGINS.trim() === '*' ? '*' : parsed.CORS_ORIGINS.split(',').map((origin) => origin.trim()).filter(Boolean),
    introspection: parsed.INTROSPECTION ?? !production,
    supergraph: { mode: parsed.SUPERGRAPH_MODE, pollMs: parsed.SUPERGRAPH_POLL_MS },
    trustedProxyHops: parsed.GATEWAY_TRUSTED_PROXY_HOPS,
    workers: parsed.GATEWAY_WORKERS,
    subgraphConnections: parsed.GATEWAY_SUBGRAPH_CONNECTIONS,
    responseCache: { enabled: parsed.GATEWAY_RESPONSE_CACHE, maxAgeSeconds: parsed.GATEWAY_RESPONSE_CACHE_MAX_AGE },
    queryPlanCacheMiB: parsed.GATEWAY_QUERY_PLAN_CACHE_MIB,
    replicaCooldownMs: parsed.GATEWAY_REPLICA_COOLDOWN_MS,
  };
}
