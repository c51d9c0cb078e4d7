import { badUserInput, decodeJsonCursor, encodeJsonCursor } from '@kayak/common';
import { SSN_FORMAT } from './validation.js';

/**
 * Opaque cursors of the user list (ordered by userId): base64url JSON, so clients cannot depend
 * on the format and it can change without breaking them.
 */
export function encodeUserCursor(userId: string): string {
  return encodeJsonCursor({ userId });
}

export function decodeUserCursor(cursor: string, path = 'after'): string {
  const parsed = decodeJsonCursor(cursor);
  if (typeof parsed === 'object' && parsed !== null && 'userId' in parsed && typeof parsed.userId === 'string' && SSN_FORMAT.test(parsed.userId)) {
    return parsed.userId;
  }
  throw badUserInput([{ path, message: 'is not a valid cursor' }]);
}
