import { useSearchFlightsQuery, type FlightClass, type FlightSearchFilter, type FlightSort, type SearchFlightsQuery } from '@kayak/client';
import { useEffect, useState, type FormEvent } from 'react';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { formatDateTime, formatDuration, formatMoney, formatRating } from '../format.js';
import { href, navigate } from '../router.js';
import { track } from '../tracking.js';

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

export function SearchPage({ params }: { params: URLSearchParams }) {
  const submitted = criteriaOf(params);
  const [form, setForm] = useState<Criteria>(submitted);
  const searched = params.size > 0;
  const update = (field: keyof Criteria) => (event: { target: { value: string } }) => setForm({ ...form, [field]: event.target.value });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const query = new URLSearchParams({ from: form.from, to: form.to, date: form.date, class: form.flightClass, sort: form.sort });
    navigate(`/?${query.toString()}`);
  };
  return (
    <>
      <h1>Search flights</h1>
      <form className="card search" onSubmit={submit}>
        <label>
          From
          <input value={form.from} onChange={update('from')} placeholder="JFK" maxLength={3} />
        </label>
        <label>
          To
          <input value={form.to} onChange={update('to')} placeholder="LAX" maxLength={3} />
        </label>
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
