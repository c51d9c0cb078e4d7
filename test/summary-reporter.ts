import type { Reporter, TestModule } from 'vitest/node';

/**
 * Ends the run with one plain line CI can read: `Tests: N passed, N failed, N skipped`, followed by
 * the files that failed outside any test (a hook or the import), whose tests vitest counts as skipped.
 */
export class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    const brokenFiles: string[] = [];
    for (const module of testModules) {
      let failedTests = 0;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') counts.passed += 1;
        else if (state === 'failed') failedTests += 1;
        else counts.skipped += 1;
      }
      counts.failed += failedTests;
      if (module.state() === 'failed' && failedTests === 0) brokenFiles.push(module.relativeModuleId);
    }
    const broken = brokenFiles.length > 0 ? `, ${brokenFiles.length} file(s) failed outside tests: ${brokenFiles.join(', ')}` : '';
    process.stdout.write(`\nTests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped${broken}\n`);
  }
}
