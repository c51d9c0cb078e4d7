import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout this package lives in (packages/common/src → the repository root). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

const GENERATED_SECRETS = /^(JWT_SECRET|GATEWAY_SECRET)=.*$/gm;

/**
 * Loads `.env` into process.env (variables already set win). On a fresh clone it first writes
 * one from `.env.example` with freshly generated secrets, so nothing has to be set by hand.
 */
export function loadEnvFile(root: string = repoRoot): void {
  const envPath = join(root, '.env');
  if (!existsSync(envPath)) {
    const template = readFileSync(join(root, '.env.example'), 'utf8');
    const filled = template.replace(GENERATED_SECRETS, (_line, name: string) => `${name}=${randomBytes(32).toString('hex')}`);
    writeFileSync(envPath, filled, { mode: 0o600 });
  }
  process.loadEnvFile(envPath);
}
