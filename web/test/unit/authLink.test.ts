import { CombinedGraphQLErrors, ServerError } from '@apollo/client';
import { createApolloClient, MeDocument } from '@kayak/client';
import { describe, expect, it } from 'vitest';

// The client's auth link (client/src/apollo.ts) with a fake fetch standing in for the gateway: it
// refuses every token but VALID with HTTP 401, as the gateway does before any subgraph runs.
const VALID = 'valid-token';
const ME = { me: { __typename: 'User', userId: '123-45-6789', firstName: 'Alice', lastName: 'Nguyen', email: 'alice@example.com', paymentDetails: null } };
const REFUSED_BODY = { errors: [{ message: 'Invalid or expired access token', extensions: { code: 'UNAUTHENTICATED' } }] };

type ContentType = 'application/graphql-response+json' | 'application/json';

function gateway(contentType: ContentType) {
  const sent: Array<string | null> = [];
  const fetch: typeof globalThis.fetch = async (_url, init) => {
    const authorization = new Headers(init?.headers).get('authorization');
    sent.push(authorization);
    const ok = authorization === `Bearer ${VALID}`;
    return new Response(JSON.stringify(ok ? { data: ME } : REFUSED_BODY), { status: ok ? 200 : 401, headers: { 'content-type': contentType } });
  };
  return { sent, fetch };
}

describe.each<ContentType>(['application/graphql-response+json', 'application/json'])('the auth link when the gateway answers 401 as %s', (contentType) => {
  it('replays the refused request once with the renewed token', async () => {
    const { sent, fetch } = gateway(contentType);
    const renewed: string[] = [];
    const client = createApolloClient({
      uri: 'http://gateway.test/graphql',
      fetch,
      getAccessToken: async () => 'expired-token',
      renewAccessToken: async (refused) => {
        renewed.push(refused);
        return VALID;
      },
    });
    const result = await client.query({ query: MeDocument, fetchPolicy: 'no-cache' });
    expect(result.data?.me).toMatchObject({ firstName: 'Alice' });
    expect(sent).toEqual(['Bearer expired-token', `Bearer ${VALID}`]);
    expect(renewed).toEqual(['expired-token']);
  });

  it('replays at most once: a renewed token refused in turn is the answer', async () => {
    const { sent, fetch } = gateway(contentType);
    let renewals = 0;
    const client = createApolloClient({
      uri: 'http://gateway.test/graphql',
      fetch,
      getAccessToken: () => 'expired-token',
      renewAccessToken: async () => `still-bad-${(renewals += 1)}`,
    });
    const failure = await client.query({ query: MeDocument, fetchPolicy: 'no-cache' }).catch((error: unknown) => error);
    expect(CombinedGraphQLErrors.is(failure) || (ServerError.is(failure) && failure.statusCode === 401)).toBe(true);
    expect(sent).toEqual(['Bearer expired-token', 'Bearer still-bad-1']);
    expect(renewals).toBe(1);
  });

  it('lets the refusal through without a replay when no token comes back, and never renews an anonymous request', async () => {
    const { sent, fetch } = gateway(contentType);
    let renewals = 0;
    let token: string | null = 'expired-token';
    const client = createApolloClient({
      uri: 'http://gateway.test/graphql',
      fetch,
      getAccessToken: () => token,
      renewAccessToken: async () => {
        renewals += 1;
        return null;
      },
    });
    const failure = await client.query({ query: MeDocument, fetchPolicy: 'no-cache' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect(sent).toEqual(['Bearer expired-token']);
    expect(renewals).toBe(1);

    token = null;
    await client.query({ query: MeDocument, fetchPolicy: 'no-cache' }).catch(() => undefined);
    expect(sent).toEqual(['Bearer expired-token', null]);
    expect(renewals).toBe(1);
  });
});
