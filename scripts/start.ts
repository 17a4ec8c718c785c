// `npm start`: database up (embedded unless DATABASE_URL is set), migrations applied, demo data on
// first start, production build, then the web server. Ctrl-C or SIGTERM stops the web server first
// and PostgreSQL after it.
import { spawnSync } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { parseEnv } from "../app/lib/env.server";
import { disconnectAppPrismaClient } from "../app/lib/prisma-client.server";
import { DEMO_PASSWORDS_FILE, describeDemoAccounts } from "../prisma/demo-passwords";
import { PROJECT_ROOT, prepareDatabase, StartupError } from "./database";
import { startHttpServer, type HttpServer } from "./server";
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

async function main() {
  const env = parseEnv();
  await assertPortFree(env.PORT, env.HOST);
  const database = await prepareDatabase({ databaseUrl: env.DATABASE_URL, embeddedPort: env.EMBEDDED_PG_PORT, log });
  process.env.DATABASE_URL = database.url;

  let httpServer: HttpServer | undefined;
  let isStopping = false;
  const stop = async (signal: string) => {
    if (isStopping) return;
    isStopping = true;
    log(`${signal} received: stopping the web server…`);
    await httpServer?.close();
    // The server bundle's Prisma client: close its pool before its server goes away.
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
    httpServer = await startHttpServer({
      mode: "production",
      buildDir: path.join(PROJECT_ROOT, "build"),
      port: env.PORT,
      host: env.HOST,
      appOrigin: env.APP_ORIGIN,
      trustProxy: env.TRUST_PROXY,
      isDevelopment: false,
    });
  } catch (error) {
    await database.stop();
    throw (error as NodeJS.ErrnoException).code === "EADDRINUSE" ? new StartupError(portInUse(env.PORT)) : error;
  }

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

main().catch(reportStartupError);
