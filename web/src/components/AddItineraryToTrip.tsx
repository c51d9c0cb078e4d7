import { useState } from 'react';
import { addItinerary, MAX_TRIP_ITEMS, useTripCart, type CartParty, type ItineraryFlight } from '../tripCart.js';
import { href } from '../router.js';

/**
 * "Add to trip" on an itinerary result: every flight of every leg becomes an item of the trip being
 * planned, for the party searched (the same travellers on each flight).
 */
export function AddItineraryToTrip({ itineraryId, flights, party }: { itineraryId: string; flights: readonly ItineraryFlight[]; party: CartParty }) {
  const cart = useTripCart();
  const [added, setAdded] = useState(false);
  const inCart = cart.items.some((item) => item.itineraryId === itineraryId);
  const others = cart.items.filter((item) => item.itineraryId !== itineraryId).length;
  const tooMany = others + flights.length > MAX_TRIP_ITEMS;
  return (
    <div className="add-to-trip">
      <button
        type="button"
        className="secondary"
        disabled={tooMany || flights.length === 0}
        onClick={() => {
          addItinerary(itineraryId, flights, party);
          setAdded(true);
        }}
      >
        {inCart ? 'Update in trip' : 'Add to trip'}
      </button>
      {tooMany ? <p className="muted">A trip holds at most {MAX_TRIP_ITEMS} items.</p> : null}
      {added && inCart ? (
        <p role="status">
          Added {flights.length} flight{flights.length === 1 ? '' : 's'} · <a href={href('/trip')}>Review trip</a>
        </p>
      ) : null}
    </div>
  );
}
