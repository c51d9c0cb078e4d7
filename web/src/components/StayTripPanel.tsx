import { useState, type FormEvent } from 'react';
import { addStay, MAX_TRIP_ITEMS, useTripCart } from '../tripCart.js';
import { href } from '../router.js';

export const DAY_MS = 24 * 60 * 60 * 1000;
export const dayAfter = (day: string): string => new Date(new Date(`${day}T00:00:00.000Z`).getTime() + DAY_MS).toISOString().slice(0, 10);
export const startOfDay = (day: string): string => `${day}T00:00:00.000Z`;

/** The dates (and for hotels the rooms) a stay or rental is added to the trip with. */
export interface StayChoice {
  from: string;
  to: string;
  quantity: number;
}

/**
 * The form shared by the hotel and car panels: two dates, an optional quantity, "Add to trip".
 * `labels` name the dates as the page does (check-in / check-out, pick-up / drop-off).
 */
export function StayForm({
  label,
  labels,
  initial,
  quantityLabel,
  maxQuantity,
  onAdd,
}: {
  label: string;
  labels: [string, string];
  initial: { from: string; to: string };
  quantityLabel?: string;
  maxQuantity?: number;
  onAdd(choice: StayChoice): void;
}) {
  const cart = useTripCart();
  const [from, setFrom] = useState(initial.from);
  const [to, setTo] = useState(initial.to);
  const [quantity, setQuantity] = useState(1);
  const [added, setAdded] = useState(false);
  const full = cart.items.length >= MAX_TRIP_ITEMS;
  const invalid = !from || !to || to <= from;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (invalid || full) return;
    onAdd({ from, to, quantity });
    setAdded(true);
  };
  return (
    <section className="card trip-panel" aria-label={label}>
      <h2>Add to your trip</h2>
      <form onSubmit={submit}>
        <div className="row">
          <label>
            {labels[0]}
            <input type="date" value={from} onChange={(event) => setFrom(event.target.value)} required />
          </label>
          <label>
            {labels[1]}
            <input type="date" value={to} min={from ? dayAfter(from) : undefined} onChange={(event) => setTo(event.target.value)} required />
          </label>
          {quantityLabel ? (
            <label>
              {quantityLabel}
              <input type="number" min={1} max={maxQuantity ?? 9} value={quantity} onChange={(event) => setQuantity(Math.max(1, Math.min(maxQuantity ?? 9, Number(event.target.value) || 1)))} />
            </label>
          ) : null}
        </div>
        {invalid ? <p className="muted">{labels[1]} must be after {labels[0].toLowerCase()}.</p> : null}
        {full ? <p className="muted">A trip holds at most {MAX_TRIP_ITEMS} items.</p> : null}
        <button type="submit" disabled={invalid || full}>
          Add to trip
        </button>
        {added ? (
          <p role="status">
            Added to your trip · <a href={href('/trip')}>Review trip</a>
          </p>
        ) : null}
      </form>
    </section>
  );
}

export { addStay };
