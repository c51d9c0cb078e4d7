import { closeOnSignals, loadConfig } from '@kayak/common';
import { createGateway, configuredSubgraphUrls } from './server.js';

const config = loadConfig();
const gateway = await createGateway({ config, subgraphUrls: configuredSubgraphUrls(config) });
closeOnSignals(gateway, gateway.logger);
