import { getAppPrismaClient, type Database } from "~/lib/prisma-client.server";

export { Prisma } from "~/generated/prisma/client";
export type { Database };

/**
 * The app's database client from DATABASE_URL, made on first use rather than on import: start-up
 * loads modules (the seed, the course-package importer) before the embedded database's URL exists.
 */
export const prisma: Database = new Proxy({} as Database, {
  get(_target, property) {
    const client = getAppPrismaClient();
    const value: unknown = Reflect.get(client, property, client);
    return typeof value === "function" ? value.bind(client) : value;
  },
});
