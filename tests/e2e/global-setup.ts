// Starts the production build of the app against its own freshly migrated and seeded database on
// free ports, exactly as `npm start` runs it, and stops both when the run ends.
import path from "node:path";
import { createPrismaClient } from "../../app/lib/prisma-client.server";
import { generateDemoPasswords } from "../../prisma/demo-passwords";
import { seedDemoData } from "../../prisma/seed";
import { applyMigrations } from "../../prisma/tools/migrate";
import { startAppProcess } from "../../scripts/app-process";
import { createDatabase, dropDatabase, startThrowawayPostgres } from "../../scripts/throwaway-postgres";

const PROJECT_ROOT = path.resolve(import.meta.dirname, "../..");
const SERVER_LOG = path.join(PROJECT_ROOT, "test-results/e2e-server.log");

export default async function globalSetup() {
  const server = await startThrowawayPostgres("e2e");
  const database = `bitgoeul_e2e_${process.pid}`;
  await createDatabase(server.adminUrl, database);
  const databaseUrl = server.urlFor(database);
  await applyMigrations({ connectionString: databaseUrl, log: () => {} });
  const db = createPrismaClient(databaseUrl);
  await seedDemoData({ db, passwords: generateDemoPasswords(), log: () => {} });
  await db.$disconnect();

  const removeDatabaseAndServer = async () => {
    await dropDatabase(server.adminUrl, database);
    await server.stop();
  };
  const app = await startAppProcess({ databaseUrl, logFile: SERVER_LOG }).catch(async (error: unknown) => {
    await removeDatabaseAndServer();
    throw error;
  });
  process.env.E2E_BASE_URL = app.baseUrl;
  process.env.E2E_DATABASE_URL = databaseUrl;
  // Test workers that import app modules (sessions for tests/e2e/sign-in.ts) reach the same database.
  process.env.DATABASE_URL = databaseUrl;
  return async () => {
    await app.stop();
    await removeDatabaseAndServer();
  };
}
