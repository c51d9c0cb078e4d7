import { addStay, dayAfter, startOfDay, StayForm } from './StayTripPanel.js';

/**
 * The hotel page's booking panel (rendered at the end of HotelPage): check-in, check-out and rooms
 * added to the trip being planned. When the page offers room types (radio inputs named "roomType"),
 * the checked one is kept with the item (tripCart.ts decides whether it is sent).
 */
export function HotelTripPanel({ hotelId, name, checkIn, checkOut, rooms }: { hotelId: string; name: string; checkIn: string; checkOut: string; rooms: number }) {
  return (
    <StayForm
      label="Book this hotel"
      labels={['Check-in', 'Check-out']}
      initial={{ from: checkIn, to: checkOut > checkIn ? checkOut : dayAfter(checkIn) }}
      quantityLabel="Rooms"
      maxQuantity={Math.max(1, Math.min(9, rooms))}
      onAdd={({ from, to, quantity }) => {
        const checked = document.querySelector<HTMLInputElement>('input[name="roomType"]:checked');
        addStay({ listingType: 'Hotel', listingId: hotelId, startDate: startOfDay(from), endDate: startOfDay(to), title: name, quantity, roomType: checked?.value ?? null });
      }}
    />
  );
}
