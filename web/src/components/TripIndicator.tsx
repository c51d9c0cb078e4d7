import { href } from '../router.js';
import { useTripCart } from '../tripCart.js';

/** The header's link to the trip being planned, with its item count. */
export function TripIndicator() {
  const cart = useTripCart();
  const count = cart.items.length;
  return (
    <a href={href('/trip')} className="trip-indicator" aria-label={`Trip: ${count} item${count === 1 ? '' : 's'}`}>
      Trip <span className="count">{count}</span>
    </a>
  );
}
