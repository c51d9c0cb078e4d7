import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createKafka, ensureTopics } from '@kayak/common';
import { testConfig, uniqueName } from '@kayak/common/testing';
import type { Admin, Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { ALICE, startSupergraph, type Supergraph } from '../abuse/support/supergraph.js';
import { SUBGRAPH_NAMES, type SubgraphName } from '../support/supergraph.js';

// GET /metrics of every subgraph (docs/observability.md#metrics), scraped after real requests
// through the gateway, and the promise behind the alert rules and the dashboard: every metric
// they name is one a service exports, so a rename cannot silently blind an alert.
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

interface Scrape {
  /** Family name → type, from the `# TYPE` lines. */
  families: Map<string, string>;
  samples: Sample[];
}

function parseExposition(text: string): Scrape {
  const families = new Map<string, string>();
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (type?.[1] && type[2]) families.set(type[1], type[2]);
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!sample?.[1] || !sample[3]) continue;
    const labels = Object.fromEntries([...(sample[2] ?? '').matchAll(/([a-zA-Z_]\w*)="((?:[^"\\]|\\.)*)"/g)].map((match) => [match[1], match[2]]));
    samples.push({ name: sample[1], labels, value: Number(sample[3]) });
  }
  return { families, samples };
}

async function scrape(url: string): Promise<Scrape> {
  const response = await fetch(new URL('/metrics', url));
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  return parseExposition(await response.text());
}

/** The sum of a metric's samples whose labels include `labels`. */
function total(scraped: Scrape, name: string, labels: Record<string, string | RegExp> = {}): number {
  return scraped.samples
    .filter((sample) => sample.name === name && Object.entries(labels).every(([key, value]) => (typeof value === 'string' ? sample.labels[key] === value : value.test(sample.labels[key] ?? ''))))
    .reduce((sum, sample) => sum + sample.value, 0);
}

/** Series names a family's samples may have (a histogram's _bucket, _sum, _count). */
function exportedNames(scrapes: Scrape[]): Set<string> {
  const names = new Set<string>();
  for (const { families } of scrapes) {
    for (const [family, type] of families) {
      names.add(family);
      if (type === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(`${family}${suffix}`);
      if (type === 'summary') for (const suffix of ['_sum', '_count']) names.add(`${family}${suffix}`);
    }
  }
  return names;
}

const PROMQL_KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'and', 'or', 'unless', 'offset', 'inf', 'nan']);
/** Series Prometheus makes itself rather than scraping them. */
const SYNTHETIC = new Set(['up', 'scrape_duration_seconds', 'scrape_samples_scraped']);

/** The metric names a PromQL expression reads (a Grafana variable query `label_values(m, l)` too). */
function metricNamesIn(expression: string): string[] {
  const labelValues = /^label_values\(\s*([a-zA-Z_:][\w:]*)/.exec(expression.trim());
  if (labelValues?.[1]) return [labelValues[1]];
  const stripped = expression
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names: string[] = [];
  for (const match of stripped.matchAll(/(?<![\w:.$])([a-zA-Z_:][\w:]*)(?![\w:]|\s*\()/g)) {
    const name = match[1] ?? '';
    if (!PROMQL_KEYWORDS.has(name.toLowerCase())) names.push(name);
  }
  return names;
}

interface RuleFile {
  groups: Array<{ name: string; rules: Array<{ alert?: string; record?: string; expr: string }> }>;
}

function alertExpressions(): Array<{ where: string; expr: string }> {
  const rules = parseYaml(readFileSync(join(root, 'deploy/prometheus/alerts.yml'), 'utf8')) as RuleFile;
  return rules.groups.flatMap((group) => group.rules.map((rule) => ({ where: `alert ${rule.alert ?? rule.record}`, expr: rule.expr })));
}

interface Dashboard {
  panels: Array<{ title: string; targets?: Array<{ expr: string }> }>;
  templating: { list: Array<{ name: string; type: string; definition?: string }> };
}

function dashboardExpressions(): Array<{ where: string; expr: string }> {
  const dashboard = JSON.parse(readFileSync(join(root, 'deploy/grafana/kayak-dashboard.json'), 'utf8')) as Dashboard;
  return [
    ...dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((target) => ({ where: `panel ${panel.title}`, expr: target.expr }))),
    ...dashboard.templating.list.filter((variable) => variable.type === 'query').map((variable) => ({ where: `variable ${variable.name}`, expr: variable.definition ?? '' })),
  ];
}

const base = uniqueName('t_metrics');
const topics = { created: `${base}.created`, confirmed: `${base}.confirmed`, cancelled: `${base}.cancelled` };
const deadLetterTopic = `${base}.dlq`;
const groupId = `${base}.group`;
let admin: Admin;
let producer: Producer;
let sg: Supergraph;

beforeAll(async () => {
  const kafka = createKafka(testConfig().KAFKA_BROKERS, 'metrics-test');
  admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, [...Object.values(topics), deadLetterTopic], 1);
  producer = kafka.producer();
  await producer.connect();
  sg = await startSupergraph({
    prefix: 'x_metrics',
    listings: { availabilityConsumer: { groupId, topics: Object.values(topics), deadLetterTopic } },
  });
  await sg.listings?.availabilityConsumer.start();
});

afterAll(async () => {
  await sg?.close();
  await producer?.disconnect();
  await admin?.deleteGroups([groupId]).catch(() => undefined);
  await admin?.deleteTopics({ topics: [...Object.values(topics), deadLetterTopic] }).catch(() => undefined);
  await admin?.disconnect();
});

/** One query per subgraph, each named, so its subgraph fetch carries `<name>__<subgraph>__<n>`. */
const QUERIES: Record<SubgraphName, string> = {
  users: 'query MetricsUsers { me { ... on User { userId } } }',
  listings: 'query MetricsListings { searchHotels(first: 1) { totalCount } }',
  bookings: 'query MetricsBookings { myBookings(first: 1) { totalCount } }',
  reviews: 'query MetricsReviews { myReviews(first: 1) { nodes { reviewId } } }',
};
const operationOf = (name: SubgraphName): RegExp => new RegExp(`^Metrics${name[0]?.toUpperCase()}${name.slice(1)}__${name}__\\d+$`);

describe('GET /metrics of every subgraph', () => {
  it.each(SUBGRAPH_NAMES)('%s counts a request through the gateway once, with its latency, and reports its DB pool', async (name) => {
    const url = sg.urls[name];
    const before = await scrape(url);
    const response = await sg.post({ query: QUERIES[name], viewer: ALICE });
    expect(response.body?.errors, response.text).toBeUndefined();
    const after = await scrape(url);

    const operation = operationOf(name);
    expect(after.families.get('subgraph_requests_total')).toBe('counter');
    expect(after.families.get('subgraph_request_duration_seconds')).toBe('histogram');
    expect(after.families.get('subgraph_errors_total')).toBe('counter');
    expect(total(after, 'subgraph_requests_total', { service: name, operation, outcome: 'ok' }) - total(before, 'subgraph_requests_total', { service: name, operation, outcome: 'ok' })).toBe(1);
    expect(total(after, 'subgraph_request_duration_seconds_count', { service: name, operation }) - total(before, 'subgraph_request_duration_seconds_count', { service: name, operation })).toBe(1);
    expect(total(after, 'subgraph_request_duration_seconds_bucket', { service: name, operation, le: '+Inf' })).toBe(total(after, 'subgraph_request_duration_seconds_count', { service: name, operation }));

    expect(after.families.get('db_pool_connections')).toBe('gauge');
    expect(after.families.get('db_pool_pending_requests')).toBe('gauge');
    const pool = name === 'bookings' ? 'mariadb' : 'mongo';
    // The request just used the pool: at least one connection is open, none is waited for.
    expect(total(after, 'db_pool_connections', { service: name, pool })).toBeGreaterThanOrEqual(1);
    expect(total(after, 'db_pool_pending_requests', { service: name, pool })).toBe(0);
    expect(after.families.has('process_cpu_seconds_total')).toBe(true);
  });

  it('counts errors by extensions.code and the request as an error', async () => {
    const url = sg.urls.reviews;
    const before = await scrape(url);
    const response = await sg.post({ query: 'query MetricsBadPage { myReviews(first: 1000) { nodes { reviewId } } }', viewer: ALICE });
    expect(response.body?.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const after = await scrape(url);
    expect(total(after, 'subgraph_errors_total', { service: 'reviews', code: 'BAD_USER_INPUT' }) - total(before, 'subgraph_errors_total', { service: 'reviews', code: 'BAD_USER_INPUT' })).toBe(1);
    expect(total(after, 'subgraph_requests_total', { service: 'reviews', outcome: 'error' }) - total(before, 'subgraph_requests_total', { service: 'reviews', outcome: 'error' })).toBe(1);
  });

  it('shows the listings consumers running and counts a malformed message as dead-lettered', async () => {
    const consumer = { service: 'listings', consumer: 'availability', group: groupId };
    await producer.send({ topic: topics.created, messages: [{ key: 'metrics-test', value: 'not an event' }] });
    let scraped = await scrape(sg.urls.listings);
    // Handled, committed, and seen committed by Kafka's offsets (the lag), until then it is in flight.
    const settled = (current: typeof scraped): boolean => total(current, 'kafka_consumer_dead_lettered_total', consumer) >= 1 && total(current, 'kafka_consumer_lag_messages', consumer) === 0;
    for (let attempt = 0; attempt < 100 && !settled(scraped); attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      scraped = await scrape(sg.urls.listings);
    }
    expect(total(scraped, 'kafka_consumer_dead_lettered_total', consumer)).toBe(1);
    expect(total(scraped, 'kafka_consumer_processed_total', consumer)).toBe(1);
    expect(total(scraped, 'kafka_consumer_up', consumer)).toBe(1);
    expect(total(scraped, 'kafka_consumer_ready', consumer)).toBe(1);
    expect(total(scraped, 'kafka_consumer_lag_messages', consumer)).toBe(0);
    expect(total(scraped, 'kafka_consumer_restarts_total', consumer)).toBe(0);
    expect(scraped.families.get('kafka_consumer_crashes_total')).toBe('counter');
    // The rating consumer was not started in this process: it has no series.
    expect(scraped.samples.filter((sample) => sample.name === 'kafka_consumer_up' && sample.labels.consumer === 'rating')).toEqual([]);
  });

  it('reports the bookings outbox backlog and its oldest event (the relay is off here), and the hold sweeper', async () => {
    const scrapedEmpty = await scrape(sg.urls.bookings);
    expect(total(scrapedEmpty, 'bookings_outbox_unpublished_events')).toBe(0);
    expect(total(scrapedEmpty, 'bookings_outbox_oldest_unpublished_age_seconds')).toBe(0);

    const sqlTime = (date: Date): string => date.toISOString().replace('T', ' ').replace('Z', '');
    const tenMinutesAgo = new Date(Date.now() - 600_000);
    const insert = 'INSERT INTO outbox_events (topic, message_key, aggregate_id, payload, created_at) VALUES (?, ?, ?, ?, ?)';
    await sg.sql(insert, ['booking.created', 'Hotel:HTL1', 'BKG-METRICS-1', '{}', sqlTime(tenMinutesAgo)]);
    await sg.sql(insert, ['booking.created', 'Hotel:HTL1', 'BKG-METRICS-2', '{}', sqlTime(new Date())]);
    await sg.sql(insert, ['booking.created', 'Hotel:HTL1', 'BKG-METRICS-3', '{}', sqlTime(new Date())]);
    await sg.sql("UPDATE outbox_events SET published_at = NOW(3) WHERE aggregate_id = 'BKG-METRICS-3'");
    const scraped = await scrape(sg.urls.bookings);
    expect(total(scraped, 'bookings_outbox_unpublished_events')).toBe(2);
    // The age is the oldest unpublished row's: ten minutes and the few seconds since the insert.
    expect(total(scraped, 'bookings_outbox_oldest_unpublished_age_seconds')).toBeGreaterThanOrEqual(600);
    expect(total(scraped, 'bookings_outbox_oldest_unpublished_age_seconds')).toBeLessThan(1200);

    // The sweeper ran once when the subgraph started (nothing to expire in a fresh database).
    expect(total(scraped, 'bookings_hold_sweeps_total', { outcome: 'success' })).toBeGreaterThanOrEqual(1);
    expect(total(scraped, 'bookings_hold_sweeps_total', { outcome: 'failure' })).toBe(0);
    expect(total(scraped, 'bookings_holds_expired_total')).toBe(0);
    expect(total(scraped, 'bookings_hold_sweep_last_success_timestamp_seconds')).toBeGreaterThan(0);
    expect(total(scraped, 'db_pool_connections', { pool: 'mariadb-relay' })).toBeGreaterThanOrEqual(1);
  });
});

describe('the metric names of the alert rules and the dashboard', () => {
  it('finds the names in PromQL, and an unknown name in a made-up expression (the check is not vacuous)', () => {
    expect(metricNamesIn('sum by (service) (rate(subgraph_requests_total{outcome="error"}[5m])) / sum by (service) (rate(subgraph_requests_total[$__rate_interval]))')).toEqual(['subgraph_requests_total', 'subgraph_requests_total']);
    expect(metricNamesIn('histogram_quantile(0.99, sum by (le) (rate(gateway_request_duration_seconds_bucket[5m]))) > 2')).toEqual(['gateway_request_duration_seconds_bucket']);
    expect(metricNamesIn('time() - bookings_hold_sweep_last_success_timestamp_seconds > 300')).toEqual(['bookings_hold_sweep_last_success_timestamp_seconds']);
    expect(metricNamesIn('label_values(subgraph_requests_total, service)')).toEqual(['subgraph_requests_total']);
    const exported = exportedNames([parseExposition('# TYPE subgraph_requests_total counter\n')]);
    expect(metricNamesIn('rate(subgraph_request_total[5m])').filter((name) => !exported.has(name))).toEqual(['subgraph_request_total']);
  });

  it('uses only metrics that the gateway and the four subgraphs export', async () => {
    const scrapes = await Promise.all([sg.gateway.url, ...SUBGRAPH_NAMES.map((name) => sg.urls[name])].map(scrape));
    const exported = exportedNames(scrapes);
    const expressions = [...alertExpressions(), ...dashboardExpressions()];
    expect(alertExpressions().length).toBeGreaterThanOrEqual(10);
    expect(dashboardExpressions().length).toBeGreaterThanOrEqual(15);
    const unknown = expressions.flatMap(({ where, expr }) => metricNamesIn(expr).filter((name) => !exported.has(name) && !SYNTHETIC.has(name)).map((name) => `${where}: ${name}`));
    expect(unknown).toEqual([]);
    // Every alert reads at least one metric (an expression the extractor misreads would read none).
    for (const { where, expr } of alertExpressions()) expect(metricNamesIn(expr).length, where).toBeGreaterThan(0);
  });
});
