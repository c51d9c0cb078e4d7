import { closeOnSignals, loadConfig, startTelemetry } from '@kayak/common';
import { createServer } from './server.js';

startTelemetry({ serviceName: 'listings' });

const server = await createServer({ config: loadConfig(), startAvailabilityConsumer: true, startRatingConsumer: true });
closeOnSignals(server, server.logger);
