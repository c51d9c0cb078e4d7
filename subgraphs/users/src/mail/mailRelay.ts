import { createHash, randomUUID } from 'node:crypto';
import { backoffDelay, createRelayLoop, type Backoff, type Logger, type RelayLoop } from '@kayak/common';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { EmailState } from '../notification-models.js';
import type { MailLease, MailsRepository } from '../repositories/mails.js';
import type { NotificationPreferencesRepository } from '../repositories/notificationPreferences.js';
import type { NotificationsRepository } from '../repositories/notifications.js';
import type { UsersRepository } from '../repositories/users.js';
import { renderMail } from '../services/mailTemplates.js';
import { signUnsubscribeToken } from '../services/unsubscribeToken.js';

/** What the relay needs of an SMTP client (nodemailer's Transporter has it). */
export interface MailTransport {
  sendMail(message: {
    from: string;
    to: string;
    subject: string;
    text: string;
    html: string;
    messageId: string;
    headers: Record<string, string>;
    /** List-* headers (nodemailer writes them; a List-Unsubscribe in `headers` would be dropped). */
    list: { unsubscribe: string };
  }): Promise<{ messageId?: string }>;
}

export interface MailRelaySettings {
  from: string;
  /** PUBLIC_WEB_URL: the base of every link. */
  publicWebUrl: string;
  unsubscribeKey: Buffer;
  /** Attempts before a mail is given up (MAIL_MAX_ATTEMPTS). */
  maxAttempts: number;
  /** Delay before retrying a failed mail: doubling from initialMs, capped at maxMs. */
  retry: Backoff;
  /** How long a relay owns a mail it is sending; another takes it over after that. */
  leaseMs: number;
  /** Pause when nothing is due (a queued mail wakes the relay of its own process at once). */
  idleMs: number;
  /** Mails sent per round. */
  batch: number;
}

export const DEFAULT_MAIL_RELAY_SETTINGS: Omit<MailRelaySettings, 'from' | 'publicWebUrl' | 'unsubscribeKey' | 'maxAttempts'> = {
  retry: { initialMs: 5_000, maxMs: 10 * 60_000 },
  leaseMs: 60_000,
  idleMs: 2_000,
  batch: 20,
};

export interface MailRelayDependencies {
  mails: MailsRepository;
  notifications: NotificationsRepository;
  preferences: NotificationPreferencesRepository;
  users: UsersRepository;
  transport: MailTransport;
  logger: Logger;
  settings: MailRelaySettings;
  metrics?: Registry;
  now?(): Date;
}

export interface MailRelayHealth {
  running: boolean;
  pending: number;
  sent: number;
  failed: number;
  /** Consecutive failed rounds (Mongo unreachable): SMTP failures of one mail do not count here. */
  failingRounds: number;
  lastError: string | null;
}

/** `web` + `#` + path: the web client routes by hash (web/src/router.ts). */
export const webLink = (publicWebUrl: string, path: string): string => `${publicWebUrl.replace(/\/+$/, '')}/#${path}`;

/**
 * Sends the queued notification mails over SMTP (docs/notifications.md, "Mail"). Each round leases
 * due mails one at a time (so replicas share the queue without sending one mail twice), renders
 * it from the stored notification, sends it, and records the outcome; an SMTP failure is retried
 * with backoff until MAIL_MAX_ATTEMPTS, then the mail is given up (FAILED). A relay that crashes
 * after the SMTP server accepted a mail but before recording it sends it again once the lease
 * expires: at least once, with the same Message-ID.
 */
export class MailRelay {
  private readonly owner = randomUUID();
  private readonly loop: RelayLoop;
  private readonly now: () => Date;
  private readonly counts = { sent: 0, failed: 0 };
  private lastError: string | null = null;

  constructor(private readonly deps: MailRelayDependencies) {
    this.now = deps.now ?? (() => new Date());
    const { settings, logger } = deps;
    this.loop = createRelayLoop(
      {
        round: () => this.round(),
        idleMs: settings.idleMs,
        backoff: { initialMs: 500, maxMs: 30_000 },
        onFailure: (error, failures, retryInMs) => {
          this.lastError = error instanceof Error ? error.message : String(error);
          logger.warn({ err: error, failures, retryInMs }, 'mail relay round failed');
        },
      },
      logger,
    );
    if (deps.metrics) this.registerMetrics(deps.metrics);
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** A mail was queued: send it now rather than after the idle pause. */
  notify(): void {
    this.loop.notify();
  }

  get running(): boolean {
    return this.loop.running;
  }

  async health(): Promise<MailRelayHealth> {
    return { running: this.loop.running, pending: await this.deps.mails.countPending(), ...this.counts, failingRounds: this.loop.failures, lastError: this.lastError };
  }

  /** One round: up to `batch` due mails; true when more may be waiting. */
  async round(): Promise<boolean> {
    for (let sent = 0; sent < this.deps.settings.batch; sent += 1) {
      const lease = await this.deps.mails.lease(this.owner, this.now(), this.deps.settings.leaseMs);
      if (!lease) return false;
      await this.deliver(lease);
    }
    return true;
  }

  private async giveUp(lease: MailLease, reason: string, email: EmailState): Promise<void> {
    if (await this.deps.mails.markFailed(lease, this.owner, reason, null)) {
      await this.deps.notifications.setEmailState(lease.id, email);
      if (email === 'FAILED') this.counts.failed += 1;
    }
    this.deps.logger.warn({ notification: lease.id, reason }, 'notification mail not sent');
  }

  private async deliver(lease: MailLease): Promise<void> {
    const { settings, transport } = this.deps;
    const notification = await this.deps.notifications.findById(lease.id);
    if (!notification) return this.giveUp(lease, 'the notification no longer exists', 'FAILED');
    const [user] = await this.deps.users.findByIds([notification.userId]);
    if (!user?.email || user.deletedAt) return this.giveUp(lease, 'the user has no e-mail address', 'FAILED');
    // The user may have turned this kind off (or unsubscribed) since the mail was queued.
    const preferences = await this.deps.preferences.get(notification.userId);
    if (!preferences[notification.kind]) return this.giveUp(lease, 'e-mail of this kind was turned off', 'NOT_SENT');

    const unsubscribeUrl = webLink(settings.publicWebUrl, `/unsubscribe?token=${signUnsubscribeToken(settings.unsubscribeKey, { userId: notification.userId, kind: notification.kind })}`);
    const mail = renderMail(notification, { firstName: user.firstName, actionUrl: webLink(settings.publicWebUrl, notification.link), unsubscribeUrl });
    try {
      const info = await transport.sendMail({
        from: settings.from,
        to: user.email,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        // The same id on every attempt: a mail sent twice (a crash after the SMTP server took it) is recognisably one.
        messageId: `<${createHash('sha256').update(notification.id).digest('hex').slice(0, 32)}@notifications.kayak.local>`,
        headers: { 'X-Kayak-Notification': notification.id, 'X-Kayak-Notification-Kind': notification.kind },
        list: { unsubscribe: unsubscribeUrl },
      });
      if (await this.deps.mails.markSent(lease, this.owner, this.now(), info.messageId ?? null)) {
        await this.deps.notifications.setEmailState(lease.id, 'SENT');
        this.counts.sent += 1;
      }
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const attempts = lease.attempts + 1;
      if (attempts >= settings.maxAttempts) return this.giveUp(lease, `gave up after ${attempts} attempts: ${reason}`, 'FAILED');
      const retryAt = new Date(this.now().getTime() + backoffDelay(attempts, settings.retry.initialMs, settings.retry.maxMs));
      await this.deps.mails.markFailed(lease, this.owner, reason, retryAt);
      this.deps.logger.warn({ notification: lease.id, attempts, retryAt, err: error }, 'notification mail failed; it will be retried');
    }
  }

  private registerMetrics(registry: Registry): void {
    const relay = this;
    new Gauge({
      name: 'notification_mails_pending',
      help: 'Notification mails queued and not yet sent or given up',
      registers: [registry],
      async collect() {
        this.set(await relay.deps.mails.countPending());
      },
    });
    new Counter({
      name: 'notification_mails_total',
      help: 'Notification mails this process sent or gave up, by outcome',
      labelNames: ['outcome'],
      registers: [registry],
      collect() {
        this.reset();
        this.inc({ outcome: 'sent' }, relay.counts.sent);
        this.inc({ outcome: 'failed' }, relay.counts.failed);
      },
    });
  }
}
