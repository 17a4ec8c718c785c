// A PostgreSQL server for one run of the tests or the bench: the one at DATABASE_URL if given, else a
// throwaway embedded one under .data/<name>-*.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { removeAbandonedCluster, startEmbeddedPostgres } from "./embedded-postgres";
import { findFreePort } from "./free-port";

const PROJECT_ROOT = path.resolve(import.meta.dirname, "..");

export type ThrowawayPostgres = {
  /** A connection string to a database on the server from which databases can be created. */
  adminUrl: string;
  /** The run's folder under .data/ (none for a server at DATABASE_URL). */
  runDir?: string;
  urlFor(database: string): string;
  stop(): Promise<void>;
};

const THROWAWAY_CLUSTER_FOLDER = /^(test|e2e|bench)-/;
// A folder this young without a running server may be another run's, still being set up.
const SETTING_UP_MS = 60_000;

/**
 * Removes throwaway clusters that runs killed before they could clean up left under .data/ (and
 * stops their PostgreSQL); those of runs still going are left alone.
 */
async function removeAbandonedThrowawayClusters(dataRoot: string) {
  if (!existsSync(dataRoot)) return;
  for (const entry of readdirSync(dataRoot)) {
    const runDir = path.join(dataRoot, entry);
    // The bench keeps its server log beside the clusters: only folders are runs.
    if (!THROWAWAY_CLUSTER_FOLDER.test(entry) || !statSync(runDir).isDirectory()) continue;
    const dataDir = path.join(runDir, "postgres");
    const hasServer = existsSync(path.join(dataDir, "postmaster.pid"));
    if (!hasServer && Date.now() - statSync(runDir).mtimeMs < SETTING_UP_MS) continue;
    if (await removeAbandonedCluster(dataDir)) rmSync(runDir, { recursive: true, force: true });
  }
}

/**
 * Stops the cluster and removes its folder when the run is interrupted (Ctrl-C, SIGTERM) or exits
 * without stopping it. Test runners answer Ctrl-C with process.exit(), so there is no time for
 * anything asynchronous: the work is synchronous, and the listeners go first.
 */
function removeOnExit(removeNow: () => void) {
  let isDone = false;
  const onExit = () => {
    if (isDone) return;
    isDone = true;
    removeNow();
  };
  const onSignal = (signal: NodeJS.Signals) => {
    onExit();
    detach();
    // Alone, this listener has replaced the signal's default of ending the process: end it.
    if (process.listenerCount(signal) === 0) process.exit(signal === "SIGINT" ? 130 : 143);
  };
  const detach = () => {
    process.off("exit", onExit);
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  };
  process.prependListener("exit", onExit);
  process.prependListener("SIGINT", onSignal);
  process.prependListener("SIGTERM", onSignal);
  return detach;
}

/**
 * `name` (test, e2e or bench) labels the cluster's folder under .data/; each run gets its own,
 * removed when it stops or is interrupted, and by the next run when it was killed outright.
 */
export async function startThrowawayPostgres(name: string): Promise<ThrowawayPostgres> {
  const givenUrl = process.env.DATABASE_URL;
  if (givenUrl) {
    const urlFor = (database: string) => {
      const url = new URL(givenUrl);
      url.pathname = `/${database}`;
      return url.toString();
    };
    return { adminUrl: givenUrl, urlFor, stop: async () => {} };
  }
  const dataRoot = path.join(PROJECT_ROOT, ".data");
  await removeAbandonedThrowawayClusters(dataRoot);
  mkdirSync(dataRoot, { recursive: true });
  const runDir = mkdtempSync(path.join(dataRoot, `${name}-`));
  // When we are root, PostgreSQL runs as the `postgres` user and must be able to enter the folder.
  chmodSync(runDir, 0o755);
  const embedded = await startEmbeddedPostgres({
    dataDir: path.join(runDir, "postgres"),
    port: await findFreePort(),
    isThrowaway: true,
  });
  const removeFiles = () => {
    // The cluster may live elsewhere (see resolveClusterDirectory) with only a link in runDir.
    rmSync(embedded.realDataDir, { recursive: true, force: true });
    rmSync(runDir, { recursive: true, force: true });
  };
  const detach = removeOnExit(() => {
    embedded.stopNow();
    removeFiles();
  });
  return {
    adminUrl: embedded.urlFor("postgres"),
    runDir,
    urlFor: embedded.urlFor,
    async stop() {
      detach();
      await embedded.stop();
      removeFiles();
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
