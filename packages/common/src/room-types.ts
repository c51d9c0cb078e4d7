/**
 * Hotel room types (docs/hotels.md), the rules both the listings subgraph (which stores them) and
 * the bookings subgraph (which books them) apply to what a client sends.
 */

/** A room type's code: 1–20 upper-case letters, digits or `_`, not starting with `_`. */
export const ROOM_TYPE_CODE = /^[A-Z0-9][A-Z0-9_]{0,19}$/;
export const ROOM_TYPE_CODE_RULE = 'must be a room type code: 1–20 letters, digits or _, not starting with _';

/** The most guests one room of any type sleeps. */
export const MAX_ROOM_OCCUPANCY = 10;

/** A code as the client typed it, as stored and compared: trimmed, upper case. */
export const normaliseRoomTypeCode = (input: string): string => input.trim().toUpperCase();
