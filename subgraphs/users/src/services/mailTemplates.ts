import type { NotificationKindName, NotificationModel } from '../notification-models.js';
import { dollars } from './notificationContent.js';

/**
 * The mail of a notification, as HTML and as plain text (the same content: the text part is what
 * clients without HTML, and spam filters, read). Pure.
 */

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

export interface MailContext {
  firstName: string;
  /** Absolute URL the notification leads to. */
  actionUrl: string;
  /** Absolute URL that turns off mails of this kind. */
  unsubscribeUrl: string;
}

const KIND_NAMES: Record<NotificationKindName, string> = {
  PRICE_ALERT: 'price alerts',
  BOOKING_CONFIRMED: 'booking confirmations',
  BOOKING_CANCELLED: 'cancellation notices',
  BOOKING_EXPIRED: 'expired-hold notices',
};

const ACTIONS: Record<NotificationKindName, string> = {
  PRICE_ALERT: 'See the deal',
  BOOKING_CONFIRMED: 'View your trip',
  BOOKING_CANCELLED: 'View your trips',
  BOOKING_EXPIRED: 'Book again',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char);
}

/** Label/value rows of the details table (invoice, refund, prices). */
function details(notification: NotificationModel): Array<[string, string]> {
  const rows: Array<[string, string]> = [];
  if (notification.bookingId) rows.push(['Booking', notification.bookingId]);
  if (notification.kind === 'BOOKING_CONFIRMED') {
    if (notification.invoiceNumber) rows.push(['Invoice', notification.invoiceNumber]);
    if (notification.amountCents !== null) rows.push(['Amount paid', dollars(notification.amountCents)]);
  }
  if (notification.kind === 'BOOKING_CANCELLED' && notification.amountCents !== null) rows.push(['Refund', dollars(notification.amountCents)]);
  if (notification.kind === 'PRICE_ALERT') {
    if (notification.listing) rows.push(['Listing', notification.listing.title]);
    if (notification.oldPriceCents !== null) rows.push(['Was', dollars(notification.oldPriceCents)]);
    if (notification.newPriceCents !== null) rows.push(['Now', dollars(notification.newPriceCents)]);
  }
  return rows;
}

export function renderMail(notification: NotificationModel, context: MailContext): RenderedMail {
  const rows = details(notification);
  const action = ACTIONS[notification.kind];
  const stop = `You get this mail because ${KIND_NAMES[notification.kind]} are on in your notification settings.`;
  const text = [
    `Hi ${context.firstName},`,
    '',
    notification.body,
    '',
    ...rows.map(([label, value]) => `${label}: ${value}`),
    ...(rows.length > 0 ? [''] : []),
    `${action}: ${context.actionUrl}`,
    '',
    '-- ',
    stop,
    `Unsubscribe from ${KIND_NAMES[notification.kind]}: ${context.unsubscribeUrl}`,
    '',
  ].join('\n');
  const table = rows.length === 0
    ? ''
    : `<table style="border-collapse:collapse;margin:16px 0">${rows
        .map(([label, value]) => `<tr><th style="text-align:left;padding:4px 16px 4px 0;color:#555">${escapeHtml(label)}</th><td style="padding:4px 0">${escapeHtml(value)}</td></tr>`)
        .join('')}</table>`;
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(notification.title)}</title></head>
<body style="font-family:Arial,Helvetica,sans-serif;color:#222;max-width:560px;margin:0 auto;padding:24px">
<h1 style="font-size:20px;color:#ff690f">${escapeHtml(notification.title)}</h1>
<p>Hi ${escapeHtml(context.firstName)},</p>
<p>${escapeHtml(notification.body)}</p>
${table}
<p><a href="${escapeHtml(context.actionUrl)}" style="display:inline-block;background:#ff690f;color:#fff;padding:10px 18px;border-radius:4px;text-decoration:none">${escapeHtml(action)}</a></p>
<hr style="border:none;border-top:1px solid #ddd;margin:24px 0">
<p style="font-size:12px;color:#777">${escapeHtml(stop)} <a href="${escapeHtml(context.unsubscribeUrl)}">Unsubscribe from ${escapeHtml(KIND_NAMES[notification.kind])}</a>.</p>
</body></html>
`;
  return { subject: notification.title, html, text };
}
