import { createEntityClient, type Viewer } from '@kayak/common';

/** Whether users exist, asked of the users subgraph (the owner), e.g. before an admin books for one. */
export interface UserDirectory {
  exists(userIds: readonly string[], viewer: Viewer): Promise<boolean[]>;
}

export function createEntityUserDirectory(usersUrl: string, gatewaySecret: string): UserDirectory {
  const client = createEntityClient(usersUrl, gatewaySecret);
  return {
    async exists(userIds, viewer) {
      const answers = await client.fetch<{ userId: string }>(userIds.map((userId) => ({ __typename: 'User', userId })), '... on User { userId }', viewer);
      return answers.map((answer) => answer !== null);
    },
  };
}
