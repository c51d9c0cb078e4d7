import { spawnSync } from 'node:child_process';
import { AsyncLocalStorage } from 'node:async_hooks';
import { fileURLToPath } from 'node:url';
import { loadEnvFile } from '@kayak/common/env';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';

/**
 * What tracing costs (docs/observability.md, "On or off"): `npx tsx bench/tracing-cost.ts` with the
 * local stack up. First a loop of awaited promises with and without an active AsyncLocalStorage
 * store (what OpenTelemetry's context manager keeps on Node), then the in-process supergraph of the
 * tests answering signed-in flight searches, 10 at a time, with tracing off and on (spans recorded
 * into memory), as CPU time per request of the whole process. Each measurement runs in a fresh process.
 */

const ROUNDS = 3;
const REQUESTS = 600;

async function promiseLoop(): Promise<void> {
  const leaf = async (i: number): Promise<number> => {
    await null;
    return i + 1;
  };
  const loop = async (): Promise<number> => {
    let sum = 0;
    for (let i = 0; i < 200_000; i += 1) for (let k = 0; k < 10; k += 1) sum += await leaf(k);
    return sum;
  };
  const storage = new AsyncLocalStorage<object>();
  for (let round = 0; round < ROUNDS; round += 1) {
    const started = performance.now();
    if (process.env.TRACING_COST_MODE === 'als') await storage.run({}, loop);
    else await loop();
    console.log(`promises ${process.env.TRACING_COST_MODE}: ${(performance.now() - started).toFixed(0)} ms for 2M awaits`);
  }
}

async function supergraphRequests(): Promise<void> {
  const { startTelemetry } = await import('@kayak/common');
  if (process.env.TRACING_COST_MODE === 'on') startTelemetry({ serviceName: 'tracing-cost', exporter: new InMemorySpanExporter() });
  const { ALICE, startSupergraph } = await import('../test/abuse/support/supergraph.js');
  const supergraph = await startSupergraph({ prefix: 'x_tcost' });
  const search = 'query { searchFlights(filter: { departureAirport: "JFK" }, first: 20) { totalCount nodes { flightId ticketPrice remainingCapacity ratingSummary { count average } } } }';
  const run = async (count: number): Promise<void> => {
    let sent = 0;
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        while (sent < count) {
          sent += 1;
          const response = await supergraph.post({ query: search, viewer: ALICE });
          if (response.body?.errors) throw new Error(response.text);
        }
      }),
    );
  };
  try {
    await run(200);
    for (let round = 0; round < ROUNDS; round += 1) {
      const cpu = process.cpuUsage();
      await run(REQUESTS);
      const used = process.cpuUsage(cpu);
      console.log(`supergraph, tracing ${process.env.TRACING_COST_MODE}: ${((used.user + used.system) / 1000 / REQUESTS).toFixed(2)} ms CPU per request`);
    }
  } finally {
    await supergraph.close();
  }
}

if (process.env.TRACING_COST_MODE === undefined) {
  loadEnvFile();
  const self = fileURLToPath(import.meta.url);
  for (const mode of ['none', 'als', 'off', 'on', 'off', 'on']) {
    spawnSync(process.execPath, ['--import', 'tsx', self], { stdio: 'inherit', env: { ...process.env, TRACING_COST_MODE: mode, LOG_LEVEL: 'silent' } });
  }
} else if (process.env.TRACING_COST_MODE === 'none' || process.env.TRACING_COST_MODE === 'als') {
  await promiseLoop();
} else {
  await supergraphRequests();
  process.exit(0);
}
