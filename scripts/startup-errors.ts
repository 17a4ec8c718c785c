import { EnvError } from "../app/lib/env.server";
import { MigrationError } from "../prisma/tools/migrate";
import { StartupError } from "./database";
import { EmbeddedPostgresError } from "./embedded-postgres";

const EXPECTED_ERRORS = [EnvError, StartupError, EmbeddedPostgresError, MigrationError];

/** Expected start-up failures print one line naming the cause; anything else prints in full. */
export function reportStartupError(error: unknown): never {
  if (EXPECTED_ERRORS.some((ErrorClass) => error instanceof ErrorClass)) {
    console.error(`[bitgoeul] ${(error as Error).message}`);
  } else {
    console.error("[bitgoeul] Start-up failed:", error);
  }
  process.exit(1);
}
