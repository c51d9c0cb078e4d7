import { addStay, dayAfter, startOfDay, StayForm } from './StayTripPanel.js';

/** The car page's panel: pick-up and drop-off days added to the trip being planned. */
export function CarTripPanel({ carId, name, pickup, dropoff }: { carId: string; name: string; pickup: string; dropoff: string }) {
  return (
    <StayForm
      label="Rent this car"
      labels={['Pick-up', 'Drop-off']}
      initial={{ from: pickup, to: dropoff > pickup ? dropoff : dayAfter(pickup) }}
      onAdd={({ from, to }) => addStay({ listingType: 'Car', listingId: carId, startDate: startOfDay(from), endDate: startOfDay(to), title: name, quantity: 1, roomType: null })}
    />
  );
}
