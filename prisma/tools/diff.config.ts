// Read only by prisma@6.19.3's CLI, which new-migration.ts runs for `migrate diff`: Prisma 7 has no
// schema engine that works offline, 6.19's Wasm engine does. This is Prisma 6's config shape
// (Prisma 7's defineConfig has no `engine`), so it is a plain object, not defineConfig.
import { PrismaPg } from "@prisma/adapter-pg";

export default {
  engine: "js" as const,
  experimental: { adapter: true },
  // The diff runs only a read-only version query. allowExitOnIdle lets the CLI exit at once
  // instead of waiting ~10 s for pg's idle pool.
  adapter: async () => new PrismaPg({ connectionString: process.env.DATABASE_URL, allowExitOnIdle: true }),
};
