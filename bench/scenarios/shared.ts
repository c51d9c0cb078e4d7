import { signAccessToken, type AppConfig } from '@kayak/common';

/** What the scenarios share: the targets' names, random picks, dates from today, request bodies, tokens. */

const DAY = 24 * 60 * 60 * 1000;
export const APOLLO = 'apollo-gateway';
export const HIVE = 'hive-gateway';
/** Slow answers are measured, not dropped: only an answer slower than this counts as an error. */
export const REQUEST_TIMEOUT_MS = 60_000;

export const random = (n: number): number => Math.floor(Math.random() * n);
export const pickOne = <T>(items: readonly T[]): T => items[random(items.length)] as T;
export const dayFromToday = (days: number, hour = 0): string => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) + days * DAY + hour * 3_600_000).toISOString();
};

/** Access tokens of bench users (15 minutes valid: made again before each measurement). */
export async function tokensFor(config: AppConfig, userIds: string[]): Promise<string[]> {
  return Promise.all(userIds.map((userId) => signAccessToken(config.JWT_SECRET, { kind: 'user', userId })));
}

/** A request body, signed in with `token` or anonymous (null). */
export const json = (query: string, variables: Record<string, unknown>, token: string | null): { body: string; headers: Record<string, string> } => ({
  body: JSON.stringify({ query, variables }),
  headers: token === null ? {} : { authorization: `Bearer ${token}` },
});
