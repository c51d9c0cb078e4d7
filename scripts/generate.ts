import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@kayak/common/env';
import { composeSupergraph, readSupergraphConfig } from '@kayak/gateway/supergraph';

function runTool(what: string, bin: string, args: string[]): void {
  const result = spawnSync(join(repoRoot, 'node_modules', '.bin', bin), args, {
    cwd: repoRoot,
    encoding: 'utf8',
    // Only `prisma generate` runs here, which needs no schema engine; pointing the variable at any
    // existing file stops the CLI from trying to download one (there is no network).
    env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath, PRISMA_HIDE_UPDATE_MESSAGE: '1' },
  });
  if (result.status !== 0) throw new Error(`${what} failed:\n${result.stdout}${result.stderr}`);
}

/** Everything generated from sources: Prisma client, resolver types, composed supergraph SDL. */
export function generate(): void {
  runTool('prisma generate', 'prisma', ['generate']);
  // The supergraph first: codegen types the web client's operations (client/) against it, so an
  // operation the composed schema no longer supports fails here.
  const { supergraphSdl } = composeSupergraph(readSupergraphConfig());
  writeFileSync(join(repoRoot, 'gateway', 'supergraph.graphql'), supergraphSdl);
  runTool('graphql-codegen', 'graphql-codegen', ['--config', 'codegen.ts']);
}
