import { randomBytes } from 'node:crypto';

/** Business keys as the design has them: prefix + timestamp + random (BK…, BILL…, INV…, TRP…). */
export function newBusinessId(prefix: 'BK' | 'BILL' | 'INV' | 'TRP', now: Date = new Date()): string {
  return `${prefix}${now.getTime()}${randomBytes(4).toString('hex').toUpperCase()}`;
}
