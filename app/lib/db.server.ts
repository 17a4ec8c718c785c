import { createPrismaClient, type Database } from "~/lib/prisma-client.server";

export { Prisma } from "~/generated/prisma/client";
export type { Database };

// One client per process, created from DATABASE_URL when this module is first imported; kept on
// globalThis so Vite's dev reloads do not open a pool per edit. The adapter connects on first query.
const globalForPrisma = globalThis as unknown as { bitgoeulPrisma?: Database };

function createAppClient(): Database {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set");
  return createPrismaClient(url);
}

export const prisma: Database = (globalForPrisma.bitgoeulPrisma ??= createAppClient());
