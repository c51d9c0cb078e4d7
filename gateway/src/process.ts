import { closeOnSignals, createLogger, loadConfig, startTelemetry } from '@kayak/common';
import { runGateway } from './cluster.js';
import { loadGatewaySettings } from './config.js';
import { configuredSubgraphUrls, createGateway } from './server.js';

/** The gateway as a process: GATEWAY_WORKERS workers on the configured port, closed on SIGINT/SIGTERM. */
export async function startGatewayProcess(): Promise<void> {
  const config = loadConfig();
  await runGateway(
    loadGatewaySettings().workers,
    async () => {
      startTelemetry({ serviceName: 'gateway' });
      const gateway = await createGateway({ config, subgraphUrls: configuredSubgraphUrls(config) });
      closeOnSignals(gateway, gateway.logger);
    },
    createLogger('gateway', config.LOG_LEVEL),
  );
}
