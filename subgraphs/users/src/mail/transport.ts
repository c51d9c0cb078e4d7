import type { AppConfig } from '@kayak/common';
import nodemailer from 'nodemailer';
import type { MailTransport } from './mailRelay.js';

/** The SMTP transport of the mail relay, from SMTP_* (locally: MailDev on 127.0.0.1:1025). */
export function createSmtpTransport(config: Pick<AppConfig, 'SMTP_HOST' | 'SMTP_PORT' | 'SMTP_SECURE' | 'SMTP_USER' | 'SMTP_PASSWORD'>): MailTransport & { close(): void } {
  return nodemailer.createTransport({
    host: config.SMTP_HOST,
    port: config.SMTP_PORT,
    secure: config.SMTP_SECURE,
    ...(config.SMTP_USER && config.SMTP_PASSWORD ? { auth: { user: config.SMTP_USER, pass: config.SMTP_PASSWORD } } : {}),
    connectionTimeout: 5_000,
    greetingTimeout: 5_000,
    socketTimeout: 15_000,
  });
}
