import { loadInfraConfig } from '@kayak/common/config';
import { loadEnvFile } from '@kayak/common/env';
import { migrate } from '@kayak/common/migrate';

loadEnvFile();
try {
  const result = await migrate(loadInfraConfig().DATABASE_URL, { log: (line) => console.log(line) });
  console.log(`${result.database}: ${result.applied.length} applied, ${result.alreadyApplied.length} already applied`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
