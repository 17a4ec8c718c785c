// Vitest setup file: gives every test file a fresh database copied from the migrated template and
// its own upload folder, and points DATABASE_URL (and so the app's Prisma client) and UPLOAD_DIR at
// them before any test module is imported.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, inject } from "vitest";
import { disconnectAppPrismaClient } from "../../app/lib/prisma-client.server";
import { createDatabase, dropDatabase } from "../../scripts/throwaway-postgres";

const adminUrl = inject("postgresAdminUrl");
const database = `${inject("testDatabasePrefix")}_${process.env.VITEST_POOL_ID ?? "0"}_${randomBytes(4).toString("hex")}`;
await createDatabase(adminUrl, database, inject("templateDatabase"));

const url = new URL(adminUrl);
url.pathname = `/${database}`;
process.env.DATABASE_URL = url.toString();
// Uploaded files go to a folder of this test file's own.
const uploadDir = mkdtempSync(path.join(tmpdir(), "bitgoeul-uploads-"));
process.env.UPLOAD_DIR = uploadDir;

afterAll(async () => {
  await disconnectAppPrismaClient();
  await dropDatabase(adminUrl, database);
  rmSync(uploadDir, { recursive: true, force: true });
});
