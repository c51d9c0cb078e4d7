import { useSyncExternalStore } from 'react';
import type { ListingType, TripItemInput } from '@kayak/client';
import type { PassengerDraft } from './components/PassengerFields.js';
import { currentSession, useSession } from './session.js';

/**
 * The trip being planned (docs/frontend.md, "Booking a whole trip"): what the traveller added from
 * the itinerary results, the hotel and the car pages, before anything is booked. Kept in
 * localStorage, one cart per signed-in user (by the access token's `sub`) and one for the anonymous
 * visitor; the anonymous cart joins the user's on sign-in. Nothing here is a price rule: prices and
 * availability are asked of the API when the cart is shown, and createTrip prices the booking.
 */
export interface CartItem {
  /** Unique in the cart (a listing may come twice, on other dates). */
  key: string;
  listingType: ListingType;
  listingId: string;
  /** ISO instants: a flight's departure and arrival; a stay's or rental's first and last day at 00:00 UTC. */
  startDate: string;
  endDate: string;
  /** What the traveller recognises: "American Airlines FL001: JFK → LAX". */
  title: string;
  /** Hotel rooms; 1 for a car; flights take the trip's seats (the party). */
  quantity: number;
  /** The room type code picked on the hotel page (null: the hotel's default type). */
  roomType: string | null;
  /** The itinerary a flight came from: its flights are added and listed together. */
  itineraryId: string | null;
}

/** Seats and lap infants the search was for: every flight of the trip carries the same party. */
export interface CartParty {
  seats: number;
  lapInfants: number;
}

/** A trip booked from this cart and not yet paid: its id and the payment's idempotency key. */
export interface CartBooking {
  tripId: string;
  /** Kept until the payment gets an answer, so a retry after a lost response never charges twice. */
  idempotencyKey: string;
}

export interface TripCart {
  items: CartItem[];
  party: CartParty;
  passengers: PassengerDraft[];
  booking: CartBooking | null;
}

const PREFIX = 'kayak.trip.';
const ANONYMOUS = 'anonymous';
const EMPTY: TripCart = { items: [], party: { seats: 1, lapInfants: 0 }, passengers: [], booking: null };
/** createTrip's limit (docs/trips.md). */
export const MAX_TRIP_ITEMS = 10;

/** The signed-in user's id from the access token's payload (only read, never trusted: the API checks it). */
function ownerOf(accessToken: string | undefined): string {
  const payload = accessToken?.split('.')[1];
  if (!payload) return ANONYMOUS;
  try {
    const claims = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { sub?: unknown };
    return typeof claims.sub === 'string' ? claims.sub : ANONYMOUS;
  } catch {
    return ANONYMOUS;
  }
}

function load(owner: string): TripCart {
  const raw = window.localStorage.getItem(PREFIX + owner);
  if (!raw) return EMPTY;
  try {
    const stored = JSON.parse(raw) as Partial<TripCart>;
    return { ...EMPTY, ...stored, items: Array.isArray(stored.items) ? stored.items : [] };
  } catch {
    return EMPTY;
  }
}

const listeners = new Set<() => void>();
let cache: { owner: string; cart: TripCart } | null = null;

function save(owner: string, cart: TripCart): void {
  if (cart.items.length === 0 && !cart.booking) window.localStorage.removeItem(PREFIX + owner);
  else window.localStorage.setItem(PREFIX + owner, JSON.stringify(cart));
  cache = { owner, cart };
  for (const listener of listeners) listener();
}

/** What was planned before signing in joins the user's cart (once: the anonymous cart is emptied). */
function adoptAnonymous(owner: string, cart: TripCart): TripCart {
  if (owner === ANONYMOUS) return cart;
  const anonymous = load(ANONYMOUS);
  if (anonymous.items.length === 0) return cart;
  window.localStorage.removeItem(PREFIX + ANONYMOUS);
  const merged: TripCart = cart.items.length === 0 ? { ...anonymous, booking: null } : { ...cart, items: [...cart.items, ...anonymous.items].slice(0, MAX_TRIP_ITEMS) };
  window.localStorage.setItem(PREFIX + owner, JSON.stringify(merged));
  return merged;
}

function current(): { owner: string; cart: TripCart } {
  const owner = ownerOf(currentSession()?.accessToken);
  if (cache?.owner !== owner) cache = { owner, cart: adoptAnonymous(owner, load(owner)) };
  return cache;
}

function update(change: (cart: TripCart) => TripCart): void {
  const { owner, cart } = current();
  save(owner, change(cart));
}

const subscribe = (listener: () => void): (() => void) => {
  listeners.add(listener);
  // Another tab changing the cart.
  const onStorage = (event: StorageEvent) => {
    if (event.key?.startsWith(PREFIX)) {
      cache = null;
      listener();
    }
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
};

/** The cart of whoever is signed in (re-read when the session changes). */
export function useTripCart(): TripCart {
  useSession();
  return useSyncExternalStore(subscribe, () => current().cart);
}

const newKey = (): string => crypto.randomUUID();

export interface ItineraryFlight {
  flightId: string;
  airlineName: string;
  departureAirport: string;
  arrivalAirport: string;
  departureDatetime: string;
  arrivalDatetime: string;
}

/** Every flight of an itinerary, with the party searched; an itinerary already in the cart is not added twice. */
export function addItinerary(itineraryId: string, flights: readonly ItineraryFlight[], party: CartParty): void {
  update((cart) => {
    const others = cart.items.filter((item) => item.itineraryId !== itineraryId);
    const added: CartItem[] = flights.map((flight) => ({
      key: newKey(),
      listingType: 'Flight',
      listingId: flight.flightId,
      startDate: flight.departureDatetime,
      endDate: flight.arrivalDatetime,
      title: `${flight.airlineName} ${flight.flightId}: ${flight.departureAirport} → ${flight.arrivalAirport}`,
      quantity: party.seats,
      roomType: null,
      itineraryId,
    }));
    return { ...cart, items: [...others, ...added].slice(0, MAX_TRIP_ITEMS), party, booking: null };
  });
}

/** A hotel stay or a car rental. */
export function addStay(item: Omit<CartItem, 'key' | 'itineraryId'>): void {
  update((cart) => ({ ...cart, items: [...cart.items, { ...item, key: newKey(), itineraryId: null }].slice(0, MAX_TRIP_ITEMS), booking: null }));
}

export function removeItem(key: string): void {
  update((cart) => ({ ...cart, items: cart.items.filter((item) => item.key !== key), booking: null }));
}

export function setPassengers(passengers: PassengerDraft[]): void {
  update((cart) => ({ ...cart, passengers }));
}

export function setBooking(booking: CartBooking | null): void {
  update((cart) => ({ ...cart, booking }));
}

/** After a successful payment the plan is done: the trip lives in My trips. */
export function clearCart(): void {
  update(() => EMPTY);
}

export const hasFlights = (cart: TripCart): boolean => cart.items.some((item) => item.listingType === 'Flight');

/** A new idempotency key for the next payment attempt of a trip. */
export const paymentKey = (tripId: string): string => `web-${tripId}-${crypto.randomUUID()}`;

/** createTrip's items, in the cart's order (so `input.items.N` names the N-th row). */
export function tripItemInputs(cart: TripCart, passengers: TripItemInput['passengers']): TripItemInput[] {
  return cart.items.map((item) => {
    const input: TripItemInput = { listingType: item.listingType, listingId: item.listingId, startDate: item.startDate, endDate: item.endDate, quantity: item.listingType === 'Flight' ? cart.party.seats : item.quantity };
    if (item.listingType === 'Flight' && passengers && passengers.length > 0) input.passengers = passengers;
    if (item.listingType === 'Hotel' && item.roomType) input.roomType = item.roomType;
    return input;
  });
}
