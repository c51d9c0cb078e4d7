import { loadEnvFile } from '../scripts/env.js';

process.env.LOG_LEVEL ??= 'silent';
process.env.NODE_ENV ??= 'test';
loadEnvFile();
