// `npm run user:create -- --email … --name … --role ADMIN`: makes an account from the command line,
// which is the only way to the first administrator on a real database (sign-up makes learners, and
// only an admin can grant roles). Prints a generated password once; bad input is one line, exit 1.
import { randomInt } from "node:crypto";
import { parseArgs } from "node:util";
import { z } from "zod";
import { emailField } from "../app/auth/account-schemas";
import { parseEnv } from "../app/lib/env.server";
import { EMBEDDED_DATA_DIR, prepareDatabase, StartupError } from "./database";
import { canConnect, existingClusterPassword } from "./embedded-postgres";
import { reportStartupError } from "./startup-errors";

const log = (line: string) => console.log(`[bitgoeul] ${line}`);

const USAGE =
  "Usage: npm run user:create -- --email <email> --name <name> [--role LEARNER|INSTRUCTOR|ADMIN] [--locale ko|en]";

const optionsSchema = z.object({
  email: emailField,
  name: z
    .string({ required_error: "is required" })
    .trim()
    .min(1, "is required")
    .max(100, "must be at most 100 characters"),
  role: z
    .enum(["LEARNER", "INSTRUCTOR", "ADMIN"], { errorMap: () => ({ message: "must be LEARNER, INSTRUCTOR or ADMIN" }) })
    .default("LEARNER"),
  locale: z.enum(["ko", "en"], { errorMap: () => ({ message: "must be ko or en" }) }).default("ko"),
});

// The validation messages of the shared schema are i18n keys; on a terminal they read as this.
const FIELD_MESSAGES: Record<string, string> = {
  "validation.required": "is required",
  "validation.emailInvalid": "is not a valid email address",
};

function parseOptions(argv: string[]) {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        email: { type: "string" },
        name: { type: "string" },
        role: { type: "string" },
        locale: { type: "string" },
      },
      strict: true,
    }));
  } catch (error) {
    throw new StartupError(`${(error as Error).message.split("\n")[0]}. ${USAGE}`);
  }
  const parsed = optionsSchema.safeParse({ ...values, role: values.role?.toUpperCase() });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = String(issue?.path[0] ?? "input");
    const message = FIELD_MESSAGES[issue?.message ?? ""] ?? issue?.message ?? "is not valid";
    throw new StartupError(`--${field} ${message}. ${USAGE}`);
  }
  return parsed.data;
}

// The same shape as the demo passwords: no look-alike characters, 16 characters ≈ 79 bits.
function generatePassword() {
  const alphabet = "23456789abcdefghjkmnpqrstuvwxyz";
  return Array.from({ length: 16 }, () => alphabet[randomInt(alphabet.length)])
    .join("")
    .replace(/(.{4})(?!$)/g, "$1-");
}

/** The embedded database of `npm start` if it is running now, else null. */
async function runningEmbeddedDatabaseUrl(port: number) {
  const password = existingClusterPassword(EMBEDDED_DATA_DIR);
  if (!password) return null;
  const url = `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/bitgoeul`;
  return (await canConnect(url, 2_000)) ? url : null;
}

async function main() {
  const options = parseOptions(process.argv.slice(2));
  const env = parseEnv();
  const running = env.DATABASE_URL ? null : await runningEmbeddedDatabaseUrl(env.EMBEDDED_PG_PORT);
  const database = running
    ? { url: running, stop: async () => {} }
    : await prepareDatabase({ databaseUrl: env.DATABASE_URL, embeddedPort: env.EMBEDDED_PG_PORT, log });
  process.env.DATABASE_URL = database.url;
  try {
    // Loaded only now: the app's database client reads DATABASE_URL when it is first imported.
    const { createUserAccount } = await import("../app/models/user.server");
    const { recordAuditEvent } = await import("../app/models/audit-log.server");
    const { getLinkOrigin } = await import("../app/lib/request.server");
    const password = generatePassword();
    const created = await createUserAccount({ ...options, password });
    if (!created.ok) {
      throw new StartupError(
        created.reason === "emailTaken"
          ? `${options.email} already has an account; an admin can change its role at /admin/users.`
          : `Could not create the account (${created.reason}).`,
      );
    }
    await recordAuditEvent({
      actorId: null,
      action: "user.created-from-command-line",
      entityType: "User",
      entityId: created.userId,
      data: { role: options.role },
    });
    log(`Created ${options.role} ${options.name} <${options.email}>.`);
    log(`Password (shown this once): ${password}`);
    log(`Log in at ${getLinkOrigin()}/login and change it under Settings, Password.`);
  } finally {
    const { prisma } = await import("../app/lib/db.server");
    await prisma.$disconnect();
    await database.stop();
  }
}

main().catch(reportStartupError);
