import { spawn, spawnSync } from "node:child_process";
import {
  chmodSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { findFreePort } from "./free-port";
import {
  EmbeddedPostgresError,
  nativeDirectory,
  resolvePostgresBinaries,
  SHARED_ROOT,
  startEmbeddedPostgres,
} from "./embedded-postgres";

let workDir: string;
let dataDir: string;

beforeEach(() => {
  // PostgreSQL runs as the unprivileged `postgres` user when we are root: it must reach the folder.
  workDir = mkdtempSync(path.join(tmpdir(), "bitgoeul-pg-"));
  chmodSync(workDir, 0o755);
  dataDir = path.join(workDir, "postgres");
});

afterEach(() => rmSync(workDir, { recursive: true, force: true }));

async function query(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

function isAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Starts the cluster in a separate Node process, as `npm start` would, and returns both pids. */
async function startInChildProcess(port: number) {
  const script = path.join(workDir, "start.mts");
  writeFileSync(
    script,
    `import { startEmbeddedPostgres } from ${JSON.stringify(path.resolve("scripts/embedded-postgres.ts"))};
     await startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)}, port: ${port} });
     console.log("ready");
     setInterval(() => {}, 1000);`,
  );
  // One process (no tsx wrapper), so killing it is killing the server's parent.
  const child = spawn(process.execPath, ["--import", "tsx", script], { stdio: ["ignore", "pipe", "inherit"] });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => chunk.toString().includes("ready") && resolve());
    child.once("exit", (code) => reject(new Error(`child exited with ${code}`)));
  });
  const postgresPid = Number(readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
  return { nodePid: child.pid!, postgresPid, exited: new Promise((resolve) => child.once("exit", resolve)) };
}

async function waitUntilDead(pid: number) {
  for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  expect(isAlive(pid)).toBe(false);
}

test("data written before a stop is there after the next start", async () => {
  const port = await findFreePort();
  const first = await startEmbeddedPostgres({ dataDir, port });
  await query(first.urlFor("postgres"), "CREATE TABLE note (body text); INSERT INTO note VALUES ('빛고을')");
  await first.stop();
  expect(existsSync(path.join(dataDir, "postmaster.pid"))).toBe(false);

  const second = await startEmbeddedPostgres({ dataDir, port });
  expect(await query(second.urlFor("postgres"), "SELECT body FROM note")).toEqual([{ body: "빛고을" }]);
  await second.stop();
});

test("recovers after kill -9 of both Node and PostgreSQL, with data intact", async () => {
  const port = await findFreePort();
  const running = await startInChildProcess(port);
  const url = `postgresql://postgres:${readFileSync(`${dataDir}.password`, "utf8")}@127.0.0.1:${port}/postgres`;
  await query(url, "CREATE TABLE note (body text); INSERT INTO note VALUES ('kept')");
  process.kill(running.postgresPid, "SIGKILL");
  process.kill(running.nodePid, "SIGKILL");
  await running.exited;
  await waitUntilDead(running.postgresPid);
  expect(existsSync(path.join(dataDir, "postmaster.pid"))).toBe(true);

  const restarted = await startEmbeddedPostgres({ dataDir, port });
  expect(await query(restarted.urlFor("postgres"), "SELECT body FROM note")).toEqual([{ body: "kept" }]);
  await restarted.stop();
});

test("stops a PostgreSQL orphaned by kill -9 of Node alone, then starts cleanly", async () => {
  const port = await findFreePort();
  const running = await startInChildProcess(port);
  process.kill(running.nodePid, "SIGKILL");
  await running.exited;
  expect(isAlive(running.postgresPid)).toBe(true);

  const restarted = await startEmbeddedPostgres({ dataDir, port });
  expect(isAlive(running.postgresPid)).toBe(false);
  expect(await query(restarted.urlFor("postgres"), "SELECT 1 AS one")).toEqual([{ one: 1 }]);
  await restarted.stop();
});

test("a port already in use stops start-up with a clear message", async () => {
  const blocker = net.createServer();
  const port = await findFreePort();
  await new Promise<void>((resolve) => blocker.listen(port, "127.0.0.1", resolve));
  try {
    const start = startEmbeddedPostgres({ dataDir, port });
    await expect(start).rejects.toThrow(EmbeddedPostgresError);
    await expect(start).rejects.toThrow(`Embedded PostgreSQL port ${port} is already in use`);
  } finally {
    blocker.close();
  }
});

// A project cloned as root into a folder the `postgres` user cannot enter (under /root, mode 700).
describe("a project in a private folder", () => {
  let privateDir: string;
  const isRoot = process.getuid?.() === 0;

  beforeEach(() => {
    privateDir = path.join(workDir, "private");
    mkdirSync(privateDir, { mode: 0o700 });
    chmodSync(privateDir, 0o700);
  });

  test("its database starts, keeps its data, and lives where PostgreSQL can reach it", async () => {
    const privateDataDir = path.join(privateDir, ".data", "postgres");
    const port = await findFreePort();
    const first = await startEmbeddedPostgres({ dataDir: privateDataDir, port });
    try {
      await query(first.urlFor("postgres"), "CREATE TABLE note (body text); INSERT INTO note VALUES ('무등산')");
      await first.stop();
      const second = await startEmbeddedPostgres({ dataDir: privateDataDir, port });
      expect(second.realDataDir).toBe(first.realDataDir);
      expect(await query(second.urlFor("postgres"), "SELECT body FROM note")).toEqual([{ body: "무등산" }]);
      await second.stop();
      if (isRoot) {
        // .data/postgres leads to the data, which lives under the shared folder.
        expect(lstatSync(privateDataDir).isSymbolicLink()).toBe(true);
        expect(first.realDataDir.startsWith(`${SHARED_ROOT}/clusters/`)).toBe(true);
      } else {
        expect(first.realDataDir).toBe(privateDataDir);
      }
    } finally {
      rmSync(first.realDataDir, { recursive: true, force: true });
    }
  });

  test("its PostgreSQL binaries are run from a copy PostgreSQL can reach", () => {
    const privateNative = path.join(privateDir, "node_modules", "native");
    cpSync(nativeDirectory(), privateNative, { recursive: true, verbatimSymlinks: true });
    const binaries = resolvePostgresBinaries(privateNative);
    try {
      const asPostgres = isRoot ? { uid: Number(runId("-u")), gid: Number(runId("-g")) } : {};
      const version = spawnSync(binaries.postgres, ["--version"], { ...asPostgres, encoding: "utf8" });
      expect(version.stdout).toMatch(/^postgres \(PostgreSQL\) 18\./);
      expect(binaries.postgres.startsWith(isRoot ? SHARED_ROOT : privateNative)).toBe(true);
    } finally {
      if (isRoot) rmSync(path.dirname(path.dirname(binaries.postgres)), { recursive: true, force: true });
    }
  });
});

function runId(flag: "-u" | "-g") {
  return spawnSync("id", [flag, "postgres"], { encoding: "utf8" }).stdout.trim();
}
