import { closeOnSignals, loadConfig, startTelemetry } from '@kayak/common';
import { createServer } from './server.js';

startTelemetry({ serviceName: 'bookings' });

const server = await createServer({ config: loadConfig() });
closeOnSignals(server, server.logger);
