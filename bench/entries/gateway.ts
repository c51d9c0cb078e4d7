import { closeOnSignals, loadConfig } from '@kayak/common';
import { configuredSubgraphUrls, createGateway } from '@kayak/gateway';
import { exitWithParent } from './parent-watch.js';

/** Our gateway as a bench process: exactly gateway/src/index.ts, plus exiting with the bench. */
const config = loadConfig();
const gateway = await createGateway({ config, subgraphUrls: configuredSubgraphUrls(config) });
closeOnSignals(gateway, gateway.logger);
exitWithParent();
