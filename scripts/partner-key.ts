import { parseArgs } from 'node:util';
import { connectMongo, loadInfraConfig } from '@kayak/common';
import { createPartnerKeyStore, type PartnerScope } from '@kayak/gateway/partners';
import { loadEnvFile } from '@kayak/common/env';

// npm run partner:create -- --owner acme [--limit 100] [--window 60] [--mutations] [--allowlist]
// npm run partner:revoke -- --key-id <keyId>
const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    owner: { type: 'string' },
    limit: { type: 'string', default: '100' },
    window: { type: 'string', default: '60' },
    mutations: { type: 'boolean', default: false },
    allowlist: { type: 'boolean', default: false },
    'key-id': { type: 'string' },
  },
});

loadEnvFile();
const config = loadInfraConfig();
const mongo = await connectMongo(config.MONGO_URL, config.MONGO_DB);
try {
  const store = createPartnerKeyStore(mongo.db);
  if (positionals[0] === 'revoke') {
    if (!values['key-id']) throw new Error('--key-id is required');
    await store.revoke(values['key-id']);
    console.log(`revoked ${values['key-id']}`);
  } else {
    if (!values.owner) throw new Error('--owner is required');
    const scopes: PartnerScope[] = values.mutations ? ['query', 'mutation'] : ['query'];
    const rateLimit = { limit: Number(values.limit), windowSeconds: Number(values.window) };
    if (!(rateLimit.limit > 0 && rateLimit.windowSeconds > 0)) throw new Error('--limit and --window must be positive numbers');
    const { apiKey, key } = await store.create({ owner: values.owner, scopes, rateLimit, allowlistOnly: values.allowlist });
    console.log(`API key for ${key.owner} (key id ${key.keyId}; shown once, only its hash is stored):\n${apiKey}`);
    console.log(`scopes: ${key.scopes.join(', ')}; rate limit: ${rateLimit.limit} per ${rateLimit.windowSeconds}s; allow-list only: ${key.allowlistOnly}`);
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await mongo.close();
}
