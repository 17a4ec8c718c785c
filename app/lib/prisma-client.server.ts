import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "~/generated/prisma/client";

/**
 * A Prisma client on the node-postgres driver adapter; `?schema=name` selects a schema, as in Prisma.
 * The app uses the one in db.server.ts; scripts and tests that name their own database create one here.
 */
export function createPrismaClient(connectionString: string) {
  const schema = new URL(connectionString).searchParams.get("schema") ?? undefined;
  return new PrismaClient({ adapter: new PrismaPg({ connectionString }, { schema }) });
}

export type Database = ReturnType<typeof createPrismaClient>;

// The app's one client per process lives on globalThis: Vite's dev reloads re-run modules without
// opening a pool per edit, and the start script reaches the client that the built server bundle
// (its own copy of these modules) created.
const appClientHolder = globalThis as unknown as { bitgoeulAppPrisma?: Database };

/** The app's client, created from DATABASE_URL on first use (the adapter connects on first query). */
export function getAppPrismaClient(): Database {
  if (appClientHolder.bitgoeulAppPrisma) return appClientHolder.bitgoeulAppPrisma;
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set");
  return (appClientHolder.bitgoeulAppPrisma = createPrismaClient(url));
}

/** Closes the app's client, if one was made, and forgets it so the next use opens a new one. */
export async function disconnectAppPrismaClient() {
  const client = appClientHolder.bitgoeulAppPrisma;
  delete appClientHolder.bitgoeulAppPrisma;
  await client?.$disconnect();
}

/**
 * Runs `run` with `db` as the app's client, then puts back what was there. For scripts handed a
 * database of their own (the seed fills the e2e, bench and start-up databases) that call model
 * functions, which always use the app's client.
 */
export async function withAppPrismaClient<T>(db: Database, run: () => Promise<T>): Promise<T> {
  const previous = appClientHolder.bitgoeulAppPrisma;
  appClientHolder.bitgoeulAppPrisma = db;
  try {
    return await run();
  } finally {
    if (previous) appClientHolder.bitgoeulAppPrisma = previous;
    else delete appClientHolder.bitgoeulAppPrisma;
  }
}
