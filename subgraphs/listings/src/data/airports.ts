import type { Airport } from '../generated/graphql.js';

/**
 * Reference facts for airports (docs/airports.md): the US commercial airports with the most
 * passenger boardings (FAA CY2023 enplanements, roughly in that order), at least one airport in every
 * state but Delaware plus DC's and Puerto Rico's, then major international gateways.
 *
 * `city`/`state` name the city the airport serves as travellers search it (IAD and DCA serve
 * Washington, DC, though both lie in Virginia; CVG serves Cincinnati from Kentucky). `state` is the
 * US state or territory code, null outside the US; `country` is ISO 3166-1 alpha-2; `timeZone` is
 * the airport's IANA zone (tzdb's own zone where it has one, e.g. America/Detroit,
 * America/Indiana/Indianapolis, America/Boise, America/Juneau). Coordinates are the airport
 * reference point in decimal degrees, to about 100 m.
 *
 * The order is the autocomplete's tie-breaker (busier airports first). The seed and the subgraph's
 * startup write these facts to the `airports` collection (`_id` = IATA code).
 */
/** One airport as the API serves it (the SDL's `Airport`, every field present). */
export type AirportFact = Required<Omit<Airport, '__typename'>>;

type Row = [code: string, name: string, city: string, state: string | null, country: string, timeZone: string, latitude: number, longitude: number];

const NY = 'America/New_York';
const CHI = 'America/Chicago';
const DEN = 'America/Denver';
const PHX = 'America/Phoenix';
const LA = 'America/Los_Angeles';
const ANC = 'America/Anchorage';
const HNL = 'Pacific/Honolulu';
const DET = 'America/Detroit';

const rows: Row[] = [
  ['ATL', 'Hartsfield-Jackson Atlanta International Airport', 'Atlanta', 'GA', 'US', NY, 33.6407, -84.4277],
  ['DFW', 'Dallas/Fort Worth International Airport', 'Dallas', 'TX', 'US', CHI, 32.8998, -97.0403],
  ['DEN', 'Denver International Airport', 'Denver', 'CO', 'US', DEN, 39.8561, -104.6737],
  ['ORD', "Chicago O'Hare International Airport", 'Chicago', 'IL', 'US', CHI, 41.9742, -87.9073],
  ['LAX', 'Los Angeles International Airport', 'Los Angeles', 'CA', 'US', LA, 33.9416, -118.4085],
  ['JFK', 'John F. Kennedy International Airport', 'New York', 'NY', 'US', NY, 40.6413, -73.7781],
  ['LAS', 'Harry Reid International Airport', 'Las Vegas', 'NV', 'US', LA, 36.084, -115.1537],
  ['MCO', 'Orlando International Airport', 'Orlando', 'FL', 'US', NY, 28.4312, -81.3081],
  ['MIA', 'Miami International Airport', 'Miami', 'FL', 'US', NY, 25.7959, -80.287],
  ['CLT', 'Charlotte Douglas International Airport', 'Charlotte', 'NC', 'US', NY, 35.214, -80.9431],
  ['SEA', 'Seattle-Tacoma International Airport', 'Seattle', 'WA', 'US', LA, 47.4502, -122.3088],
  ['PHX', 'Phoenix Sky Harbor International Airport', 'Phoenix', 'AZ', 'US', PHX, 33.4342, -112.0116],
  ['EWR', 'Newark Liberty International Airport', 'Newark', 'NJ', 'US', NY, 40.6895, -74.1745],
  ['SFO', 'San Francisco International Airport', 'San Francisco', 'CA', 'US', LA, 37.6213, -122.379],
  ['IAH', 'George Bush Intercontinental Airport', 'Houston', 'TX', 'US', CHI, 29.9902, -95.3368],
  ['BOS', 'Boston Logan International Airport', 'Boston', 'MA', 'US', NY, 42.3656, -71.0096],
  ['FLL', 'Fort Lauderdale-Hollywood International Airport', 'Fort Lauderdale', 'FL', 'US', NY, 26.0742, -80.1506],
  ['MSP', 'Minneapolis-Saint Paul International Airport', 'Minneapolis', 'MN', 'US', CHI, 44.8848, -93.2223],
  ['LGA', 'LaGuardia Airport', 'New York', 'NY', 'US', NY, 40.7769, -73.874],
  ['DTW', 'Detroit Metropolitan Wayne County Airport', 'Detroit', 'MI', 'US', DET, 42.2162, -83.3554],
  ['PHL', 'Philadelphia International Airport', 'Philadelphia', 'PA', 'US', NY, 39.8744, -75.2424],
  ['SLC', 'Salt Lake City International Airport', 'Salt Lake City', 'UT', 'US', DEN, 40.7899, -111.9791],
  ['BWI', 'Baltimore/Washington International Thurgood Marshall Airport', 'Baltimore', 'MD', 'US', NY, 39.1774, -76.6684],
  ['DCA', 'Ronald Reagan Washington National Airport', 'Washington', 'DC', 'US', NY, 38.8512, -77.0402],
  ['SAN', 'San Diego International Airport', 'San Diego', 'CA', 'US', LA, 32.7338, -117.1933],
  ['IAD', 'Washington Dulles International Airport', 'Washington', 'DC', 'US', NY, 38.9531, -77.4565],
  ['TPA', 'Tampa International Airport', 'Tampa', 'FL', 'US', NY, 27.9755, -82.5332],
  ['BNA', 'Nashville International Airport', 'Nashville', 'TN', 'US', CHI, 36.1263, -86.6774],
  ['AUS', 'Austin-Bergstrom International Airport', 'Austin', 'TX', 'US', CHI, 30.1975, -97.6664],
  ['MDW', 'Chicago Midway International Airport', 'Chicago', 'IL', 'US', CHI, 41.7868, -87.7522],
  ['HNL', 'Daniel K. Inouye International Airport', 'Honolulu', 'HI', 'US', HNL, 21.3187, -157.9225],
  ['DAL', 'Dallas Love Field', 'Dallas', 'TX', 'US', CHI, 32.8471, -96.8518],
  ['PDX', 'Portland International Airport', 'Portland', 'OR', 'US', LA, 45.5898, -122.5951],
  ['STL', 'St. Louis Lambert International Airport', 'St. Louis', 'MO', 'US', CHI, 38.7487, -90.37],
  ['RDU', 'Raleigh-Durham International Airport', 'Raleigh', 'NC', 'US', NY, 35.8801, -78.788],
  ['HOU', 'William P. Hobby Airport', 'Houston', 'TX', 'US', CHI, 29.6454, -95.2789],
  ['SMF', 'Sacramento International Airport', 'Sacramento', 'CA', 'US', LA, 38.6951, -121.5908],
  ['MSY', 'Louis Armstrong New Orleans International Airport', 'New Orleans', 'LA', 'US', CHI, 29.9934, -90.258],
  ['SJC', 'San Jose Mineta International Airport', 'San Jose', 'CA', 'US', LA, 37.3639, -121.9289],
  ['SJU', 'Luis Munoz Marin International Airport', 'San Juan', 'PR', 'US', 'America/Puerto_Rico', 18.4394, -66.0018],
  ['SNA', 'John Wayne Airport', 'Santa Ana', 'CA', 'US', LA, 33.6762, -117.8675],
  ['OAK', 'Oakland International Airport', 'Oakland', 'CA', 'US', LA, 37.7126, -122.2197],
  ['MCI', 'Kansas City International Airport', 'Kansas City', 'MO', 'US', CHI, 39.2976, -94.7139],
  ['RSW', 'Southwest Florida International Airport', 'Fort Myers', 'FL', 'US', NY, 26.5362, -81.7552],
  ['SAT', 'San Antonio International Airport', 'San Antonio', 'TX', 'US', CHI, 29.5337, -98.4698],
  ['CLE', 'Cleveland Hopkins International Airport', 'Cleveland', 'OH', 'US', NY, 41.4117, -81.8498],
  ['IND', 'Indianapolis International Airport', 'Indianapolis', 'IN', 'US', 'America/Indiana/Indianapolis', 39.7169, -86.2956],
  ['PIT', 'Pittsburgh International Airport', 'Pittsburgh', 'PA', 'US', NY, 40.4915, -80.2329],
  ['CVG', 'Cincinnati/Northern Kentucky International Airport', 'Cincinnati', 'OH', 'US', NY, 39.0489, -84.6678],
  ['CMH', 'John Glenn Columbus International Airport', 'Columbus', 'OH', 'US', NY, 39.998, -82.8919],
  ['OGG', 'Kahului Airport', 'Kahului', 'HI', 'US', HNL, 20.8986, -156.4305],
  ['PBI', 'Palm Beach International Airport', 'West Palm Beach', 'FL', 'US', NY, 26.6832, -80.0956],
  ['JAX', 'Jacksonville International Airport', 'Jacksonville', 'FL', 'US', NY, 30.4941, -81.6879],
  ['BDL', 'Bradley International Airport', 'Hartford', 'CT', 'US', NY, 41.9389, -72.686],
  ['ONT', 'Ontario International Airport', 'Ontario', 'CA', 'US', LA, 34.056, -117.6012],
  ['ANC', 'Ted Stevens Anchorage International Airport', 'Anchorage', 'AK', 'US', ANC, 61.1743, -149.9962],
  ['MKE', 'Milwaukee Mitchell International Airport', 'Milwaukee', 'WI', 'US', CHI, 42.9476, -87.8966],
  ['BUR', 'Hollywood Burbank Airport', 'Burbank', 'CA', 'US', LA, 34.2007, -118.3585],
  ['ABQ', 'Albuquerque International Sunport', 'Albuquerque', 'NM', 'US', DEN, 35.0402, -106.609],
  ['OMA', 'Eppley Airfield', 'Omaha', 'NE', 'US', CHI, 41.3032, -95.8941],
  ['BOI', 'Boise Airport', 'Boise', 'ID', 'US', 'America/Boise', 43.5644, -116.2228],
  ['RNO', 'Reno-Tahoe International Airport', 'Reno', 'NV', 'US', LA, 39.4991, -119.7681],
  ['BUF', 'Buffalo Niagara International Airport', 'Buffalo', 'NY', 'US', NY, 42.9405, -78.7322],
  ['SDF', 'Louisville Muhammad Ali International Airport', 'Louisville', 'KY', 'US', 'America/Kentucky/Louisville', 38.1744, -85.736],
  ['OKC', 'Will Rogers World Airport', 'Oklahoma City', 'OK', 'US', CHI, 35.3931, -97.6007],
  ['TUS', 'Tucson International Airport', 'Tucson', 'AZ', 'US', PHX, 32.1161, -110.941],
  ['ELP', 'El Paso International Airport', 'El Paso', 'TX', 'US', DEN, 31.8072, -106.3776],
  ['KOA', 'Ellison Onizuka Kona International Airport', 'Kailua-Kona', 'HI', 'US', HNL, 19.7388, -156.0456],
  ['LIH', 'Lihue Airport', 'Lihue', 'HI', 'US', HNL, 21.976, -159.339],
  ['MEM', 'Memphis International Airport', 'Memphis', 'TN', 'US', CHI, 35.0424, -89.9767],
  ['RIC', 'Richmond International Airport', 'Richmond', 'VA', 'US', NY, 37.5052, -77.3197],
  ['CHS', 'Charleston International Airport', 'Charleston', 'SC', 'US', NY, 32.8986, -80.0405],
  ['ORF', 'Norfolk International Airport', 'Norfolk', 'VA', 'US', NY, 36.8946, -76.2012],
  ['SAV', 'Savannah/Hilton Head International Airport', 'Savannah', 'GA', 'US', NY, 32.1276, -81.2021],
  ['GEG', 'Spokane International Airport', 'Spokane', 'WA', 'US', LA, 47.6199, -117.5338],
  ['TUL', 'Tulsa International Airport', 'Tulsa', 'OK', 'US', CHI, 36.1984, -95.8881],
  ['PVD', 'Rhode Island T. F. Green International Airport', 'Providence', 'RI', 'US', NY, 41.724, -71.4283],
  ['ALB', 'Albany International Airport', 'Albany', 'NY', 'US', NY, 42.7483, -73.8017],
  ['DSM', 'Des Moines International Airport', 'Des Moines', 'IA', 'US', CHI, 41.534, -93.6631],
  ['BHM', 'Birmingham-Shuttlesworth International Airport', 'Birmingham', 'AL', 'US', CHI, 33.5629, -86.7535],
  ['LIT', 'Clinton National Airport', 'Little Rock', 'AR', 'US', CHI, 34.7294, -92.2243],
  ['GRR', 'Gerald R. Ford International Airport', 'Grand Rapids', 'MI', 'US', DET, 42.8808, -85.5228],
  ['MYR', 'Myrtle Beach International Airport', 'Myrtle Beach', 'SC', 'US', NY, 33.6797, -78.9283],
  ['PSP', 'Palm Springs International Airport', 'Palm Springs', 'CA', 'US', LA, 33.8297, -116.507],
  ['SRQ', 'Sarasota-Bradenton International Airport', 'Sarasota', 'FL', 'US', NY, 27.3954, -82.5544],
  ['LGB', 'Long Beach Airport', 'Long Beach', 'CA', 'US', LA, 33.8177, -118.1516],
  ['ICT', 'Wichita Dwight D. Eisenhower National Airport', 'Wichita', 'KS', 'US', CHI, 37.6499, -97.4331],
  ['JAN', 'Jackson-Medgar Wiley Evers International Airport', 'Jackson', 'MS', 'US', CHI, 32.3112, -90.0759],
  ['BZN', 'Bozeman Yellowstone International Airport', 'Bozeman', 'MT', 'US', DEN, 45.7775, -111.153],
  ['BIL', 'Billings Logan International Airport', 'Billings', 'MT', 'US', DEN, 45.8077, -108.5429],
  ['JAC', 'Jackson Hole Airport', 'Jackson', 'WY', 'US', DEN, 43.6073, -110.7377],
  ['FAR', 'Hector International Airport', 'Fargo', 'ND', 'US', CHI, 46.9207, -96.8158],
  ['FSD', 'Sioux Falls Regional Airport', 'Sioux Falls', 'SD', 'US', CHI, 43.582, -96.7419],
  ['BTV', 'Burlington International Airport', 'Burlington', 'VT', 'US', NY, 44.4719, -73.1533],
  ['PWM', 'Portland International Jetport', 'Portland', 'ME', 'US', NY, 43.6462, -70.3093],
  ['MHT', 'Manchester-Boston Regional Airport', 'Manchester', 'NH', 'US', NY, 42.9326, -71.4357],
  ['CRW', 'West Virginia International Yeager Airport', 'Charleston', 'WV', 'US', NY, 38.3731, -81.5932],
  ['FAI', 'Fairbanks International Airport', 'Fairbanks', 'AK', 'US', ANC, 64.8151, -147.8561],
  ['JNU', 'Juneau International Airport', 'Juneau', 'AK', 'US', 'America/Juneau', 58.355, -134.5763],
  // Major international gateways served from the US.
  ['LHR', 'London Heathrow Airport', 'London', null, 'GB', 'Europe/London', 51.47, -0.4543],
  ['CDG', 'Paris Charles de Gaulle Airport', 'Paris', null, 'FR', 'Europe/Paris', 49.0097, 2.5479],
  ['FRA', 'Frankfurt Airport', 'Frankfurt', null, 'DE', 'Europe/Berlin', 50.0379, 8.5622],
  ['AMS', 'Amsterdam Airport Schiphol', 'Amsterdam', null, 'NL', 'Europe/Amsterdam', 52.3105, 4.7683],
  ['MAD', 'Adolfo Suarez Madrid-Barajas Airport', 'Madrid', null, 'ES', 'Europe/Madrid', 40.4983, -3.5676],
  ['DUB', 'Dublin Airport', 'Dublin', null, 'IE', 'Europe/Dublin', 53.4264, -6.2499],
  ['YYZ', 'Toronto Pearson International Airport', 'Toronto', null, 'CA', 'America/Toronto', 43.6777, -79.6248],
  ['YVR', 'Vancouver International Airport', 'Vancouver', null, 'CA', 'America/Vancouver', 49.1967, -123.1815],
  ['MEX', 'Mexico City International Airport', 'Mexico City', null, 'MX', 'America/Mexico_City', 19.4361, -99.0719],
  ['CUN', 'Cancun International Airport', 'Cancun', null, 'MX', 'America/Cancun', 21.0365, -86.8771],
  ['NRT', 'Narita International Airport', 'Tokyo', null, 'JP', 'Asia/Tokyo', 35.772, 140.3929],
  ['HND', 'Tokyo Haneda Airport', 'Tokyo', null, 'JP', 'Asia/Tokyo', 35.5494, 139.7798],
  ['ICN', 'Incheon International Airport', 'Seoul', null, 'KR', 'Asia/Seoul', 37.4602, 126.4407],
  ['HKG', 'Hong Kong International Airport', 'Hong Kong', null, 'HK', 'Asia/Hong_Kong', 22.308, 113.9185],
  ['SIN', 'Singapore Changi Airport', 'Singapore', null, 'SG', 'Asia/Singapore', 1.3644, 103.9915],
  ['DXB', 'Dubai International Airport', 'Dubai', null, 'AE', 'Asia/Dubai', 25.2532, 55.3657],
  ['SYD', 'Sydney Kingsford Smith Airport', 'Sydney', null, 'AU', 'Australia/Sydney', -33.9399, 151.1753],
];

export const AIRPORTS: readonly AirportFact[] = rows.map(([code, name, city, state, country, timeZone, latitude, longitude]) => ({ code, name, city, state, country, timeZone, latitude, longitude }));
