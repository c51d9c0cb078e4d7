import { randomBytes } from 'node:crypto';

/**
 * An id for a listing created without one: the seed's prefix (FL, HTL, CAR) plus 10 random
 * uppercase hex digits, so generated ids never collide with the seed's FL001-style ones.
 */
export function generateListingId(prefix: 'FL' | 'HTL' | 'CAR'): string {
  return `${prefix}${randomBytes(5).toString('hex').toUpperCase()}`;
}
