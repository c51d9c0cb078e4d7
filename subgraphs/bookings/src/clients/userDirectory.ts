import { createEntityClient, type Viewer } from '@kayak/common';

/** Whether users exist, asked of the users subgraph (the owner), e.g. before an admin books for one. */
export interface UserDirectory {
  /** `requestId` is the caller's, so the users subgraph logs the same request id. */
  exists(userIds: readonly string[], viewer: Viewer, requestId: string): Promise<boolean[]>;
}

export function createEntityUserDirectory(usersUrl: string, gatewaySecret: string): UserDirectory {
  const client = createEntityClient(usersUrl, gatewaySecret);
  return {
    async exists(userIds, viewer, requestId) {
      const answers = await client.fetch<{ userId: string }>(userIds.map((userId) => ({ __typename: 'User', userId })), '... on User { userId }', viewer, requestId);
      return answers.map((answer) => answer !== null);
    },
  };
}
