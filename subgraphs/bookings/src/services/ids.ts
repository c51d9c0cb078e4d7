import { randomBytes } from 'node:crypto';

/** Business keys as the design has them: prefix + timestamp + random (BK…, BILL…, INV…). */
export function newBusinessId(prefix: 'BK' | 'BILL' | 'INV', now: Date = new Date()): string {
  return `${prefix}${now.getTime()}${randomBytes(4).toString('hex').toUpperCase()}`;
}
