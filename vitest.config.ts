import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';
import { SummaryReporter } from './test/summary-reporter.js';

// One run for unit and integration tests. Integration tests talk to the real services that
// `npm test` brings up first (scripts/prepare.ts); each file uses its own databases/topics.
// `*.fault.test.ts` files stop and restart services; they run after everything else, one at a time.
const shared = {
  setupFiles: ['test/setup.ts'],
  testTimeout: 30_000,
  hookTimeout: 120_000,
};
// Vite would resolve `graphql` to its ESM build while Apollo's packages (loaded by Node) use the
// CommonJS one: two copies of graphql-js break its instanceof checks. Node itself loads the CJS
// build for both, so tests do the same.
const graphqlEntry = createRequire(import.meta.url).resolve('graphql');
const resolve = { alias: [{ find: /^graphql$/, replacement: graphqlEntry }] };

const everywhere = (pattern: string): string[] =>
  ['packages/*', 'subgraphs/*', 'gateway', 'client', 'web', '.'].map((root) => `${root}/test/**/${pattern}`);

export default defineConfig({
  test: {
    reporters: ['default', new SummaryReporter()],
    pool: 'forks',
    maxWorkers: 3,
    projects: [
      {
        resolve,
        test: { ...shared, name: 'main', include: everywhere('*.test.ts'), exclude: ['**/*.fault.test.ts', '**/node_modules/**'], sequence: { groupOrder: 0 } },
      },
      {
        resolve,
        test: { ...shared, name: 'faults', include: everywhere('*.fault.test.ts'), fileParallelism: false, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
