import { describe, expect, it } from 'vitest';
import { normaliseRoomTypeCode, ROOM_TYPE_CODE } from '../../src/room-types.js';

describe('room type codes (one rule for listings and bookings)', () => {
  it('accepts 1–20 upper-case letters, digits or _, not starting with _', () => {
    for (const code of ['STANDARD', 'DOUBLE_QUEEN', '2_QUEENS', 'A', 'X'.repeat(20)]) expect(ROOM_TYPE_CODE.test(code)).toBe(true);
    for (const code of ['', '_SUITE', 'suite', 'X'.repeat(21), 'SUITE ROOM', 'SUITE-1', 'SUITE\u0000']) expect(ROOM_TYPE_CODE.test(code)).toBe(false);
  });

  it('compares what a client typed trimmed and upper case', () => {
    expect(normaliseRoomTypeCode('  family ')).toBe('FAMILY');
    expect(ROOM_TYPE_CODE.test(normaliseRoomTypeCode(' double_queen'))).toBe(true);
  });
});
