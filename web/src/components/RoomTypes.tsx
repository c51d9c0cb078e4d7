import { formatMoney } from '../format.js';

/** A hotel's room type as the ListingDetails operation reads it. */
export interface RoomTypeRow {
  code: string;
  name: string;
  maxOccupancy: number;
  numberOfRooms: number;
  pricePerNight: string;
  isDefault: boolean;
}

/** One room type's offer for the page's stay and party (`Hotel.roomAvailability`). */
export interface RoomOfferRow {
  roomType: { code: string };
  roomsLeft: number;
  fits: boolean;
  available: boolean;
  nights: number;
  nightlyPrice: string;
  totalPrice: string;
}

const MAX_GUESTS = 100;
const MAX_ROOMS = 9;

/**
 * The party of a hotel link (`?guests=&rooms=`): whole numbers, at least one room and one guest per
 * room (what `roomAvailability` accepts); 1 guest in 1 room when the link names none.
 */
export function partyOf(params: URLSearchParams): { guests: number; rooms: number } {
  const whole = (name: string, max: number): number => {
    const value = Number.parseInt(params.get(name) ?? '', 10);
    return Number.isNaN(value) ? 1 : Math.min(Math.max(value, 1), max);
  };
  const rooms = whole('rooms', MAX_ROOMS);
  return { rooms, guests: Math.max(whole('guests', MAX_GUESTS), rooms) };
}

export interface RoomTypesProps {
  roomTypes: readonly RoomTypeRow[];
  offers: readonly RoomOfferRow[];
  /** Rooms and guests the offers are for. */
  rooms: number;
  guests: number;
  /** The chosen room type's code; without it the radios start on the default type and keep their own state. */
  selected?: string;
  onSelect?: (code: string) => void;
}

/**
 * The room types of a hotel for the stay (docs/hotels.md): name, guests a room sleeps, nightly
 * price, the total for the stay's nights × rooms and the rooms free. Each row has a radio named
 * `roomType` (labelled with the type's name) and `data-testid="room-type-<CODE>"`, so a booking
 * form can let the traveller choose one.
 */
export function RoomTypes({ roomTypes, offers, rooms, guests, selected, onSelect }: RoomTypesProps) {
  const offerOf = new Map(offers.map((offer) => [offer.roomType.code, offer]));
  const nights = offers[0]?.nights ?? 1;
  return (
    <section className="card" aria-label="Room types">
      <h2>Room types</h2>
      <p className="muted">
        Prices for {nights} night{nights === 1 ? '' : 's'} × {rooms} room{rooms === 1 ? '' : 's'}, {guests} guest{guests === 1 ? '' : 's'}.
      </p>
      <table className="room-types">
        <thead>
          <tr>
            <th scope="col">Room type</th>
            <th scope="col">Sleeps</th>
            <th scope="col">Per night</th>
            <th scope="col">Total for the stay</th>
            <th scope="col">Rooms free</th>
          </tr>
        </thead>
        <tbody>
          {roomTypes.map((roomType) => {
            const offer = offerOf.get(roomType.code);
            const id = `room-type-option-${roomType.code}`;
            const checked = selected === undefined ? undefined : selected === roomType.code;
            return (
              <tr key={roomType.code} data-testid={`room-type-${roomType.code}`}>
                <td>
                  <input
                    type="radio"
                    id={id}
                    name="roomType"
                    value={roomType.code}
                    {...(checked === undefined ? { defaultChecked: roomType.isDefault } : { checked })}
                    onChange={() => onSelect?.(roomType.code)}
                    disabled={offer ? !offer.available : false}
                  />{' '}
                  <label htmlFor={id}>{roomType.name}</label>
                </td>
                <td>{roomType.maxOccupancy}</td>
                <td>{formatMoney(offer?.nightlyPrice ?? roomType.pricePerNight)}</td>
                <td>{offer ? formatMoney(offer.totalPrice) : '–'}</td>
                <td data-testid={`rooms-free-${roomType.code}`}>
                  {offer ? offer.roomsLeft : '–'}
                  {offer && !offer.fits ? <span className="muted"> (sleeps {roomType.maxOccupancy} per room)</span> : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
