import { createLogger } from '@kayak/common';
import { MongoBulkWriteError } from 'mongodb';
import { describe, expect, it } from 'vitest';
import type { PageClickDocument } from '../../src/repositories/documents.js';
import { createActivityBuffer, type ActivityWriter } from '../../src/services/activityBuffer.js';

const logger = createLogger('test', 'silent');

/** Records page-click batches; fails the way it is told to. */
function fakeRepository() {
  const batches: PageClickDocument[][] = [];
  let failure: (() => Error) | undefined;
  const repository: ActivityWriter = {
    insertPageClicks: async (docs: PageClickDocument[]) => {
      if (failure) throw failure();
      batches.push(docs);
    },
    insertListingClicks: async () => undefined,
    insertTraces: async () => undefined,
  };
  return { repository, batches, fail: (make: (() => Error) | undefined) => (failure = make) };
}

const click = (n: number): PageClickDocument => ({ page: '/p', element_id: `e${n}`, timestamp: new Date(0) });

describe('activity buffer', () => {
  it('writes everything buffered in one batch per flush', async () => {
    const fake = fakeRepository();
    const buffer = createActivityBuffer(fake.repository, logger, { maxBatch: 100 });
    for (let i = 0; i < 10; i++) buffer.pageClick(click(i));
    await buffer.flush();
    expect(fake.batches.map((batch) => batch.length)).toEqual([10]);
    await buffer.flush();
    expect(fake.batches).toHaveLength(1);
  });

  it('keeps a batch whose write failed and writes it at the next flush, in order', async () => {
    const fake = fakeRepository();
    const buffer = createActivityBuffer(fake.repository, logger, { maxBatch: 100 });
    buffer.pageClick(click(1));
    fake.fail(() => new Error('connection reset'));
    await buffer.flush();
    expect(buffer.buffered()).toBe(1);
    buffer.pageClick(click(2));
    fake.fail(undefined);
    await buffer.flush();
    expect(fake.batches).toEqual([[click(1), click(2)]]);
  });

  it('drops a batch the server rejected document by document (retrying cannot fix it)', async () => {
    const fake = fakeRepository();
    const buffer = createActivityBuffer(fake.repository, logger, { maxBatch: 100 });
    buffer.pageClick(click(1));
    // The driver builds this error from a BulkWriteResult; only insertedCount is read from it.
    const result = { insertedCount: 0 } as ConstructorParameters<typeof MongoBulkWriteError>[1];
    fake.fail(() => new MongoBulkWriteError({ message: 'document failed validation', code: 121, writeErrors: [] }, result));
    await buffer.flush();
    expect(buffer.buffered()).toBe(0);
  });

  it('sheds new events instead of growing without bound while the database is down', async () => {
    const fake = fakeRepository();
    const buffer = createActivityBuffer(fake.repository, logger, { maxBatch: 1000, maxBuffered: 3 });
    expect([1, 2, 3, 4].map((n) => buffer.pageClick(click(n)))).toEqual([true, true, true, false]);
    expect(buffer.dropped()).toBe(1);
    fake.fail(() => new Error('down'));
    await buffer.flush();
    expect(buffer.buffered()).toBe(3);
  });

  it('flushes by itself when a queue reaches maxBatch', async () => {
    const fake = fakeRepository();
    const buffer = createActivityBuffer(fake.repository, logger, { maxBatch: 3 });
    for (let i = 0; i < 3; i++) buffer.pageClick(click(i));
    await buffer.flush(); // waits for the flush the third click started
    expect(fake.batches.map((batch) => batch.length)).toEqual([3]);
  });
});
