import { registerPoolMetrics, sharedRead, type ObservedPool } from '@kayak/common';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { OutboxBacklog } from './repositories/outbox.js';
import type { SweepObserver } from './services/holds.js';

/**
 * The bookings subgraph's own metrics (docs/observability.md#metrics), beside the request metrics
 * every subgraph has: its MariaDB pools, the outbox relay's backlog and the hold sweeper.
 */
export interface BookingsMetricsSources {
  pools: ObservedPool[];
  /** Read once per scrape (on the relay's own pool). */
  outboxBacklog(): Promise<OutboxBacklog>;
}

/** Registers the metrics and returns the sweeper's observer that counts sweeps. */
export function registerBookingsMetrics(registry: Registry, sources: BookingsMetricsSources): SweepObserver {
  registerPoolMetrics(registry, sources.pools);

  // One query per scrape, shared by both gauges. NaN (not 0) when MariaDB cannot be asked: an
  // empty outbox and an unknown one differ.
  const backlog = sharedRead(() => sources.outboxBacklog().catch(() => null));
  new Gauge({
    name: 'bookings_outbox_unpublished_events',
    help: 'Outbox events written but not yet published to Kafka',
    registers: [registry],
    async collect() {
      const current = await backlog();
      this.set(current ? current.unpublished : Number.NaN);
    },
  });
  new Gauge({
    name: 'bookings_outbox_oldest_unpublished_age_seconds',
    help: 'Age of the oldest unpublished outbox event (0 when none waits)',
    registers: [registry],
    async collect() {
      const current = await backlog();
      const oldest = current?.oldestCreatedAt;
      this.set(current ? (oldest ? Math.max(0, (Date.now() - oldest.getTime()) / 1000) : 0) : Number.NaN);
    },
  });

  const sweeps = new Counter({ name: 'bookings_hold_sweeps_total', help: 'Hold sweeper runs by outcome (success or failure)', labelNames: ['outcome'], registers: [registry] });
  const expired = new Counter({ name: 'bookings_holds_expired_total', help: 'Pending bookings the hold sweeper expired', registers: [registry] });
  const settled = new Counter({ name: 'bookings_hold_attempts_settled_total', help: 'Abandoned payment attempts the hold sweeper settled', registers: [registry] });
  const lastSuccess = new Gauge({ name: 'bookings_hold_sweep_last_success_timestamp_seconds', help: 'Unix time of the last successful hold sweep (0 before the first)', registers: [registry] });
  // Series exist from the start, so rates and absence alerts work before the first sweep.
  sweeps.inc({ outcome: 'success' }, 0);
  sweeps.inc({ outcome: 'failure' }, 0);
  lastSuccess.set(0);
  return {
    swept(result, at) {
      sweeps.inc({ outcome: 'success' });
      expired.inc(result.expired);
      settled.inc(result.settled);
      lastSuccess.set(at.getTime() / 1000);
    },
    failed() {
      sweeps.inc({ outcome: 'failure' });
    },
  };
}
