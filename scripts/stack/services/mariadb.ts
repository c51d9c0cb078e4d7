import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { loadInfraConfig, type InfraConfig } from '@kayak/common/config';
import mariadb from 'mariadb';
import { dataDir } from '../paths.js';
import { aptInstall, findExecutable, run, spawnDetached, waitUntil, type Detached } from '../process.js';
import { down, endpoint, errorCode, message, UNREACHABLE, type ServiceDefinition } from './service.js';

// MariaDB (MySQL protocol)

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

export const mariadbService: ServiceDefinition = {
  name: 'mariadb',
  label: 'MariaDB (MySQL protocol)',
  url: (config) => {
    const { host, port } = mysqlCredentials(config);
    return `mysql://${host}:${port}`;
  },
  host: (config) => endpoint(config.DATABASE_URL, 3306).host,
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
