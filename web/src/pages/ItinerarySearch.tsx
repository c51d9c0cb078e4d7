import { useSearchItinerariesQuery, type SearchItinerariesQuery } from '@kayak/client';
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { AddItineraryToTrip } from '../components/AddItineraryToTrip.js';
import { AirportInput } from '../components/AirportInput.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { formatDateTime, formatDuration, formatLocalTime, formatMoney } from '../format.js';
import { href, navigate } from '../router.js';
import { track } from '../tracking.js';
import type { CartParty } from '../tripCart.js';
import { emptyLeg, inputOf, MAX_LEGS, MIN_LEGS, queryOf, SORTS, tripSearchOf, type LegFields, type TripSearch, type TripType } from './tripSearch.js';

type Itinerary = SearchItinerariesQuery['searchItineraries']['nodes'][number];
type Leg = Itinerary['legs'][number];
type Flight = Leg['flights'][number];

/** A local time in the airport's zone, the UTC instant on hover. */
function LocalTime({ utc, local }: { utc: string; local: string | null | undefined }) {
  return (
    <time dateTime={utc} title={formatDateTime(utc)}>
      {local ? formatLocalTime(local) : formatDateTime(utc)}
    </time>
  );
}

/** The travellers searched: every flight of an itinerary added to the trip carries them (lap infants take no seat). */
function partyOf(input: ReturnType<typeof inputOf>): CartParty {
  const passengers = input.passengers;
  return { seats: (passengers?.adults ?? 1) + (passengers?.children ?? 0), lapInfants: passengers?.lapInfants ?? 0 };
}

const stopsText = (stops: number): string => (stops === 0 ? 'Nonstop' : `${stops} stop${stops === 1 ? '' : 's'}`);

function legTitle(index: number, legCount: number, trip: TripType): string {
  if (trip === 'round' && legCount === 2) return index === 0 ? 'Outbound' : 'Return';
  return `Flight ${index + 1}`;
}

function FlightLine({ flight }: { flight: Flight }) {
  return (
    <li>
      <a href={href(`/flights/${flight.flightId}`)} onClick={() => track.listingClick('Flight', flight.flightId)}>
        {flight.airlineName} {flight.flightId}
      </a>{' '}
      {flight.departureAirport} <LocalTime utc={flight.departureDatetime} local={flight.departureLocalTime} /> → {flight.arrivalAirport}{' '}
      <LocalTime utc={flight.arrivalDatetime} local={flight.arrivalLocalTime} />
    </li>
  );
}

function LegBlock({ leg, title }: { leg: Leg; title: string }) {
  return (
    <div className="leg">
      <p>
        <strong>{title}</strong> {leg.from} → {leg.to} · {formatDuration(leg.durationMinutes)} · {stopsText(leg.stops)}
      </p>
      <ul className="flights">
        {leg.flights.map((flight, index) => (
          <FlightAndLayover key={flight.flightId} flight={flight} layover={leg.layovers[index]} />
        ))}
      </ul>
    </div>
  );
}

function FlightAndLayover({ flight, layover }: { flight: Flight; layover: Leg['layovers'][number] | undefined }) {
  return (
    <>
      <FlightLine flight={flight} />
      {layover ? (
        <li className="layover muted">
          Layover {formatDuration(layover.durationMinutes)} in {layover.airport}
        </li>
      ) : null}
    </>
  );
}

function FareLine({ label, fare }: { label: [string, string]; fare: { count: number; unitPrice: string; subtotal: string } | null | undefined }) {
  if (!fare || fare.count === 0) return null;
  return (
    <li>
      {fare.count} {fare.count === 1 ? label[0] : label[1]} × {formatMoney(fare.unitPrice)} = {formatMoney(fare.subtotal)}
    </li>
  );
}

function ItineraryCard({ itinerary, trip, party }: { itinerary: Itinerary; trip: TripType; party: CartParty }) {
  const first = itinerary.legs[0]?.flights[0];
  const route = itinerary.legs.map((leg) => `${leg.from} → ${leg.to}`).join(', ');
  return (
    <li className="card itinerary" aria-label={`Itinerary ${route}, ${formatMoney(itinerary.price.total)}`}>
      <div className="legs">
        {itinerary.legs.map((leg, index) => (
          <LegBlock key={`${index}-${leg.from}`} leg={leg} title={legTitle(index, itinerary.legs.length, trip)} />
        ))}
        <p className="muted">
          Travel time {formatDuration(itinerary.totalDurationMinutes)} · {stopsText(itinerary.stops)} · {itinerary.seatsLeft} seats left
        </p>
      </div>
      <div className="fare">
        <ul className="fares">
          <FareLine label={['adult', 'adults']} fare={itinerary.price.adult} />
          <FareLine label={['child', 'children']} fare={itinerary.price.child} />
          <FareLine label={['lap infant', 'lap infants']} fare={itinerary.price.lapInfant} />
        </ul>
        <p className="price">
          <span className="muted">Total </span>
          {formatMoney(itinerary.price.total)}
        </p>
        <AddItineraryToTrip itineraryId={itinerary.id} flights={itinerary.legs.flatMap((leg) => leg.flights)} party={party} />
        {/* Select opens the first flight, where it can be booked on its own. */}
        {first ? (
          <a className="button" href={href(`/flights/${first.flightId}`)} onClick={() => track.listingClick('Flight', first.flightId)}>
            Select
          </a>
        ) : null}
      </div>
    </li>
  );
}

function ItineraryResults({ search }: { search: TripSearch }) {
  const input = inputOf(search);
  // network-only: an itinerary's price depends on the party, while the cache keys itineraries by id alone.
  const { data, loading, error, fetchMore } = useSearchItinerariesQuery({ variables: { input }, fetchPolicy: 'network-only', notifyOnNetworkStatusChange: true });
  const page = data?.searchItineraries;
  const [firstLeg] = input.legs;
  // One "search" trace event per search submitted (the funnel's first step), named by its first leg.
  const searchKey = queryOf(search);
  useEffect(() => {
    track.trace('search', { listingType: 'Flight', from: firstLeg?.from ?? null, to: firstLeg?.to ?? null, date: firstLeg?.date ?? null, flightClass: null });
  }, [searchKey]);
  const loadMore = () =>
    fetchMore({
      variables: { after: page?.pageInfo.endCursor ?? null },
      updateQuery: (previous, { fetchMoreResult }) => ({
        searchItineraries: { ...fetchMoreResult.searchItineraries, nodes: [...previous.searchItineraries.nodes, ...fetchMoreResult.searchItineraries.nodes] },
      }),
    });
  return (
    <section aria-label="Search results">
      <ErrorMessage error={error} />
      {loading && !page ? <p>Searching…</p> : null}
      {page ? (
        <>
          <h2>
            {page.totalCount} {page.totalCount === 1 ? 'itinerary' : 'itineraries'} found
          </h2>
          {page.totalCount === 0 ? <p className="muted">No trip matches: try other dates, more stops or a higher price.</p> : null}
          <ul className="results">
            {page.nodes.map((itinerary) => (
              <ItineraryCard key={itinerary.id} itinerary={itinerary} trip={search.trip} party={partyOf(input)} />
            ))}
          </ul>
          {page.pageInfo.hasNextPage ? (
            <button type="button" onClick={() => void loadMore()} disabled={loading}>
              Load more
            </button>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

function LegRow({ leg, index, trip, update, remove, children }: { leg: LegFields; index: number; trip: TripType; update: (leg: LegFields) => void; remove?: () => void; children?: ReactNode }) {
  const prefix = trip === 'multi' ? `Flight ${index + 1} ` : '';
  const fromLabel = prefix ? `${prefix}from` : 'From';
  const toLabel = prefix ? `${prefix}to` : 'To';
  return (
    <div className="leg-fields">
      <AirportInput label={fromLabel} value={leg.from} onChange={(from) => update({ ...leg, from })} />
      <AirportInput label={toLabel} value={leg.to} onChange={(to) => update({ ...leg, to })} />
      <label>
        {prefix ? `${prefix}date` : 'Departure date'}
        <input type="date" value={leg.date} onChange={(event) => update({ ...leg, date: event.target.value })} />
      </label>
      {children}
      {remove ? (
        <button type="button" className="secondary" onClick={remove}>
          Remove flight {index + 1}
        </button>
      ) : null}
    </div>
  );
}

function NumberField({ label, value, min, max, onChange }: { label: string; value: string; min: number; max: number; onChange: (value: string) => void }) {
  return (
    <label>
      {label}
      <input type="number" inputMode="numeric" min={min} max={max} value={value} onChange={(event) => onChange(event.target.value)} />
    </label>
  );
}

/** Round trip (one leg out, the return date) or multi-city (2–5 legs), the party, filters and sort. */
export function ItinerarySearch({ trip, params }: { trip: TripType; params: URLSearchParams }) {
  const submitted = tripSearchOf(params, trip);
  const searched = params.get('trip') === trip && params.getAll('leg').length > 0;
  const [form, setForm] = useState<TripSearch>(submitted);
  const set = (fields: Partial<TripSearch>) => setForm((current) => ({ ...current, ...fields }));
  const legs = form.legs;
  const updateLeg = (index: number) => (leg: LegFields) => set({ legs: legs.map((current, position) => (position === index ? leg : current)) });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    navigate(`/?${queryOf({ ...form, trip })}`);
  };
  return (
    <>
      <form className="card search trip" onSubmit={submit}>
        {trip === 'round' ? (
          <LegRow leg={legs[0] ?? emptyLeg()} index={0} trip={trip} update={updateLeg(0)}>
            <label>
              Return date
              <input type="date" value={legs[1]?.date ?? ''} onChange={(event) => updateLeg(1)({ ...(legs[1] ?? emptyLeg()), date: event.target.value })} />
            </label>
          </LegRow>
        ) : (
          <>
            {legs.map((leg, index) => (
              <LegRow key={index} leg={leg} index={index} trip={trip} update={updateLeg(index)} remove={legs.length > MIN_LEGS ? () => set({ legs: legs.filter((_, position) => position !== index) }) : undefined} />
            ))}
            {legs.length < MAX_LEGS ? (
              <button type="button" className="secondary" onClick={() => set({ legs: [...legs, { ...emptyLeg(), from: legs[legs.length - 1]?.to ?? '' }] })}>
                Add flight
              </button>
            ) : null}
          </>
        )}
        <fieldset className="row">
          <legend>Passengers</legend>
          <NumberField label="Adults" value={form.adults} min={1} max={9} onChange={(adults) => set({ adults })} />
          <NumberField label="Children (2–11)" value={form.children} min={0} max={8} onChange={(children) => set({ children })} />
          <NumberField label="Lap infants" value={form.lapInfants} min={0} max={9} onChange={(lapInfants) => set({ lapInfants })} />
        </fieldset>
        <fieldset className="row">
          <legend>Filters</legend>
          <label>
            Max stops
            <select value={form.maxStops} onChange={(event) => set({ maxStops: event.target.value })}>
              <option value="">Any</option>
              <option value="0">Nonstop only</option>
              <option value="1">Up to 1 stop</option>
              <option value="2">Up to 2 stops</option>
            </select>
          </label>
          <label>
            Max total price ($)
            <input inputMode="decimal" value={form.maxPrice} onChange={(event) => set({ maxPrice: event.target.value })} placeholder="Any" />
          </label>
          <label>
            Sort by
            <select value={form.sort} onChange={(event) => set({ sort: SORTS.find((sort) => sort.value === event.target.value)?.value ?? 'BEST' })}>
              {SORTS.map((sort) => (
                <option key={sort.value} value={sort.value}>
                  {sort.label}
                </option>
              ))}
            </select>
          </label>
        </fieldset>
        <button type="submit">Search</button>
      </form>
      {searched ? <ItineraryResults search={submitted} /> : <p className="muted">Try JFK ⇄ LAX, leaving a week from today.</p>}
    </>
  );
}
