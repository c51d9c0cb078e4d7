import { addStay, dayAfter, startOfDay, StayForm } from './StayTripPanel.js';

/**
 * The hotel page's booking panel (rendered at the end of HotelPage): check-in, check-out and rooms of
 * the room type chosen on the page, added to the trip being planned (createTrip sends the type).
 */
export function HotelTripPanel({ hotelId, name, checkIn, checkOut, maxRooms, roomType }: { hotelId: string; name: string; checkIn: string; checkOut: string; maxRooms: number; roomType: { code: string; name: string } | null }) {
  return (
    <StayForm
      label="Book this hotel"
      labels={['Check-in', 'Check-out']}
      initial={{ from: checkIn, to: checkOut > checkIn ? checkOut : dayAfter(checkIn) }}
      quantityLabel="Rooms"
      maxQuantity={Math.max(1, Math.min(9, maxRooms))}
      onAdd={({ from, to, quantity }) => {
        addStay({ listingType: 'Hotel', listingId: hotelId, startDate: startOfDay(from), endDate: startOfDay(to), title: roomType ? `${name} · ${roomType.name}` : name, quantity, roomType: roomType?.code ?? null });
      }}
    />
  );
}
