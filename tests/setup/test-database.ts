// Vitest setup file: gives every test file a fresh database copied from the migrated template, and
// points DATABASE_URL (and so the app's Prisma client) at it before any test module is imported.
import { randomBytes } from "node:crypto";
import { afterAll, inject } from "vitest";
import { createDatabase, dropDatabase } from "./postgres-server";

const adminUrl = inject("postgresAdminUrl");
const database = `${inject("testDatabasePrefix")}_${process.env.VITEST_POOL_ID ?? "0"}_${randomBytes(4).toString("hex")}`;
await createDatabase(adminUrl, database, inject("templateDatabase"));

const url = new URL(adminUrl);
url.pathname = `/${database}`;
process.env.DATABASE_URL = url.toString();

afterAll(async () => {
  const globalForPrisma = globalThis as { bitgoeulPrisma?: { $disconnect(): Promise<void> } };
  await globalForPrisma.bitgoeulPrisma?.$disconnect();
  delete globalForPrisma.bitgoeulPrisma;
  await dropDatabase(adminUrl, database);
});
