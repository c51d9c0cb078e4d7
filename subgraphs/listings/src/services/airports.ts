import { FieldErrors, type Logger } from '@kayak/common';
import type { AirlineFact } from '../data/airlines.js';
import type { AirportFact } from '../data/airports.js';
import type { RankedAirport } from '../repositories/referenceData.js';

/** What validation asks of the reference data (validation.ts). */
export interface ReferenceCheck {
  hasAirport(code: string): boolean;
  hasAirline(code: string): boolean;
}

export const DEFAULT_AIRPORT_SUGGESTIONS = 10;
export const MAX_AIRPORT_SUGGESTIONS = 50;
export const MAX_AIRPORT_SEARCH_LENGTH = 100;
/** How often a process re-reads the reference collections (they change only when seeded). */
export const DEFAULT_REFERENCE_REFRESH_MS = 10 * 60 * 1000;

/** Lowercase, accents folded, inner whitespace collapsed: "  Cancún " and "cancun" match. */
const fold = (text: string): string => text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase().trim().replace(/\s+/g, ' ');
const words = (text: string): string[] => text.split(/[\s\-/.'(),]+/).filter((word) => word.length > 0);

/** An airport with what the autocomplete compares, folded once when the directory loads. */
interface IndexedAirport extends RankedAirport {
  city: string;
  name: string;
  words: string[];
}

function indexAirport(entry: RankedAirport): IndexedAirport {
  const city = fold(entry.airport.city);
  const name = fold(entry.airport.name);
  return { ...entry, city, name, words: [...words(city), ...words(name)] };
}

/**
 * How well an airport matches a folded query: 0 exact code, 1 code prefix, 2 city or name prefix,
 * 3 a word of the city or name starts with it, 4 the city or name contains it; null: no match.
 */
export function matchRank(airport: { airport: AirportFact; city: string; name: string; words: string[] }, query: string): number | null {
  const code = airport.airport.code.toLowerCase();
  if (code === query) return 0;
  if (code.startsWith(query)) return 1;
  if (airport.city.startsWith(query) || airport.name.startsWith(query)) return 2;
  if (airport.words.some((word) => word.startsWith(query))) return 3;
  if (airport.city.includes(query) || airport.name.includes(query)) return 4;
  return null;
}

/**
 * The airports and airlines of the reference collections, held in process (docs/airports.md): a
 * few hundred small documents, loaded at startup and re-read on a timer, so the autocomplete and
 * the code checks of validation cost no round trip (on mongo-java-server a name search would be a
 * collection scan per keystroke). Entity fields (`Flight.departureAirportInfo`, `airport(code)`)
 * still read Mongo through the per-request DataLoaders.
 */
export class ReferenceDirectory implements ReferenceCheck {
  private airports: IndexedAirport[] = [];
  private airportCodes = new Set<string>();
  private airlineList: AirlineFact[] = [];
  private airlineCodes = new Set<string>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly load: () => Promise<{ airports: RankedAirport[]; airlines: AirlineFact[] }>,
    private readonly logger?: Logger,
  ) {}

  /** Re-reads both collections; on failure keeps what it had. */
  async refresh(): Promise<void> {
    const { airports, airlines } = await this.load();
    this.airports = airports.map(indexAirport).sort((a, b) => a.trafficRank - b.trafficRank || a.airport.code.localeCompare(b.airport.code));
    this.airportCodes = new Set(airports.map((entry) => entry.airport.code));
    this.airlineList = [...airlines].sort((a, b) => a.name.localeCompare(b.name));
    this.airlineCodes = new Set(airlines.map((airline) => airline.code));
  }

  /** Refreshes every `intervalMs` without keeping the process alive. */
  startRefreshing(intervalMs: number): void {
    this.stop();
    this.timer = setInterval(() => {
      this.refresh().catch((error: unknown) => this.logger?.warn({ err: error }, 'reference data refresh failed; keeping the loaded set'));
    }, intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  hasAirport(code: string): boolean {
    return this.airportCodes.has(code);
  }

  hasAirline(code: string): boolean {
    return this.airlineCodes.has(code);
  }

  /** Every airline, by name. */
  airlines(): AirlineFact[] {
    return this.airlineList;
  }

  /**
   * The autocomplete: ranked by `matchRank`, then busier airports first, then code. Blank or no
   * search: the busiest. BAD_USER_INPUT for `first` outside 1–50 or a search over 100 characters.
   */
  searchAirports(search: string | null | undefined, first: number | null | undefined): AirportFact[] {
    const errors = new FieldErrors();
    const limit = first ?? DEFAULT_AIRPORT_SUGGESTIONS;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_AIRPORT_SUGGESTIONS) errors.add('first', `must be from 1 to ${MAX_AIRPORT_SUGGESTIONS}`);
    if (search && search.length > MAX_AIRPORT_SEARCH_LENGTH) errors.add('search', `must be at most ${MAX_AIRPORT_SEARCH_LENGTH} characters`);
    errors.throwIfAny('Invalid airport search');
    const query = fold(search ?? '');
    if (query.length === 0) return this.airports.slice(0, limit).map((entry) => entry.airport);
    const matches: Array<{ entry: IndexedAirport; rank: number }> = [];
    for (const entry of this.airports) {
      const rank = matchRank(entry, query);
      if (rank !== null) matches.push({ entry, rank });
    }
    // Stable sort over the busiest-first list: ties keep traffic order.
    matches.sort((a, b) => a.rank - b.rank);
    return matches.slice(0, limit).map((match) => match.entry.airport);
  }
}
