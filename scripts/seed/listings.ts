import type { Db } from 'mongodb';

const DAY = 24 * 60 * 60 * 1000;

/** Midnight UTC `days` from today, plus `hours`: demo dates stay in the future whenever seeded. */
function futureDate(days: number, hours = 0): Date {
  const today = new Date();
  return new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) + days * DAY + hours * 60 * 60 * 1000);
}

const routes = [
  { from: 'JFK', fromCity: 'New York', to: 'LAX', toCity: 'Los Angeles', minutes: 360, price: 299 },
  { from: 'LAX', fromCity: 'Los Angeles', to: 'JFK', toCity: 'New York', minutes: 330, price: 319 },
  { from: 'SFO', fromCity: 'San Francisco', to: 'ORD', toCity: 'Chicago', minutes: 260, price: 219 },
  { from: 'ORD', fromCity: 'Chicago', to: 'MIA', toCity: 'Miami', minutes: 185, price: 179 },
  { from: 'AUS', fromCity: 'Austin', to: 'SEA', toCity: 'Seattle', minutes: 265, price: 249 },
  { from: 'SEA', fromCity: 'Seattle', to: 'SFO', toCity: 'San Francisco', minutes: 125, price: 129 },
];
const airlines = ['American Airlines', 'Delta Air Lines', 'United Airlines', 'Alaska Airlines'];
const classes = [
  { name: 'Economy', factor: 1, seats: 150 },
  { name: 'Business', factor: 2.8, seats: 30 },
] as const;

export function demoFlights(): Array<Record<string, unknown>> {
  return routes.flatMap((route, routeIndex) =>
    classes.map((flightClass, classIndex) => {
      const departure = futureDate(7 + routeIndex, 8 + classIndex * 4);
      return {
        flight_id: `FL${String(routeIndex * classes.length + classIndex + 1).padStart(3, '0')}`,
        airline_name: airlines[routeIndex % airlines.length],
        departure_airport: route.from,
        departure_city: route.fromCity,
        arrival_airport: route.to,
        arrival_city: route.toCity,
        departure_datetime: departure,
        arrival_datetime: new Date(departure.getTime() + route.minutes * 60 * 1000),
        duration_minutes: route.minutes,
        flight_class: flightClass.name,
        ticket_price: Math.round(route.price * flightClass.factor * 100) / 100,
        total_available_seats: flightClass.seats,
        rating: 0,
      };
    }),
  );
}

export function demoHotels(): Array<Record<string, unknown>> {
  const hotels = [
    { name: 'Grand Hudson Hotel', street: '150 W 44th St', city: 'New York', state: 'NY', zip: '10036', stars: 4, rooms: 120, price: 289, wifi: true, pet: false, pool: false },
    { name: 'Sunset Palms Inn', street: '8401 Sunset Blvd', city: 'Los Angeles', state: 'CA', zip: '90069', stars: 3, rooms: 60, price: 179, wifi: true, pet: true, pool: true },
    { name: 'Lakeshore Suites', street: '505 N Lake Shore Dr', city: 'Chicago', state: 'IL', zip: '60611', stars: 5, rooms: 200, price: 349, wifi: true, pet: false, pool: true },
    { name: 'Bayview Lodge', street: '333 Battery St', city: 'San Francisco', state: 'CA', zip: '94111', stars: 3, rooms: 45, price: 199, wifi: false, pet: true, pool: false },
  ];
  return hotels.map((hotel, index) => ({
    hotel_id: `HTL${String(index + 1).padStart(3, '0')}`,
    name: hotel.name,
    address: { street: hotel.street, city: hotel.city, state: hotel.state, zip: hotel.zip },
    star_rating: hotel.stars,
    number_of_rooms: hotel.rooms,
    default_room_type: hotel.stars >= 4 ? 'Deluxe' : 'Standard',
    price_per_night: hotel.price,
    amenities: { wifi: hotel.wifi, breakfast_included: hotel.stars >= 4, parking: true, pet_friendly: hotel.pet, near_transit: index % 2 === 0, pool: hotel.pool, gym: hotel.stars >= 4 },
    hotel_rating: 0,
  }));
}

export function demoCars(): Array<Record<string, unknown>> {
  const cars = [
    { type: 'Economy', provider: 'Hertz', model: 'Toyota Corolla', seats: 5, price: 39, city: 'New York' },
    { type: 'SUV', provider: 'Enterprise', model: 'Ford Explorer', seats: 7, price: 79, city: 'Los Angeles' },
    { type: 'Luxury', provider: 'Avis', model: 'BMW 5 Series', seats: 5, price: 139, city: 'San Francisco' },
    { type: 'Compact', provider: 'Budget', model: 'Honda Civic', seats: 5, price: 45, city: 'Chicago' },
  ];
  return cars.map((car, index) => ({
    car_id: `CAR${String(index + 1).padStart(3, '0')}`,
    car_type: car.type,
    provider_name: car.provider,
    model: car.model,
    year: 2024,
    transmission_type: 'Automatic',
    number_of_seats: car.seats,
    daily_rental_price: car.price,
    car_rating: 0,
    availability_status: 'Available',
    pickup_city: car.city,
  }));
}

async function upsertAll(db: Db, collection: string, key: string, documents: Array<Record<string, unknown>>): Promise<void> {
  const now = new Date();
  await db.collection(collection).bulkWrite(
    documents.map((document) => ({
      updateOne: { filter: { [key]: document[key] }, update: { $setOnInsert: { ...document, created_at: now, updated_at: now } }, upsert: true },
    })),
  );
}

export async function seedListings(db: Db): Promise<number> {
  const flights = demoFlights();
  const hotels = demoHotels();
  const cars = demoCars();
  await upsertAll(db, 'flights', 'flight_id', flights);
  await upsertAll(db, 'hotels', 'hotel_id', hotels);
  await upsertAll(db, 'cars', 'car_id', cars);
  return flights.length + hotels.length + cars.length;
}
