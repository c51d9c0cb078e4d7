import { useSearchCarsQuery, type CarSearchFilter } from '@kayak/client';
import { useState, type FormEvent } from 'react';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { formatMoney, formatRating } from '../format.js';
import { href, navigate } from '../router.js';
import { track } from '../tracking.js';

const PAGE_SIZE = 10;

interface CarCriteria {
  city: string;
  pickup: string;
  dropoff: string;
}

const criteriaOf = (params: URLSearchParams): CarCriteria => ({ city: params.get('city') ?? '', pickup: params.get('pickup') ?? '', dropoff: params.get('dropoff') ?? '' });

function filterOf(criteria: CarCriteria): CarSearchFilter {
  const filter: CarSearchFilter = {};
  if (criteria.city.trim()) filter.pickupCity = criteria.city.trim();
  // With both dates only cars free for the whole rental (the server checks the dates).
  if (criteria.pickup && criteria.dropoff) filter.availability = { startDate: `${criteria.pickup}T00:00:00.000Z`, endDate: `${criteria.dropoff}T00:00:00.000Z`, quantity: 1 };
  return filter;
}

function CarResults({ criteria }: { criteria: CarCriteria }) {
  const { data, loading, error, fetchMore } = useSearchCarsQuery({ variables: { filter: filterOf(criteria), first: PAGE_SIZE }, fetchPolicy: 'cache-and-network' });
  const page = data?.searchCars;
  const rental = new URLSearchParams({ pickup: criteria.pickup, dropoff: criteria.dropoff }).toString();
  const loadMore = () =>
    fetchMore({
      variables: { after: page?.pageInfo.endCursor ?? null },
      updateQuery: (previous, { fetchMoreResult }) => ({ searchCars: { ...fetchMoreResult.searchCars, nodes: [...previous.searchCars.nodes, ...fetchMoreResult.searchCars.nodes] } }),
    });
  return (
    <section aria-label="Search results">
      <ErrorMessage error={error} />
      {loading && !page ? <p>Searching…</p> : null}
      {page ? (
        <>
          <h2>
            {page.totalCount} car{page.totalCount === 1 ? '' : 's'} found
          </h2>
          {page.totalCount === 0 ? <p className="muted">No car matches: try another city or other dates.</p> : null}
          <ul className="results">
            {page.nodes.map((car) => (
              <li key={car.carId} className="card result">
                <div>
                  <a className="title" href={href(`/cars/${car.carId}?${rental}`)} onClick={() => track.listingClick('Car', car.carId)}>
                    {car.providerName} {car.model}
                  </a>
                  <p>
                    {car.carType} · {car.numberOfSeats} seats · {car.transmissionType} · {car.year} · {car.pickupCity}
                  </p>
                  <p className="muted">{formatRating(car.ratingSummary.average, car.ratingSummary.count)}</p>
                </div>
                <div className="price">
                  {formatMoney(car.dailyRentalPrice)}
                  <span className="muted"> / day</span>
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

/** `#/cars?city=&pickup=&dropoff=`: rental cars of a pickup city free for the rental days. */
export function CarSearchPage({ params }: { params: URLSearchParams }) {
  const [form, setForm] = useState<CarCriteria>(criteriaOf(params));
  const set = (field: keyof CarCriteria) => (event: { target: { value: string } }) => setForm((current) => ({ ...current, [field]: event.target.value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    navigate(`/cars?${new URLSearchParams({ ...form }).toString()}`);
  };
  return (
    <>
      <h1>Search cars</h1>
      <form className="card search" onSubmit={submit}>
        <label>
          Pickup city
          <input value={form.city} onChange={set('city')} placeholder="Los Angeles" />
        </label>
        <label>
          Pickup date
          <input type="date" value={form.pickup} onChange={set('pickup')} />
        </label>
        <label>
          Drop-off date
          <input type="date" value={form.dropoff} onChange={set('dropoff')} />
        </label>
        <button type="submit">Search cars</button>
      </form>
      {params.size > 0 ? <CarResults criteria={criteriaOf(params)} /> : <p className="muted">Try Los Angeles for a week.</p>}
    </>
  );
}
