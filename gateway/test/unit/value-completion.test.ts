import type { ApolloServerPlugin, BaseContext, GraphQLRequestListener } from '@apollo/server';
import { describe, expect, it } from 'vitest';
import { valueCompletionPlugin } from '../../src/value-completion.js';

type Single = { data?: unknown; errors?: unknown[]; extensions?: Record<string, unknown> };

async function send(singleResult: Single): Promise<Single> {
  const plugin: ApolloServerPlugin<BaseContext> = valueCompletionPlugin();
  const listener = (await plugin.requestDidStart?.({} as never)) as GraphQLRequestListener<BaseContext>;
  await listener.willSendResponse?.({ response: { body: { kind: 'single', singleResult } } } as never);
  return singleResult;
}

describe('valueCompletionPlugin', () => {
  it('turns the gateway’s value-completion notes into NOT_FOUND errors with their path', async () => {
    const result = await send({
      data: { me: { bookings: null } },
      extensions: { valueCompletion: [{ message: 'Cannot return null for non-nullable field Booking.listing.', path: ['me', 'bookings', 'nodes', 0, 'listing'] }] },
    });
    expect(result).toEqual({
      data: { me: { bookings: null } },
      errors: [{ message: 'Cannot return null for non-nullable field Booking.listing.', path: ['me', 'bookings', 'nodes', 0, 'listing'], extensions: { code: 'NOT_FOUND' } }],
      extensions: undefined,
    });
  });

  it('leaves answers without such notes alone, and keeps other extensions and errors', async () => {
    expect(await send({ data: { a: 1 } })).toEqual({ data: { a: 1 } });
    const result = await send({ data: null, errors: [{ message: 'x' }], extensions: { cost: 3, valueCompletion: [{ message: 'y', path: ['b'] }] } });
    expect(result.errors).toEqual([{ message: 'x' }, { message: 'y', path: ['b'], extensions: { code: 'NOT_FOUND' } }]);
    expect(result.extensions).toEqual({ cost: 3 });
  });
});
