import { loadInfraConfig, type InfraConfig } from '@kayak/common/config';
import { managedPid, signalManaged, StackError, stopManaged } from './process.js';
import { isLoopback, SERVICES, type ServiceDefinition, type ServiceName } from './services/index.js';

export { StackError };
export type { ServiceName };

/** `off`: an opt-in service (Jaeger) that is not running and was not asked for. */
export type ServiceState = 'started' | 'running (ours)' | 'reused' | 'down' | 'stopped' | 'off';
export interface ServiceReport {
  name: ServiceName;
  label: string;
  url: string;
  state: ServiceState;
  pid?: number;
  seconds?: number;
  /** An opt-in service (Jaeger): being down is not a fault unless it was asked for. */
  optional?: boolean;
}

const byName = (name: ServiceName): ServiceDefinition => {
  const service = SERVICES.find((s) => s.name === name);
  if (!service) throw new StackError(`unknown service ${name}`);
  return service;
};

/** The services `stack:up` / `npm start` bring up: the four backing services, and Jaeger with `tracing`. */
export function stackServices(tracing = false): ServiceName[] {
  return SERVICES.filter((service) => tracing || !service.optional).map((service) => service.name);
}

/** Makes one service usable: reuse it if it answers, else install and start a local one. */
async function bringUp(service: ServiceDefinition, config: InfraConfig): Promise<ServiceReport> {
  const base = { name: service.name, label: service.label, url: service.url(config), ...(service.optional ? { optional: true } : {}) };
  const started = Date.now();
  const probe = await service.probe(config);
  if (probe.state === 'up') {
    const pid = managedPid(service.name);
    return { ...base, state: pid ? 'running (ours)' : 'reused', ...(pid ? { pid } : {}) };
  }
  if (probe.state === 'broken') {
    throw new StackError(`${service.label} at ${base.url} answers but is not usable: ${probe.problem}`);
  }
  if (managedPid(service.name)) {
    // Ours, but not answering (e.g. still starting, or hung): restart it cleanly.
    await stopManaged(service.name);
  }
  if (!isLoopback(service.host(config))) {
    throw new StackError(`${service.label} is not reachable at ${base.url}, and only loopback services can be started here.`);
  }
  service.install();
  const server = await service.start(config);
  return { ...base, state: 'started', pid: server.pid, seconds: Math.round((Date.now() - started) / 100) / 10 };
}

/**
 * Brings the services up (the four backing services unless `names` adds Jaeger). Installs run one
 * after another (apt holds a lock), then the servers start in parallel.
 */
export async function up(config: InfraConfig = loadInfraConfig(), names: ServiceName[] = stackServices()): Promise<ServiceReport[]> {
  const services = names.map(byName);
  const probes = await Promise.all(services.map((s) => s.probe(config)));
  services.forEach((service, index) => {
    if (probes[index]?.state === 'down' && isLoopback(service.host(config))) service.install();
  });
  return Promise.all(services.map((service) => bringUp(service, config)));
}

export async function startService(name: ServiceName, config: InfraConfig = loadInfraConfig()): Promise<ServiceReport> {
  return bringUp(byName(name), config);
}

/** Stops a service this checkout started; returns false when it was not ours (never touches others). */
export async function stopService(name: ServiceName): Promise<boolean> {
  return stopManaged(name);
}

export { JAEGER_OTLP_HTTP_URL, JAEGER_UI_URL, startKafkaInstance, startMariaDbInstance, startRedisInstance } from './services/index.js';

/** Stops a private instance started with `startKafkaInstance`, `startMariaDbInstance` or `startRedisInstance` (by its instance name). */
export async function stopInstance(instance: string): Promise<boolean> {
  return stopManaged(instance);
}

/** Freezes a private instance (SIGSTOP): it keeps its sockets but answers nothing, like a long GC pause or a frozen VM. */
export function pauseInstance(instance: string): boolean {
  return signalManaged(instance, 'SIGSTOP');
}

/** Lets a paused instance run again (SIGCONT). */
export function resumeInstance(instance: string): boolean {
  return signalManaged(instance, 'SIGCONT');
}

/** Stops what this checkout started; an opt-in service (Jaeger) is named only when it was stopped. */
export async function down(): Promise<ServiceReport[]> {
  const config = loadInfraConfig();
  const reports = await Promise.all(
    SERVICES.map(async (service) => ({
      name: service.name,
      label: service.label,
      url: service.url(config),
      state: (await stopManaged(service.name)) ? ('stopped' as const) : ('down' as const),
      ...(service.optional ? { optional: true } : {}),
    })),
  );
  return reports.filter((report) => !report.optional || report.state === 'stopped');
}

/** Every service's state; an opt-in one (Jaeger) that is not running is `off`, or `down` when `tracing` asks for it. */
export async function status(config: InfraConfig = loadInfraConfig(), tracing = false): Promise<ServiceReport[]> {
  return Promise.all(
    SERVICES.map(async (service) => {
      const probe = await service.probe(config);
      const pid = managedPid(service.name);
      const state: ServiceState = probe.state !== 'up' ? (service.optional && !tracing ? 'off' : 'down') : pid ? 'running (ours)' : 'reused';
      return { name: service.name, label: service.label, url: service.url(config), state, ...(pid ? { pid } : {}), ...(service.optional ? { optional: true } : {}) };
    }),
  );
}
