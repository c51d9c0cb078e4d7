import { loadEnvFile } from '@kayak/common/env';

process.env.LOG_LEVEL ??= 'silent';
process.env.NODE_ENV ??= 'test';
loadEnvFile();
