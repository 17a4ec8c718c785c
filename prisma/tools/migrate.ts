// Applies prisma/migrations with node-postgres, because Prisma 7's `migrate deploy` needs a native
// schema engine that cannot be downloaded here. It writes exactly the `_prisma_migrations` rows that
// `prisma migrate deploy` writes (logic copied from prisma-engines' apply_migrations.rs and its
// Postgres flavour), so the real Prisma CLI can take over the same database at any time.
//
//   npm run db:migrate                          apply pending migrations to DATABASE_URL
//   npm run db:migrate -- --rolled-back <name>  mark a failed migration rolled back, then apply

import { createHash, randomUUID } from "node:crypto";
import { realpathSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import pg from "pg";

/** Prisma Migrate's advisory lock key, so this runner and Prisma's own CLI exclude each other. */
const MIGRATE_LOCK_KEY = 72707369;
const LOCK_TIMEOUT_MS = 10_000;
const CONNECT_TIMEOUT_MS = 10_000;
const MIGRATIONS_TABLE = "_prisma_migrations";
/** PostGIS creates these itself; Prisma does not count them when deciding a schema is empty. */
const IGNORED_TABLES = /^(spatial_ref_sys|geometry_columns)$/i;
const DEFAULT_MIGRATIONS_DIR = fileURLToPath(new URL("../migrations", import.meta.url));

/** An expected failure whose message is meant to be shown to a person as it is. */
export class MigrationError extends Error {
  override name = "MigrationError";
}

export type MigrationOptions = {
  /** A PostgreSQL URL; an optional `?schema=name` selects the schema, as it does for Prisma. */
  connectionString: string;
  /** Defaults to prisma/migrations. */
  migrationsDir?: string;
  log?: (line: string) => void;
};

type MigrationRecord = {
  id: string;
  migration_name: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  logs: string | null;
};

/** One connection holding the migrate lock, with search_path set to the target schema. */
type MigrationSession = {
  client: pg.Client;
  schema: string;
  /** Schema-qualified and quoted, so a migration that changes search_path cannot misdirect it. */
  migrationsTable: string;
};

/** Applies every migration folder that has no applied row yet, in name order, like `migrate deploy`. */
export async function applyMigrations(options: MigrationOptions): Promise<{ applied: string[] }> {
  const migrationsDir = options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR;
  return withMigrationSession(options.connectionString, async (session) => {
    await assertLockFileIsPostgres(migrationsDir);
    const migrationNames = await listMigrationNames(migrationsDir);
    await ensureMigrationsTable(session);
    const records = await readMigrationRecords(session);
    assertNoFailedMigration(records);

    const appliedNames = new Set(
      records.filter((record) => record.rolled_back_at === null).map((record) => record.migration_name),
    );
    const applied: string[] = [];
    for (const name of migrationNames.filter((name) => !appliedNames.has(name))) {
      await applyMigration(session, migrationsDir, name);
      applied.push(name);
      options.log?.(`Applied ${name}`);
    }
    return { applied };
  });
}

/** Marks a failed migration as rolled back, like `prisma migrate resolve --rolled-back <name>`. */
export async function rollBackMigration(
  options: Omit<MigrationOptions, "migrationsDir"> & { migrationName: string },
): Promise<void> {
  const { migrationName } = options;
  await withMigrationSession(options.connectionString, async (session) => {
    const records = (await hasMigrationsTable(session)) ? await readMigrationRecords(session) : [];
    const namedRecords = records.filter((record) => record.migration_name === migrationName);
    if (namedRecords.length === 0) {
      throw new MigrationError(
        `Migration ${migrationName} cannot be rolled back because it was never applied to the database (Prisma P3011).`,
      );
    }
    const failedRecords = namedRecords.filter(isFailed);
    if (failedRecords.length === 0) {
      throw new MigrationError(
        `Migration ${migrationName} cannot be rolled back because it is not in a failed state (Prisma P3012).`,
      );
    }
    await session.client.query(`UPDATE ${session.migrationsTable} SET rolled_back_at = now() WHERE id = ANY($1)`, [
      failedRecords.map((record) => record.id),
    ]);
    options.log?.(`Marked ${migrationName} as rolled back`);
  });
}

async function withMigrationSession<T>(
  connectionString: string,
  work: (session: MigrationSession) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  // Without a listener a dropped idle connection crashes the process; the next query reports it.
  client.on("error", () => {});
  try {
    await connect(client);
    await acquireMigrateLock(client);
    const schema = await useSchemaFromConnectionString(client, connectionString);
    const migrationsTable = `${client.escapeIdentifier(schema)}.${client.escapeIdentifier(MIGRATIONS_TABLE)}`;
    return await work({ client, schema, migrationsTable });
  } catch (error) {
    throw toMigrationError(error);
  } finally {
    // Ending the session also releases the advisory lock.
    await client.end().catch(() => {});
  }
}

async function connect(client: pg.Client): Promise<void> {
  try {
    await client.connect();
  } catch (error) {
    throw new MigrationError(`Cannot connect to the database: ${messageOf(error)}`, { cause: error });
  }
}

async function acquireMigrateLock(client: pg.Client): Promise<void> {
  // lock_timeout bounds the wait like Prisma's 10 s timeout; it is reset so that migrations
  // themselves may wait for table locks as long as they need.
  await client.query(`SET lock_timeout = ${LOCK_TIMEOUT_MS}`);
  try {
    await client.query(`SELECT pg_advisory_lock(${MIGRATE_LOCK_KEY})`);
  } catch (error) {
    if (error instanceof pg.DatabaseError && error.code === "55P03") {
      throw new MigrationError(
        `Timed out after ${LOCK_TIMEOUT_MS / 1000} s waiting for another migration run to finish ` +
          `(advisory lock ${MIGRATE_LOCK_KEY}).`,
      );
    }
    throw error;
  }
  await client.query("RESET lock_timeout");
}

/** pg ignores Prisma's `?schema=` parameter, so the schema is created and selected here. */
async function useSchemaFromConnectionString(client: pg.Client, connectionString: string): Promise<string> {
  const schema = URL.canParse(connectionString)
    ? (new URL(connectionString).searchParams.get("schema") ?? "public")
    : "public";
  const quotedSchema = client.escapeIdentifier(schema);
  // Checked first because CREATE SCHEMA IF NOT EXISTS needs CREATE rights even when it does nothing.
  const existing = await client.query("SELECT 1 FROM pg_namespace WHERE nspname = $1", [schema]);
  if (existing.rowCount === 0) await client.query(`CREATE SCHEMA ${quotedSchema}`);
  await client.query(`SET search_path TO ${quotedSchema}`);
  return schema;
}

async function assertLockFileIsPostgres(migrationsDir: string): Promise<void> {
  const lockFile = await readFile(path.join(migrationsDir, "migration_lock.toml"), "utf8").catch((error: unknown) => {
    // Prisma accepts a history without a lock file.
    if (isMissingFile(error)) return null;
    throw error;
  });
  if (lockFile === null) return;
  const providerLine = lockFile.split("\n").find((line) => line.startsWith("provider"));
  const provider = providerLine?.replace("provider = ", "").trim().replace(/^"|"$/g, "");
  if (provider !== "postgresql") {
    throw new MigrationError(
      `migration_lock.toml says provider ${provider ?? "<missing>"}, but this runner applies postgresql ` +
        `migrations; start a new migration history (Prisma P3019).`,
    );
  }
}

/** Every folder is a migration, sorted by name as Prisma's listMigrations does. */
async function listMigrationNames(migrationsDir: string): Promise<string[]> {
  const entries = await readdir(migrationsDir, { withFileTypes: true }).catch((error: unknown) => {
    if (isMissingFile(error)) return [];
    throw error;
  });
  return entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort((a, b) => a.localeCompare(b));
}

async function hasMigrationsTable(session: MigrationSession): Promise<boolean> {
  return (await listTables(session)).includes(MIGRATIONS_TABLE);
}

/** Ordinary tables in the target schema, the same set Prisma inspects. */
async function listTables(session: MigrationSession): Promise<string[]> {
  const result = await session.client.query<{ table_name: string }>(
    `SELECT c.relname AS table_name
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'r' AND n.nspname = $1
      ORDER BY c.relname`,
    [session.schema],
  );
  return result.rows.map((row) => row.table_name);
}

async function ensureMigrationsTable(session: MigrationSession): Promise<void> {
  const tables = await listTables(session);
  if (tables.includes(MIGRATIONS_TABLE)) return;
  const otherTables = tables.filter((table) => !IGNORED_TABLES.test(table));
  if (otherTables.length > 0) {
    throw new MigrationError(
      `Schema "${session.schema}" already has tables (${otherTables.slice(0, 5).join(", ")}) but no ` +
        `${MIGRATIONS_TABLE} table; baseline it before migrating (Prisma P3005).`,
    );
  }
  // Prisma's DDL verbatim, so a database set up here is indistinguishable from one Prisma set up.
  await session.client.query(`
    CREATE TABLE ${session.migrationsTable} (
        id                      VARCHAR(36) PRIMARY KEY NOT NULL,
        checksum                VARCHAR(64) NOT NULL,
        finished_at             TIMESTAMPTZ,
        migration_name          VARCHAR(255) NOT NULL,
        logs                    TEXT,
        rolled_back_at          TIMESTAMPTZ,
        started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
        applied_steps_count     INTEGER NOT NULL DEFAULT 0
    );
  `);
}

async function readMigrationRecords(session: MigrationSession): Promise<MigrationRecord[]> {
  const result = await session.client.query<MigrationRecord>(
    `SELECT id, migration_name, finished_at, rolled_back_at, logs
       FROM ${session.migrationsTable} ORDER BY started_at`,
  );
  return result.rows;
}

function isFailed(record: MigrationRecord): boolean {
  return record.finished_at === null && record.rolled_back_at === null;
}

function assertNoFailedMigration(records: MigrationRecord[]): void {
  const failed = records.find(isFailed);
  if (!failed) return;
  const reason = failed.logs ? `: ${databaseErrorLine(failed.logs)}` : "";
  throw new MigrationError(
    `Migration ${failed.migration_name} failed${reason}. No migration will be applied until you fix its ` +
      `migration.sql and run \`npm run db:migrate -- --rolled-back ${failed.migration_name}\` (Prisma P3009).`,
  );
}

async function applyMigration(session: MigrationSession, migrationsDir: string, name: string): Promise<void> {
  const scriptPath = path.join(migrationsDir, name, "migration.sql");
  const script = await readFile(scriptPath, "utf8").catch((error: unknown) => {
    throw new MigrationError(`Failed to read migration script at ${scriptPath}: ${messageOf(error)}`);
  });
  const id = randomUUID();
  const { client, migrationsTable } = session;
  await client.query(
    `INSERT INTO ${migrationsTable} (id, checksum, started_at, migration_name) VALUES ($1, $2, now(), $3)`,
    [id, sha256Hex(script), name],
  );
  try {
    // A query without parameters goes over the simple protocol, which runs the whole file as one
    // implicit transaction, exactly as Prisma's simple_query does: a failure leaves nothing behind.
    await client.query(script);
  } catch (error) {
    // A file with its own BEGIN leaves the session in an aborted transaction; ROLLBACK ends it
    // (and only warns when there is none) so the failure can be recorded.
    await client.query("ROLLBACK");
    const logs = formatFailureLogs(name, script, error);
    await client.query(`UPDATE ${migrationsTable} SET logs = $1 WHERE id = $2`, [logs, id]);
    throw new MigrationError(
      `Migration ${name} failed: ${databaseErrorLine(logs)}. Fix its migration.sql, then run ` +
        `\`npm run db:migrate -- --rolled-back ${name}\`.`,
    );
  }
  await client.query(
    `UPDATE ${migrationsTable}
        SET applied_steps_count = applied_steps_count + 1, finished_at = now()
      WHERE id = $1`,
    [id],
  );
}

/** Lower-case hex SHA-256 of the file text, as Prisma's checksum.rs computes it. */
function sha256Hex(script: string): string {
  return createHash("sha256").update(script, "utf8").digest("hex");
}

/** The same layout as Prisma's ApplyMigrationError, which is what `migrate status` shows. */
function formatFailureLogs(name: string, script: string, error: unknown): string {
  const isDatabaseError = error instanceof pg.DatabaseError;
  const lines = [
    "A migration failed to apply. New migrations cannot be applied before the error is recovered from.",
    "",
    `Migration name: ${name}`,
    "",
    `Database error code: ${(isDatabaseError && error.code) || "none"}`,
    "",
    "Database error:",
    `ERROR: ${messageOf(error)}`,
  ];
  if (isDatabaseError && error.detail) lines.push(`DETAIL: ${error.detail}`);
  if (isDatabaseError && error.hint) lines.push(`HINT: ${error.hint}`);
  if (isDatabaseError && error.position) {
    // Postgres reports a 1-based character offset into the whole file.
    const lineNumber = script.slice(0, Number(error.position) - 1).split("\n").length;
    lines.push("", `Position: line ${lineNumber}: ${script.split("\n")[lineNumber - 1]?.trim() ?? ""}`);
  }
  return lines.join("\n");
}

/** The `ERROR: ...` line of a failure's logs, short enough for a one-line message. */
function databaseErrorLine(logs: string): string {
  const errorLine = logs.split("\n").find((line) => line.startsWith("ERROR: "));
  return (errorLine ?? logs.split("\n")[0] ?? "").replace(/^ERROR: /, "");
}

function toMigrationError(error: unknown): MigrationError {
  if (error instanceof MigrationError) return error;
  return new MigrationError(`Migration run failed: ${messageOf(error)}`, { cause: error });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isMissingFile(error: unknown): boolean {
  return error instanceof Error && "code" in error && error.code === "ENOENT";
}

async function runCli(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { "rolled-back": { type: "string" } } });
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) throw new MigrationError("DATABASE_URL is not set.");
  const log = (line: string) => console.log(line);

  const migrationName = values["rolled-back"];
  if (migrationName) await rollBackMigration({ connectionString, migrationName, log });
  const { applied } = await applyMigrations({ connectionString, log });
  if (applied.length === 0) console.log("No pending migrations");
}

/** True when this file is the entry point (`tsx prisma/tools/migrate.ts`), not an import. */
function isEntryPoint(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return pathToFileURL(realpathSync(entry)).href === import.meta.url;
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  runCli(process.argv.slice(2)).catch((error: unknown) => {
    console.error(`db:migrate: ${messageOf(error)}`);
    process.exitCode = 1;
  });
}
