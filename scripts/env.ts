import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './stack/paths.js';

const envPath = join(repoRoot, '.env');

/**
 * Loads `.env` into process.env (variables already set win). On a fresh clone it first writes
 * one from `.env.example` with freshly generated secrets, so nothing has to be set by hand.
 */
export function loadEnvFile(): void {
  if (!existsSync(envPath)) {
    const template = readFileSync(join(repoRoot, '.env.example'), 'utf8');
    const filled = template.replace(/^(JWT_SECRET|GATEWAY_SECRET)=.*$/gm, (_line, name: string) => `${name}=${randomBytes(32).toString('hex')}`);
    writeFileSync(envPath, filled, { mode: 0o600 });
  }
  process.loadEnvFile(envPath);
}
