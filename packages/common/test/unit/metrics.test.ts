import { EventEmitter } from 'node:events';
import type { MongoClient } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { boundedLabels, sharedRead } from '../../src/metrics.js';
import { trackMongoPool } from '../../src/mongo.js';

describe('boundedLabels', () => {
  it('keeps well-formed values up to the limit, then answers other; malformed or missing ones are the fallback', () => {
    const label = boundedLabels(2);
    expect(label('Search')).toBe('Search');
    expect(label('MyTrips__bookings__1')).toBe('MyTrips__bookings__1');
    expect(label('Third')).toBe('other');
    expect(label('Search')).toBe('Search');
    expect(label('not a name')).toBe('anonymous');
    expect(label(undefined)).toBe('anonymous');
    expect(boundedLabels(5, 'INTERNAL_SERVER_ERROR')(null)).toBe('INTERNAL_SERVER_ERROR');
  });
});

describe('sharedRead', () => {
  it('shares one read among the callers of one scrape and reads afresh once it settled', async () => {
    let reads = 0;
    const read = sharedRead(async () => {
      reads += 1;
      return reads;
    });
    expect(await Promise.all([read(), read(), read()])).toEqual([1, 1, 1]);
    expect(await read()).toBe(2);
    expect(reads).toBe(2);
  });

  it('forgets a failed read', async () => {
    let fail = true;
    const read = sharedRead(async () => {
      if (fail) throw new Error('down');
      return 'up';
    });
    await expect(read()).rejects.toThrow('down');
    fail = false;
    expect(await read()).toBe('up');
  });
});

describe('trackMongoPool', () => {
  it('counts connections lent out, idle in the pool and waited for from the driver CMAP events', () => {
    const client = new EventEmitter();
    const stats = trackMongoPool(client as unknown as MongoClient);
    const emit = (event: string, times = 1): void => {
      for (let n = 0; n < times; n += 1) client.emit(event, {});
    };
    expect(stats()).toEqual({ active: 0, idle: 0, pending: 0 });
    emit('connectionCheckOutStarted', 3);
    emit('connectionCreated', 2);
    emit('connectionCheckedOut', 2);
    expect(stats()).toEqual({ active: 2, idle: 0, pending: 1 });
    emit('connectionCheckOutFailed');
    emit('connectionCheckedIn');
    expect(stats()).toEqual({ active: 1, idle: 1, pending: 0 });
    emit('connectionClosed');
    emit('connectionCheckedIn');
    expect(stats()).toEqual({ active: 0, idle: 1, pending: 0 });
  });
});
