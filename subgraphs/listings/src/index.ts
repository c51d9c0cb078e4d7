import { closeOnSignals, loadConfig, startTelemetry } from '@kayak/common';
import { createServer } from './server.js';

startTelemetry({ serviceName: 'listings' });

const config = loadConfig();
// listing.* events are published (docs/events.md) unless EVENT_RELAY=off.
const server = await createServer({ config, startAvailabilityConsumer: true, startRatingConsumer: true, domainEvents: { relay: config.EVENT_RELAY === 'on' } });
closeOnSignals(server, server.logger);
