import { createLogger } from '@kayak/common';
import { MongoServerError } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { ensureTtl, type TtlIndexTarget } from '../../src/repositories/retention.js';

const logger = createLogger('test', 'silent');
const policy = { collection: 'page_click_logs', field: 'timestamp' };
const serverError = (code: number, codeName: string) => new MongoServerError({ ok: 0, code, codeName, errmsg: codeName });

function target(create: () => Promise<void>, convert: () => Promise<void> = async () => undefined): TtlIndexTarget & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    createTtlIndex: async (collection, field, seconds) => {
      calls.push(`create ${collection}.${field} ${seconds}`);
      await create();
    },
    convertToTtl: async (collection, field, seconds) => {
      calls.push(`convert ${collection}.${field} ${seconds}`);
      await convert();
    },
  };
}

describe('choosing TTL or purge', () => {
  it('uses the TTL index when the server creates it', async () => {
    const server = target(async () => undefined);
    expect(await ensureTtl(server, policy, 7_776_000, logger)).toBe('ttl');
    expect(server.calls).toEqual(['create page_click_logs.timestamp 7776000']);
  });

  it('purges when the server answers NotImplemented (FerretDB)', async () => {
    const server = target(async () => {
      throw serverError(238, 'NotImplemented');
    });
    expect(await ensureTtl(server, policy, 60, logger)).toBe('purge');
    expect(server.calls).toEqual(['create page_click_logs.timestamp 60']);
  });

  it('converts an existing plain index with collMod on IndexOptionsConflict (MongoDB after db:init)', async () => {
    const server = target(async () => {
      throw serverError(85, 'IndexOptionsConflict');
    });
    expect(await ensureTtl(server, policy, 60, logger)).toBe('ttl');
    expect(server.calls).toEqual(['create page_click_logs.timestamp 60', 'convert page_click_logs.timestamp 60']);
  });

  it('purges when the conversion fails too', async () => {
    const server = target(
      async () => {
        throw serverError(85, 'IndexOptionsConflict');
      },
      async () => {
        throw serverError(238, 'NotImplemented');
      },
    );
    expect(await ensureTtl(server, policy, 60, logger)).toBe('purge');
  });

  it('purges on any unexpected failure rather than keeping data forever', async () => {
    expect(await ensureTtl(target(async () => Promise.reject(new Error('socket closed'))), policy, 60, logger)).toBe('purge');
  });
});
