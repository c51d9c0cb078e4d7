import { pino, type DestinationStream, type Logger } from 'pino';
import { traceIds } from './telemetry.js';

export type { Logger };

/**
 * Structured JSON logs on stdout; `service` names the process in every line, and a line written
 * inside a trace carries its `traceId` and `spanId` (telemetry.ts) beside the request id that
 * request loggers add.
 */
export function createLogger(service: string, level: string = process.env.LOG_LEVEL ?? 'info', destination?: DestinationStream): Logger {
  const options = { name: service, level, base: { service }, mixin: traceIds };
  return destination ? pino(options, destination) : pino(options);
}
