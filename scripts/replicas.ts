import { dirname, join } from 'node:path';
import type { AppConfig } from '@kayak/common';
import { subgraphPortVariable, subgraphUrlVariable, type SubgraphSource } from '@kayak/gateway/supergraph';

/**
 * How many processes `npm start` runs per subgraph (README "Replicas"): `REPLICAS=2` (every
 * subgraph) or `REPLICAS=listings=2,bookings=3` (the others 1), or the same after `--replicas`.
 * Replica n (from 0) of a subgraph listens on `<NAME>_PORT + n × REPLICA_PORT_STEP` (4002, 4012,
 * 4022 for listings: clear of the bench's 4100–4110), and every process is told all of them through `<NAME>_URL`.
 */

export const REPLICA_PORT_STEP = 10;
const MAX_REPLICAS = 9;

export class ReplicasError extends Error {}

function count(text: string, what: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > MAX_REPLICAS) throw new ReplicasError(`${what}: replicas must be a whole number from 1 to ${MAX_REPLICAS} (got "${text}")`);
  return value;
}

/** Replicas per subgraph from a REPLICAS / --replicas value; every name of `subgraphs` gets an entry. */
export function parseReplicas(spec: string | undefined, subgraphs: readonly string[]): Record<string, number> {
  const counts = Object.fromEntries(subgraphs.map((name) => [name, 1]));
  const text = spec?.trim() ?? '';
  if (text === '') return counts;
  if (!text.includes('=')) return Object.fromEntries(subgraphs.map((name) => [name, count(text, 'REPLICAS')]));
  for (const part of text.split(',').map((entry) => entry.trim()).filter(Boolean)) {
    const [name, value] = part.split('=').map((side) => side.trim());
    if (!name || value === undefined || !(name in counts)) throw new ReplicasError(`REPLICAS: "${part}" names no subgraph of supergraph.yaml (${subgraphs.join(', ')})`);
    counts[name] = count(value, name);
  }
  return counts;
}

/** The REPLICAS value: `--replicas <spec>` / `--replicas=<spec>` on the command line wins over the environment. */
export function replicasSpec(argv: readonly string[], env: NodeJS.ProcessEnv): string | undefined {
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] ?? '';
    if (arg === '--replicas') return argv[index + 1];
    if (arg.startsWith('--replicas=')) return arg.slice('--replicas='.length);
  }
  return env.REPLICAS;
}

export interface Replica {
  subgraph: string;
  /** 0 for the first. */
  index: number;
  port: number;
  url: string;
}

export interface ReplicaPlan {
  replicas: Replica[];
  /** `<NAME>_URL` of every subgraph with more than one replica: all its replicas' URLs, comma-separated. */
  urls: Record<string, string>;
}

/** Ports and URLs of every replica; a subgraph run once keeps its configured port and URL. */
export function planReplicas(config: AppConfig, counts: Record<string, number>): ReplicaPlan {
  const settings = config as unknown as Record<string, unknown>;
  const replicas: Replica[] = [];
  const urls: Record<string, string> = {};
  for (const [subgraph, total] of Object.entries(counts)) {
    const basePort = Number(settings[subgraphPortVariable(subgraph)]);
    if (!Number.isInteger(basePort) || basePort <= 0) throw new ReplicasError(`${subgraphPortVariable(subgraph)} is not set: cannot place ${subgraph}'s replicas`);
    const own = Array.from({ length: total }, (_, index) => {
      const port = basePort + index * REPLICA_PORT_STEP;
      return { subgraph, index, port, url: `http://${config.HOST}:${port}/graphql` };
    });
    replicas.push(...own);
    if (total > 1) urls[subgraphUrlVariable(subgraph)] = own.map((replica) => replica.url).join(',');
  }
  return { replicas, urls };
}

/** One process `npm start` runs: its log prefix, entry file (from the repository root) and environment. */
export interface Launch {
  name: string;
  entry: string;
  env: NodeJS.ProcessEnv;
}

/**
 * What `npm start` runs: every subgraph of supergraph.yaml (its src/index.ts, beside its schema) as
 * many times as REPLICAS / --replicas asks, each replica on its own `<NAME>_PORT`, then the gateway
 * and the web client. Every process is told all replicas of each subgraph (`<NAME>_URL`).
 */
export function planLaunches(config: AppConfig, subgraphs: readonly SubgraphSource[], argv: readonly string[], env: NodeJS.ProcessEnv): Launch[] {
  const counts = parseReplicas(replicasSpec(argv, env), subgraphs.map((subgraph) => subgraph.name));
  const { replicas, urls } = planReplicas(config, counts);
  const shared = { ...env, ...urls };
  const entryOf = new Map(subgraphs.map((subgraph) => [subgraph.name, join(dirname(subgraph.schemaPath), 'index.ts')]));
  return [
    ...replicas.map((replica) => ({
      name: (counts[replica.subgraph] ?? 1) > 1 ? `${replica.subgraph}#${replica.index + 1}` : replica.subgraph,
      entry: entryOf.get(replica.subgraph) ?? '',
      env: { ...shared, [subgraphPortVariable(replica.subgraph)]: String(replica.port) },
    })),
    { name: 'gateway', entry: 'gateway/src/index.ts', env: shared },
    { name: 'web', entry: 'web/server/cli.ts', env: shared },
  ];
}
