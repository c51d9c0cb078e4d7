import {
  useAdminListingLazyQuery,
  useAdminListingQuery,
  useAdminSearchCarsQuery,
  useAdminSearchFlightsQuery,
  useAdminSearchHotelsQuery,
  useCreateCarMutation,
  useCreateFlightMutation,
  useCreateHotelMutation,
  useDeleteCarMutation,
  useDeleteFlightMutation,
  useDeleteHotelMutation,
  useUpdateCarMutation,
  useUpdateFlightMutation,
  useUpdateHotelMutation,
  type AdminCarFragment,
  type AdminFlightFragment,
  type AdminHotelFragment,
  type FlightClass,
  type ListingType,
} from '@kayak/client';
import { useState, type FormEvent, type ReactNode } from 'react';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { formatDateTime, formatMoney } from '../format.js';
import { href } from '../router.js';

/**
 * Listing management (Listing Admin, Super Admin): find flights, hotels and cars, create them, change
 * their price, retire them. Retiring keeps the listing for its bookings and takes it out of search.
 */

type AnyListing = AdminFlightFragment | AdminHotelFragment | AdminCarFragment;
const TYPES: ListingType[] = ['Flight', 'Hotel', 'Car'];
const CLASSES: FlightClass[] = ['Economy', 'Business', 'First'];

const idOf = (listing: AnyListing): string => (listing.__typename === 'Flight' ? listing.flightId : listing.__typename === 'Hotel' ? listing.hotelId : listing.carId);
const priceOf = (listing: AnyListing): string => (listing.__typename === 'Flight' ? listing.ticketPrice : listing.__typename === 'Hotel' ? listing.pricePerNight : listing.dailyRentalPrice);
const unitOf = (type: ListingType): string => (type === 'Flight' ? 'per seat' : type === 'Hotel' ? 'per night' : 'per day');

function describe(listing: AnyListing): string {
  if (listing.__typename === 'Flight') return `${listing.airlineName}: ${listing.departureAirport} → ${listing.arrivalAirport}, ${formatDateTime(listing.departureDatetime)}, ${listing.flightClass}, ${listing.totalAvailableSeats} seats`;
  if (listing.__typename === 'Hotel') return `${listing.name}, ${listing.address.city} ${listing.address.state}, ${listing.starRating}★, ${listing.numberOfRooms} rooms`;
  return `${listing.providerName} ${listing.model} (${listing.carType}), ${listing.pickupCity}, ${listing.availabilityStatus}`;
}

/** Price and retire actions of one listing; the mutations answer with the changed listing, which Apollo's cache merges. */
function ListingActions({ listing }: { listing: AnyListing }) {
  const id = idOf(listing);
  const [price, setPrice] = useState(priceOf(listing));
  const [confirming, setConfirming] = useState(false);
  const [updateFlight, flightUpdate] = useUpdateFlightMutation();
  const [updateHotel, hotelUpdate] = useUpdateHotelMutation();
  const [updateCar, carUpdate] = useUpdateCarMutation();
  const [deleteFlight, flightDelete] = useDeleteFlightMutation();
  const [deleteHotel, hotelDelete] = useDeleteHotelMutation();
  const [deleteCar, carDelete] = useDeleteCarMutation();
  const [retiredNow, setRetiredNow] = useState(false);
  const update = listing.__typename === 'Flight' ? flightUpdate : listing.__typename === 'Hotel' ? hotelUpdate : carUpdate;
  const remove = listing.__typename === 'Flight' ? flightDelete : listing.__typename === 'Hotel' ? hotelDelete : carDelete;
  const busy = update.loading || remove.loading;
  const saved: AnyListing | undefined = flightUpdate.data?.updateFlight ?? hotelUpdate.data?.updateHotel ?? carUpdate.data?.updateCar;
  const savePrice = (event: FormEvent) => {
    event.preventDefault();
    const run =
      listing.__typename === 'Flight'
        ? updateFlight({ variables: { flightId: id, input: { ticketPrice: price } } })
        : listing.__typename === 'Hotel'
          ? updateHotel({ variables: { hotelId: id, input: { pricePerNight: price } } })
          : updateCar({ variables: { carId: id, input: { dailyRentalPrice: price } } });
    void run.catch(() => undefined);
  };
  const retire = () => {
    const run = listing.__typename === 'Flight' ? deleteFlight({ variables: { flightId: id } }) : listing.__typename === 'Hotel' ? deleteHotel({ variables: { hotelId: id } }) : deleteCar({ variables: { carId: id } });
    void run.then((result) => setRetiredNow(Boolean(result.data))).catch(() => undefined);
    setConfirming(false);
  };
  if (listing.retired || retiredNow) {
    return <span className="badge Cancelled">Retired{listing.retiredAt ? ` ${formatDateTime(listing.retiredAt)}` : ''}</span>;
  }
  return (
    <div className="actions">
      <form className="inline" onSubmit={savePrice} aria-label={`Price of ${id}`}>
        <label>
          Price ({unitOf(listing.__typename)})
          <input value={price} onChange={(event) => setPrice(event.target.value)} inputMode="decimal" size={10} />
        </label>
        <button type="submit" disabled={busy || price === priceOf(listing)}>
          Save price
        </button>
      </form>
      {confirming ? (
        <span>
          <button type="button" className="danger" onClick={retire} disabled={busy}>
            Confirm retire {id}
          </button>{' '}
          <button type="button" className="secondary" onClick={() => setConfirming(false)}>
            Keep
          </button>
        </span>
      ) : (
        <button type="button" className="secondary" onClick={() => setConfirming(true)} disabled={busy}>
          Retire
        </button>
      )}
      {saved ? <p role="status" className="muted">Price saved: {formatMoney(priceOf(saved))}</p> : null}
      <ErrorMessage error={update.error ?? remove.error} />
    </div>
  );
}

function ListingTable({ listings, empty }: { listings: AnyListing[]; empty: string }) {
  if (listings.length === 0) return <p className="muted">{empty}</p>;
  return (
    <table className="admin-table">
      <thead>
        <tr>
          <th>Id</th>
          <th>Listing</th>
          <th>Price</th>
          <th>Manage</th>
        </tr>
      </thead>
      <tbody>
        {listings.map((listing) => (
          <tr key={`${listing.__typename}:${idOf(listing)}`} aria-label={`Listing ${idOf(listing)}`}>
            <td>{idOf(listing)}</td>
            <td>{describe(listing)}</td>
            <td className="amount">{formatMoney(priceOf(listing))}</td>
            <td>
              <ListingActions listing={listing} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label>
      {label}
      {children}
    </label>
  );
}

type FormValues = Record<string, string>;
const useForm = (initial: FormValues) => {
  const [values, setValues] = useState(initial);
  const bind = (name: string) => ({ value: values[name] ?? '', onChange: (event: { target: { value: string } }) => setValues({ ...values, [name]: event.target.value }) });
  return { values, bind };
};
const optional = (value: string | undefined): string | null => (value && value.trim() ? value.trim() : null);
/** A datetime-local value is read as UTC, the zone the site shows times in. */
const utc = (value: string | undefined): string => (value ? `${value}:00.000Z` : '');

function CreateFlight({ onCreated }: { onCreated: (listing: AnyListing) => void }) {
  const { values, bind } = useForm({ flightClass: 'Economy' });
  const [create, { loading, error }] = useCreateFlightMutation();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const input = {
      flightId: optional(values.flightId),
      airlineName: values.airlineName ?? '',
      departureAirport: values.departureAirport ?? '',
      arrivalAirport: values.arrivalAirport ?? '',
      departureCity: optional(values.departureCity),
      arrivalCity: optional(values.arrivalCity),
      departureDatetime: utc(values.departureDatetime),
      arrivalDatetime: utc(values.arrivalDatetime),
      flightClass: (values.flightClass ?? 'Economy') as FlightClass,
      ticketPrice: values.ticketPrice ?? '',
      totalAvailableSeats: Number(values.totalAvailableSeats ?? 0),
    };
    void create({ variables: { input } })
      .then((result) => result.data && onCreated(result.data.createFlight))
      .catch(() => undefined);
  };
  return (
    <form className="card grid-form" onSubmit={submit} aria-label="New flight">
      <h3>New flight</h3>
      <Field label="Flight id (optional)"><input {...bind('flightId')} placeholder="generated" /></Field>
      <Field label="Airline"><input {...bind('airlineName')} required /></Field>
      <Field label="From (IATA)"><input {...bind('departureAirport')} maxLength={3} required /></Field>
      <Field label="To (IATA)"><input {...bind('arrivalAirport')} maxLength={3} required /></Field>
      <Field label="From city"><input {...bind('departureCity')} /></Field>
      <Field label="To city"><input {...bind('arrivalCity')} /></Field>
      <Field label="Departure (UTC)"><input type="datetime-local" {...bind('departureDatetime')} required /></Field>
      <Field label="Arrival (UTC)"><input type="datetime-local" {...bind('arrivalDatetime')} required /></Field>
      <Field label="Class">
        <select {...bind('flightClass')}>
          {CLASSES.map((flightClass) => <option key={flightClass}>{flightClass}</option>)}
        </select>
      </Field>
      <Field label="Ticket price"><input {...bind('ticketPrice')} inputMode="decimal" required /></Field>
      <Field label="Seats"><input type="number" min={1} {...bind('totalAvailableSeats')} required /></Field>
      <ErrorMessage error={error} />
      <button type="submit" disabled={loading}>Create flight</button>
    </form>
  );
}

function CreateHotel({ onCreated }: { onCreated: (listing: AnyListing) => void }) {
  const { values, bind } = useForm({ starRating: '3', defaultRoomType: 'Double' });
  const [create, { loading, error }] = useCreateHotelMutation();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const input = {
      hotelId: optional(values.hotelId),
      name: values.name ?? '',
      address: { street: values.street ?? '', city: values.city ?? '', state: values.state ?? '', zip: values.zip ?? '' },
      starRating: Number(values.starRating ?? 0),
      numberOfRooms: Number(values.numberOfRooms ?? 0),
      defaultRoomType: values.defaultRoomType ?? '',
      pricePerNight: values.pricePerNight ?? '',
    };
    void create({ variables: { input } })
      .then((result) => result.data && onCreated(result.data.createHotel))
      .catch(() => undefined);
  };
  return (
    <form className="card grid-form" onSubmit={submit} aria-label="New hotel">
      <h3>New hotel</h3>
      <Field label="Hotel id (optional)"><input {...bind('hotelId')} placeholder="generated" /></Field>
      <Field label="Name"><input {...bind('name')} required /></Field>
      <Field label="Street"><input {...bind('street')} required /></Field>
      <Field label="City"><input {...bind('city')} required /></Field>
      <Field label="State"><input {...bind('state')} required /></Field>
      <Field label="ZIP"><input {...bind('zip')} required /></Field>
      <Field label="Stars"><input type="number" min={1} max={5} {...bind('starRating')} required /></Field>
      <Field label="Rooms"><input type="number" min={1} {...bind('numberOfRooms')} required /></Field>
      <Field label="Room type"><input {...bind('defaultRoomType')} required /></Field>
      <Field label="Price per night"><input {...bind('pricePerNight')} inputMode="decimal" required /></Field>
      <ErrorMessage error={error} />
      <button type="submit" disabled={loading}>Create hotel</button>
    </form>
  );
}

function CreateCar({ onCreated }: { onCreated: (listing: AnyListing) => void }) {
  const { values, bind } = useForm({ transmissionType: 'Automatic', carType: 'Sedan' });
  const [create, { loading, error }] = useCreateCarMutation();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const input = {
      carId: optional(values.carId),
      carType: values.carType ?? '',
      providerName: values.providerName ?? '',
      model: values.model ?? '',
      year: Number(values.year ?? 0),
      transmissionType: values.transmissionType ?? '',
      numberOfSeats: Number(values.numberOfSeats ?? 0),
      dailyRentalPrice: values.dailyRentalPrice ?? '',
      pickupCity: values.pickupCity ?? '',
    };
    void create({ variables: { input } })
      .then((result) => result.data && onCreated(result.data.createCar))
      .catch(() => undefined);
  };
  return (
    <form className="card grid-form" onSubmit={submit} aria-label="New car">
      <h3>New car</h3>
      <Field label="Car id (optional)"><input {...bind('carId')} placeholder="generated" /></Field>
      <Field label="Provider"><input {...bind('providerName')} required /></Field>
      <Field label="Model"><input {...bind('model')} required /></Field>
      <Field label="Car type"><input {...bind('carType')} required /></Field>
      <Field label="Year"><input type="number" {...bind('year')} required /></Field>
      <Field label="Transmission"><input {...bind('transmissionType')} required /></Field>
      <Field label="Seats"><input type="number" min={1} {...bind('numberOfSeats')} required /></Field>
      <Field label="Daily price"><input {...bind('dailyRentalPrice')} inputMode="decimal" required /></Field>
      <Field label="Pickup city"><input {...bind('pickupCity')} required /></Field>
      <ErrorMessage error={error} />
      <button type="submit" disabled={loading}>Create car</button>
    </form>
  );
}

/** A listing created on this page, read through the cache so price changes and retiring show. */
function CreatedListing({ type, id }: { type: ListingType; id: string }) {
  const { data, error } = useAdminListingQuery({ variables: { listingType: type, listingId: id }, fetchPolicy: 'cache-and-network' });
  if (!data?.listing) return <ErrorMessage error={error} />;
  return <ListingTable listings={[data.listing]} empty="" />;
}

/** Search results of one type; `where` is the airport pair (flights) or the city (hotels, cars). */
function SearchResults({ type, where }: { type: ListingType; where: { from: string; to: string; city: string } }) {
  const flights = useAdminSearchFlightsQuery({
    variables: { filter: { departureAirport: where.from || null, arrivalAirport: where.to || null }, first: 50 },
    skip: type !== 'Flight',
    fetchPolicy: 'cache-and-network',
  });
  const hotels = useAdminSearchHotelsQuery({ variables: { filter: { city: where.city || null }, first: 50 }, skip: type !== 'Hotel', fetchPolicy: 'cache-and-network' });
  const cars = useAdminSearchCarsQuery({ variables: { filter: { pickupCity: where.city || null }, first: 50 }, skip: type !== 'Car', fetchPolicy: 'cache-and-network' });
  const result = type === 'Flight' ? flights : type === 'Hotel' ? hotels : cars;
  const connection = type === 'Flight' ? flights.data?.searchFlights : type === 'Hotel' ? hotels.data?.searchHotels : cars.data?.searchCars;
  if (!connection) return result.loading ? <p>Loading listings…</p> : <ErrorMessage error={result.error} />;
  return (
    <section aria-label="Listings found">
      <p className="muted">
        {connection.totalCount} {type.toLowerCase()}
        {connection.totalCount === 1 ? '' : 's'} in search{connection.totalCount > connection.nodes.length ? `, first ${connection.nodes.length} shown` : ''} (retired listings are not searchable: find them by id)
      </p>
      <ListingTable listings={connection.nodes} empty={`No ${type.toLowerCase()}s match.`} />
    </section>
  );
}

export function ListingsAdmin({ params }: { params: URLSearchParams }) {
  const type = TYPES.find((candidate) => candidate === params.get('type')) ?? 'Flight';
  const [filter, setFilter] = useState({ from: '', to: '', city: '' });
  const [where, setWhere] = useState(filter);
  const [lookupId, setLookupId] = useState('');
  const [lookup, looked] = useAdminListingLazyQuery({ fetchPolicy: 'network-only' });
  const [created, setCreated] = useState<Array<{ type: ListingType; id: string }>>([]);
  const found = looked.data?.listing;
  const onCreated = (listing: AnyListing) => setCreated([{ type: listing.__typename, id: idOf(listing) }, ...created]);
  const createdHere = created.filter((listing) => listing.type === type);
  return (
    <>
      <nav className="tabs" aria-label="Listing type">
        {TYPES.map((candidate) => (
          <a key={candidate} href={href(`/admin/listings?type=${candidate}`)} aria-current={candidate === type ? 'page' : undefined}>
            {candidate}s
          </a>
        ))}
      </nav>
      {createdHere.length > 0 ? (
        <section className="card" aria-label="Created here">
          <h3>Created on this page</h3>
          {createdHere.map((listing) => (
            <CreatedListing key={listing.id} type={listing.type} id={listing.id} />
          ))}
        </section>
      ) : null}
      <section className="card">
        <form className="search" onSubmit={(event) => (event.preventDefault(), setWhere(filter))} aria-label="Find listings">
          {type === 'Flight' ? (
            <>
              <Field label="From airport"><input value={filter.from} onChange={(event) => setFilter({ ...filter, from: event.target.value.toUpperCase() })} maxLength={3} /></Field>
              <Field label="To airport"><input value={filter.to} onChange={(event) => setFilter({ ...filter, to: event.target.value.toUpperCase() })} maxLength={3} /></Field>
            </>
          ) : (
            <Field label="City"><input value={filter.city} onChange={(event) => setFilter({ ...filter, city: event.target.value })} /></Field>
          )}
          <button type="submit">Find</button>
        </form>
        <form
          className="search"
          aria-label="Find by id"
          onSubmit={(event) => {
            event.preventDefault();
            if (lookupId.trim()) void lookup({ variables: { listingType: type, listingId: lookupId.trim() } }).catch(() => undefined);
          }}
        >
          <Field label={`${type} id`}><input value={lookupId} onChange={(event) => setLookupId(event.target.value)} /></Field>
          <button type="submit" className="secondary">Look up</button>
        </form>
        {looked.called && !looked.loading ? (found ? <ListingTable listings={[found]} empty="" /> : looked.error ? <ErrorMessage error={looked.error} /> : <p className="muted">There is no {type.toLowerCase()} {lookupId}.</p>) : null}
        <SearchResults type={type} where={where} />
      </section>
      {type === 'Flight' ? <CreateFlight onCreated={onCreated} /> : type === 'Hotel' ? <CreateHotel onCreated={onCreated} /> : <CreateCar onCreated={onCreated} />}
    </>
  );
}
