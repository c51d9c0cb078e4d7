import { useListingDetailsQuery } from '@kayak/client';
import { useEffect } from 'react';
import { CarTripPanel } from '../components/CarTripPanel.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { ReviewList } from '../components/ReviewList.js';
import { formatDate, formatMoney, formatRating } from '../format.js';
import { href } from '../router.js';
import { track } from '../tracking.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const isDay = (value: string | null): value is string => value !== null && /^\d{4}-\d{2}-\d{2}$/.test(value);
const dayAfter = (day: string): string => new Date(new Date(`${day}T00:00:00.000Z`).getTime() + DAY_MS).toISOString().slice(0, 10);

/**
 * `#/cars/CAR001?pickup=&dropoff=`: a rental car, its photos, whether it is free for the rental
 * (tomorrow for one day when the link names no dates), its rating and reviews. "Add to trip" books it
 * with the rest of a trip (#/trip).
 */
export function CarPage({ carId, params }: { carId: string; params: URLSearchParams }) {
  const tomorrow = new Date(Date.now() + DAY_MS).toISOString().slice(0, 10);
  const pickup = isDay(params.get('pickup')) ? (params.get('pickup') as string) : tomorrow;
  const dropoffParam = params.get('dropoff');
  const dropoff = isDay(dropoffParam) && dropoffParam > pickup ? dropoffParam : dayAfter(pickup);
  const { data, loading, error } = useListingDetailsQuery({ variables: { listingType: 'Car', listingId: carId, startDate: `${pickup}T00:00:00.000Z`, endDate: `${dropoff}T00:00:00.000Z` } });
  const car = data?.listing?.__typename === 'Car' ? data.listing : null;
  const found = car !== null;
  useEffect(() => {
    if (found) track.trace('listing_view', { listingType: 'Car', listingId: carId });
  }, [found, carId]);
  if (!car) {
    if (loading) return <p>Loading car…</p>;
    return error ? <ErrorMessage error={error} /> : <p>There is no car {carId}.</p>;
  }
  return (
    <>
      <p>
        <a href={href('/cars')}>← Back to car search</a>
      </p>
      <h1>
        {car.providerName} {car.model}
      </h1>
      <section className="card" aria-label="Car">
        <p>
          {car.carType} · picked up in {car.pickupCity} · {formatRating(car.ratingSummary.average, car.ratingSummary.count)}
        </p>
        <p>
          <strong>{formatMoney(car.dailyRentalPrice)}</strong> per day
        </p>
        <p data-testid="car-availability">
          {formatDate(`${pickup}T00:00:00.000Z`)} – {formatDate(`${dropoff}T00:00:00.000Z`)}: {car.available ? 'available' : 'not available'}
        </p>
      </section>
      <CarTripPanel carId={car.carId} name={`${car.providerName} ${car.model}, ${car.pickupCity}`} pickup={pickup} dropoff={dropoff} />
      <div className="columns">
        <section className="card" aria-label="Photos">
          <h2>Photos</h2>
          {car.images.length === 0 ? <p className="muted">No photos yet.</p> : null}
          <div className="photos">
            {car.images.map((image) => (
              <img key={image.imageId} src={image.imageUrl} alt={`${car.model}`} loading="lazy" />
            ))}
          </div>
        </section>
        <section className="card" aria-label="Reviews">
          <h2>Reviews</h2>
          <p>{formatRating(car.ratingSummary.average, car.ratingSummary.count)}</p>
          <ReviewList reviews={car.reviews.nodes} />
        </section>
      </div>
    </>
  );
}
