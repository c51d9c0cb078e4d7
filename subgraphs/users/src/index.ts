import { closeOnSignals, loadConfig, startTelemetry } from '@kayak/common';
import { createServer } from './server.js';

startTelemetry({ serviceName: 'users' });

const config = loadConfig();
// The running service publishes its user.* events (docs/events.md) unless EVENT_RELAY=off, consumes
// listing and booking events into notifications and sends their mails (docs/notifications.md).
const server = await createServer({ config, domainEvents: { relay: config.EVENT_RELAY === 'on' }, startNotificationConsumer: true, startMailRelay: true });
closeOnSignals(server, server.logger);
