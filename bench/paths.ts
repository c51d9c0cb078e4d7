import { join } from 'node:path';
import { repoRoot } from '@kayak/common/env';

/** Where the bench writes its results and its processes' logs, and how it prints progress. */
export const benchResultsDir = join(repoRoot, 'bench', 'results');
export const benchLogDir = join(benchResultsDir, 'tmp', 'logs');
export const benchLog = (line: string): void => console.log(`[bench] ${line}`);
