import { defineConfig } from "prisma/config";

// Standard Prisma 7 config. DATABASE_URL may be unset: `prisma generate` needs no database, and
// migrations here are applied by prisma/tools/migrate.ts (see README, "Migrations").
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "" },
});
