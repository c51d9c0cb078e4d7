import { encodeKeysetCursor, type Connection } from '@kayak/common';
import { formatCents } from '@kayak/common/money';
import type { InputMaybe, ItinerarySearchInput, ItinerarySort } from '../generated/graphql.js';
import type { ListingLoaders } from '../loaders.js';
import type { FlightModel } from '../models.js';
import { airportDayKey, airportDayKeys, utcDay, type AirportDayCandidate, type AirportDayIndex } from '../repositories/airportDays.js';
import type { AvailabilityService } from './availability.js';
import { addFares, fareLines, flightFares, NO_FARES, partyTotal, seatedPassengers, type FareLine, type FaresByKind } from './fareRules.js';
import type { ReferenceCheck } from './airports.js';
import { normaliseItinerarySearch, type ItineraryPosition, type ItineraryQuery, type LegRequest, type TimeWindow } from './itineraryArgs.js';

/**
 * Itinerary search (docs/itineraries.md): one-way, round trip and multi-city trips, each leg served
 * by direct flights or connections of up to 2 stops, priced for a passenger mix.
 *
 * Mongo round trips per search, whatever the number of flights found: at most 3 reads of
 * `airport_days` (the legs' first flights, then each further stop, all legs at once), 1 read of the
 * flights of complete paths (by `flight_id`) and 1 of their holds (`listing_holds`, the same seats-left
 * computation as `Flight.remainingCapacity`). Everything else happens here, in process.
 */

export interface ItinerarySettings {
  /** Least minutes between an arrival and the next flight of a connection. */
  minConnectionMinutes: number;
  /** Most minutes between an arrival and the next flight of a connection. */
  maxLayoverMinutes: number;
}

/** The product of the legs' options considered is kept under this (see `optionsPerLeg`). */
export const MAX_COMBINATIONS = 10_000;

/** BEST: the penalty of one stop, in the units of "the cheapest price" and "the shortest duration". */
export const BEST_STOP_PENALTY = 0.25;

/** Options kept per leg so that the product over `legs` legs stays within MAX_COMBINATIONS (100 for a round trip). */
export const optionsPerLeg = (legs: number): number => Math.max(1, Math.floor(MAX_COMBINATIONS ** (1 / legs) + 1e-9));

const MINUTE_MS = 60_000;

/** One way of flying one leg: checked flights, in order. */
interface LegOption {
  id: string;
  flights: FlightModel[];
  departs: number;
  arrives: number;
  minutes: number;
  stops: number;
  fares: FaresByKind;
  partyCents: bigint;
  seatsLeft: number;
}

interface Combination {
  id: string;
  options: LegOption[];
  partyCents: bigint;
  fares: FaresByKind;
  minutes: number;
  stops: number;
  seatsLeft: number;
  score: number;
  key: number[];
}

export interface ItineraryFareResult {
  count: number;
  unitPrice: string;
  subtotal: string;
}

export interface ItineraryResult {
  id: string;
  legs: Array<{
    from: string;
    to: string;
    departureDatetime: string;
    arrivalDatetime: string;
    durationMinutes: number;
    stops: number;
    flights: FlightModel[];
    layovers: Array<{ airport: string; durationMinutes: number }>;
  }>;
  price: { adult: ItineraryFareResult; child: ItineraryFareResult | null; lapInfant: ItineraryFareResult | null; total: string };
  totalDurationMinutes: number;
  stops: number;
  seatsLeft: number;
  score: number;
}

const minutesBetween = (start: number, end: number): number => Math.round((end - start) / MINUTE_MS);

const minuteOfDay = (instant: number): number => Math.floor((instant % (24 * 60 * MINUTE_MS)) / MINUTE_MS);

const within = (window: TimeWindow | null, instant: number): boolean => window === null || (minuteOfDay(instant) >= window.from && minuteOfDay(instant) <= window.to);

/** Sort keys compared element by element, then the id: a total, stable order. */
function compareKeys(left: { key: number[]; id: string }, right: { key: number[]; id: string }): number {
  for (let index = 0; index < left.key.length; index += 1) {
    const difference = (left.key[index] ?? 0) - (right.key[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return left.id < right.id ? -1 : left.id > right.id ? 1 : 0;
}

/** The BEST references: the cheapest price and the shortest duration any itinerary could have. */
interface BestReferences {
  cents: number;
  minutes: number;
}

const bestScore = (references: BestReferences, cents: bigint, minutes: number, stops: number): number =>
  Number(cents) / references.cents + minutes / references.minutes + BEST_STOP_PENALTY * stops;

/** The sort key of a whole itinerary: primary value, then a secondary one (the id breaks the remaining ties). */
function itineraryKey(sort: ItinerarySort, combination: Omit<Combination, 'key' | 'id'>): number[] {
  const cents = Number(combination.partyCents);
  if (sort === 'PRICE') return [cents, combination.minutes];
  if (sort === 'DURATION') return [combination.minutes, cents];
  if (sort === 'DEPARTURE') return [combination.options[0]?.departs ?? 0, cents];
  return [combination.score, cents];
}

/** How a leg's options are ranked before the product is cut (consistent with `itineraryKey`). */
function legKey(sort: ItinerarySort, legIndex: number, option: LegOption, references: BestReferences): number[] {
  const cents = Number(option.partyCents);
  if (sort === 'DURATION') return [option.minutes, cents];
  if (sort === 'DEPARTURE' && legIndex === 0) return [option.departs, cents];
  if (sort === 'BEST') return [bestScore(references, option.partyCents, option.minutes, option.stops), cents];
  return [cents, option.minutes];
}

const fareResult = (line: FareLine | undefined): ItineraryFareResult | null =>
  line ? { count: line.count, unitPrice: formatCents(line.unitCents), subtotal: formatCents(line.subtotalCents) } : null;

export class ItinerarySearchService {
  constructor(
    private readonly airportDays: AirportDayIndex,
    private readonly loaders: ListingLoaders,
    private readonly availability: AvailabilityService,
    private readonly settings: ItinerarySettings,
    /** Leg airports must be in the reference data (docs/airports.md). */
    private readonly airports: Pick<ReferenceCheck, 'hasAirport'>,
  ) {}

  async search(input: ItinerarySearchInput, page: { first?: InputMaybe<number>; after?: InputMaybe<string> }): Promise<Connection<ItineraryResult>> {
    const query = normaliseItinerarySearch(input, page, this.airports);
    const paths = await this.findPaths(query);
    const flights = await this.loadFlights(paths.flat(2).map((candidate) => candidate.flightId));
    const seatsLeft = await this.seatsLeft([...flights.values()]);
    const options = query.legs.map((leg, index) => this.legOptions(query, leg, paths[index] ?? [], flights, seatsLeft));
    const ranked = this.combine(query, options);
    return this.page(query, ranked);
  }

  /**
   * Candidate paths per leg from `airport_days` alone: level by level (first flight, first stop,
   * second stop), all legs together, so a search reads at most MAX_STOPS + 1 times. Paths never
   * revisit an airport; the times come from the index and are checked again on the loaded flights.
   */
  private async findPaths(query: ItineraryQuery): Promise<AirportDayCandidate[][][]> {
    const { minConnectionMinutes, maxLayoverMinutes } = this.settings;
    const complete: AirportDayCandidate[][][] = query.legs.map(() => []);
    const loaded = new Map<string, AirportDayCandidate[]>();
    let frontier = query.legs.map((_leg, legIndex) => ({ legIndex, hops: [] as AirportDayCandidate[] }));
    for (let level = 0; level <= query.maxStops && frontier.length > 0; level += 1) {
      const wanted = new Set(frontier.flatMap(({ legIndex, hops }) => this.nextKeys(hops, query.legs[legIndex] as LegRequest)));
      const missing = [...wanted].filter((key) => !loaded.has(key));
      for (const [key, candidates] of await this.airportDays.candidates(missing)) loaded.set(key, candidates);

      const next: typeof frontier = [];
      for (const { legIndex, hops } of frontier) {
        const leg = query.legs[legIndex] as LegRequest;
        const last = hops.at(-1);
        const visited = new Set([leg.from, ...hops.map((hop) => hop.to)]);
        for (const key of this.nextKeys(hops, leg)) {
          for (const candidate of loaded.get(key) ?? []) {
            const departs = candidate.departs.getTime();
            if (last) {
              const gap = minutesBetween(last.arrives.getTime(), departs);
              if (gap < minConnectionMinutes || gap > maxLayoverMinutes) continue;
            } else if (utcDay(candidate.departs) !== leg.day || !within(leg.departureWindow, departs)) continue;
            if (visited.has(candidate.to)) continue;
            const path = [...hops, candidate];
            const first = path[0] as AirportDayCandidate;
            if (query.maxDurationMinutes !== null && minutesBetween(first.departs.getTime(), candidate.arrives.getTime()) > query.maxDurationMinutes) continue;
            if (candidate.to === leg.to) complete[legIndex]?.push(path);
            else if (level < query.maxStops) next.push({ legIndex, hops: path });
          }
        }
      }
      frontier = next;
    }
    return complete;
  }

  /** The `airport_days` keys the next flight of a path can be under: the leg's first day, or the days of the connection window. */
  private nextKeys(hops: AirportDayCandidate[], leg: LegRequest): string[] {
    const last = hops.at(-1);
    if (!last) return [airportDayKey(leg.from, leg.day)];
    const arrives = last.arrives.getTime();
    return airportDayKeys(last.to, new Date(arrives + this.settings.minConnectionMinutes * MINUTE_MS), new Date(arrives + this.settings.maxLayoverMinutes * MINUTE_MS));
  }

  /** The flights of every candidate path, in one read through the request's loader (Flight fields reuse it). */
  private async loadFlights(ids: string[]): Promise<Map<string, FlightModel>> {
    const unique = [...new Set(ids)];
    const found = await this.loaders.flightById.loadMany(unique);
    const flights = new Map<string, FlightModel>();
    for (const flight of found) if (flight && !(flight instanceof Error)) flights.set(flight.flightId, flight);
    return flights;
  }

  /** Seats left per flight: `Flight.remainingCapacity`'s computation, batched into one holds read. */
  private async seatsLeft(flights: FlightModel[]): Promise<Map<string, number>> {
    const remaining = await Promise.all(flights.map(async (flight) => [flight.flightId, await this.availability.flightRemaining(flight)] as const));
    return new Map(remaining);
  }

  /** The leg's paths whose loaded flights still connect, are offered, have seats and pass the filters. */
  private legOptions(query: ItineraryQuery, leg: LegRequest, paths: AirportDayCandidate[][], flights: Map<string, FlightModel>, seatsLeft: Map<string, number>): LegOption[] {
    const { minConnectionMinutes, maxLayoverMinutes } = this.settings;
    const seated = seatedPassengers(query.party);
    const options: LegOption[] = [];
    const seen = new Set<string>();
    for (const path of paths) {
      // An entry left under a flight's old day can find the same path a second time.
      const id = path.map((candidate) => candidate.flightId).join('+');
      if (seen.has(id)) continue;
      seen.add(id);
      const legFlights = path.map((candidate) => flights.get(candidate.flightId));
      if (legFlights.some((flight) => flight === undefined)) continue;
      const chain = legFlights as FlightModel[];
      const first = chain[0] as FlightModel;
      const last = chain.at(-1) as FlightModel;
      const departs = Date.parse(first.departureDatetime);
      const arrives = Date.parse(last.arrivalDatetime);
      const connects = chain.every((flight, index) => {
        const previous = chain[index - 1];
        if (!previous) return flight.departureAirport === leg.from;
        const gap = minutesBetween(Date.parse(previous.arrivalDatetime), Date.parse(flight.departureDatetime));
        return flight.departureAirport === previous.arrivalAirport && gap >= minConnectionMinutes && gap <= maxLayoverMinutes;
      });
      if (!connects || last.arrivalAirport !== leg.to || utcDay(new Date(departs)) !== leg.day) continue;
      if (!within(leg.departureWindow, departs) || !within(leg.arrivalWindow, arrives)) continue;
      const offered = chain.every(
        (flight) =>
          !flight.retiredAt &&
          (seatsLeft.get(flight.flightId) ?? 0) >= seated &&
          (query.flightClass === null || flight.flightClass === query.flightClass) &&
          (query.airlines === null || query.airlines.has(flight.airlineName.trim().replace(/\s+/g, ' ').toLowerCase())),
      );
      if (!offered) continue;
      const fares = chain.reduce((sum, flight) => addFares(sum, flightFares(flight.ticketPrice)), NO_FARES);
      const option: LegOption = {
        id,
        flights: chain,
        departs,
        arrives,
        minutes: minutesBetween(departs, arrives),
        stops: chain.length - 1,
        fares,
        partyCents: partyTotal(fares, query.party),
        seatsLeft: Math.min(...chain.map((flight) => seatsLeft.get(flight.flightId) ?? 0)),
      };
      // A leg alone over a whole-trip limit can be in no itinerary.
      if (query.maxDurationMinutes !== null && option.minutes > query.maxDurationMinutes) continue;
      if (query.maxPriceCents !== null && option.partyCents > query.maxPriceCents) continue;
      options.push(option);
    }
    return options;
  }

  /**
   * Every itinerary of the legs' best options (each leg cut to `optionsPerLeg` by the sort, so
   * the first of the order are exact), legs in time order, within the whole-trip filters; sorted.
   */
  private combine(query: ItineraryQuery, options: LegOption[][]): Combination[] {
    if (options.some((legOptions) => legOptions.length === 0)) return [];
    const references: BestReferences = {
      cents: Math.max(1, options.reduce((sum, legOptions) => sum + Math.min(...legOptions.map((option) => Number(option.partyCents))), 0)),
      minutes: Math.max(1, options.reduce((sum, legOptions) => sum + Math.min(...legOptions.map((option) => option.minutes)), 0)),
    };
    const limit = optionsPerLeg(options.length);
    const kept = options.map((legOptions, legIndex) =>
      legOptions
        .map((option) => ({ option, key: legKey(query.sort, legIndex, option, references), id: option.id }))
        .sort(compareKeys)
        .slice(0, limit)
        .map(({ option }) => option),
    );
    const combinations: Combination[] = [];
    const extend = (chosen: LegOption[]): void => {
      const legIndex = chosen.length;
      if (legIndex === kept.length) {
        combinations.push(this.combination(query, chosen, references));
        return;
      }
      const previous = chosen.at(-1);
      for (const option of kept[legIndex] ?? []) {
        // The next leg leaves after the previous one landed, with at least a connection's time.
        if (previous && option.departs < previous.arrives + this.settings.minConnectionMinutes * MINUTE_MS) continue;
        extend([...chosen, option]);
      }
    };
    extend([]);
    return combinations
      .filter((combination) => (query.maxPriceCents === null || combination.partyCents <= query.maxPriceCents) && (query.maxDurationMinutes === null || combination.minutes <= query.maxDurationMinutes))
      .sort(compareKeys);
  }

  private combination(query: ItineraryQuery, chosen: LegOption[], references: BestReferences): Combination {
    const fares = chosen.reduce((sum, option) => addFares(sum, option.fares), NO_FARES);
    const partyCents = partyTotal(fares, query.party);
    const minutes = chosen.reduce((sum, option) => sum + option.minutes, 0);
    const stops = chosen.reduce((sum, option) => sum + option.stops, 0);
    const base = {
      options: chosen,
      fares,
      partyCents,
      minutes,
      stops,
      seatsLeft: Math.min(...chosen.map((option) => option.seatsLeft)),
      score: bestScore(references, partyCents, minutes, stops),
    };
    return { ...base, id: chosen.map((option) => option.id).join('|'), key: itineraryKey(query.sort, base) };
  }

  private page(query: ItineraryQuery, ranked: Combination[]): Connection<ItineraryResult> {
    const after: ItineraryPosition | null = query.after;
    const start = after ? ranked.findIndex((combination) => compareKeys(combination, after) > 0) : 0;
    const rest = start < 0 ? [] : ranked.slice(start);
    const nodes = rest.slice(0, query.first);
    const last = nodes.at(-1);
    return {
      nodes: nodes.map((combination) => this.result(query, combination)),
      pageInfo: {
        hasNextPage: rest.length > query.first,
        endCursor: last ? encodeKeysetCursor({ order: query.sort, value: JSON.stringify(last.key), id: last.id }) : null,
      },
      totalCount: ranked.length,
    };
  }

  private result(query: ItineraryQuery, combination: Combination): ItineraryResult {
    const lines = fareLines(combination.fares, query.party);
    const line = (kind: FareLine['kind']): FareLine | undefined => lines.find((candidate) => candidate.kind === kind);
    return {
      id: combination.id,
      legs: combination.options.map((option) => ({
        from: option.flights[0]?.departureAirport ?? '',
        to: option.flights.at(-1)?.arrivalAirport ?? '',
        departureDatetime: new Date(option.departs).toISOString(),
        arrivalDatetime: new Date(option.arrives).toISOString(),
        durationMinutes: option.minutes,
        stops: option.stops,
        flights: option.flights,
        layovers: option.flights.slice(1).map((flight, index) => ({
          airport: flight.departureAirport,
          durationMinutes: minutesBetween(Date.parse(option.flights[index]?.arrivalDatetime ?? flight.departureDatetime), Date.parse(flight.departureDatetime)),
        })),
      })),
      price: {
        adult: fareResult(line('adult')) ?? { count: 0, unitPrice: '0.00', subtotal: '0.00' },
        child: fareResult(line('child')),
        lapInfant: fareResult(line('lapInfant')),
        total: formatCents(combination.partyCents),
      },
      totalDurationMinutes: combination.minutes,
      stops: combination.stops,
      seatsLeft: combination.seatsLeft,
      score: combination.score,
    };
  }
}
