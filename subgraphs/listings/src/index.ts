import { closeOnSignals, loadConfig } from '@kayak/common';
import { createServer } from './server.js';

const server = await createServer({ config: loadConfig(), startAvailabilityConsumer: true, startRatingConsumer: true });
closeOnSignals(server, server.logger);
