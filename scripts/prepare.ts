import { loadInfraConfig } from '@kayak/common';
import { migrate } from '@kayak/common/migrate';
import { initDatabases } from './db-init.js';
import { loadEnvFile } from '@kayak/common/env';
import { generate } from './generate.js';
import { stackServices, up } from './stack/index.js';

/**
 * What `npm start` and `npm test` need before any Node service runs: the four backing services (and
 * Jaeger with `tracing`), migrations, Mongo collections/indexes, Kafka topics, and generated code. Idempotent.
 */
export async function prepare(log: (line: string) => void = console.log, options: { tracing?: boolean } = {}): Promise<void> {
  loadEnvFile();
  const config = loadInfraConfig();
  const started = Date.now();
  const reports = await up(config, stackServices(options.tracing));
  log(`stack: ${reports.map((r) => `${r.name} ${r.state}`).join(', ')}`);
  const migration = await migrate(config.DATABASE_URL);
  log(`migrations: ${migration.applied.length} applied, ${migration.alreadyApplied.length} already applied`);
  const init = await initDatabases(config);
  log(`db:init: ${init.collections} collections, topics created: ${init.createdTopics.join(', ') || 'none'}, grown: ${init.grownTopics.join(', ') || 'none'}`);
  generate();
  log(`generated Prisma client, resolver types and supergraph (${((Date.now() - started) / 1000).toFixed(1)}s)`);
}

if (process.argv[1]?.endsWith('prepare.ts')) {
  try {
    await prepare();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
