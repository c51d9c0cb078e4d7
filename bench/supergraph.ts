import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from '@kayak/common';
import { composeSupergraph, readSupergraphConfig, subgraphPortVariable, subgraphUrlVariable } from '@kayak/gateway/supergraph';
import { portsFrom, type BenchPorts, type BenchSettings } from './config.js';
import { assertPortsFree, httpOk, launch, subgraphAnswers, waitFor, type BenchProcess } from './processes.js';
import { benchLog as log, benchLogDir as logDir, benchResultsDir as resultsDir } from './paths.js';

/**
 * The bench's supergraph as child processes: the four subgraphs, our gateway and Hive Gateway on
 * the bench's ports (BENCH_BASE_PORT), on the bench's databases and topics.
 */

type SubgraphName = 'users' | 'listings' | 'bookings' | 'reviews';
/** The subgraphs bench/entries/subgraph.ts knows how to start, in start order. */
const SUBGRAPHS: readonly SubgraphName[] = ['users', 'listings', 'bookings', 'reviews'];

export interface BenchSupergraph {
  config: AppConfig;
  ports: BenchPorts;
  urls: Record<SubgraphName, string>;
  gatewayUrl: string;
  hiveUrl: string | null;
  hiveNote: string;
  supergraphSdl: string;
  processes: BenchProcess[];
}

/** Launched processes go into `processes` as they start, so a failed start can still stop them. */
export async function startBenchSupergraph(
  settings: BenchSettings,
  config: AppConfig,
  names: { mongoDb: string; databaseUrl: string; topicBase: string },
  processes: BenchProcess[],
): Promise<BenchSupergraph> {
  const ports = portsFrom(settings.BENCH_BASE_PORT);
  const host = '127.0.0.1';
  const urls = Object.fromEntries(SUBGRAPHS.map((name) => [name, `http://${host}:${ports[name]}/graphql`])) as Record<SubgraphName, string>;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    HOST: host,
    MONGO_DB: names.mongoDb,
    DATABASE_URL: names.databaseUrl,
    GATEWAY_PORT: String(ports.gateway),
    ...Object.fromEntries(SUBGRAPHS.flatMap((name) => [[subgraphPortVariable(name), String(ports[name])], [subgraphUrlVariable(name), urls[name]]])),
    BENCH_TOPIC_BASE: names.topicBase,
  };
  await assertPortsFree([ports.gateway, ...SUBGRAPHS.map((name) => ports[name]), ports.hive]);
  for (const name of SUBGRAPHS) {
    processes.push(launch(name, 'bench/entries/subgraph.ts', [name], env, logDir));
  }
  await Promise.all(processes.map((p) => waitFor(`the ${p.name} subgraph`, () => subgraphAnswers(urls[p.name as keyof typeof urls], config.GATEWAY_SECRET), p)));
  const gateway = launch('gateway', 'bench/entries/gateway.ts', [], env, logDir);
  processes.push(gateway);
  const gatewayBase = `http://${host}:${ports.gateway}`;
  await waitFor('our gateway', () => httpOk(`${gatewayBase}/ready`), gateway);

  // The same supergraph as our gateway composes at start, with the bench's routing URLs.
  const sources = readSupergraphConfig().map((source) => ({ ...source, url: urls[source.name as keyof typeof urls] ?? source.url }));
  const supergraphSdl = composeSupergraph(sources).supergraphSdl;
  const supergraphPath = join(resultsDir, 'tmp', 'supergraph.graphql');
  writeFileSync(supergraphPath, supergraphSdl);

  let hiveUrl: string | null = null;
  let hiveNote = 'skipped (BENCH_SKIP_HIVE=true)';
  if (!settings.BENCH_SKIP_HIVE) {
    const hive = launch('hive-gateway', 'bench/entries/hive-gateway.ts', [], { ...env, BENCH_SUPERGRAPH_PATH: supergraphPath, HIVE_PORT: String(ports.hive) }, logDir);
    processes.push(hive);
    const url = `http://${host}:${ports.hive}/graphql`;
    try {
      await waitFor('Hive Gateway', () => httpOk(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) }), hive, 60_000);
      hiveUrl = url;
      hiveNote = 'Runtime `createGatewayRuntime` with a header hook that verifies the Bearer token and sends the signed viewer assertion, as our gateway does (bench/entries/hive-gateway.ts).';
    } catch (error) {
      hiveNote = `it did not start: ${error instanceof Error ? error.message : String(error)}; last log lines: ${readFileSync(hive.logPath, 'utf8').trim().split('\n').slice(-5).join(' | ')}`;
      log(`Hive Gateway: ${hiveNote}`);
    }
  }
  return { config, ports, urls, gatewayUrl: `${gatewayBase}/graphql`, hiveUrl, hiveNote, supergraphSdl, processes };
}
