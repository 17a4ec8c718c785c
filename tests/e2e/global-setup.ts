// Starts the production build of the app against its own freshly migrated and seeded database on
// free ports, exactly as `npm start` runs it, and stops both when the run ends.
import { spawn } from "node:child_process";
import { createWriteStream, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { createPrismaClient } from "../../app/lib/prisma-client.server";
import { generateDemoPasswords } from "../../prisma/demo-passwords";
import { seedDemoData } from "../../prisma/seed";
import { applyMigrations } from "../../prisma/tools/migrate";
import { findFreePort } from "../../scripts/free-port";
import { createDatabase, dropDatabase, startTestPostgresServer } from "../setup/postgres-server";

const PROJECT_ROOT = path.resolve(import.meta.dirname, "../..");
const SERVER_LOG = path.join(PROJECT_ROOT, "test-results/e2e-server.log");

async function waitForHealthy(baseUrl: string, hasExited: () => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (hasExited()) return false;
    try {
      if ((await fetch(`${baseUrl}/healthz`)).ok) return true;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

export default async function globalSetup() {
  const server = await startTestPostgresServer("e2e");
  const database = `bitgoeul_e2e_${process.pid}`;
  await createDatabase(server.adminUrl, database);
  const databaseUrl = server.urlFor(database);
  await applyMigrations({ connectionString: databaseUrl, log: () => {} });
  const db = createPrismaClient(databaseUrl);
  await seedDemoData({ db, passwords: generateDemoPasswords(), log: () => {} });
  await db.$disconnect();

  const port = await findFreePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  mkdirSync(path.dirname(SERVER_LOG), { recursive: true });
  const logStream = createWriteStream(SERVER_LOG);
  const app = spawn(path.join(PROJECT_ROOT, "node_modules/.bin/tsx"), ["scripts/start.ts"], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), HOST: "127.0.0.1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  app.stdout.pipe(logStream);
  app.stderr.pipe(logStream);
  let hasExited = false;
  const exited = new Promise<void>((resolve) => app.once("exit", () => ((hasExited = true), resolve())));

  const stop = async () => {
    if (!hasExited) app.kill("SIGTERM");
    await exited;
    await dropDatabase(server.adminUrl, database);
    await server.stop();
  };

  if (!(await waitForHealthy(baseUrl, () => hasExited, 240_000))) {
    await stop();
    throw new Error(`The app did not become healthy. Its output:\n${readFileSync(SERVER_LOG, "utf8")}`);
  }
  process.env.E2E_BASE_URL = baseUrl;
  process.env.E2E_DATABASE_URL = databaseUrl;
  // Test workers that import app modules (sessions for tests/e2e/sign-in.ts) reach the same database.
  process.env.DATABASE_URL = databaseUrl;
  return stop;
}
