// `npm run dev`: the same database preparation as `npm start`, then the same Express server with
// Vite's dev middleware (hot reload) in place of the production build.
import { parseEnv } from "../app/lib/env.server";
import { PROJECT_ROOT, prepareDatabase } from "./database";
import { startHttpServer } from "./server";
import { reportStartupError } from "./startup-errors";

const log = (line: string) => console.log(`[bitgoeul] ${line}`);

async function main() {
  const env = parseEnv();
  const database = await prepareDatabase({ databaseUrl: env.DATABASE_URL, embeddedPort: env.EMBEDDED_PG_PORT, log });
  process.env.DATABASE_URL = database.url;
  const httpServer = await startHttpServer({
    mode: "development",
    projectRoot: PROJECT_ROOT,
    port: env.PORT,
    host: env.HOST,
    appOrigin: env.APP_ORIGIN,
    trustProxy: env.TRUST_PROXY,
    isDevelopment: true,
    runsJobs: true,
  }).catch(async (error: unknown) => {
    await database.stop();
    throw error;
  });
  log(`Development server at http://localhost:${env.PORT}`);

  let isStopping = false;
  const stop = async () => {
    if (isStopping) return;
    isStopping = true;
    await httpServer.close();
    await database.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
}

main().catch(reportStartupError);
