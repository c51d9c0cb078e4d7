import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { CollectionIndexes, RateLimitRule } from '@kayak/common';
import type { Db } from 'mongodb';

/**
 * Partner API keys: `kpk_<keyId>_<secret>`. Only the SHA-256 of the secret is stored (the key is
 * shown once, at creation), with its owner, scopes, rate limit and whether the partner may only
 * run registered operations (allow-list mode).
 */
export const PARTNER_SCOPES = ['query', 'mutation'] as const;
export type PartnerScope = (typeof PARTNER_SCOPES)[number];

export interface PartnerKey {
  keyId: string;
  owner: string;
  scopes: PartnerScope[];
  rateLimit: RateLimitRule;
  allowlistOnly: boolean;
}

interface PartnerKeyDocument {
  key_id: string;
  key_hash: string;
  owner: string;
  scopes: PartnerScope[];
  rate_limit: { limit: number; window_seconds: number };
  allowlist_only: boolean;
  created_at: Date;
  revoked_at: Date | null;
}

export const collections: CollectionIndexes[] = [{ collection: 'partner_api_keys', indexes: [{ key: { key_id: 1 }, unique: true }, { key: { owner: 1 } }] }];

const hashOf = (secret: string): string => createHash('sha256').update(secret).digest('hex');
const KEY_FORMAT = /^kpk_([a-f0-9]{16})_([A-Za-z0-9_-]{32,})$/;

export interface PartnerKeyStore {
  create(input: { owner: string; scopes: PartnerScope[]; rateLimit: RateLimitRule; allowlistOnly: boolean }): Promise<{ apiKey: string; key: PartnerKey }>;
  /** The key's record, or undefined for an unknown, malformed or revoked key. */
  verify(apiKey: string): Promise<PartnerKey | undefined>;
  revoke(keyId: string): Promise<void>;
}

const toKey = (document: PartnerKeyDocument): PartnerKey => ({
  keyId: document.key_id,
  owner: document.owner,
  scopes: document.scopes,
  rateLimit: { limit: document.rate_limit.limit, windowSeconds: document.rate_limit.window_seconds },
  allowlistOnly: document.allowlist_only,
});

/** Verified keys are remembered for `cacheMs` so a partner's requests don't each cost a Mongo read. */
export function createPartnerKeyStore(db: Db, cacheMs = 30_000): PartnerKeyStore {
  const keys = db.collection<PartnerKeyDocument>('partner_api_keys');
  const cache = new Map<string, { key: PartnerKey | undefined; until: number }>();
  return {
    async create({ owner, scopes, rateLimit, allowlistOnly }) {
      const keyId = randomBytes(8).toString('hex');
      const secret = randomBytes(24).toString('base64url');
      const document: PartnerKeyDocument = {
        key_id: keyId,
        key_hash: hashOf(secret),
        owner,
        scopes,
        rate_limit: { limit: rateLimit.limit, window_seconds: rateLimit.windowSeconds },
        allowlist_only: allowlistOnly,
        created_at: new Date(),
        revoked_at: null,
      };
      await keys.insertOne(document);
      return { apiKey: `kpk_${keyId}_${secret}`, key: toKey(document) };
    },
    async verify(apiKey) {
      const cached = cache.get(apiKey);
      if (cached && cached.until > Date.now()) return cached.key;
      const match = KEY_FORMAT.exec(apiKey);
      let key: PartnerKey | undefined;
      if (match?.[1] && match[2]) {
        const document = await keys.findOne({ key_id: match[1] });
        const expected = document ? Buffer.from(document.key_hash, 'hex') : undefined;
        const actual = Buffer.from(hashOf(match[2]), 'hex');
        if (document && !document.revoked_at && expected && timingSafeEqual(expected, actual)) key = toKey(document);
      }
      if (cache.size > 10_000) cache.clear();
      cache.set(apiKey, { key, until: Date.now() + cacheMs });
      return key;
    },
    async revoke(keyId) {
      await keys.updateOne({ key_id: keyId }, { $set: { revoked_at: new Date() } });
      cache.clear();
    },
  };
}
