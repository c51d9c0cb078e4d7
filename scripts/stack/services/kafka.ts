import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { cacheDir, dataDir, ensureDir } from '../paths.js';
import { aptInstall, findExecutable, run, spawnDetached, waitUntil, type Detached } from '../process.js';
import { down, endpoint, message, type ProbeResult, type ServiceDefinition } from './service.js';

// Apache Kafka (KRaft)

async function probeKafka(brokers: string[]): Promise<ProbeResult> {
  const kafka = new Kafka({ clientId: 'stack-probe', brokers, logLevel: logLevel.NOTHING, connectionTimeout: 1500, retry: { retries: 0 } });
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.describeCluster();
    return { state: 'up' };
  } catch (error) {
    if (/ECONNREFUSED|Connection (error|timeout)|connect/i.test(message(error))) return down;
    return { state: 'broken', problem: message(error) };
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

async function groupCoordinatorReady(brokers: string[]): Promise<boolean> {
  // One retry: kafkajs needs it to fetch metadata before it looks up a coordinator.
  const admin = new Kafka({ clientId: 'stack-probe', brokers, logLevel: logLevel.NOTHING, retry: { retries: 1, initialRetryTime: 100 } }).admin();
  try {
    await admin.connect();
    await admin.describeGroups(['kayak-stack-probe']);
    return true;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

const KAFKA_VERSION = '3.9.1';
const kafkaHome = join(cacheDir, `kafka-${KAFKA_VERSION}`);
const kafkaLibs = join(kafkaHome, 'libs');

const kafkaPom = `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.kayak</groupId>
  <artifactId>kafka-runtime</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>${KAFKA_VERSION}</version></dependency>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-reload4j</artifactId><version>1.7.36</version></dependency>
    <dependency><groupId>ch.qos.reload4j</groupId><artifactId>reload4j</artifactId><version>1.2.25</version></dependency>
  </dependencies>
</project>
`;

function kafkaServerProperties(port: number, controllerPort: number, logDirs: string): string {
  return [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
    'inter.broker.listener.name=PLAINTEXT',
    'controller.listener.names=CONTROLLER',
    'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    `log.dirs=${logDirs}`,
    'num.partitions=6',
    'auto.create.topics.enable=false',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=1',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'group.initial.rebalance.delay.ms=0',
    '',
  ].join('\n');
}

export const kafkaService: ServiceDefinition = {
  name: 'kafka',
  label: `Apache Kafka ${KAFKA_VERSION} (KRaft)`,
  url: (config) => config.KAFKA_BROKERS.join(','),
  host: (config) => endpoint(`kafka://${config.KAFKA_BROKERS[0] ?? ''}`, 9092).host,
  probe: (config) => probeKafka(config.KAFKA_BROKERS),
  install() {
    if (!findExecutable('java')) aptInstall(['openjdk-17-jre-headless'], 'Java (for Kafka)');
    if (existsSync(join(kafkaLibs, '.complete'))) return;
    if (!findExecutable('mvn')) aptInstall(['maven'], 'Maven (to fetch the Kafka broker jars)');
    ensureDir(kafkaHome);
    rmSync(kafkaLibs, { recursive: true, force: true });
    writeFileSync(join(kafkaHome, 'pom.xml'), kafkaPom);
    run(findExecutable('mvn') ?? 'mvn', ['-q', '-B', 'dependency:copy-dependencies', `-DoutputDirectory=${kafkaLibs}`, '-DincludeScope=runtime'], {
      cwd: kafkaHome,
      what: `fetching Kafka ${KAFKA_VERSION} jars from Maven Central`,
    });
    writeFileSync(join(kafkaLibs, '.complete'), KAFKA_VERSION);
  },
  async start(config) {
    const first = config.KAFKA_BROKERS[0] ?? '127.0.0.1:9092';
    const { port } = endpoint(`kafka://${first}`, 9092);
    return startKafkaInstance('kafka', port, Number(process.env.KAFKA_CONTROLLER_PORT ?? port + 1));
  },
};

/**
 * Starts a single-node KRaft broker named `instance` (its own data, log and pid file under
 * .stack/), e.g. a private broker a fault test may stop and start without disturbing others.
 */
export async function startKafkaInstance(instance: string, port: number, controllerPort: number): Promise<Detached> {
  kafkaService.install();
  const dir = dataDir(instance);
  const data = ensureDir(join(dir, 'data'));
  const properties = join(dir, 'server.properties');
  writeFileSync(properties, kafkaServerProperties(port, controllerPort, data));
  const log4j = join(dir, 'log4j.properties');
  writeFileSync(log4j, ['log4j.rootLogger=WARN, stdout', 'log4j.appender.stdout=org.apache.log4j.ConsoleAppender',
    'log4j.appender.stdout.layout=org.apache.log4j.PatternLayout', 'log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n',
    'log4j.logger.kafka=INFO', ''].join('\n'));
  const java = findExecutable('java') ?? 'java';
  const classpath = `${kafkaLibs}/*`;
  if (!existsSync(join(data, 'meta.properties'))) {
    const clusterIdPath = join(dir, 'cluster-id');
    if (!existsSync(clusterIdPath)) writeFileSync(clusterIdPath, randomBytes(16).toString('base64url'));
    const clusterId = readFileSync(clusterIdPath, 'utf8').trim();
    run(java, ['-cp', classpath, `-Dlog4j.configuration=file:${log4j}`, 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', properties, '--ignore-formatted'],
      { what: 'formatting the Kafka KRaft storage' });
  }
  const server = spawnDetached(instance, java, [
    '-Xms256m', '-Xmx512m', '-XX:+UseG1GC', '-Djava.awt.headless=true',
    `-Dlog4j.configuration=file:${log4j}`, `-Dkafka.logs.dir=${ensureDir(join(dir, 'logs'))}`,
    '-cp', classpath, 'kafka.Kafka', properties,
  ]);
  const brokers = [`127.0.0.1:${port}`];
  await waitUntil(`Kafka (${instance})`, async () => (await probeKafka(brokers)).state === 'up', { timeoutMs: 120_000, process: server });
  // A fresh broker creates __consumer_offsets on the first group request; until then consumers
  // cannot join a group. Asking for a group's coordinator now makes the broker ready for them.
  await waitUntil(`Kafka (${instance}) group coordinator`, async () => groupCoordinatorReady(brokers), { timeoutMs: 60_000, process: server });
  return server;
}
