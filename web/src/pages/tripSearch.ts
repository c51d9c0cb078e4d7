import type { ItineraryFilter, ItinerarySearchInput, ItinerarySort } from '@kayak/client';

// Round-trip and multi-city searches between the URL, the form and the API input: no React, so
// web/test/unit/tripSearch.test.ts checks it without a browser.

export type TripType = 'round' | 'multi';

export const MIN_LEGS = 2;
export const MAX_LEGS = 5;
export const SORTS: Array<{ value: ItinerarySort; label: string }> = [
  { value: 'BEST', label: 'Best' },
  { value: 'PRICE', label: 'Price' },
  { value: 'DURATION', label: 'Duration' },
  { value: 'DEPARTURE', label: 'Departure' },
];

export interface LegFields {
  from: string;
  to: string;
  date: string;
}

/** The search as the URL keeps it (`#/?trip=round&leg=JFK.LAX.2026-12-12&leg=LAX.JFK.2026-12-19&adults=2…`). */
export interface TripSearch {
  trip: TripType;
  legs: LegFields[];
  adults: string;
  children: string;
  lapInfants: string;
  maxStops: string;
  maxPrice: string;
  sort: ItinerarySort;
}

export const emptyLeg = (): LegFields => ({ from: '', to: '', date: '' });

const legOf = (value: string): LegFields => {
  const [from = '', to = '', date = ''] = value.split('.');
  return { from, to, date };
};

export function tripSearchOf(params: URLSearchParams, trip: TripType): TripSearch {
  const legs = params.getAll('leg').slice(0, MAX_LEGS).map(legOf);
  while (legs.length < MIN_LEGS) legs.push(emptyLeg());
  return {
    trip,
    legs,
    adults: params.get('adults') ?? '1',
    children: params.get('children') ?? '0',
    lapInfants: params.get('infants') ?? '0',
    maxStops: params.get('stops') ?? '',
    maxPrice: params.get('maxPrice') ?? '',
    sort: SORTS.find((sort) => sort.value === params.get('sort'))?.value ?? 'BEST',
  };
}

/** A round trip's second leg is the first one back, on the return date. */
export function legsOf(search: TripSearch): LegFields[] {
  if (search.trip === 'multi') return search.legs;
  const [outbound = emptyLeg(), back = emptyLeg()] = search.legs;
  return [outbound, { from: outbound.to, to: outbound.from, date: back.date }];
}

export function queryOf(search: TripSearch): string {
  const query = new URLSearchParams({ trip: search.trip });
  for (const leg of legsOf(search)) query.append('leg', `${leg.from}.${leg.to}.${leg.date}`);
  query.set('adults', search.adults);
  query.set('children', search.children);
  query.set('infants', search.lapInfants);
  if (search.maxStops) query.set('stops', search.maxStops);
  if (search.maxPrice.trim()) query.set('maxPrice', search.maxPrice.trim());
  query.set('sort', search.sort);
  return query.toString();
}

const count = (value: string, fallback: number): number => {
  const parsed = Number.parseInt(value, 10);
  return Number.isNaN(parsed) ? fallback : parsed;
};

/** The form's fields → the API input; the server checks codes, dates and counts (and says which field is wrong). */
export function inputOf(search: TripSearch): ItinerarySearchInput {
  const filter: ItineraryFilter = {};
  if (search.maxStops !== '') filter.maxStops = count(search.maxStops, 2);
  if (search.maxPrice.trim()) filter.maxPrice = search.maxPrice.trim();
  return {
    legs: legsOf(search).map((leg) => ({ from: leg.from.trim().toUpperCase(), to: leg.to.trim().toUpperCase(), date: leg.date })),
    passengers: { adults: count(search.adults, 1), children: count(search.children, 0), lapInfants: count(search.lapInfants, 0) },
    filter,
    sort: search.sort,
  };
}
