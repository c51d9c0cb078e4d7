import { closeOnSignals, loadConfig, startTelemetry } from '@kayak/common';
import { createServer } from './server.js';

startTelemetry({ serviceName: 'users' });

const server = await createServer({ config: loadConfig(), startNotificationConsumer: true, startMailRelay: true });
closeOnSignals(server, server.logger);
