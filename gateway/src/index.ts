import { startGatewayProcess } from './process.js';

await startGatewayProcess();
