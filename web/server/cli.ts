import { loadEnvFile } from '@kayak/common/env';
import { startWebServer } from './index.js';
import { loadWebSettings } from './settings.js';

/**
 * `npm run web` (and `npm start`): Vite's dev server for web/, proxying /graphql to the gateway.
 * `--preview` serves the production build in web/dist instead (`npm run web:build` first).
 */
loadEnvFile();
const settings = loadWebSettings();
const server = await startWebServer({ gatewayUrl: settings.gatewayUrl, host: settings.host, port: settings.port, mode: process.argv.includes('--preview') ? 'preview' : 'dev' });
console.log(`web client: ${server.url} (/graphql proxied to the gateway at ${settings.gatewayUrl})`);
const stop = () => void server.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
