import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@kayak/common/env';
import { MongoClient } from 'mongodb';
import { cacheDir, dataDir, ensureDir } from '../paths.js';
import { aptInstall, findExecutable, run, spawnDetached, waitUntil } from '../process.js';
import { down, endpoint, message, type ServiceDefinition } from './service.js';

// MongoDB protocol (mongo-java-server, H2 backend)

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

export const mongoService: ServiceDefinition = {
  name: 'mongodb',
  label: `MongoDB protocol (mongo-java-server ${MONGO_SERVER_VERSION}, H2)`,
  url: (config) => config.MONGO_URL,
  host: (config) => endpoint(config.MONGO_URL, 27017).host,
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
