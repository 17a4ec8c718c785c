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
