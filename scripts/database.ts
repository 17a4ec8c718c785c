// Gets a migrated database ready for the app: the one at DATABASE_URL, or the embedded one.
import path from "node:path";
import pg from "pg";
import { hashPassword, verifyPasswordHash } from "../app/auth/password.server";
import { createPrismaClient, type Database } from "../app/lib/prisma-client.server";
import { loadOrCreateDemoPasswords, type DemoPasswords } from "../prisma/demo-passwords";
import { applyMigrations } from "../prisma/tools/migrate";
import { DEMO_ACCOUNTS, seedDemoData } from "../prisma/seed";
import { ensureDatabase, startEmbeddedPostgres } from "./embedded-postgres";

export class StartupError extends Error {}

export const PROJECT_ROOT = path.resolve(import.meta.dirname, "..");
export const EMBEDDED_DATA_DIR = path.join(PROJECT_ROOT, ".data/postgres");
const EMBEDDED_DATABASE = "bitgoeul";

export type PreparedDatabase = {
  url: string;
  isEmbedded: boolean;
  /** With the embedded database: the demo accounts' passwords, and whether they were made on this start. */
  demoPasswords?: { passwords: DemoPasswords; isNew: boolean };
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
  /** Where the demo accounts' passwords are kept (.data/demo-accounts.txt). */
  demoPasswordsFile?: string;
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
    if (options.databaseUrl) return { url, isEmbedded: false, stop };
    const demoPasswords = await prepareDemoData({ url, file: options.demoPasswordsFile, log: options.log });
    return { url, isEmbedded: true, demoPasswords, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

// What the first release printed in README for every installation. A copy seeded then still has them.
const PUBLISHED_DEMO_PASSWORDS: Record<string, string> = {
  "admin@bitgoeul.example": "bitgoeul-admin-demo",
  "instructor@bitgoeul.example": "bitgoeul-instructor-demo",
  "emily.carter@bitgoeul.example": "bitgoeul-instructor-en-demo",
  "learner@bitgoeul.example": "bitgoeul-learner-demo",
};

/**
 * Seeds the demo data on the first start only (people may change it afterwards), with passwords
 * generated for this copy and kept in .data/demo-accounts.txt.
 */
async function prepareDemoData({ url, file, log }: { url: string; file?: string; log: (line: string) => void }) {
  const db = createPrismaClient(url);
  try {
    const marker = await db.appMeta.findUnique({ where: { key: "demo-seeded-at" }, select: { value: true } });
    const demoPasswords = loadOrCreateDemoPasswords({ file });
    if (!marker) {
      log("First start: loading the demo data…");
      await seedDemoData({ db, passwords: demoPasswords.passwords, log });
    } else if (demoPasswords.isNew) {
      await retirePublishedDemoPasswords({ db, passwords: demoPasswords.passwords, log });
    }
    return demoPasswords;
  } finally {
    await db.$disconnect();
  }
}

/** A copy seeded by the first release: demo accounts still on a published password get this copy's own. */
async function retirePublishedDemoPasswords({
  db,
  passwords,
  log,
}: {
  db: Database;
  passwords: DemoPasswords;
  log: (line: string) => void;
}) {
  for (const account of DEMO_ACCOUNTS) {
    const published = PUBLISHED_DEMO_PASSWORDS[account.email];
    const user = await db.user.findUnique({ where: { email: account.email }, select: { passwordHash: true } });
    if (!published || !user?.passwordHash || !(await verifyPasswordHash(user.passwordHash, published))) continue;
    const password = passwords.get(account.email) ?? "";
    await db.user.update({ where: { email: account.email }, data: { passwordHash: await hashPassword(password) } });
    log(`The demo account ${account.email} had the password published in README; it now has a new one.`);
  }
}
