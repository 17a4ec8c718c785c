// `npm run dev`: the same database preparation as `npm start`, then Vite's dev server.
import { spawn } from "node:child_process";
import path from "node:path";
import { parseEnv } from "../app/lib/env.server";
import { PROJECT_ROOT, prepareDatabase } from "./database";
import { reportStartupError } from "./startup-errors";

const log = (line: string) => console.log(`[bitgoeul] ${line}`);

async function main() {
  const env = parseEnv();
  const database = await prepareDatabase({ databaseUrl: env.DATABASE_URL, embeddedPort: env.EMBEDDED_PG_PORT, log });
  const vite = spawn(path.join(PROJECT_ROOT, "node_modules/.bin/remix"), ["vite:dev", "--port", String(env.PORT)], {
    cwd: PROJECT_ROOT,
    stdio: "inherit",
    env: { ...process.env, DATABASE_URL: database.url },
  });
  // Ctrl-C reaches Vite too (same process group); PostgreSQL is stopped once Vite has exited.
  process.on("SIGINT", () => {});
  process.on("SIGTERM", () => vite.kill("SIGTERM"));
  vite.once("exit", async (code) => {
    await database.stop();
    process.exit(code ?? 0);
  });
}

main().catch(reportStartupError);
