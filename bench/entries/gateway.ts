import { startGatewayProcess } from '@kayak/gateway/process';
import { exitWithParent } from './parent-watch.js';

/** Our gateway as a bench process: exactly gateway/src/index.ts, plus exiting with the bench. */
await startGatewayProcess();
exitWithParent();
