import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { composeSupergraph, CompositionError, readSupergraphConfig } from './supergraph.js';

const output = join(dirname(fileURLToPath(import.meta.url)), '..', 'supergraph.graphql');
try {
  const { supergraphSdl, hints } = composeSupergraph(readSupergraphConfig());
  for (const hint of hints) console.log(`hint: ${hint}`);
  writeFileSync(output, supergraphSdl);
  console.log(`supergraph written to ${output}`);
} catch (error) {
  console.error(error instanceof CompositionError ? error.message : error);
  process.exitCode = 1;
}
