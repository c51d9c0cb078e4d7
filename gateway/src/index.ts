import { closeOnSignals, loadConfig } from '@kayak/common';
import { createGateway, localSubgraphUrls } from './server.js';

const config = loadConfig();
const gateway = await createGateway({ config, subgraphUrls: localSubgraphUrls(config) });
closeOnSignals(gateway, gateway.logger);
