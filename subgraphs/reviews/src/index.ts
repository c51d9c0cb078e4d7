import { closeOnSignals, loadConfig, startTelemetry } from '@kayak/common';
import { createServer } from './server.js';

startTelemetry({ serviceName: 'reviews' });

// The running service publishes rating changes to the listings subgraph (docs/ratings.md) and
// builds the analytics read models from the booking and listing events (docs/analytics.md).
const server = await createServer({ config: loadConfig(), ratingEvents: { start: true }, analyticsConsumer: { start: true } });
closeOnSignals(server, server.logger);
