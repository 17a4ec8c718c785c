// The production app in a child process, started exactly as `npm start` runs it, for the end-to-end
// tests and the bench: `tsx scripts/start.ts` (which builds the app) on a free port of 127.0.0.1.
import { spawn } from "node:child_process";
import { createWriteStream, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { findFreePort } from "./free-port";

const PROJECT_ROOT = path.resolve(import.meta.dirname, "..");
/** The build comes first, and a cold one on a slow machine takes minutes. */
const HEALTHY_TIMEOUT_MS = 240_000;
/** After SIGTERM, how long the app may take to close its connections before it is killed. */
const STOP_TIMEOUT_MS = 20_000;

export type AppProcess = { baseUrl: string; stop(): Promise<void> };

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

/**
 * Starts the app on the database at `databaseUrl`, its output going to `logFile`, and returns once
 * /healthz answers. Throws with that output when the app exits or is not healthy in time.
 */
export async function startAppProcess({
  databaseUrl,
  logFile,
}: {
  databaseUrl: string;
  logFile: string;
}): Promise<AppProcess> {
  const port = await findFreePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  mkdirSync(path.dirname(logFile), { recursive: true });
  const logStream = createWriteStream(logFile);
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
    const killTimer = setTimeout(() => app.kill("SIGKILL"), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(killTimer);
  };
  if (!(await waitForHealthy(baseUrl, () => hasExited, HEALTHY_TIMEOUT_MS))) {
    await stop();
    throw new Error(
      `The app did not become healthy. Its output (${path.relative(PROJECT_ROOT, logFile)}):\n${readFileSync(logFile, "utf8")}`,
    );
  }
  return { baseUrl, stop };
}
