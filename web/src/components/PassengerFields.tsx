import type { PassengerInput, PassengerType } from '@kayak/client';

/**
 * The travellers of a flight booking (docs/passengers.md): one row per seat (adult or child) plus
 * the lap infants, at most one per adult. The server checks every rule again (ages on the
 * departure date, duplicates) and names the row it refuses (`input.passengers.1.dateOfBirth`).
 */

export interface PassengerDraft {
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  passengerType: PassengerType;
}

const emptyPassenger = (passengerType: PassengerType): PassengerDraft => ({ firstName: '', lastName: '', dateOfBirth: '', passengerType });

/** Rows for `seats` seats, keeping what was typed; lap infants stay, capped at one per adult. */
export function resizeParty(party: readonly PassengerDraft[], seats: number): PassengerDraft[] {
  const seated = party.filter((passenger) => passenger.passengerType !== 'LAP_INFANT').slice(0, seats);
  while (seated.length < seats) seated.push(emptyPassenger('ADULT'));
  const adults = seated.filter((passenger) => passenger.passengerType === 'ADULT').length;
  const infants = party.filter((passenger) => passenger.passengerType === 'LAP_INFANT').slice(0, adults);
  return [...seated, ...infants];
}

export const toPassengerInputs = (party: readonly PassengerDraft[]): PassengerInput[] => party.map((passenger) => ({ ...passenger }));

const TYPE_LABELS: Record<PassengerType, string> = { ADULT: 'Adult (12+)', CHILD: 'Child (2–11)', LAP_INFANT: 'Lap infant (under 2)' };

export function PassengerFields({ party, onChange }: { party: readonly PassengerDraft[]; onChange(party: PassengerDraft[]): void }) {
  const adults = party.filter((passenger) => passenger.passengerType === 'ADULT').length;
  const infants = party.filter((passenger) => passenger.passengerType === 'LAP_INFANT').length;
  const update = (index: number, change: Partial<PassengerDraft>) => {
    const next = party.map((passenger, position) => (position === index ? { ...passenger, ...change } : passenger));
    // A seat switched from adult to child may leave a lap infant without a lap.
    onChange(resizeParty(next, next.filter((passenger) => passenger.passengerType !== 'LAP_INFANT').length));
  };
  return (
    <div className="passengers">
      {party.map((passenger, index) => (
        <fieldset key={index} aria-label={`Passenger ${index + 1}`}>
          <legend>
            Passenger {index + 1}
            {passenger.passengerType === 'LAP_INFANT' ? ' (on an adult’s lap, no seat, free)' : ''}
          </legend>
          <label>
            First name
            <input value={passenger.firstName} onChange={(event) => update(index, { firstName: event.target.value })} required maxLength={100} autoComplete="off" />
          </label>
          <label>
            Last name
            <input value={passenger.lastName} onChange={(event) => update(index, { lastName: event.target.value })} required maxLength={100} autoComplete="off" />
          </label>
          <label>
            Date of birth
            <input type="date" value={passenger.dateOfBirth} onChange={(event) => update(index, { dateOfBirth: event.target.value })} required />
          </label>
          {passenger.passengerType === 'LAP_INFANT' ? (
            <button type="button" onClick={() => onChange(party.filter((_, position) => position !== index))}>
              Remove lap infant
            </button>
          ) : (
            <label>
              Type
              <select value={passenger.passengerType} onChange={(event) => update(index, { passengerType: event.target.value as PassengerType })}>
                <option value="ADULT">{TYPE_LABELS.ADULT}</option>
                <option value="CHILD">{TYPE_LABELS.CHILD}</option>
              </select>
            </label>
          )}
        </fieldset>
      ))}
      <button type="button" onClick={() => onChange([...party, emptyPassenger('LAP_INFANT')])} disabled={infants >= adults}>
        Add a lap infant
      </button>
      <p className="muted">Ages count on the departure date. Lap infants sit on an adult’s lap (one per adult) and fly free.</p>
    </div>
  );
}
