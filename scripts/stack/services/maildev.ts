import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { repoRoot } from '@kayak/common/env';
import { MailDevClient } from '@kayak/common/maildev';
import { spawnDetached, StackError, waitUntil } from '../process.js';
import { down, endpoint, message, type ProbeResult, type ServiceDefinition } from './service.js';

// MailDev (the npm package, a devDependency of the root package.json): the SMTP catcher with a web
// inbox and REST API that the users subgraph's notification mails go to locally (docs/notifications.md).

const maildevBinary = join(repoRoot, 'node_modules', '.bin', 'maildev');

/** Whether something accepts TCP connections on host:port. */
function listening(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 1500 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Up when MailDev's REST API lists the inbox and the SMTP port accepts connections. */
export async function probeMailDev(webUrl: string, smtpHost: string, smtpPort: number): Promise<ProbeResult> {
  const [web, smtp] = await Promise.all([listening(endpoint(webUrl, 1080).host, endpoint(webUrl, 1080).port), listening(smtpHost, smtpPort)]);
  if (!web && !smtp) return down;
  if (!web) return { state: 'broken', problem: `something listens on SMTP ${smtpHost}:${smtpPort} but nothing answers at ${webUrl}` };
  try {
    await new MailDevClient(webUrl, 1500).apiPrefix();
  } catch (error) {
    return { state: 'broken', problem: message(error) };
  }
  if (!smtp) return { state: 'broken', problem: `MailDev answers at ${webUrl} but nothing accepts SMTP on ${smtpHost}:${smtpPort}` };
  return { state: 'up' };
}

export const mailDevService: ServiceDefinition = {
  name: 'maildev',
  label: 'MailDev (SMTP catcher)',
  url: (config) => config.MAILDEV_URL,
  host: (config) => config.SMTP_HOST,
  probe: (config) => probeMailDev(config.MAILDEV_URL, config.SMTP_HOST, config.SMTP_PORT),
  install() {
    if (!existsSync(maildevBinary)) throw new StackError('MailDev is a devDependency of the root package.json: run `npm install` first.');
  },
  async start(config) {
    const web = endpoint(config.MAILDEV_URL, 1080);
    // In memory; both listeners on loopback only.
    const server = spawnDetached('maildev', maildevBinary, [
      '--smtp', String(config.SMTP_PORT), '--ip', config.SMTP_HOST,
      '--web', String(web.port), '--web-ip', web.host,
      '--max-emails', '1000',
    ]);
    await waitUntil('MailDev', async () => (await mailDevService.probe(config)).state === 'up', { timeoutMs: 30_000, process: server });
    return server;
  },
};
