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
const everywhere = (pattern: string): string[] =>
  ['packages/*', 'subgraphs/*', 'gateway', '.'].map((root) => `${root}/test/**/${pattern}`);

export default defineConfig({
  test: {
    reporters: ['default', new SummaryReporter()],
    pool: 'forks',
    maxWorkers: 3,
    projects: [
      {
        test: { ...shared, name: 'main', include: everywhere('*.test.ts'), exclude: ['**/*.fault.test.ts', '**/node_modules/**'], sequence: { groupOrder: 0 } },
      },
      {
        test: { ...shared, name: 'faults', include: everywhere('*.fault.test.ts'), fileParallelism: false, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
