import { useSearchFlightsQuery, type FlightClass, type FlightSearchFilter, type FlightSort, type SearchFlightsQuery } from '@kayak/client';
import { useEffect, useState, type FormEvent } from 'react';
import { AirportInput } from '../components/AirportInput.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { formatDateTime, formatDuration, formatMoney, formatRating } from '../format.js';
import { href, navigate } from '../router.js';
import { track } from '../tracking.js';
import { ItinerarySearch } from './ItinerarySearch.js';
import type { TripType } from './tripSearch.js';

const PAGE_SIZE = 10;
const CLASSES: FlightClass[] = ['Economy', 'Business', 'First'];
const SORTS: Array<{ value: FlightSort; label: string }> = [
  { value: 'PRICE_ASC', label: 'Cheapest' },
  { value: 'DEPARTURE_ASC', label: 'Earliest departure' },
  { value: 'DURATION_ASC', label: 'Shortest' },
  { value: 'RATING_DESC', label: 'Best rated' },
];

interface Criteria {
  from: string;
  to: string;
  date: string;
  flightClass: string;
  sort: string;
}

const criteriaOf = (params: URLSearchParams): Criteria => ({
  from: params.get('from') ?? '',
  to: params.get('to') ?? '',
  date: params.get('date') ?? '',
  flightClass: params.get('class') ?? '',
  sort: params.get('sort') ?? 'PRICE_ASC',
});

/** The search form's fields → the API filter; a date means departures on that UTC day. */
function filterOf(criteria: Criteria): FlightSearchFilter {
  const filter: FlightSearchFilter = {};
  if (criteria.from) filter.departureAirport = criteria.from.trim().toUpperCase();
  if (criteria.to) filter.arrivalAirport = criteria.to.trim().toUpperCase();
  if (criteria.date) {
    filter.departureFrom = `${criteria.date}T00:00:00.000Z`;
    filter.departureTo = `${criteria.date}T23:59:59.999Z`;
  }
  if (CLASSES.includes(criteria.flightClass as FlightClass)) filter.flightClass = criteria.flightClass as FlightClass;
  return filter;
}

const sortOf = (value: string): FlightSort => SORTS.find((sort) => sort.value === value)?.value ?? 'PRICE_ASC';

type FlightResult = SearchFlightsQuery['searchFlights']['nodes'][number];

function FlightRow({ flight }: { flight: FlightResult }) {
  return (
    <li className="card result">
      <div>
        <a className="title" href={href(`/flights/${flight.flightId}`)} onClick={() => track.listingClick('Flight', flight.flightId)}>
          {flight.airlineName} {flight.flightId}: {flight.departureAirport} → {flight.arrivalAirport}
        </a>
        <p>
          {formatDateTime(flight.departureDatetime)} · {formatDuration(flight.durationMinutes)} · {flight.flightClass}
        </p>
        <p className="muted">
          {formatRating(flight.ratingSummary.average, flight.ratingSummary.count)} · {flight.remainingCapacity} seats left
        </p>
      </div>
      <div className="price">{formatMoney(flight.ticketPrice)}</div>
    </li>
  );
}

function Results({ criteria }: { criteria: Criteria }) {
  const { data, loading, error, fetchMore } = useSearchFlightsQuery({
    variables: { filter: filterOf(criteria), sort: sortOf(criteria.sort), first: PAGE_SIZE },
    fetchPolicy: 'cache-and-network',
  });
  const page = data?.searchFlights;
  // One "search" trace event per search submitted (the funnel's first step, top searched routes).
  useEffect(() => {
    const filter = filterOf(criteria);
    track.trace('search', { listingType: 'Flight', from: filter.departureAirport ?? null, to: filter.arrivalAirport ?? null, date: criteria.date || null, flightClass: filter.flightClass ?? null });
  }, [criteria.from, criteria.to, criteria.date, criteria.flightClass]);
  const loadMore = () =>
    fetchMore({
      variables: { after: page?.pageInfo.endCursor ?? null },
      updateQuery: (previous, { fetchMoreResult }) => ({
        searchFlights: { ...fetchMoreResult.searchFlights, nodes: [...previous.searchFlights.nodes, ...fetchMoreResult.searchFlights.nodes] },
      }),
    });
  return (
    <section aria-label="Search results">
      <ErrorMessage error={error} />
      {loading && !page ? <p>Searching…</p> : null}
      {page ? (
        <>
          <h2>
            {page.totalCount} flight{page.totalCount === 1 ? '' : 's'} found
          </h2>
          <ul className="results">
            {page.nodes.map((flight) => (
              <FlightRow key={flight.flightId} flight={flight} />
            ))}
          </ul>
          {page.pageInfo.hasNextPage ? (
            <button type="button" onClick={() => void loadMore()} disabled={loading}>
              Show more flights
            </button>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

type TripChoice = 'oneway' | TripType;
const TRIPS: Array<{ value: TripChoice; label: string }> = [
  { value: 'oneway', label: 'One-way' },
  { value: 'round', label: 'Round trip' },
  { value: 'multi', label: 'Multi-city' },
];
const tripOf = (value: string | null): TripChoice => TRIPS.find((trip) => trip.value === value)?.value ?? 'oneway';

/**
 * `#/`: flight search. One-way lists the flights of a route and day (`#/?from=&to=&date=`); round
 * trip and multi-city search itineraries with connections for a party (`ItinerarySearch`).
 */
export function SearchPage({ params }: { params: URLSearchParams }) {
  const [trip, setTrip] = useState<TripChoice>(tripOf(params.get('trip')));
  useEffect(() => setTrip(tripOf(params.get('trip'))), [params.get('trip')]);
  return (
    <>
      <h1>Search flights</h1>
      <fieldset className="trip-type">
        <legend>Trip type</legend>
        {TRIPS.map((choice) => (
          <label key={choice.value} className="checkbox">
            <input type="radio" name="trip" value={choice.value} checked={trip === choice.value} onChange={() => setTrip(choice.value)} /> {choice.label}
          </label>
        ))}
      </fieldset>
      {trip === 'oneway' ? <OneWaySearch params={params} /> : <ItinerarySearch key={trip} trip={trip} params={params} />}
    </>
  );
}

/** The flights of one route and UTC day, with class and sort: each result links to its flight page. */
function OneWaySearch({ params }: { params: URLSearchParams }) {
  const submitted = criteriaOf(params);
  const [form, setForm] = useState<Criteria>(submitted);
  const searched = params.size > 0 && tripOf(params.get('trip')) === 'oneway';
  const update = (field: keyof Criteria) => (event: { target: { value: string } }) => setForm({ ...form, [field]: event.target.value });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const query = new URLSearchParams({ from: form.from, to: form.to, date: form.date, class: form.flightClass, sort: form.sort });
    navigate(`/?${query.toString()}`);
  };
  return (
    <>
      <form className="card search" onSubmit={submit}>
        <AirportInput label="From" value={form.from} onChange={(from) => setForm((current) => ({ ...current, from }))} />
        <AirportInput label="To" value={form.to} onChange={(to) => setForm((current) => ({ ...current, to }))} />
        <label>
          Departure date
          <input type="date" value={form.date} onChange={update('date')} />
        </label>
        <label>
          Class
          <select value={form.flightClass} onChange={update('flightClass')}>
            <option value="">Any</option>
            {CLASSES.map((flightClass) => (
              <option key={flightClass}>{flightClass}</option>
            ))}
          </select>
        </label>
        <label>
          Sort by
          <select value={form.sort} onChange={update('sort')}>
            {SORTS.map((sort) => (
              <option key={sort.value} value={sort.value}>
                {sort.label}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Search</button>
      </form>
      {searched ? <Results criteria={submitted} /> : <p className="muted">Try JFK → LAX a week from today.</p>}
    </>
  );
}
