// A PostgreSQL server for a test run: the one at DATABASE_URL if given, else a throwaway embedded one.
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres } from "../../scripts/embedded-postgres";
import { findFreePort } from "../../scripts/free-port";

const PROJECT_ROOT = path.resolve(import.meta.dirname, "../..");

export type TestPostgresServer = {
  /** A connection string to a database on the server from which databases can be created. */
  adminUrl: string;
  urlFor(database: string): string;
  stop(): Promise<void>;
};

/** `name` labels the cluster's folder under .data/; each run gets its own, removed when it stops. */
export async function startTestPostgresServer(name: string): Promise<TestPostgresServer> {
  const givenUrl = process.env.DATABASE_URL;
  if (givenUrl) {
    const urlFor = (database: string) => {
      const url = new URL(givenUrl);
      url.pathname = `/${database}`;
      return url.toString();
    };
    return { adminUrl: givenUrl, urlFor, stop: async () => {} };
  }
  mkdirSync(path.join(PROJECT_ROOT, ".data"), { recursive: true });
  const runDir = mkdtempSync(path.join(PROJECT_ROOT, `.data/${name}-`));
  // When we are root, PostgreSQL runs as the `postgres` user and must be able to enter the folder.
  chmodSync(runDir, 0o755);
  const embedded = await startEmbeddedPostgres({
    dataDir: path.join(runDir, "postgres"),
    port: await findFreePort(),
    isThrowaway: true,
  });
  return {
    adminUrl: embedded.urlFor("postgres"),
    urlFor: embedded.urlFor,
    async stop() {
      await embedded.stop();
      rmSync(runDir, { recursive: true, force: true });
    },
  };
}

export async function runAdminQuery(adminUrl: string, sql: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function createDatabase(adminUrl: string, database: string, template?: string) {
  await runAdminQuery(adminUrl, `DROP DATABASE IF EXISTS ${pg.escapeIdentifier(database)} WITH (FORCE)`);
  await runAdminQuery(
    adminUrl,
    `CREATE DATABASE ${pg.escapeIdentifier(database)}${template ? ` TEMPLATE ${pg.escapeIdentifier(template)}` : ""}`,
  );
}

export async function dropDatabase(adminUrl: string, database: string) {
  await runAdminQuery(adminUrl, `DROP DATABASE IF EXISTS ${pg.escapeIdentifier(database)} WITH (FORCE)`);
}
