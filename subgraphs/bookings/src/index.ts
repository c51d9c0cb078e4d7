import { closeOnSignals, loadConfig } from '@kayak/common';
import { createServer } from './server.js';

const server = await createServer({ config: loadConfig() });
closeOnSignals(server, server.logger);
