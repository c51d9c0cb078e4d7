import { useSearchHotelsQuery, type HotelSearchFilter } from '@kayak/client';
import { useState, type FormEvent } from 'react';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { formatMoney, formatRating } from '../format.js';
import { href, navigate } from '../router.js';
import { track } from '../tracking.js';

const PAGE_SIZE = 10;

interface HotelCriteria {
  city: string;
  checkIn: string;
  checkOut: string;
  guests: string;
  rooms: string;
}

const criteriaOf = (params: URLSearchParams): HotelCriteria => ({
  city: params.get('city') ?? '',
  checkIn: params.get('checkIn') ?? '',
  checkOut: params.get('checkOut') ?? '',
  guests: params.get('guests') ?? '2',
  rooms: params.get('rooms') ?? '1',
});

/**
 * The party and stay of a search (docs/hotels.md): hotels with a room type that sleeps the guests
 * in that many rooms and, with both dates, has the rooms free for the whole stay (the server checks
 * the numbers and the dates).
 */
function searchOf(criteria: HotelCriteria) {
  const filter: HotelSearchFilter = {};
  if (criteria.city.trim()) filter.city = criteria.city.trim();
  const number = (text: string): number | undefined => {
    const value = Number.parseInt(text, 10);
    return Number.isNaN(value) ? undefined : value;
  };
  const guests = number(criteria.guests);
  const rooms = number(criteria.rooms);
  if (guests !== undefined) filter.guests = guests;
  if (rooms !== undefined) filter.rooms = rooms;
  const stay = criteria.checkIn && criteria.checkOut ? { startDate: `${criteria.checkIn}T00:00:00.000Z`, endDate: `${criteria.checkOut}T00:00:00.000Z` } : null;
  if (stay) filter.availability = { ...stay, quantity: rooms ?? 1 };
  // `lowestPrice` is asked with the same party and stay (guests left out: one per room, as the filter),
  // so each hotel shows the price it was ranked by.
  return { filter, ...(guests !== undefined ? { guests } : {}), rooms: rooms ?? 1, ...(stay ?? {}) };
}

function HotelResults({ criteria }: { criteria: HotelCriteria }) {
  const { data, loading, error, fetchMore } = useSearchHotelsQuery({ variables: { ...searchOf(criteria), first: PAGE_SIZE }, fetchPolicy: 'cache-and-network' });
  const page = data?.searchHotels;
  const stay = new URLSearchParams({ checkIn: criteria.checkIn, checkOut: criteria.checkOut, guests: criteria.guests, rooms: criteria.rooms }).toString();
  const loadMore = () =>
    fetchMore({
      variables: { after: page?.pageInfo.endCursor ?? null },
      updateQuery: (previous, { fetchMoreResult }) => ({ searchHotels: { ...fetchMoreResult.searchHotels, nodes: [...previous.searchHotels.nodes, ...fetchMoreResult.searchHotels.nodes] } }),
    });
  return (
    <section aria-label="Search results">
      <ErrorMessage error={error} />
      {loading && !page ? <p>Searching…</p> : null}
      {page ? (
        <>
          <h2>
            {page.totalCount} hotel{page.totalCount === 1 ? '' : 's'} found
          </h2>
          {page.totalCount === 0 ? <p className="muted">No hotel matches: try another city or other dates.</p> : null}
          <ul className="results">
            {page.nodes.map((hotel) => (
              <li key={hotel.hotelId} className="card result">
                <div>
                  <a className="title" href={href(`/hotels/${hotel.hotelId}?${stay}`)} onClick={() => track.listingClick('Hotel', hotel.hotelId)}>
                    {hotel.name}
                  </a>
                  <p>
                    {hotel.address.street}, {hotel.address.city}, {hotel.address.state} · {hotel.starRating}★ · {hotel.defaultRoomType}
                  </p>
                  <p className="muted">{formatRating(hotel.ratingSummary.average, hotel.ratingSummary.count)}</p>
                </div>
                <div className="price">
                  {hotel.lowestPrice !== null && hotel.lowestPrice !== hotel.pricePerNight ? <span className="muted">from </span> : null}
                  {formatMoney(hotel.lowestPrice ?? hotel.pricePerNight)}
                  <span className="muted"> / night</span>
                </div>
              </li>
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

/** `#/hotels?city=&checkIn=&checkOut=&guests=&rooms=`: hotels of a city with a room type for the party, free for the stay. */
export function HotelSearchPage({ params }: { params: URLSearchParams }) {
  const [form, setForm] = useState<HotelCriteria>(criteriaOf(params));
  const set = (field: keyof HotelCriteria) => (event: { target: { value: string } }) => setForm((current) => ({ ...current, [field]: event.target.value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    navigate(`/hotels?${new URLSearchParams({ ...form }).toString()}`);
  };
  return (
    <>
      <h1>Search hotels</h1>
      <form className="card search" onSubmit={submit}>
        <label>
          City
          <input value={form.city} onChange={set('city')} placeholder="New York" />
        </label>
        <label>
          Check-in
          <input type="date" value={form.checkIn} onChange={set('checkIn')} />
        </label>
        <label>
          Check-out
          <input type="date" value={form.checkOut} onChange={set('checkOut')} />
        </label>
        <label>
          Guests
          <input type="number" inputMode="numeric" min={1} max={100} value={form.guests} onChange={set('guests')} />
        </label>
        <label>
          Rooms
          <input type="number" inputMode="numeric" min={1} max={9} value={form.rooms} onChange={set('rooms')} />
        </label>
        <button type="submit">Search hotels</button>
      </form>
      {params.size > 0 ? <HotelResults criteria={criteriaOf(params)} /> : <p className="muted">Try New York, three nights from next week.</p>}
    </>
  );
}
