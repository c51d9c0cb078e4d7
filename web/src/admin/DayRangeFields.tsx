import type { DayRange } from './dates.js';

/** From / To day inputs of the admin forms (inclusive UTC days). */
export function DayRangeFields({ range, onChange }: { range: DayRange; onChange: (range: DayRange) => void }) {
  return (
    <>
      <label>
        From day
        <input type="date" value={range.from} onChange={(event) => onChange({ ...range, from: event.target.value })} required />
      </label>
      <label>
        To day
        <input type="date" value={range.to} onChange={(event) => onChange({ ...range, to: event.target.value })} required />
      </label>
    </>
  );
}
