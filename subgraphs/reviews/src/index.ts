import { closeOnSignals, loadConfig, startTelemetry } from '@kayak/common';
import { createServer } from './server.js';

startTelemetry({ serviceName: 'reviews' });

// The running service publishes rating changes to the listings subgraph (docs/ratings.md).
// review.* events are published too (docs/events.md), unless EVENT_RELAY=off.
const config = loadConfig();
const server = await createServer({ config, ratingEvents: { start: true }, domainEvents: { relay: config.EVENT_RELAY === 'on' } });
closeOnSignals(server, server.logger);
