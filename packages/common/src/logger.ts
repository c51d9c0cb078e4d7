import { pino, type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs on stdout; `service` names the process in every line. */
export function createLogger(service: string, level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ name: service, level, base: { service } });
}
