import { closeOnSignals, loadConfig } from '@kayak/common';
import { createServer } from './server.js';

const server = await createServer({ config: loadConfig(), startAvailabilityConsumer: true });
closeOnSignals(server, server.logger);
