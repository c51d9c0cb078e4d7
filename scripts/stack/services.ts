import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { loadInfraConfig, type InfraConfig } from '@kayak/common/config';
import { Kafka, logLevel } from 'kafkajs';
import mariadb from 'mariadb';
import { MongoClient } from 'mongodb';
import { Redis } from 'ioredis';
import { cacheDir, dataDir, ensureDir, logFile, repoRoot } from './paths.js';
import { aptInstall, findExecutable, run, spawnDetached, StackError, waitUntil, type Detached } from './process.js';

export type ServiceName = 'mariadb' | 'redis' | 'kafka' | 'mongodb';

/** `up`: usable; `down`: nothing answers; otherwise something answers but is not usable. */
export type ProbeResult = { state: 'up' } | { state: 'down' } | { state: 'broken'; problem: string };

export interface ServiceDefinition {
  name: ServiceName;
  label: string;
  url(config: InfraConfig): string;
  probe(config: InfraConfig): Promise<ProbeResult>;
  /** Makes the binaries available (installing them when missing). */
  install(): void;
  /** Starts a local server for the configured URL and waits until it is healthy. */
  start(config: InfraConfig): Promise<Detached>;
}

const down: ProbeResult = { state: 'down' };
const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'ER_GET_CONNECTION_TIMEOUT']);
const errorCode = (error: unknown): string => (typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '');
const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export function endpoint(url: string, defaultPort: number): { host: string; port: number } {
  const parsed = new URL(url);
  return { host: parsed.hostname.replace(/^\[|\]$/g, ''), port: parsed.port ? Number(parsed.port) : defaultPort };
}

export const isLoopback = (host: string): boolean => host === 'localhost' || host === '::1' || host.startsWith('127.');

// ---------------------------------------------------------------- MariaDB (MySQL protocol)

function mysqlCredentials(config: InfraConfig): { host: string; port: number; user: string; password: string } {
  const url = new URL(config.DATABASE_URL);
  return { ...endpoint(config.DATABASE_URL, 3306), user: decodeURIComponent(url.username || 'root'), password: decodeURIComponent(url.password) };
}

const mariadbSocket = (port: number): string => join(tmpdir(), `kayak-mariadb-${port}.sock`);

/** True once the server answers on its socket as the password-less root of a fresh data directory. */
async function socketAccepts(socketPath: string): Promise<boolean> {
  try {
    const connection = await mariadb.createConnection({ socketPath, user: 'root', connectTimeout: 1500 });
    await connection.end();
    return true;
  } catch {
    return false;
  }
}

const mariadbService: ServiceDefinition = {
  name: 'mariadb',
  label: 'MariaDB (MySQL protocol)',
  url: (config) => {
    const { host, port } = mysqlCredentials(config);
    return `mysql://${host}:${port}`;
  },
  async probe(config) {
    const { host, port, user, password } = mysqlCredentials(config);
    try {
      const connection = await mariadb.createConnection({ host, port, user, password, connectTimeout: 1500 });
      await connection.query('SELECT 1');
      await connection.end();
      return { state: 'up' };
    } catch (error) {
      if (UNREACHABLE.has(errorCode(error))) return down;
      return { state: 'broken', problem: message(error) };
    }
  },
  install() {
    if (!findExecutable('mariadbd') || !findExecutable('mariadb-install-db')) aptInstall(['mariadb-server', 'mariadb-client'], 'MariaDB');
  },
  async start(config) {
    const { port, user, password } = mysqlCredentials(config);
    return startMariaDbInstance('mariadb', port, { user, password });
  },
};

/**
 * Starts a MariaDB server named `instance` (its own data directory, socket, log and pid file under
 * .stack/), e.g. a private server a fault test may stop and restart without disturbing others.
 * The data directory is kept between runs, so only the first start initialises it.
 */
export async function startMariaDbInstance(
  instance: string,
  port: number,
  credentials: { user: string; password: string },
  options: { bufferPool?: string } = {},
): Promise<Detached> {
  mariadbService.install();
  const { user, password } = credentials;
  const config = loadInfraConfig({ DATABASE_URL: `mysql://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/` });
  const dir = dataDir(instance);
  const datadir = join(dir, 'data');
  const osUser = userInfo().username;
  if (!existsSync(join(datadir, 'mysql'))) {
    run(findExecutable('mariadb-install-db') ?? 'mariadb-install-db',
      ['--no-defaults', `--datadir=${datadir}`, `--user=${osUser}`, '--auth-root-authentication-method=normal', '--skip-test-db'],
      { what: 'initialising the MariaDB data directory' });
  }
  const socketPath = mariadbSocket(port);
  // A socket file left by a server that was killed (or by a machine snapshot) would look ready.
  rmSync(socketPath, { force: true });
  const server = spawnDetached(instance, findExecutable('mariadbd') ?? 'mariadbd', [
    '--no-defaults',
    `--datadir=${datadir}`,
    `--socket=${socketPath}`,
    `--port=${port}`,
    '--bind-address=127.0.0.1',
    `--user=${osUser}`,
    `--pid-file=${join(dir, 'mariadbd.pid')}`,
    '--character-set-server=utf8mb4',
    '--collation-server=utf8mb4_unicode_ci',
    '--max-connections=500',
    `--innodb-buffer-pool-size=${options.bufferPool ?? '256M'}`,
    '--skip-log-bin',
  ]);
  // Root first authenticates over the local socket without a password (fresh data dir);
  // once bootstrapped, TCP with the configured credentials works.
  const marker = join(dir, 'bootstrapped');
  if (!existsSync(marker)) {
    await waitUntil(`MariaDB (${instance})`, async () => socketAccepts(socketPath), { timeoutMs: 60_000, process: server });
    const connection = await mariadb.createConnection({ socketPath, user: 'root' });
    const quoted = connection.escape(password);
    for (const host of ['localhost', '127.0.0.1', '::1']) {
      await connection.query(`CREATE USER IF NOT EXISTS '${user}'@'${host}' IDENTIFIED BY ${quoted}`);
      await connection.query(`ALTER USER '${user}'@'${host}' IDENTIFIED BY ${quoted}`);
      await connection.query(`GRANT ALL PRIVILEGES ON *.* TO '${user}'@'${host}' WITH GRANT OPTION`);
    }
    await connection.end();
    writeFileSync(marker, new Date().toISOString());
  }
  await waitUntil(`MariaDB (${instance})`, async () => (await mariadbService.probe(config)).state === 'up', { timeoutMs: 30_000, process: server });
  return server;
}

// ---------------------------------------------------------------- Redis

const redisService: ServiceDefinition = {
  name: 'redis',
  label: 'Redis',
  url: (config) => config.REDIS_URL,
  async probe(config) {
    const redis = new Redis(config.REDIS_URL, { lazyConnect: true, connectTimeout: 1500, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
    redis.on('error', () => undefined);
    try {
      await redis.connect();
      await redis.ping();
      return { state: 'up' };
    } catch (error) {
      if (UNREACHABLE.has(errorCode(error)) || /ECONNREFUSED|connect/i.test(message(error))) return down;
      return { state: 'broken', problem: message(error) };
    } finally {
      redis.disconnect();
    }
  },
  install() {
    if (!findExecutable('redis-server')) aptInstall(['redis-server'], 'Redis');
  },
  async start(config) {
    const { port } = endpoint(config.REDIS_URL, 6379);
    const server = spawnDetached('redis', findExecutable('redis-server') ?? 'redis-server', [
      '--bind', '127.0.0.1', '--port', String(port), '--dir', dataDir('redis'), '--save', '', '--appendonly', 'no', '--daemonize', 'no',
    ]);
    await waitUntil('Redis', async () => (await redisService.probe(config)).state === 'up', { timeoutMs: 20_000, process: server });
    return server;
  },
};

/**
 * Starts a Redis server named `instance` on `port` (no persistence; log and pid file under .stack/),
 * e.g. a private server a fault test may stop without disturbing the shared one.
 */
export async function startRedisInstance(instance: string, port: number): Promise<Detached> {
  redisService.install();
  const config = loadInfraConfig({ REDIS_URL: `redis://127.0.0.1:${port}` });
  const server = spawnDetached(instance, findExecutable('redis-server') ?? 'redis-server', [
    '--bind', '127.0.0.1', '--port', String(port), '--dir', dataDir(instance), '--save', '', '--appendonly', 'no', '--daemonize', 'no',
  ]);
  await waitUntil(`Redis (${instance})`, async () => (await redisService.probe(config)).state === 'up', { timeoutMs: 20_000, process: server });
  return server;
}

// ---------------------------------------------------------------- Apache Kafka (KRaft)

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
    'num.partitions=3',
    'auto.create.topics.enable=false',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=1',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'group.initial.rebalance.delay.ms=0',
    '',
  ].join('\n');
}

const kafkaService: ServiceDefinition = {
  name: 'kafka',
  label: `Apache Kafka ${KAFKA_VERSION} (KRaft)`,
  url: (config) => config.KAFKA_BROKERS.join(','),
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

// ---------------------------------------------------------------- MongoDB protocol (mongo-java-server, H2 backend)

const MONGO_SERVER_VERSION = '1.47.0';
const mongoServerHome = join(cacheDir, `mongo-java-server-${MONGO_SERVER_VERSION}`);
const mongoServerLibs = join(mongoServerHome, 'libs');
const launcherSource = join(repoRoot, 'scripts', 'stack', 'MongoServerLauncher.java');
const launcherClasses = join(mongoServerHome, 'launcher');

const mongoServerPom = `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.kayak</groupId>
  <artifactId>mongo-java-server-runtime</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>de.bwaldvogel</groupId><artifactId>mongo-java-server-h2-backend</artifactId><version>${MONGO_SERVER_VERSION}</version></dependency>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-simple</artifactId><version>2.0.17</version></dependency>
  </dependencies>
</project>
`;

/** A `.stack/mongodb` written by FerretDB (the old local server) cannot be read by mongo-java-server. */
function ferretDbLeftovers(dir: string): boolean {
  return existsSync(join(dir, 'state')) || (existsSync(join(dir, 'data')) && readdirSync(join(dir, 'data')).some((file) => file.endsWith('.sqlite')));
}

const mongoService: ServiceDefinition = {
  name: 'mongodb',
  label: `MongoDB protocol (mongo-java-server ${MONGO_SERVER_VERSION}, H2)`,
  url: (config) => config.MONGO_URL,
  async probe(config) {
    const client = new MongoClient(config.MONGO_URL, { serverSelectionTimeoutMS: 1500, connectTimeoutMS: 1500 });
    try {
      await client.connect();
      await client.db('admin').command({ ping: 1 });
      return { state: 'up' };
    } catch (error) {
      if (/ECONNREFUSED|Server selection timed out|connect/i.test(message(error))) return down;
      return { state: 'broken', problem: message(error) };
    } finally {
      await client.close().catch(() => undefined);
    }
  },
  install() {
    if (!findExecutable('java') || !findExecutable('javac')) aptInstall(['openjdk-17-jdk-headless'], 'Java (for the MongoDB-protocol server)');
    const compiled = join(launcherClasses, 'MongoServerLauncher.class');
    const sourceStamp = join(launcherClasses, '.source');
    const source = readFileSync(launcherSource, 'utf8');
    if (!existsSync(join(mongoServerLibs, '.complete'))) {
      if (!findExecutable('mvn')) aptInstall(['maven'], 'Maven (to fetch the mongo-java-server jars)');
      ensureDir(mongoServerHome);
      rmSync(mongoServerLibs, { recursive: true, force: true });
      writeFileSync(join(mongoServerHome, 'pom.xml'), mongoServerPom);
      run(findExecutable('mvn') ?? 'mvn', ['-q', '-B', 'dependency:copy-dependencies', `-DoutputDirectory=${mongoServerLibs}`, '-DincludeScope=runtime'], {
        cwd: mongoServerHome,
        what: `fetching mongo-java-server ${MONGO_SERVER_VERSION} jars from Maven Central`,
      });
      writeFileSync(join(mongoServerLibs, '.complete'), MONGO_SERVER_VERSION);
    }
    // Compiled once per launcher text, so a change to the launcher is picked up on the next start.
    if (existsSync(compiled) && existsSync(sourceStamp) && readFileSync(sourceStamp, 'utf8') === source) return;
    rmSync(launcherClasses, { recursive: true, force: true });
    run(findExecutable('javac') ?? 'javac', ['-cp', `${mongoServerLibs}/*`, '-d', ensureDir(launcherClasses), launcherSource], { what: 'compiling the mongo-java-server launcher' });
    writeFileSync(sourceStamp, source);
  },
  async start(config) {
    const { host, port } = endpoint(config.MONGO_URL, 27017);
    const dir = dataDir('mongodb');
    if (ferretDbLeftovers(dir)) {
      // Never start on it: set it aside, start empty, and let db:init and the seed fill it again.
      const aside = `${dir}-ferretdb-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      renameSync(dir, aside);
      ensureDir(dir);
      console.warn(`stack: ${dir} held FerretDB data (the previous local MongoDB-protocol server), which mongo-java-server cannot read. ` +
        `Moved it to ${aside} and starting with an empty database; \`npm start\` (or \`npm run db:init && npm run seed\`) fills it again. Delete the old folder when you no longer need it.`);
    }
    const server = spawnDetached('mongodb', findExecutable('java') ?? 'java', [
      `-Xmx${config.MONGO_SERVER_HEAP}`, '-XX:+UseParallelGC', '-Djava.awt.headless=true',
      '-Dorg.slf4j.simpleLogger.defaultLogLevel=warn',
      '-cp', `${mongoServerLibs}/*:${launcherClasses}`, 'MongoServerLauncher',
      host === 'localhost' ? '127.0.0.1' : host, String(port), join(dir, 'kayak.mv.db'), String(config.MONGO_SERVER_CACHE_MB),
    ]);
    await waitUntil('mongo-java-server', async () => (await mongoService.probe(config)).state === 'up', { timeoutMs: 60_000, process: server });
    return server;
  },
};

export const SERVICES: ServiceDefinition[] = [mariadbService, redisService, kafkaService, mongoService];

export function hostOf(service: ServiceDefinition, config: InfraConfig): string {
  switch (service.name) {
    case 'mariadb':
      return endpoint(config.DATABASE_URL, 3306).host;
    case 'redis':
      return endpoint(config.REDIS_URL, 6379).host;
    case 'kafka':
      return endpoint(`kafka://${config.KAFKA_BROKERS[0] ?? ''}`, 9092).host;
    case 'mongodb':
      return endpoint(config.MONGO_URL, 27017).host;
  }
}

export { logFile };
