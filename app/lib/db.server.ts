import { getAppPrismaClient, type Database } from "~/lib/prisma-client.server";

export { Prisma } from "~/generated/prisma/client";
export type { Database };

/** The app's database client, from DATABASE_URL when this module is first imported. */
export const prisma: Database = getAppPrismaClient();
