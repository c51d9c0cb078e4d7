import { closeOnSignals, loadConfig, startTelemetry } from '@kayak/common';
import { createServer } from './server.js';

startTelemetry({ serviceName: 'reviews' });

// The running service publishes rating changes to the listings subgraph (docs/ratings.md) and its
// review.* events (docs/events.md, unless EVENT_RELAY=off), and builds the analytics read models
// from the booking and listing events (docs/analytics.md).
const config = loadConfig();
const server = await createServer({ config, ratingEvents: { start: true }, domainEvents: { relay: config.EVENT_RELAY === 'on' }, analyticsConsumer: { start: true } });
closeOnSignals(server, server.logger);
