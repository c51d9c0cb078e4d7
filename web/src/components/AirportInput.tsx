import { useSearchAirportsQuery, type SearchAirportsQuery } from '@kayak/client';
import { useEffect, useId, useState, type KeyboardEvent } from 'react';

type Airport = SearchAirportsQuery['airports'][number];

const DEBOUNCE_MS = 250;

/** "JFK – New York, John F. Kennedy International": what an option and a picked airport read. */
export const airportLabel = (airport: Airport): string => `${airport.code} – ${airport.city}, ${airport.name}`;

/** What the field stands for: a picked airport's code, else the text as typed (a code, or the server says why not). */
const codeOf = (text: string): string => text.trim().toUpperCase();

function useDebounced(value: string, delayMs: number): string {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return debounced;
}

/**
 * An airport field with autocomplete, an ARIA 1.2 combobox: the labelled input owns a listbox of suggestions from `airports(search:)`, asked
 * 250 ms after the last keystroke. Up/Down move the active option, Enter picks it, Escape closes;
 * a click picks too. A typed three-letter code needs no pick: the field's value is always the code.
 */
export function AirportInput({ label, value, onChange, placeholder = 'City or airport' }: { label: string; value: string; onChange: (code: string) => void; placeholder?: string }) {
  const listboxId = useId();
  const inputId = useId();
  const [text, setText] = useState(value);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const search = useDebounced(text.trim(), DEBOUNCE_MS);
  const { data, previousData } = useSearchAirportsQuery({ variables: { search }, skip: !open || search === '' });
  const options = open && search !== '' ? (data ?? previousData)?.airports ?? [] : [];
  const expanded = options.length > 0;

  // A value set from outside (another trip type, the URL) shows as its code.
  useEffect(() => {
    setText((current) => (codeOf(current) === value || current.startsWith(`${value} – `) ? current : value));
  }, [value]);

  const type = (next: string) => {
    setText(next);
    setOpen(true);
    setActive(-1);
    onChange(codeOf(next));
  };
  const pick = (airport: Airport) => {
    setText(airportLabel(airport));
    setOpen(false);
    setActive(-1);
    onChange(airport.code);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (!open) setOpen(true);
      if (options.length === 0) return;
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((current) => (current + step + options.length) % options.length);
      return;
    }
    if (event.key === 'Enter' && expanded && active >= 0) {
      // Enter picks the suggestion instead of submitting the form.
      event.preventDefault();
      const airport = options[active];
      if (airport) pick(airport);
      return;
    }
    if (event.key === 'Escape') {
      setOpen(false);
      setActive(-1);
    }
  };

  return (
    // The label names the input alone: the suggestions are its siblings, not part of its name.
    <div className="field">
      <label htmlFor={inputId}>{label}</label>
      <span className="combobox">
      <input
        id={inputId}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listboxId}
        aria-activedescendant={expanded && active >= 0 ? `${listboxId}-${active}` : undefined}
        autoComplete="off"
        value={text}
        placeholder={placeholder}
        onChange={(event) => type(event.target.value)}
        onKeyDown={onKeyDown}
        onBlur={() => setOpen(false)}
      />
      <ul role="listbox" id={listboxId} className="suggestions" hidden={!expanded}>
        {options.map((airport, index) => (
          <li
            key={airport.code}
            id={`${listboxId}-${index}`}
            role="option"
            aria-selected={index === active}
            // mousedown, not click: the input keeps its focus, so its blur does not close the list first.
            onMouseDown={(event) => {
              event.preventDefault();
              pick(airport);
            }}
          >
            <strong>{airport.code}</strong> – {airport.city}, {airport.name}
          </li>
        ))}
      </ul>
      </span>
    </div>
  );
}
