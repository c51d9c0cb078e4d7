import type { ConsumerHealth } from './event-consumer.js';
import type { DependencyHealth } from './health.js';

/**
 * A subgraph's health entry for one of its event consumers: ok when the consumer is ready
 * (running, not lagging, not stalled), otherwise why not. Any object with `health()` will do.
 */
export const consumerProbe =
  (name: string, consumer: { health(): Promise<ConsumerHealth> }) =>
  async (): Promise<DependencyHealth> => {
    const health = await consumer.health();
    return { name, ok: health.ready, detail: health.ready ? null : [health.notReadyReason, health.lastError].filter(Boolean).join('; ') };
  };
