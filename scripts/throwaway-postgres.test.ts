// A run's throwaway PostgreSQL never outlives the run: Ctrl-C stops it and removes its folder, also
// under a test runner that answers Ctrl-C with process.exit(), and a run killed outright (kill -9)
// has its leftovers removed by the next run.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, expect, test } from "vitest";
import { canConnect } from "./embedded-postgres";

const scriptDir = mkdtempSync(path.join(tmpdir(), "bitgoeul-run-"));
afterAll(() => rmSync(scriptDir, { recursive: true, force: true }));

type Started = { runDir: string; adminUrl: string; pid: number; exited: Promise<number | null> };

/** A process that starts a throwaway server, as Vitest's or Playwright's global setup does. */
async function startRun({ exitsOnSigint }: { exitsOnSigint: boolean }): Promise<Started> {
  const script = path.join(scriptDir, `run-${Math.random().toString(36).slice(2)}.mts`);
  writeFileSync(
    script,
    `${exitsOnSigint ? 'process.once("SIGINT", () => process.exit(130));' : ""}
     const { startThrowawayPostgres } = await import(${JSON.stringify(path.join(import.meta.dirname, "throwaway-postgres.ts"))});
     const server = await startThrowawayPostgres("test");
     console.log(JSON.stringify({ runDir: server.runDir, adminUrl: server.adminUrl }));
     setInterval(() => {}, 1000);`,
  );
  const env = { ...process.env };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, ["--import", "tsx", script], { env, stdio: ["ignore", "pipe", "inherit"] });
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const line = await new Promise<string>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => resolve(chunk.toString()));
    child.once("exit", (code) => reject(new Error(`the run exited with ${code}`)));
  });
  return { ...(JSON.parse(line) as { runDir: string; adminUrl: string }), pid: child.pid!, exited };
}

test.each([
  ["on its own", false],
  ["under a runner that calls process.exit() on Ctrl-C", true],
])("Ctrl-C %s stops the PostgreSQL and removes its folder", async (_label, exitsOnSigint) => {
  const run = await startRun({ exitsOnSigint });
  expect(await canConnect(run.adminUrl)).toBe(true);

  process.kill(run.pid, "SIGINT");
  expect(await run.exited).toBe(130);

  expect(await canConnect(run.adminUrl)).toBe(false);
  expect(existsSync(run.runDir)).toBe(false);
});

test("the next run removes what a run killed outright left behind, and stops its PostgreSQL", async () => {
  const killed = await startRun({ exitsOnSigint: false });
  process.kill(killed.pid, "SIGKILL");
  await killed.exited;
  expect(await canConnect(killed.adminUrl)).toBe(true);
  expect(existsSync(killed.runDir)).toBe(true);
  // A file that merely shares the folders' prefix (the bench's server log) is not a run.
  const log = path.join(path.dirname(killed.runDir), `bench-${path.basename(scriptDir)}.log`);
  writeFileSync(log, "kept");

  const next = await startRun({ exitsOnSigint: false });
  try {
    expect(await canConnect(killed.adminUrl)).toBe(false);
    expect(existsSync(killed.runDir)).toBe(false);
    // A run still going is left alone.
    expect(await canConnect(next.adminUrl)).toBe(true);
    expect(existsSync(log)).toBe(true);
  } finally {
    rmSync(log, { force: true });
    process.kill(next.pid, "SIGINT");
    await next.exited;
  }
});
