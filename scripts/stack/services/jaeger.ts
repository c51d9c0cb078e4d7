import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir, ensureDir } from '../paths.js';
import { findExecutable, run, spawnDetached, StackError, waitUntil } from '../process.js';
import { down, errorCode, message, type ProbeResult, type ServiceDefinition } from './service.js';

// Jaeger v2 all-in-one (traces in memory): opt-in, started by `stack:up --tracing` / `npm start --tracing`.

/** The Go module version of Jaeger (github.com/jaegertracing/jaeger); its cmd/jaeger is the Jaeger v2 binary. */
export const JAEGER_MODULE_VERSION = 'v1.75.0';
const jaegerHome = join(cacheDir, `jaeger-${JAEGER_MODULE_VERSION}`);
const jaegerBinary = join(jaegerHome, 'bin', 'jaeger');

/** Where the local Jaeger listens (the ports of the docker compose one too). */
export const JAEGER_UI_URL = 'http://127.0.0.1:16686';
export const JAEGER_OTLP_HTTP_URL = 'http://127.0.0.1:4318';
const LISTEN_HOST = '127.0.0.1';

/**
 * A throwaway module that builds cmd/jaeger: `go install …@version` refuses Jaeger (its go.mod has a
 * replace directive), and a dependency's replace directives are not applied, so it is repeated here.
 */
const buildModule = `module kayak.local/jaeger-build

go 1.24

// As in github.com/jaegertracing/jaeger@${JAEGER_MODULE_VERSION}'s own go.mod.
replace github.com/Shopify/sarama => github.com/Shopify/sarama v1.33.0
`;

/** The answer of whatever HTTP server listens at `url` (any status); undefined when nothing does. */
async function answers(url: string, init?: RequestInit): Promise<Response | undefined> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(1500) });
  } catch (error) {
    const code = errorCode((error as { cause?: unknown }).cause);
    if (['ECONNREFUSED', 'ECONNRESET', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT'].includes(code) || (error as Error).name === 'TimeoutError') return undefined;
    throw error;
  }
}

/** Up when Jaeger's query API answers on 16686 and an OTLP/HTTP receiver on 4318 (ours or e.g. docker compose's). */
export async function probeJaeger(uiUrl = JAEGER_UI_URL, otlpUrl = JAEGER_OTLP_HTTP_URL): Promise<ProbeResult> {
  try {
    const [query, otlp] = await Promise.all([
      answers(`${uiUrl}/api/services`),
      answers(`${otlpUrl}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }),
    ]);
    if (!query && !otlp) return down;
    if (!query) return { state: 'broken', problem: `something answers on ${otlpUrl} but no Jaeger query API on ${uiUrl}` };
    // A Jaeger that has no spans yet answers `"data": null`.
    const body = (await query.json().catch(() => undefined)) as { data?: unknown } | undefined;
    if (!query.ok || !(body?.data === null || Array.isArray(body?.data))) return { state: 'broken', problem: `${uiUrl}/api/services answered ${query.status} without a Jaeger service list` };
    if (!otlp) return { state: 'broken', problem: `Jaeger answers on ${uiUrl} but nothing receives OTLP on ${otlpUrl}` };
    return { state: 'up' };
  } catch (error) {
    return { state: 'broken', problem: message(error) };
  }
}

/**
 * Whether the Jaeger at `uiUrl` serves its UI pages: one built here from the Go module has only the
 * query API (/api/…) and a placeholder page, as the UI's compiled assets are not part of the module.
 */
export async function jaegerHasUi(uiUrl = JAEGER_UI_URL): Promise<boolean> {
  const page = await answers(uiUrl).catch(() => undefined);
  return page?.ok === true && !(await page.text()).includes('This is not the Jaeger UI');
}

export const jaegerService: ServiceDefinition = {
  name: 'jaeger',
  label: `Jaeger v2 all-in-one (${JAEGER_MODULE_VERSION}, in memory; OTLP ${JAEGER_OTLP_HTTP_URL})`,
  optional: true,
  url: () => JAEGER_UI_URL,
  host: () => LISTEN_HOST,
  probe: () => probeJaeger(),
  install() {
    if (existsSync(jaegerBinary)) return;
    const go = findExecutable('go', ['/usr/local/go/bin', '/usr/lib/go/bin', '/usr/local/bin', '/usr/bin']);
    if (!go) {
      throw new StackError('building Jaeger needs Go (1.24 or newer): install it, or run a Jaeger yourself on 16686/4318 (e.g. `docker compose up -d jaeger`), which the stack reuses.');
    }
    // Modules and Go's build cache live beside the binary while building (a failed build resumes
    // from them) and are removed once it is in place: the cache keeps only the binary.
    const build = ensureDir(join(jaegerHome, 'build'));
    const env = { ...process.env, GOMODCACHE: join(build, 'gomod'), GOCACHE: join(build, 'gocache'), GOFLAGS: '-modcacherw -buildvcs=false' };
    const started = Date.now();
    console.log(`stack: building Jaeger ${JAEGER_MODULE_VERSION} from the Go module proxy into ${jaegerHome} (once; about 10 minutes)`);
    writeFileSync(join(build, 'go.mod'), buildModule);
    run(go, ['get', `github.com/jaegertracing/jaeger/cmd/jaeger@${JAEGER_MODULE_VERSION}`], { cwd: build, env, what: `fetching Jaeger ${JAEGER_MODULE_VERSION}` });
    const partial = join(ensureDir(join(jaegerHome, 'bin')), 'jaeger.partial');
    run(go, ['build', '-trimpath', '-ldflags', `-s -w -X github.com/jaegertracing/jaeger/internal/version.latestVersion=${JAEGER_MODULE_VERSION}`,
      '-o', partial, 'github.com/jaegertracing/jaeger/cmd/jaeger'], { cwd: build, env, what: `building Jaeger ${JAEGER_MODULE_VERSION}` });
    renameSync(partial, jaegerBinary); // only a complete binary is ever cached
    rmSync(build, { recursive: true, force: true });
    console.log(`stack: built Jaeger in ${Math.round((Date.now() - started) / 1000)} s`);
  },
  async start() {
    // No --config: Jaeger v2 runs its built-in all-in-one configuration (memory storage, OTLP
    // receivers on 4317/4318, UI and query API on 16686). JAEGER_LISTEN_HOST keeps the receivers on
    // loopback; the query extension has no such variable, so its endpoints are set here.
    const server = spawnDetached('jaeger', jaegerBinary, [
      `--set=extensions.jaeger_query.http.endpoint=${LISTEN_HOST}:16686`,
      `--set=extensions.jaeger_query.grpc.endpoint=${LISTEN_HOST}:16685`,
    ], { env: { ...process.env, JAEGER_LISTEN_HOST: LISTEN_HOST } });
    await waitUntil('Jaeger', async () => (await probeJaeger()).state === 'up', { timeoutMs: 60_000, process: server });
    return server;
  },
};
