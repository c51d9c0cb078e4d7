import { badUserInput } from '@kayak/common';
import { SSN_FORMAT } from './validation.js';

/**
 * Opaque cursors of the user list (ordered by userId): base64url JSON, so clients cannot depend
 * on the format and it can change without breaking them.
 */
export function encodeUserCursor(userId: string): string {
  return Buffer.from(JSON.stringify({ userId }), 'utf8').toString('base64url');
}

export function decodeUserCursor(cursor: string, path = 'after'): string {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null && 'userId' in parsed && typeof parsed.userId === 'string' && SSN_FORMAT.test(parsed.userId)) {
      return parsed.userId;
    }
  } catch {
    // reported below
  }
  throw badUserInput([{ path, message: 'is not a valid cursor' }]);
}
