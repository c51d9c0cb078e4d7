import { loadConfig } from '@kayak/common';
import { describe, expect, it } from 'vitest';
import { readSupergraphConfig } from '@kayak/gateway/supergraph';
import { parseReplicas, planLaunches, planReplicas, replicasSpec } from '../scripts/replicas.js';

// `npm start`'s replicas (scripts/replicas.ts): how REPLICAS / --replicas is read, and the ports
// and <NAME>_URL lists every process is given.
const SUBGRAPHS = ['users', 'listings', 'bookings', 'reviews'];
const config = loadConfig({ JWT_SECRET: 'x'.repeat(32), GATEWAY_SECRET: 'y'.repeat(32), HOST: '127.0.0.1' });

describe('parseReplicas', () => {
  it('runs every subgraph once by default', () => {
    expect(parseReplicas(undefined, SUBGRAPHS)).toEqual({ users: 1, listings: 1, bookings: 1, reviews: 1 });
  });

  it('reads one count for every subgraph, or counts by name', () => {
    expect(parseReplicas('2', SUBGRAPHS)).toEqual({ users: 2, listings: 2, bookings: 2, reviews: 2 });
    expect(parseReplicas('listings=2, bookings=3', SUBGRAPHS)).toEqual({ users: 1, listings: 2, bookings: 3, reviews: 1 });
  });

  it('rejects unknown subgraphs and counts out of range', () => {
    expect(() => parseReplicas('flights=2', SUBGRAPHS)).toThrow(/names no subgraph/);
    expect(() => parseReplicas('0', SUBGRAPHS)).toThrow(/from 1 to 9/);
    expect(() => parseReplicas('listings=two', SUBGRAPHS)).toThrow(/listings/);
  });

  it('takes --replicas over REPLICAS', () => {
    expect(replicasSpec(['--replicas', 'listings=2'], { REPLICAS: '3' })).toBe('listings=2');
    expect(replicasSpec(['--replicas=2'], {})).toBe('2');
    expect(replicasSpec([], { REPLICAS: '3' })).toBe('3');
  });
});

describe('planReplicas', () => {
  it('gives each replica its own port and names them all in <NAME>_URL', () => {
    const plan = planReplicas(config, { users: 1, listings: 2, bookings: 1, reviews: 1 });
    expect(plan.replicas.filter((replica) => replica.subgraph === 'listings').map((replica) => replica.port)).toEqual([4002, 4012]);
    expect(plan.replicas.find((replica) => replica.subgraph === 'users')?.port).toBe(4001);
    expect(plan.urls).toEqual({ LISTINGS_URL: 'http://127.0.0.1:4002/graphql,http://127.0.0.1:4012/graphql' });
    expect(new Set(plan.replicas.map((replica) => replica.port)).size).toBe(plan.replicas.length);
  });

  it('yields URLs the config accepts as a replica list', () => {
    const plan = planReplicas(config, { users: 1, listings: 3, bookings: 2, reviews: 1 });
    const withReplicas = loadConfig({ JWT_SECRET: 'x'.repeat(32), GATEWAY_SECRET: 'y'.repeat(32), ...plan.urls });
    expect(withReplicas.LISTINGS_URL.split(',')).toHaveLength(3);
    expect(withReplicas.BOOKINGS_URL.split(',')).toHaveLength(2);
  });
});

describe('planLaunches', () => {
  it('starts each replica on its own port, and tells every process all replicas', () => {
    const launches = planLaunches(config, readSupergraphConfig(), ['--replicas', 'listings=2'], { KEEP: 'kept' });
    const names = launches.map((launched) => launched.name);
    expect(names).toEqual(expect.arrayContaining(['users', 'listings#1', 'listings#2', 'bookings', 'reviews', 'gateway', 'web']));
    expect(names).toHaveLength(7);
    const list = 'http://127.0.0.1:4002/graphql,http://127.0.0.1:4012/graphql';
    const byName = new Map(launches.map((launched) => [launched.name, launched]));
    expect(byName.get('listings#1')?.env).toMatchObject({ LISTINGS_PORT: '4002', LISTINGS_URL: list, KEEP: 'kept' });
    expect(byName.get('listings#2')?.env).toMatchObject({ LISTINGS_PORT: '4012', LISTINGS_URL: list });
    expect(byName.get('listings#2')?.entry).toMatch(/subgraphs\/listings\/src\/index\.ts$/);
    // The gateway routes to both; bookings and reviews fetch listings' entities from both.
    for (const other of ['gateway', 'bookings', 'reviews', 'users']) expect(byName.get(other)?.env.LISTINGS_URL).toBe(list);
    expect(byName.get('bookings')?.env.BOOKINGS_PORT).toBe('4003');
  });
});
