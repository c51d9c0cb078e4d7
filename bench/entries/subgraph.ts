import { closeOnSignals, loadConfig } from '@kayak/common';
import { createServer as createBookings } from '@kayak/bookings';
import { createServer as createListings } from '@kayak/listings';
import { createServer as createReviews } from '@kayak/reviews';
import { createServer as createUsers } from '@kayak/users';
import { benchTopics, bookingTopicNames } from '../topics.js';
import { exitWithParent } from './parent-watch.js';

/**
 * One subgraph of the bench as its own process: the same createServer as src/index.ts, with the
 * bench's topics, consumer group and cache prefix (BENCH_TOPIC_BASE), so nothing mixes with a
 * development supergraph on the same services.
 */
const name = process.argv[2];
const config = loadConfig();
const base = process.env.BENCH_TOPIC_BASE ?? 'bench';
const topics = benchTopics(base);

async function start() {
  switch (name) {
    case 'users':
      return createUsers({ config });
    case 'listings':
      return createListings({
        config,
        startAvailabilityConsumer: true,
        availabilityConsumer: { groupId: `${base}-availability`, topics: bookingTopicNames(topics), deadLetterTopic: topics.deadLetter },
      });
    case 'bookings':
      return createBookings({ config, cachePrefix: `${base}:bookings`, outbox: { topics } });
    case 'reviews':
      // No rating events: the bench creates no reviews, and must not publish to the shared rating topic.
      return createReviews({ config });
    default:
      throw new Error(`unknown subgraph ${String(name)}`);
  }
}

const server = await start();
closeOnSignals(server, server.logger);
exitWithParent();
