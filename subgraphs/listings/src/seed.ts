import type { ListingType } from '@kayak/common';
import type { Db } from 'mongodb';
import { rebuildAirportDays } from './repositories/airportDays.js';
import { rebuildFlightDays } from './repositories/flightDays.js';
import { seededRoomFields } from './data/roomTypes.js';
import { seedReferenceData } from './repositories/referenceData.js';

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

// More routes between the demo cities: three classes, two departure days each (FL013 on).
const moreRoutes = [
  { from: 'BOS', fromCity: 'Boston', to: 'ORD', toCity: 'Chicago', minutes: 165, price: 189 },
  { from: 'DEN', fromCity: 'Denver', to: 'LAX', toCity: 'Los Angeles', minutes: 150, price: 159 },
  { from: 'ATL', fromCity: 'Atlanta', to: 'JFK', toCity: 'New York', minutes: 135, price: 169 },
  { from: 'MIA', fromCity: 'Miami', to: 'BOS', toCity: 'Boston', minutes: 200, price: 209 },
  { from: 'JFK', fromCity: 'New York', to: 'SFO', toCity: 'San Francisco', minutes: 385, price: 339 },
  { from: 'SEA', fromCity: 'Seattle', to: 'DEN', toCity: 'Denver', minutes: 165, price: 149 },
  { from: 'ORD', fromCity: 'Chicago', to: 'AUS', toCity: 'Austin', minutes: 170, price: 174 },
  { from: 'LAX', fromCity: 'Los Angeles', to: 'ATL', toCity: 'Atlanta', minutes: 270, price: 259 },
] as const;
const moreAirlines = ['JetBlue Airways', 'Southwest Airlines', 'Delta Air Lines', 'United Airlines', 'American Airlines', 'Alaska Airlines'];
const allClasses = [
  { name: 'Economy', factor: 1, seats: 150 },
  { name: 'Business', factor: 2.8, seats: 30 },
  { name: 'First', factor: 4.5, seats: 12 },
] as const;

interface FlightPlan {
  route: { from: string; fromCity: string; to: string; toCity: string; minutes: number; price: number };
  airline: string;
  flightClass: { name: string; factor: number; seats: number };
  departure: Date;
}

function flightDocument(number: number, plan: FlightPlan): Record<string, unknown> {
  return {
    flight_id: `FL${String(number).padStart(3, '0')}`,
    airline_name: plan.airline,
    departure_airport: plan.route.from,
    departure_city: plan.route.fromCity,
    arrival_airport: plan.route.to,
    arrival_city: plan.route.toCity,
    departure_datetime: plan.departure,
    arrival_datetime: new Date(plan.departure.getTime() + plan.route.minutes * 60 * 1000),
    duration_minutes: plan.route.minutes,
    flight_class: plan.flightClass.name,
    ticket_price: Math.round(plan.route.price * plan.flightClass.factor * 100) / 100,
    total_available_seats: plan.flightClass.seats,
    rating: 0,
  };
}

/** 60 flights (FL001–FL060) over ten cities, one to three weeks ahead. */
export function demoFlights(): Array<Record<string, unknown>> {
  const plans: FlightPlan[] = routes.flatMap((route, routeIndex) =>
    classes.map((flightClass, classIndex) => ({
      route,
      airline: airlines[routeIndex % airlines.length] ?? 'American Airlines',
      flightClass,
      departure: futureDate(7 + routeIndex, 8 + classIndex * 4),
    })),
  );
  moreRoutes.forEach((route, routeIndex) => {
    for (const day of [0, 7]) {
      allClasses.forEach((flightClass, classIndex) => {
        plans.push({
          route,
          airline: moreAirlines[(routeIndex + day) % moreAirlines.length] ?? 'Delta Air Lines',
          flightClass,
          departure: futureDate(8 + routeIndex + day, 6 + classIndex * 5),
        });
      });
    }
  });
  return plans.map((plan, index) => flightDocument(index + 1, plan));
}

export function demoHotels(): Array<Record<string, unknown>> {
  const hotels = [
    { name: 'Grand Hudson Hotel', street: '150 W 44th St', city: 'New York', state: 'NY', zip: '10036', stars: 4, rooms: 120, price: 289, wifi: true, pet: false, pool: false },
    { name: 'Sunset Palms Inn', street: '8401 Sunset Blvd', city: 'Los Angeles', state: 'CA', zip: '90069', stars: 3, rooms: 60, price: 179, wifi: true, pet: true, pool: true },
    { name: 'Lakeshore Suites', street: '505 N Lake Shore Dr', city: 'Chicago', state: 'IL', zip: '60611', stars: 5, rooms: 200, price: 349, wifi: true, pet: false, pool: true },
    { name: 'Bayview Lodge', street: '333 Battery St', city: 'San Francisco', state: 'CA', zip: '94111', stars: 3, rooms: 45, price: 199, wifi: false, pet: true, pool: false },
    // HTL005 on: about three per demo city, a spread of stars, prices and amenities.
    { name: 'Midtown Budget Inn', street: '312 W 34th St', city: 'New York', state: 'NY', zip: '10001', stars: 2, rooms: 80, price: 149, wifi: true, pet: false, pool: false },
    { name: 'Park Avenue Residences', street: '405 Park Ave', city: 'New York', state: 'NY', zip: '10022', stars: 5, rooms: 150, price: 499, wifi: true, pet: true, pool: true },
    { name: 'Santa Monica Shores', street: '1700 Ocean Ave', city: 'Los Angeles', state: 'CA', zip: '90401', stars: 4, rooms: 110, price: 259, wifi: true, pet: false, pool: true },
    { name: 'Downtown LA Lofts', street: '811 S Flower St', city: 'Los Angeles', state: 'CA', zip: '90017', stars: 3, rooms: 70, price: 169, wifi: true, pet: true, pool: false },
    { name: 'Loop Express Hotel', street: '120 W Madison St', city: 'Chicago', state: 'IL', zip: '60602', stars: 2, rooms: 90, price: 119, wifi: true, pet: false, pool: false },
    { name: 'Magnificent Mile Grand', street: '900 N Michigan Ave', city: 'Chicago', state: 'IL', zip: '60611', stars: 4, rooms: 240, price: 279, wifi: true, pet: true, pool: true },
    { name: 'Nob Hill Manor', street: '1075 California St', city: 'San Francisco', state: 'CA', zip: '94108', stars: 5, rooms: 95, price: 429, wifi: true, pet: false, pool: false },
    { name: 'Fishermans Wharf Inn', street: '2601 Mason St', city: 'San Francisco', state: 'CA', zip: '94133', stars: 3, rooms: 130, price: 189, wifi: true, pet: true, pool: true },
    { name: 'South Beach Oceanfront', street: '1200 Collins Ave', city: 'Miami', state: 'FL', zip: '33139', stars: 4, rooms: 180, price: 319, wifi: true, pet: false, pool: true },
    { name: 'Brickell Bay Suites', street: '501 Brickell Key Dr', city: 'Miami', state: 'FL', zip: '33131', stars: 5, rooms: 210, price: 389, wifi: true, pet: true, pool: true },
    { name: 'Little Havana Guesthouse', street: '1500 SW 8th St', city: 'Miami', state: 'FL', zip: '33135', stars: 2, rooms: 24, price: 99, wifi: true, pet: true, pool: false },
    { name: 'Congress Avenue Hotel', street: '701 Congress Ave', city: 'Austin', state: 'TX', zip: '78701', stars: 4, rooms: 160, price: 239, wifi: true, pet: true, pool: true },
    { name: 'Rainey Street Lodge', street: '90 Rainey St', city: 'Austin', state: 'TX', zip: '78701', stars: 3, rooms: 55, price: 159, wifi: true, pet: true, pool: false },
    { name: 'Zilker Park Motel', street: '2200 Barton Springs Rd', city: 'Austin', state: 'TX', zip: '78746', stars: 2, rooms: 40, price: 89, wifi: false, pet: true, pool: true },
    { name: 'Pike Place Harbor Hotel', street: '1511 1st Ave', city: 'Seattle', state: 'WA', zip: '98101', stars: 4, rooms: 140, price: 269, wifi: true, pet: true, pool: false },
    { name: 'Capitol Hill Hostel', street: '1431 Broadway', city: 'Seattle', state: 'WA', zip: '98122', stars: 2, rooms: 35, price: 79, wifi: true, pet: false, pool: false },
    { name: 'Space Needle View Suites', street: '500 Broad St', city: 'Seattle', state: 'WA', zip: '98109', stars: 5, rooms: 120, price: 359, wifi: true, pet: false, pool: true },
    { name: 'Back Bay Boutique', street: '350 Boylston St', city: 'Boston', state: 'MA', zip: '02116', stars: 4, rooms: 85, price: 299, wifi: true, pet: true, pool: false },
    { name: 'Harborside Inn Boston', street: '185 State St', city: 'Boston', state: 'MA', zip: '02109', stars: 3, rooms: 60, price: 209, wifi: true, pet: false, pool: false },
    { name: 'Fenway Park Lodge', street: '1271 Boylston St', city: 'Boston', state: 'MA', zip: '02215', stars: 3, rooms: 75, price: 189, wifi: false, pet: false, pool: true },
    { name: 'Mile High Tower Hotel', street: '1550 Court Pl', city: 'Denver', state: 'CO', zip: '80202', stars: 4, rooms: 230, price: 219, wifi: true, pet: true, pool: true },
    { name: 'LoDo Union Station Inn', street: '1701 Wynkoop St', city: 'Denver', state: 'CO', zip: '80202', stars: 5, rooms: 110, price: 339, wifi: true, pet: true, pool: false },
    { name: 'Rocky Trail Motor Lodge', street: '4200 E Colfax Ave', city: 'Denver', state: 'CO', zip: '80220', stars: 2, rooms: 50, price: 95, wifi: true, pet: true, pool: false },
    { name: 'Peachtree Plaza Hotel', street: '210 Peachtree St NW', city: 'Atlanta', state: 'GA', zip: '30303', stars: 4, rooms: 300, price: 229, wifi: true, pet: false, pool: true },
    { name: 'Midtown Atlanta Suites', street: '1041 W Peachtree St', city: 'Atlanta', state: 'GA', zip: '30309', stars: 3, rooms: 90, price: 159, wifi: true, pet: true, pool: true },
    { name: 'Airport Gateway Inn', street: '4736 Best Rd', city: 'Atlanta', state: 'GA', zip: '30337', stars: 2, rooms: 120, price: 109, wifi: true, pet: false, pool: false },
  ];
  return hotels.map((hotel, index) => ({
    hotel_id: `HTL${String(index + 1).padStart(3, '0')}`,
    name: hotel.name,
    address: { street: hotel.street, city: hotel.city, state: hotel.state, zip: hotel.zip },
    star_rating: hotel.stars,
    ...seededRoomFields(hotel.rooms, hotel.price, hotel.stars),
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
    // CAR005 on: every demo city, several types and providers; a few manuals and one in maintenance.
    { type: 'Economy', provider: 'Alamo', model: 'Nissan Versa', seats: 5, price: 35, city: 'Miami' },
    { type: 'Convertible', provider: 'Hertz', model: 'Ford Mustang Convertible', seats: 4, price: 119, city: 'Miami' },
    { type: 'SUV', provider: 'National', model: 'Jeep Grand Cherokee', seats: 5, price: 89, city: 'Miami' },
    { type: 'Compact', provider: 'Enterprise', model: 'Toyota Corolla Hatchback', seats: 5, price: 42, city: 'Austin' },
    { type: 'Pickup', provider: 'Budget', model: 'Ford F-150', seats: 5, price: 99, city: 'Austin' },
    { type: 'Luxury', provider: 'Avis', model: 'Mercedes-Benz E-Class', seats: 5, price: 149, city: 'Austin' },
    { type: 'Economy', provider: 'Hertz', model: 'Kia Rio', seats: 5, price: 37, city: 'Seattle', manual: true },
    { type: 'SUV', provider: 'Alamo', model: 'Subaru Outback', seats: 5, price: 74, city: 'Seattle' },
    { type: 'Electric', provider: 'Enterprise', model: 'Tesla Model 3', seats: 5, price: 109, city: 'Seattle' },
    { type: 'Minivan', provider: 'National', model: 'Chrysler Pacifica', seats: 7, price: 94, city: 'Boston' },
    { type: 'Compact', provider: 'Avis', model: 'Volkswagen Jetta', seats: 5, price: 49, city: 'Boston', manual: true },
    { type: 'Luxury', provider: 'Hertz', model: 'Audi A6', seats: 5, price: 139, city: 'Boston' },
    { type: 'SUV', provider: 'Enterprise', model: 'Toyota RAV4', seats: 5, price: 69, city: 'Denver' },
    { type: 'Pickup', provider: 'Alamo', model: 'Chevrolet Silverado', seats: 5, price: 95, city: 'Denver' },
    { type: 'Economy', provider: 'Budget', model: 'Mitsubishi Mirage', seats: 5, price: 33, city: 'Denver', manual: true },
    { type: 'Minivan', provider: 'Hertz', model: 'Honda Odyssey', seats: 8, price: 99, city: 'Atlanta' },
    { type: 'Compact', provider: 'National', model: 'Hyundai Elantra', seats: 5, price: 44, city: 'Atlanta' },
    { type: 'Luxury', provider: 'Enterprise', model: 'Cadillac CT5', seats: 5, price: 129, city: 'Atlanta', status: 'Maintenance' },
    { type: 'Economy', provider: 'Enterprise', model: 'Chevrolet Spark', seats: 4, price: 34, city: 'New York' },
    { type: 'SUV', provider: 'Avis', model: 'Chevrolet Tahoe', seats: 8, price: 119, city: 'New York' },
    { type: 'Convertible', provider: 'Budget', model: 'Mini Cooper Convertible', seats: 4, price: 89, city: 'Los Angeles' },
    { type: 'Electric', provider: 'Hertz', model: 'Polestar 2', seats: 5, price: 99, city: 'Los Angeles' },
    { type: 'Compact', provider: 'Alamo', model: 'Toyota Yaris', seats: 5, price: 41, city: 'San Francisco' },
    { type: 'SUV', provider: 'National', model: 'Hyundai Tucson', seats: 5, price: 72, city: 'San Francisco' },
    { type: 'Minivan', provider: 'Avis', model: 'Toyota Sienna', seats: 8, price: 97, city: 'Chicago' },
    { type: 'Luxury', provider: 'National', model: 'Lexus ES', seats: 5, price: 135, city: 'Chicago' },
  ];
  return cars.map((car, index) => ({
    car_id: `CAR${String(index + 1).padStart(3, '0')}`,
    car_type: car.type,
    provider_name: car.provider,
    model: car.model,
    year: index < 4 ? 2024 : 2022 + (index % 4),
    transmission_type: 'manual' in car && car.manual ? 'Manual' : 'Automatic',
    number_of_seats: car.seats,
    daily_rental_price: car.price,
    car_rating: 0,
    availability_status: 'status' in car && car.status ? car.status : 'Available',
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

/** The demo listings, after the airport and airline reference data their flights refer to. */
export async function seedListings(db: Db): Promise<number> {
  await seedReferenceData(db);
  const flights = demoFlights();
  const hotels = demoHotels();
  const cars = demoCars();
  await upsertAll(db, 'flights', 'flight_id', flights);
  await rebuildFlightDays(db);
  await rebuildAirportDays(db);
  await upsertAll(db, 'hotels', 'hotel_id', hotels);
  await upsertAll(db, 'cars', 'car_id', cars);
  return flights.length + hotels.length + cars.length;
}

/** What another subgraph's seed needs to know of a demo listing: its unit price and, for a flight, its times. */
export interface DemoListingFacts {
  price: number;
  start?: Date;
  end?: Date;
}

/** The facts of one demo listing; throws for an id the listings seed does not define. */
export function demoListingFacts(type: ListingType, listingId: string): DemoListingFacts {
  const [documents, key, priceField] =
    type === 'Flight' ? [demoFlights(), 'flight_id', 'ticket_price'] : type === 'Hotel' ? [demoHotels(), 'hotel_id', 'price_per_night'] : [demoCars(), 'car_id', 'daily_rental_price'];
  const document = documents.find((candidate) => candidate[key] === listingId);
  const price = document?.[priceField];
  if (!document || typeof price !== 'number') throw new Error(`seed: listing ${type} ${listingId} is not in the listings seed`);
  const departure = document.departure_datetime;
  const arrival = document.arrival_datetime;
  return departure instanceof Date && arrival instanceof Date ? { price, start: departure, end: arrival } : { price };
}
