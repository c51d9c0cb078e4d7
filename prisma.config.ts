import { defineConfig } from 'prisma/config';

// The CLI is used offline for `prisma generate` only; migrations are applied by scripts/migrate.ts.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'mysql://root:kayak@127.0.0.1:3306/kayak' },
});
