// Gets a migrated database ready for the app: the one at DATABASE_URL, or the embedded one.
import path from "node:path";
import pg from "pg";
import { createPrismaClient } from "../app/lib/prisma-client.server";
import { applyMigrations } from "../prisma/tools/migrate";
import { seedDemoData } from "../prisma/seed";
import { ensureDatabase, startEmbeddedPostgres } from "./embedded-postgres";

export class StartupError extends Error {}

export const PROJECT_ROOT = path.resolve(import.meta.dirname, "..");
export const EMBEDDED_DATA_DIR = path.join(PROJECT_ROOT, ".data/postgres");
const EMBEDDED_DATABASE = "bitgoeul";

export type PreparedDatabase = {
  url: string;
  isEmbedded: boolean;
  hasSeededDemoData: boolean;
  stop(): Promise<void>;
};

/** Fails with one readable line when the server at `url` cannot be reached. */
export async function assertDatabaseReachable(url: string) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
  } catch (error) {
    const { host, port, pathname } = new URL(url);
    const reason = error instanceof Error ? error.message : String(error);
    throw new StartupError(
      `Cannot reach the database at ${host}${port ? "" : ":5432"}${pathname} (${reason.split("\n")[0]}). Check DATABASE_URL.`,
    );
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * With `databaseUrl`, uses that server and never starts the embedded one. Without it, starts the
 * embedded PostgreSQL in .data/postgres and seeds the demo data the first time only.
 */
export async function prepareDatabase(options: {
  databaseUrl?: string;
  embeddedPort: number;
  embeddedDataDir?: string;
  log: (line: string) => void;
}): Promise<PreparedDatabase> {
  let url = options.databaseUrl;
  let stop = async () => {};
  if (url) {
    await assertDatabaseReachable(url);
  } else {
    const dataDir = options.embeddedDataDir ?? EMBEDDED_DATA_DIR;
    options.log(
      `Starting the embedded PostgreSQL (data in ${path.relative(PROJECT_ROOT, dataDir)}, port ${options.embeddedPort})…`,
    );
    const embedded = await startEmbeddedPostgres({ dataDir, port: options.embeddedPort });
    stop = embedded.stop;
    try {
      await ensureDatabase(embedded.urlFor("postgres"), EMBEDDED_DATABASE);
    } catch (error) {
      await stop();
      throw error;
    }
    url = embedded.urlFor(EMBEDDED_DATABASE);
  }

  try {
    const { applied } = await applyMigrations({ connectionString: url, log: options.log });
    if (applied.length === 0) options.log("Database schema is up to date.");
    const hasSeededDemoData = !options.databaseUrl && (await seedDemoDataOnce({ url, log: options.log }));
    return { url, isEmbedded: !options.databaseUrl, hasSeededDemoData, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Seeds the demo data unless it was seeded before (even if people have since changed it). */
async function seedDemoDataOnce({ url, log }: { url: string; log: (line: string) => void }) {
  const db = createPrismaClient(url);
  try {
    const marker = await db.appMeta.findUnique({ where: { key: "demo-seeded-at" }, select: { value: true } });
    if (marker) return false;
    log("First start: loading the demo data…");
    await seedDemoData({ db, log });
    return true;
  } finally {
    await db.$disconnect();
  }
}
