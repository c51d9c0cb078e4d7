import { z } from 'zod';
import { parseUrlList } from './replicas.js';

/**
 * All environment variables of the project, parsed once. Defaults match the local stack
 * (`npm run stack:up`) and docker-compose.yml; secrets have no defaults (see env.ts,
 * which writes a `.env` with random secrets on first start).
 */
const port = z.coerce.number().int().min(0).max(65535);
/** One URL, or several separated by commas: the replicas of one subgraph (replicas.ts). */
const urlList = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .refine((value) => {
      const urls = parseUrlList(value);
      return urls.length > 0 && urls.every((url) => z.string().url().safeParse(url).success);
    }, 'must be a URL or a comma-separated list of URLs');

const infraSchema = z.object({
  MONGO_URL: z.string().url().default('mongodb://127.0.0.1:27017'),
  MONGO_DB: z.string().min(1).default('kayak'),
  DATABASE_URL: z.string().url().default('mysql://root:kayak@127.0.0.1:3306/kayak'),
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  KAFKA_BROKERS: z
    .string()
    .default('127.0.0.1:9092')
    .transform((value) => value.split(',').map((broker) => broker.trim()).filter(Boolean)),
  /** JVM heap of the local mongo-java-server (stack manager only); fit it to the data (full bench scale: 2g). */
  MONGO_SERVER_HEAP: z.string().regex(/^\d+[mg]$/, 'a JVM size such as 2g or 1536m').default('2g'),
  /** MVStore page cache of the local mongo-java-server, in MB (H2's own default of 16 MB re-reads every scan). */
  MONGO_SERVER_CACHE_MB: z.coerce.number().int().min(16).default(1024),
  /** The SMTP server mail goes to (docs/notifications.md); locally the MailDev catcher of `stack:up`. */
  SMTP_HOST: z.string().min(1).default('127.0.0.1'),
  SMTP_PORT: port.default(1025),
  /** The catcher's web inbox and REST API (MailDev; the stack starts one here when nothing answers). */
  MAILDEV_URL: z.string().url().default('http://127.0.0.1:1080'),
});

const appSchema = infraSchema.extend({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HOST: z.string().default('127.0.0.1'),
  GATEWAY_PORT: port.default(4000),
  USERS_PORT: port.default(4001),
  LISTINGS_PORT: port.default(4002),
  BOOKINGS_PORT: port.default(4003),
  REVIEWS_PORT: port.default(4004),
  /**
   * Where each subgraph answers; the gateway routes there and subgraphs fetch entities there. A
   * comma-separated list names its replicas: callers balance across them (docs/gateway.md).
   */
  USERS_URL: urlList('http://127.0.0.1:4001/graphql'),
  LISTINGS_URL: urlList('http://127.0.0.1:4002/graphql'),
  BOOKINGS_URL: urlList('http://127.0.0.1:4003/graphql'),
  REVIEWS_URL: urlList('http://127.0.0.1:4004/graphql'),
  /** How long an unpaid booking holds capacity before the bookings sweeper expires it. */
  BOOKING_HOLD_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
  /** Itinerary search (listings, docs/itineraries.md): least time between a flight's arrival and the next flight of a connection. */
  ITINERARY_MIN_CONNECTION_MINUTES: z.coerce.number().int().min(0).max(24 * 60).default(45),
  /** Itinerary search: most time between a flight's arrival and the next flight of a connection. */
  ITINERARY_MAX_LAYOVER_MINUTES: z.coerce.number().int().min(1).max(48 * 60).default(24 * 60),
  /** Kafka consumers (listings): uncommitted messages above which a consumer is not ready. */
  CONSUMER_MAX_LAG: z.coerce.number().int().min(0).default(1000),
  /** How long a consumer may stay behind without handling a message before it is not ready (stalled). */
  CONSUMER_STALL_MS: z.coerce.number().int().min(1000).default(60_000),
  /**
   * Kafka session of the consumers: how long the broker keeps a silent member. After a broker
   * restart the group waits for the old member's session to expire before it rebalances, so this
   * bounds how soon consumption resumes (kafkajs's default is 30 s; heartbeats every third of it).
   */
  CONSUMER_SESSION_TIMEOUT_MS: z.coerce.number().int().min(6000).default(10_000),
  /** Cap of the supervisor's backoff between two recreations of a crashed consumer. */
  CONSUMER_RESTART_MAX_MS: z.coerce.number().int().min(100).default(10_000),
  /** `off`: users, listings and reviews still record their domain events but do not publish them (docs/events.md). */
  EVENT_RELAY: z.enum(['on', 'off']).default('on'),
  /** Implicit TLS (port 465 style); otherwise STARTTLS when the server offers it. */
  SMTP_SECURE: z.enum(['true', 'false']).default('false').transform((value) => value === 'true'),
  /** SMTP credentials; both or neither (MailDev needs none). */
  SMTP_USER: z.string().min(1).optional(),
  SMTP_PASSWORD: z.string().min(1).optional(),
  /** The sender of every notification mail. */
  SMTP_FROM: z.string().min(3).default('Kayak <no-reply@kayak.local>'),
  /** How often a notification mail is tried before it is given up (FAILED). */
  MAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(5),
  /** Where the web client answers: the base of the links in mails (listings, bookings, unsubscribe). */
  PUBLIC_WEB_URL: z.string().url().default('http://127.0.0.1:5173'),
  /** Signs unsubscribe links (HMAC-SHA256); derived from JWT_SECRET when unset. */
  UNSUBSCRIBE_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters'),
  GATEWAY_SECRET: z.string().min(32, 'must be at least 32 characters'),
});

const appSchemaChecked = appSchema.refine((config) => (config.SMTP_USER === undefined) === (config.SMTP_PASSWORD === undefined), {
  path: ['SMTP_PASSWORD'],
  message: 'SMTP_USER and SMTP_PASSWORD go together',
});

export type InfraConfig = z.infer<typeof infraSchema>;
export type AppConfig = z.infer<typeof appSchema>;

export class ConfigError extends Error {}

function parse<T extends z.ZodTypeAny>(schema: T, env: NodeJS.ProcessEnv): z.infer<T> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
  throw new ConfigError(`Invalid environment:\n${problems.join('\n')}`);
}

/** URLs of the four backing services only: enough for the stack manager and scripts. */
export function loadInfraConfig(env: NodeJS.ProcessEnv = process.env): InfraConfig {
  return parse(infraSchema, env);
}

/** Everything a subgraph or the gateway needs; throws listing every invalid variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  return parse(appSchemaChecked, env);
}
