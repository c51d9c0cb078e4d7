import { loadEnvFile } from '@kayak/common/env';
import { TracingError, tracingRequested } from '../tracing.js';
import { down, StackError, stackServices, status, up, type ServiceReport } from './index.js';

function print(reports: ServiceReport[]): void {
  const rows = reports.map((r) => [r.label, r.url, r.state + (r.seconds !== undefined ? ` in ${r.seconds}s` : ''), r.pid ? `pid ${r.pid}` : '']);
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column]?.length ?? 0)));
  for (const row of rows) console.log(row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd());
}

const command = process.argv[2];
// --tracing (or STACK_TRACING=1): `up` also brings up Jaeger, and `status` counts it as required.
let tracing = false;
const actions: Record<string, () => Promise<ServiceReport[]>> = { up: () => up(undefined, stackServices(tracing)), down, status: () => status(undefined, tracing) };
const action = command ? actions[command] : undefined;
if (!action) {
  console.error('usage: stack (up|down|status) [--tracing]');
  process.exit(2);
}

loadEnvFile();
try {
  tracing = tracingRequested(process.argv.slice(3), process.env);
  const started = Date.now();
  const reports = await action();
  print(reports);
  if (command === 'up') console.log(`stack ready in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  if (command === 'status' && reports.some((r) => r.state === 'down')) process.exitCode = 1;
} catch (error) {
  console.error(error instanceof StackError || error instanceof TracingError ? `stack ${command}: ${error.message}` : error);
  process.exitCode = 1;
}
