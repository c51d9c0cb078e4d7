import { FieldErrors } from '@kayak/common';
import { toCents } from '@kayak/common/money';
import { fareCents, LAP_INFANTS_PER_ADULT, type PassengerType } from '@kayak/common/passengers';

/**
 * Itinerary search prices a passenger mix by the same passenger rules bookings charge with
 * (`@kayak/common/passengers`, docs/passengers.md): each type pays its share of each flight's
 * ticket price, rounded half up to the cent per flight, so a trip's fare is the sum of its flights'
 * fares and the quote is what a booking of the same party costs. A party has at least 1 adult, at
 * most one lap infant per adult and at most 9 seated passengers.
 */

export type PassengerKind = 'adult' | 'child' | 'lapInfant';

const TYPE_OF: Record<PassengerKind, PassengerType> = { adult: 'ADULT', child: 'CHILD', lapInfant: 'LAP_INFANT' };

export const MAX_SEATED_PASSENGERS = 9;

export interface PassengerMix {
  adults: number;
  children: number;
  lapInfants: number;
}

/** Fares of one flight (or a sum of flights) per passenger type, in cents. */
export type FaresByKind = Record<PassengerKind, bigint>;

export const seatedPassengers = (party: PassengerMix): number => party.adults + party.children;

const countOf = (party: PassengerMix, kind: PassengerKind): number => (kind === 'adult' ? party.adults : kind === 'child' ? party.children : party.lapInfants);

const KINDS: readonly PassengerKind[] = ['adult', 'child', 'lapInfant'];

/** The validated party; reports bad counts under `path` (e.g. `input.passengers.adults`). */
export function checkPassengerMix(errors: FieldErrors, path: string, party: PassengerMix): PassengerMix {
  const count = (field: keyof PassengerMix, min: number): void => {
    const value = party[field];
    if (!Number.isInteger(value) || value < min || value > MAX_SEATED_PASSENGERS) errors.add(`${path}.${field}`, `must be an integer from ${min} to ${MAX_SEATED_PASSENGERS}`);
  };
  count('adults', 1);
  count('children', 0);
  count('lapInfants', 0);
  if (party.lapInfants > party.adults * LAP_INFANTS_PER_ADULT) errors.add(`${path}.lapInfants`, 'must not exceed adults (one lap infant per adult)');
  if (seatedPassengers(party) > MAX_SEATED_PASSENGERS) errors.add(`${path}.children`, `adults and children together must be at most ${MAX_SEATED_PASSENGERS}`);
  return party;
}

/** What each passenger type pays on one flight of this ticket price. */
export function flightFares(ticketPrice: number): FaresByKind {
  const seat = toCents(ticketPrice);
  return { adult: fareCents(TYPE_OF.adult, seat), child: fareCents(TYPE_OF.child, seat), lapInfant: fareCents(TYPE_OF.lapInfant, seat) };
}

export const addFares = (left: FaresByKind, right: FaresByKind): FaresByKind => ({
  adult: left.adult + right.adult,
  child: left.child + right.child,
  lapInfant: left.lapInfant + right.lapInfant,
});

export const NO_FARES: FaresByKind = { adult: 0n, child: 0n, lapInfant: 0n };

/** What the whole party pays for these fares. */
export const partyTotal = (fares: FaresByKind, party: PassengerMix): bigint => KINDS.reduce((sum, kind) => sum + fares[kind] * BigInt(countOf(party, kind)), 0n);

export interface FareLine {
  kind: PassengerKind;
  count: number;
  unitCents: bigint;
  subtotalCents: bigint;
}

/** One line per passenger type that travels (adults always do). */
export const fareLines = (fares: FaresByKind, party: PassengerMix): FareLine[] =>
  KINDS.filter((kind) => countOf(party, kind) > 0).map((kind) => ({
    kind,
    count: countOf(party, kind),
    unitCents: fares[kind],
    subtotalCents: fares[kind] * BigInt(countOf(party, kind)),
  }));
