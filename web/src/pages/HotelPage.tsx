import { useListingDetailsQuery } from '@kayak/client';
import { useEffect, useState } from 'react';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { HotelTripPanel } from '../components/HotelTripPanel.js';
import { ReviewList } from '../components/ReviewList.js';
import { partyOf, RoomTypes } from '../components/RoomTypes.js';
import { formatDate, formatMoney, formatRating } from '../format.js';
import { href } from '../router.js';
import { track } from '../tracking.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const isDay = (value: string | null): value is string => value !== null && /^\d{4}-\d{2}-\d{2}$/.test(value);

/**
 * `#/hotels/HTL001?checkIn=&checkOut=`: where a hotel price alert leads. The hotel, its price and the
 * rooms free for the stay (tomorrow for one night when the link names no dates), its room types (one
 * chosen) and reviews; "Add to trip" puts the stay with the chosen room type in the trip being planned.
 */
export function HotelPage({ hotelId, params }: { hotelId: string; params: URLSearchParams }) {
  const tomorrow = new Date(Date.now() + DAY_MS).toISOString().slice(0, 10);
  const checkIn = isDay(params.get('checkIn')) ? (params.get('checkIn') as string) : tomorrow;
  const checkOutParam = params.get('checkOut');
  const checkOut = isDay(checkOutParam) && checkOutParam > checkIn ? checkOutParam : new Date(new Date(`${checkIn}T00:00:00.000Z`).getTime() + DAY_MS).toISOString().slice(0, 10);
  const party = partyOf(params);
  const { data, loading, error } = useListingDetailsQuery({
    variables: { listingType: 'Hotel', listingId: hotelId, startDate: `${checkIn}T00:00:00.000Z`, endDate: `${checkOut}T00:00:00.000Z`, quantity: party.rooms, guests: party.guests },
  });
  const hotel = data?.listing?.__typename === 'Hotel' ? data.listing : null;
  const [chosen, setChosen] = useState<string | null>(null);
  // The traveller's pick, else the default type when it is free for the party, else the first that is.
  const offers = hotel?.roomAvailability ?? [];
  const roomType = chosen ?? (offers.find((offer) => offer.available && hotel?.roomTypes.some((type) => type.isDefault && type.code === offer.roomType.code)) ?? offers.find((offer) => offer.available))?.roomType.code ?? null;
  const found = hotel !== null;
  useEffect(() => {
    if (found) track.trace('listing_view', { listingType: 'Hotel', listingId: hotelId });
  }, [found, hotelId]);
  if (!hotel) {
    if (loading) return <p>Loading hotel…</p>;
    return error ? <ErrorMessage error={error} /> : <p>There is no hotel {hotelId}.</p>;
  }
  return (
    <>
      <p>
        <a href={href('/')}>← Back to search</a>
      </p>
      <h1>{hotel.name}</h1>
      <section className="card" aria-label="Hotel">
        <p>
          {hotel.address.street}, {hotel.address.city}, {hotel.address.state} {hotel.address.zip} · {hotel.starRating}★ · {formatRating(hotel.ratingSummary.average, hotel.ratingSummary.count)}
        </p>
        <p>
          <strong>{formatMoney(hotel.pricePerNight)}</strong> per night ({hotel.defaultRoomType})
        </p>
        <p>
          {formatDate(`${checkIn}T00:00:00.000Z`)} – {formatDate(`${checkOut}T00:00:00.000Z`)}: <strong data-testid="rooms-free">{hotel.remainingCapacity}</strong> of {hotel.numberOfRooms} rooms free
        </p>
      </section>
      <RoomTypes roomTypes={hotel.roomTypes} offers={hotel.roomAvailability} rooms={party.rooms} guests={party.guests} selected={roomType ?? undefined} onSelect={setChosen} />
      <HotelTripPanel hotelId={hotel.hotelId} name={`${hotel.name}, ${hotel.address.city}`} checkIn={checkIn} checkOut={checkOut} maxRooms={offers.find((offer) => offer.roomType.code === roomType)?.roomsLeft ?? hotel.remainingCapacity} roomType={hotel.roomTypes.find((type) => type.code === roomType) ?? null} />
      <section className="card" aria-label="Reviews">
        <h2>Reviews</h2>
        <p>{formatRating(hotel.ratingSummary.average, hotel.ratingSummary.count)}</p>
        <ReviewList reviews={hotel.reviews.nodes} />
      </section>
    </>
  );
}
