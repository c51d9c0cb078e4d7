import type { AppConfig, RunningHttpServer } from '@kayak/common';
import { createServer as createBookings, type BookingsServerOptions } from '@kayak/bookings';
import { createGateway, type GatewayOptions } from '@kayak/gateway';
import { createServer as createListings, type ListingsServerOptions } from '@kayak/listings';
import { createServer as createReviews, type ReviewsServerOptions } from '@kayak/reviews';
import { createServer as createUsers, type UsersServerOptions } from '@kayak/users';

/**
 * The one in-process supergraph of the tests and the bench: the four real subgraphs and the real
 * gateway (composing supergraph.yaml) in this process, every server on an ephemeral port, on databases the caller made.
 * Subgraphs start in dependency order (users, listings → bookings → reviews) and each one's config
 * names the URLs of those already started, so entity fetches between subgraphs stay in this run.
 * A subgraph named in `external` is not started: the gateway and the others use the given URL
 * (a child process, a proxy...). Test-specific helpers (seeding, tokens, counting) live with their
 * suites and build on this.
 */

export type SubgraphName = 'users' | 'listings' | 'bookings' | 'reviews';
export const SUBGRAPH_NAMES: readonly SubgraphName[] = ['users', 'listings', 'bookings', 'reviews'];

type Managed = 'config' | 'port' | 'mongoDb' | 'databaseUrl';
export interface SubgraphOverrides {
  users?: Partial<Omit<UsersServerOptions, Managed>>;
  listings?: Partial<Omit<ListingsServerOptions, Managed>>;
  bookings?: Partial<Omit<BookingsServerOptions, Managed>>;
  reviews?: Partial<Omit<ReviewsServerOptions, Managed>>;
}

export interface InProcessSupergraphOptions extends SubgraphOverrides {
  config: AppConfig;
  mongoDb: string;
  databaseUrl: string;
  external?: Partial<Record<SubgraphName, string>>;
  gateway?: Partial<Pick<GatewayOptions, 'settings' | 'operationDirs'>>;
}

export type UsersServer = Awaited<ReturnType<typeof createUsers>>;
export type ListingsServer = Awaited<ReturnType<typeof createListings>>;
export type BookingsServer = Awaited<ReturnType<typeof createBookings>>;
export type ReviewsServer = Awaited<ReturnType<typeof createReviews>>;
export type GatewayServer = Awaited<ReturnType<typeof createGateway>>;

export interface InProcessSupergraph {
  /** The config with every running subgraph's URL (USERS_URL, ...). */
  config: AppConfig;
  urls: Partial<Record<SubgraphName, string>>;
  users?: UsersServer;
  listings?: ListingsServer;
  bookings?: BookingsServer;
  reviews?: ReviewsServer;
  gateway: GatewayServer;
  /** The gateway first, then the subgraphs (a subgraph's consumers and relays stop with it). */
  close(): Promise<void>;
}

const URL_VARIABLES = { users: 'USERS_URL', listings: 'LISTINGS_URL', bookings: 'BOOKINGS_URL', reviews: 'REVIEWS_URL' } as const;

export async function startInProcessSupergraph(options: InProcessSupergraphOptions): Promise<InProcessSupergraph> {
  const { mongoDb, databaseUrl } = options;
  const external = options.external ?? {};
  const urls: Partial<Record<SubgraphName, string>> = { ...external };
  const scoped = (): AppConfig => {
    const config = { ...options.config };
    for (const name of SUBGRAPH_NAMES) {
      const url = urls[name];
      if (url) config[URL_VARIABLES[name]] = url;
    }
    return config;
  };
  const servers: RunningHttpServer[] = [];
  const graph: Partial<Omit<InProcessSupergraph, 'config' | 'urls' | 'close'>> = {};
  const wanted = (name: SubgraphName): boolean => !external[name];
  const started = <T extends RunningHttpServer>(name: SubgraphName, server: T): T => {
    servers.push(server);
    urls[name] = server.url;
    return server;
  };

  try {
    if (wanted('users')) graph.users = started('users', await createUsers({ ...options.users, config: scoped(), port: 0, mongoDb }));
    if (wanted('listings')) graph.listings = started('listings', await createListings({ ...options.listings, config: scoped(), port: 0, mongoDb }));
    if (wanted('bookings')) graph.bookings = started('bookings', await createBookings({ ...options.bookings, config: scoped(), port: 0, databaseUrl }));
    if (wanted('reviews')) graph.reviews = started('reviews', await createReviews({ ...options.reviews, config: scoped(), port: 0, mongoDb }));
    const config = scoped();
    const subgraphUrls = Object.fromEntries(SUBGRAPH_NAMES.flatMap((name) => (urls[name] ? [[name, urls[name]]] : [])));
    const gateway = await createGateway({ ...options.gateway, config, port: 0, mongoDb, subgraphUrls });
    return {
      ...graph,
      config,
      urls,
      gateway,
      async close() {
        await gateway.close();
        for (const server of servers.reverse()) await server.close();
      },
    };
  } catch (error) {
    for (const server of servers.reverse()) await server.close().catch(() => undefined);
    throw error;
  }
}
