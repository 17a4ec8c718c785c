// `npm start`: database up (embedded unless DATABASE_URL is set), migrations applied, demo data on
// first start, production build, then the web server: one process per CPU core (WEB_CONCURRENCY), the
// first also running the jobs. Ctrl-C or SIGTERM stops the web server first
// and PostgreSQL after it.
import { spawnSync } from "node:child_process";
import cluster, { type Worker } from "node:cluster";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { parseEnv, type Env } from "../app/lib/env.server";
import { disconnectAppPrismaClient } from "../app/lib/prisma-client.server";
import { DEMO_PASSWORDS_FILE, describeDemoAccounts } from "../prisma/demo-passwords";
import { PROJECT_ROOT, prepareDatabase, StartupError } from "./database";
import { startHttpServer } from "./server";
import { reportStartupError } from "./startup-errors";

const log = (line: string) => console.log(`[bitgoeul] ${line}`);

const portInUse = (port: number) => `Port ${port} is already in use; stop what uses it or set PORT to a free port.`;

async function assertPortFree(port: number, host: string) {
  await new Promise<void>((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        new StartupError(
          error.code === "EADDRINUSE"
            ? portInUse(port)
            : `Cannot listen on ${host}:${port} (${error.code ?? error.message}).`,
        ),
      ),
    );
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

function buildApp() {
  log("Building the production bundle…");
  const result = spawnSync(path.join(PROJECT_ROOT, "node_modules/.bin/remix"), ["vite:build"], {
    cwd: PROJECT_ROOT,
    encoding: "utf8",
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (result.status !== 0) {
    process.stderr.write(`${result.stdout}\n${result.stderr}\n`);
    throw new StartupError("The production build failed (output above).");
  }
}

/** The web server's options, the same in every process; `runsJobs` in exactly one of them. */
function serverOptions(env: Env, runsJobs: boolean) {
  return {
    mode: "production" as const,
    buildDir: path.join(PROJECT_ROOT, "build"),
    port: env.PORT,
    host: env.HOST,
    appOrigin: env.APP_ORIGIN,
    trustProxy: env.TRUST_PROXY,
    isDevelopment: false,
    isCompressing: env.COMPRESSION === "on",
    runsJobs,
  };
}

/** Set in the one web worker that also sends the outbox and keeps house. */
const RUNS_JOBS_VARIABLE = "BITGOEUL_RUNS_JOBS";
/** How long a stopping worker may take to finish its requests before it is killed. */
const WORKER_STOP_TIMEOUT_MS = 20_000;

/** A web worker of the cluster: serves the build on the shared port until SIGTERM or SIGINT. */
async function runWorker() {
  const env = parseEnv();
  const httpServer = await startHttpServer(serverOptions(env, process.env[RUNS_JOBS_VARIABLE] === "1"));
  let isStopping = false;
  const stop = async () => {
    if (isStopping) return;
    isStopping = true;
    await httpServer.close();
    await disconnectAppPrismaClient();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
}

type WebProcesses = { stop(): Promise<void> };

/**
 * `count` web workers (Node's cluster module) sharing the port, the first of which also runs the
 * jobs; one that dies is replaced. Sessions, rate limits and the outbox live in PostgreSQL, so any
 * worker can answer any request. Resolves once all of them listen.
 */
async function startWorkers(count: number, databaseUrl: string): Promise<WebProcesses> {
  let isStopping = false;
  const workers = new Set<Worker>();
  const fork = (runsJobs: boolean) => {
    const worker = cluster.fork({
      DATABASE_URL: databaseUrl,
      NODE_ENV: "production",
      [RUNS_JOBS_VARIABLE]: runsJobs ? "1" : "0",
    });
    workers.add(worker);
    const listening = new Promise<void>((resolve, reject) => {
      worker.once("listening", () => resolve());
      worker.once("exit", (code) =>
        reject(new StartupError(`A web worker stopped while starting (exit code ${code}).`)),
      );
    });
    worker.on("exit", (code, signal) => {
      workers.delete(worker);
      if (isStopping) return;
      log(`A web worker stopped (${signal ?? `exit code ${code}`}); starting another.`);
      setTimeout(() => void fork(runsJobs).catch(() => {}), 1000);
    });
    return listening;
  };
  const stop = async () => {
    isStopping = true;
    await Promise.all(
      [...workers].map(
        (worker) =>
          new Promise<void>((resolve) => {
            const kill = setTimeout(() => worker.process.kill("SIGKILL"), WORKER_STOP_TIMEOUT_MS);
            worker.once("exit", () => (clearTimeout(kill), resolve()));
            worker.process.kill("SIGTERM");
          }),
      ),
    );
  };
  try {
    await Promise.all(Array.from({ length: count }, (_, index) => fork(index === 0)));
  } catch (error) {
    await stop();
    throw error;
  }
  return { stop };
}

async function main() {
  const env = parseEnv();
  await assertPortFree(env.PORT, env.HOST);
  const database = await prepareDatabase({ databaseUrl: env.DATABASE_URL, embeddedPort: env.EMBEDDED_PG_PORT, log });
  process.env.DATABASE_URL = database.url;
  const workerCount = env.WEB_CONCURRENCY ?? os.availableParallelism();

  let web: WebProcesses | undefined;
  let isStopping = false;
  const stop = async (signal: string) => {
    if (isStopping) return;
    isStopping = true;
    log(`${signal} received: stopping the web server…`);
    await web?.stop();
    // The server bundle's Prisma client (one process): close its pool before its server goes away.
    await disconnectAppPrismaClient();
    if (database.isEmbedded) log("Stopping PostgreSQL…");
    await database.stop();
    log("Stopped.");
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));

  try {
    buildApp();
    process.env.NODE_ENV = "production";
    if (workerCount === 1) {
      const httpServer = await startHttpServer(serverOptions(env, true));
      web = { stop: () => httpServer.close() };
    } else {
      web = await startWorkers(workerCount, database.url);
    }
  } catch (error) {
    await database.stop();
    throw (error as NodeJS.ErrnoException).code === "EADDRINUSE" ? new StartupError(portInUse(env.PORT)) : error;
  }

  log(workerCount === 1 ? "One web server process." : `${workerCount} web server processes (WEB_CONCURRENCY).`);
  const shownHost = env.HOST === "0.0.0.0" ? "localhost" : env.HOST;
  log(`Bitgoeul is ready at http://${shownHost}:${env.PORT}`);
  if (!env.APP_ORIGIN) {
    log(`Links in mails point at http://localhost:${env.PORT}; set APP_ORIGIN to the address people use.`);
  }
  const passwordsFile = path.relative(PROJECT_ROOT, DEMO_PASSWORDS_FILE);
  if (database.demoPasswords?.isNew) {
    log(`Demo accounts (shown this once; kept in ${passwordsFile}, readable only by you):`);
    for (const line of describeDemoAccounts(database.demoPasswords.passwords)) log(line);
  } else if (database.demoPasswords) {
    log(`Demo account passwords: ${passwordsFile}`);
  }
}

if (cluster.isPrimary) main().catch(reportStartupError);
else runWorker().catch(reportStartupError);
