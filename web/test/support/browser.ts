import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startSupergraph, type Supergraph, type SupergraphOptions } from '../../../client/test/support/supergraph.js';
import { buildWeb, startWebServer, webRoot, type RunningWebServer } from '../../server/index.js';

/**
 * What every browser test needs: the whole supergraph in this process on fresh seeded databases,
 * the production build of web/ served with /graphql proxied to it, and Debian's headless Chromium
 * (never a downloaded one) driven by playwright-core with a fresh profile.
 */
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** Git-ignored (see .gitignore); the screenshots show what the user saw. */
export const SCREENSHOTS = join(webRoot, 'test-results');
const DOCS_SCREENSHOTS = join(webRoot, '..', 'docs', 'screenshots');

/** Copies a screenshot taken into SCREENSHOTS to docs/screenshots (the ones docs/frontend.md shows). */
export function saveScreenshot(name: string): void {
  mkdirSync(DOCS_SCREENSHOTS, { recursive: true });
  copyFileSync(join(SCREENSHOTS, name), join(DOCS_SCREENSHOTS, name));
}

export interface BrowserRun {
  supergraph: Supergraph;
  web: RunningWebServer;
  browser: BrowserContext;
  page: Page;
  /** Uncaught exceptions and console errors of the page: a clean journey has none. */
  pageErrors: string[];
  close(): Promise<void>;
}

export async function startBrowserRun(prefix: string, options: SupergraphOptions = {}): Promise<BrowserRun> {
  const scratch = mkdtempSync(join(tmpdir(), `kayak-${prefix}-`));
  const supergraph = await startSupergraph(prefix, options);
  const outDir = join(scratch, 'dist');
  await buildWeb(outDir);
  const web = await startWebServer({ gatewayUrl: supergraph.url, port: 0, mode: 'preview', outDir });
  const browser = await chromium.launchPersistentContext(join(scratch, 'profile'), { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1200, height: 1000 } });
  const page = await browser.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(`${message.text()} (${message.location().url})`);
  });
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    supergraph,
    web,
    browser,
    page,
    pageErrors,
    async close() {
      await browser.close();
      await web.close();
      await supergraph.close();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}
