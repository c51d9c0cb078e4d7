import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, createServer, preview, type InlineConfig, type ProxyOptions } from 'vite';
import { DEFAULT_WEB_PORT } from './settings.js';

/** The web app's sources (web/). */
export const webRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

export interface WebServerOptions {
  /** Any URL of the gateway; the web server proxies `/graphql` to its origin (same origin: no CORS). */
  gatewayUrl: string;
  host?: string;
  /** 0 picks a free port (tests). */
  port?: number;
  /** `dev`: Vite's dev server, compiling on request; `preview`: serves a build made by buildWeb. */
  mode?: 'dev' | 'preview';
  /** Where buildWeb wrote the app (preview mode); defaults to web/dist. */
  outDir?: string;
}

export interface RunningWebServer {
  url: string;
  close(): Promise<void>;
}

/** Vite settings shared by build, dev and preview. No config file: everything is here. */
function baseConfig(outDir: string): InlineConfig {
  return {
    configFile: false,
    root: webRoot,
    logLevel: 'warn',
    // TSX through Vite's esbuild with React's automatic runtime: no React plugin needed.
    esbuild: { jsx: 'automatic' },
    resolve: { dedupe: ['react', 'react-dom', 'graphql', '@apollo/client'] },
    // The traveller pages are one bundle (React, Apollo, graphql-js); the admin area with its chart
    // library is a lazily loaded chunk of its own (web/src/App.tsx).
    build: { outDir, emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 1024 },
  };
}

/** Builds the static app into `outDir` (default web/dist). */
export async function buildWeb(outDir = join(webRoot, 'dist')): Promise<void> {
  await build({ ...baseConfig(outDir), mode: 'production' });
}

/** The gateway serves GraphQL at `/graphql` of its origin, which is all the proxy needs. */
function proxyTo(gatewayUrl: string): Record<string, ProxyOptions> {
  return { '/graphql': { target: new URL(gatewayUrl).origin, changeOrigin: true } };
}

export async function startWebServer(options: WebServerOptions): Promise<RunningWebServer> {
  const { gatewayUrl, host = '127.0.0.1', port = DEFAULT_WEB_PORT, mode = 'dev' } = options;
  const outDir = options.outDir ?? join(webRoot, 'dist');
  const serverOptions = { host, port, strictPort: port !== 0, proxy: proxyTo(gatewayUrl) };
  if (mode === 'preview') {
    const server = await preview({ ...baseConfig(outDir), preview: serverOptions });
    return { url: server.resolvedUrls?.local[0] ?? `http://${host}:${port}/`, close: () => server.close() };
  }
  const server = await createServer({ ...baseConfig(outDir), server: serverOptions });
  await server.listen();
  return { url: server.resolvedUrls?.local[0] ?? `http://${host}:${port}/`, close: () => server.close() };
}
