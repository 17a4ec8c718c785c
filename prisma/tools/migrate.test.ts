// Integration tests of the offline migration runner against a real PostgreSQL: each test gets its
// own empty database and its own migration folders, so what they assert is what Prisma would see.
import { execFile } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import pg from "pg";
import { afterEach, describe, expect, inject, it } from "vitest";
import { applyMigrations, MigrationError, rollBackMigration } from "./migrate";

const PROJECT_ROOT = fileURLToPath(new URL("../../", import.meta.url));
const PROJECT_MIGRATIONS_DIR = path.join(PROJECT_ROOT, "prisma", "migrations");
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const adminUrl = inject("postgresAdminUrl");
const databasesToDrop: string[] = [];
const dirsToRemove: string[] = [];

afterEach(async () => {
  for (const database of databasesToDrop.splice(0)) {
    await queryAt(adminUrl, `DROP DATABASE IF EXISTS ${pg.escapeIdentifier(database)} WITH (FORCE)`);
  }
  for (const dir of dirsToRemove.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** An empty database of its own for one test; returns its connection string. */
async function createEmptyDatabase(): Promise<string> {
  const database = `migrate_test_${randomBytes(6).toString("hex")}`;
  await queryAt(adminUrl, `CREATE DATABASE ${pg.escapeIdentifier(database)}`);
  databasesToDrop.push(database);
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function queryAt<Row extends pg.QueryResultRow = pg.QueryResultRow>(
  connectionString: string,
  sql: string,
  values: unknown[] = [],
): Promise<Row[]> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return (await client.query<Row>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

/** A migrations folder in the temp dir: `migrations` maps folder names to migration.sql text. */
async function writeMigrationsDir(migrations: Record<string, string>, provider = "postgresql"): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "migrate-test-"));
  dirsToRemove.push(dir);
  await writeFile(path.join(dir, "migration_lock.toml"), `provider = "${provider}"\n`);
  for (const [name, sql] of Object.entries(migrations)) await writeMigration(dir, name, sql);
  return dir;
}

async function writeMigration(dir: string, name: string, sql: string): Promise<void> {
  await mkdir(path.join(dir, name), { recursive: true });
  await writeFile(path.join(dir, name, "migration.sql"), sql);
}

type MigrationRow = {
  id: string;
  checksum: string;
  finished_at: Date | null;
  migration_name: string;
  logs: string | null;
  rolled_back_at: Date | null;
  started_at: Date;
  applied_steps_count: number;
};

async function readMigrationRows(connectionString: string, schema = "public"): Promise<MigrationRow[]> {
  return queryAt<MigrationRow>(
    connectionString,
    `SELECT * FROM ${pg.escapeIdentifier(schema)}._prisma_migrations ORDER BY started_at, migration_name`,
  );
}

async function tableExists(connectionString: string, qualifiedName: string): Promise<boolean> {
  const [row] = await queryAt<{ oid: string | null }>(connectionString, "SELECT to_regclass($1) AS oid", [
    qualifiedName,
  ]);
  return row?.oid !== null;
}

function sha256Hex(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

const CREATE_LEARNER = 'CREATE TABLE "Learner" (id integer PRIMARY KEY, email text NOT NULL);\n';
const CREATE_COURSE = 'CREATE TABLE "Course" (id integer PRIMARY KEY, title text NOT NULL);\n';
const CREATE_LESSON = 'CREATE TABLE "Lesson" (id integer PRIMARY KEY, "courseId" integer REFERENCES "Course");\n';

describe("applyMigrations", () => {
  it("applies every migration to an empty database and records rows shaped like Prisma's", async () => {
    const url = await createEmptyDatabase();
    const migrationsDir = await writeMigrationsDir({
      "20250102000000_add_course": CREATE_COURSE,
      "20250101000000_init": CREATE_LEARNER,
    });
    const logLines: string[] = [];

    const { applied } = await applyMigrations({
      connectionString: url,
      migrationsDir,
      log: (line) => logLines.push(line),
    });

    expect(applied).toEqual(["20250101000000_init", "20250102000000_add_course"]);
    expect(logLines).toEqual(["Applied 20250101000000_init", "Applied 20250102000000_add_course"]);
    expect(await tableExists(url, 'public."Learner"')).toBe(true);
    expect(await tableExists(url, 'public."Course"')).toBe(true);

    const rows = await readMigrationRows(url);
    expect(rows.map((row) => row.migration_name)).toEqual(applied);
    for (const [row, sql] of [
      [rows[0], CREATE_LEARNER],
      [rows[1], CREATE_COURSE],
    ] as const) {
      expect(row?.id).toMatch(UUID_V4);
      expect(row).toMatchObject({ checksum: sha256Hex(sql), applied_steps_count: 1, logs: null, rolled_back_at: null });
      expect(row?.finished_at?.getTime()).toBeGreaterThanOrEqual(row?.started_at.getTime() ?? Infinity);
    }
  });

  it("creates _prisma_migrations with exactly Prisma's columns, types, defaults and key", async () => {
    const url = await createEmptyDatabase();
    await applyMigrations({ connectionString: url, migrationsDir: await writeMigrationsDir({}) });

    const columns = await queryAt(
      url,
      `SELECT column_name, data_type, character_maximum_length, is_nullable, column_default
         FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name = '_prisma_migrations'
        ORDER BY ordinal_position`,
    );
    const varchar = (length: number) => ({ data_type: "character varying", character_maximum_length: length });
    const timestamptz = { data_type: "timestamp with time zone", character_maximum_length: null };
    expect(columns).toEqual([
      { column_name: "id", ...varchar(36), is_nullable: "NO", column_default: null },
      { column_name: "checksum", ...varchar(64), is_nullable: "NO", column_default: null },
      { column_name: "finished_at", ...timestamptz, is_nullable: "YES", column_default: null },
      { column_name: "migration_name", ...varchar(255), is_nullable: "NO", column_default: null },
      {
        column_name: "logs",
        data_type: "text",
        character_maximum_length: null,
        is_nullable: "YES",
        column_default: null,
      },
      { column_name: "rolled_back_at", ...timestamptz, is_nullable: "YES", column_default: null },
      { column_name: "started_at", ...timestamptz, is_nullable: "NO", column_default: "now()" },
      {
        column_name: "applied_steps_count",
        data_type: "integer",
        character_maximum_length: null,
        is_nullable: "NO",
        column_default: "0",
      },
    ]);
    const constraints = await queryAt(
      url,
      `SELECT conname, pg_get_constraintdef(oid) AS definition FROM pg_constraint
        WHERE conrelid = 'public._prisma_migrations'::regclass AND contype <> 'n'`, // PG 18 lists NOT NULL too
    );
    expect(constraints).toEqual([{ conname: "_prisma_migrations_pkey", definition: "PRIMARY KEY (id)" }]);
  });

  it("applies nothing on a second run, and only new folders after that", async () => {
    const url = await createEmptyDatabase();
    const migrationsDir = await writeMigrationsDir({ "20250101000000_init": CREATE_LEARNER });
    await applyMigrations({ connectionString: url, migrationsDir });

    expect(await applyMigrations({ connectionString: url, migrationsDir })).toEqual({ applied: [] });

    await writeMigration(migrationsDir, "20250102000000_add_course", CREATE_COURSE);
    expect(await applyMigrations({ connectionString: url, migrationsDir })).toEqual({
      applied: ["20250102000000_add_course"],
    });
    expect((await readMigrationRows(url)).map((row) => row.migration_name)).toEqual([
      "20250101000000_init",
      "20250102000000_add_course",
    ]);
  });

  it("leaves nothing of a failing migration behind, records it with logs, stops, and refuses the next run", async () => {
    const url = await createEmptyDatabase();
    const migrationsDir = await writeMigrationsDir({
      "20250101000000_init": CREATE_LEARNER,
      "20250102000000_broken": 'CREATE TABLE "HalfDone" (id integer);\nINSERT INTO "Missing" VALUES (1);\n',
      "20250103000000_add_course": CREATE_COURSE,
    });

    const failure = applyMigrations({ connectionString: url, migrationsDir });
    await expect(failure).rejects.toThrow(MigrationError);
    await expect(failure).rejects.toThrow(/20250102000000_broken failed: relation "Missing" does not exist/);

    expect(await tableExists(url, 'public."Learner"')).toBe(true);
    expect(await tableExists(url, 'public."HalfDone"')).toBe(false);
    expect(await tableExists(url, 'public."Course"')).toBe(false);
    const rows = await readMigrationRows(url);
    expect(rows.map((row) => row.migration_name)).toEqual(["20250101000000_init", "20250102000000_broken"]);
    expect(rows[1]).toMatchObject({ finished_at: null, rolled_back_at: null, applied_steps_count: 0 });
    expect(rows[1]?.logs).toContain("Migration name: 20250102000000_broken");
    expect(rows[1]?.logs).toContain("Database error code: 42P01");
    expect(rows[1]?.logs).toContain('ERROR: relation "Missing" does not exist');

    await expect(applyMigrations({ connectionString: url, migrationsDir })).rejects.toThrow(
      /20250102000000_broken failed: .*--rolled-back 20250102000000_broken.*P3009/,
    );
  });

  it("also leaves nothing behind when the failing file has its own BEGIN and COMMIT, as Prisma writes for enums", async () => {
    const url = await createEmptyDatabase();
    const migrationsDir = await writeMigrationsDir({
      "20250101000000_enum_change":
        'BEGIN;\nCREATE TABLE "HalfDone" (id integer);\nINSERT INTO "Missing" VALUES (1);\nCOMMIT;\n',
    });

    await expect(applyMigrations({ connectionString: url, migrationsDir })).rejects.toThrow(MigrationError);

    expect(await tableExists(url, 'public."HalfDone"')).toBe(false);
    const [row] = await readMigrationRows(url);
    expect(row).toMatchObject({ migration_name: "20250101000000_enum_change", finished_at: null });
    expect(row?.logs).toContain('relation "Missing" does not exist');
  });

  it("rolls back a failed migration (--rolled-back) and then reapplies the fixed file", async () => {
    const url = await createEmptyDatabase();
    const name = "20250101000000_init";
    const migrationsDir = await writeMigrationsDir({ [name]: 'CREATE TABLE "Learner" (id integer PRIMARY KEY, );\n' });
    await expect(applyMigrations({ connectionString: url, migrationsDir })).rejects.toThrow(/syntax error/);

    await writeMigration(migrationsDir, name, CREATE_LEARNER);
    await rollBackMigration({ connectionString: url, migrationName: name });
    expect(await applyMigrations({ connectionString: url, migrationsDir })).toEqual({ applied: [name] });

    const rows = await readMigrationRows(url);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ migration_name: name, finished_at: null, applied_steps_count: 0 });
    expect(rows[0]?.rolled_back_at).toBeInstanceOf(Date);
    expect(rows[1]).toMatchObject({ migration_name: name, checksum: sha256Hex(CREATE_LEARNER), rolled_back_at: null });
    expect(rows[1]?.finished_at).toBeInstanceOf(Date);
    await expect(rollBackMigration({ connectionString: url, migrationName: name })).rejects.toThrow(
      /not in a failed state/,
    );
    await expect(rollBackMigration({ connectionString: url, migrationName: "20250109000000_unknown" })).rejects.toThrow(
      /never applied/,
    );
  });

  it("creates and uses the schema named by ?schema=", async () => {
    const url = await createEmptyDatabase();
    const migrationsDir = await writeMigrationsDir({
      "20250101000000_init": CREATE_LEARNER,
      "20250102000000_add_course": CREATE_COURSE + CREATE_LESSON,
    });

    await applyMigrations({ connectionString: `${url}?schema=other`, migrationsDir });

    expect(await tableExists(url, 'other."Learner"')).toBe(true);
    expect(await tableExists(url, 'other."Lesson"')).toBe(true);
    expect(await readMigrationRows(url, "other")).toHaveLength(2);
    expect(await queryAt(url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).toEqual([]);
    expect(await applyMigrations({ connectionString: `${url}?schema=other`, migrationsDir })).toEqual({ applied: [] });
  });

  it("refuses a database that has tables but no _prisma_migrations (P3005)", async () => {
    const url = await createEmptyDatabase();
    await queryAt(url, "CREATE TABLE legacy_learners (id integer)");
    const migrationsDir = await writeMigrationsDir({ "20250101000000_init": CREATE_LEARNER });

    await expect(applyMigrations({ connectionString: url, migrationsDir })).rejects.toThrow(
      /already has tables \(legacy_learners\) but no _prisma_migrations.*P3005/,
    );
    expect(await tableExists(url, "public._prisma_migrations")).toBe(false);
    expect(await tableExists(url, 'public."Learner"')).toBe(false);
  });

  it("refuses migrations whose migration_lock.toml names another provider (P3019)", async () => {
    const url = await createEmptyDatabase();
    const migrationsDir = await writeMigrationsDir({ "20250101000000_init": CREATE_LEARNER }, "mysql");

    await expect(applyMigrations({ connectionString: url, migrationsDir })).rejects.toThrow(/provider mysql.*P3019/);
  });

  it("serialises two concurrent runs: both succeed and each migration is applied once", async () => {
    const url = await createEmptyDatabase();
    const migrationsDir = await writeMigrationsDir({
      "20250101000000_init": `SELECT pg_sleep(0.5);\n${CREATE_LEARNER}`,
      "20250102000000_add_course": CREATE_COURSE,
    });

    const runs = await Promise.all([
      applyMigrations({ connectionString: url, migrationsDir }),
      applyMigrations({ connectionString: url, migrationsDir }),
    ]);

    expect(runs.flatMap((run) => run.applied).sort()).toEqual(["20250101000000_init", "20250102000000_add_course"]);
    expect(await readMigrationRows(url)).toHaveLength(2);
  });

  it("gives up after 10 s while another session holds the migrate lock", { timeout: 30_000 }, async () => {
    const url = await createEmptyDatabase();
    const migrationsDir = await writeMigrationsDir({ "20250101000000_init": CREATE_LEARNER });
    const lockHolder = new pg.Client({ connectionString: url });
    await lockHolder.connect();
    try {
      await lockHolder.query("SELECT pg_advisory_lock(72707369)");
      const startedAt = Date.now();
      await expect(applyMigrations({ connectionString: url, migrationsDir })).rejects.toThrow(
        /Timed out after 10 s waiting for another migration run/,
      );
      expect(Date.now() - startedAt).toBeGreaterThanOrEqual(9_500);
    } finally {
      await lockHolder.end();
    }
    expect(await tableExists(url, 'public."Learner"')).toBe(false);
  });

  it("applies the project's own prisma/migrations to an empty database", async () => {
    const url = await createEmptyDatabase();
    const projectMigrations = (await readdir(PROJECT_MIGRATIONS_DIR, { withFileTypes: true }))
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();

    const { applied } = await applyMigrations({ connectionString: url });

    expect(projectMigrations.length).toBeGreaterThan(0);
    expect(applied).toEqual(projectMigrations);
    for (const table of ["User", "Session", "Course", "Lesson", "Enrollment", "LessonProgress", "Certificate"]) {
      expect(await tableExists(url, `public."${table}"`), table).toBe(true);
    }
  });
});

describe("npm run db:migrate", () => {
  const runCli = async (databaseUrl: string) => {
    const tsx = path.join(PROJECT_ROOT, "node_modules", ".bin", "tsx");
    const env = { ...process.env, DATABASE_URL: databaseUrl };
    try {
      const { stdout, stderr } = await promisify(execFile)(tsx, ["prisma/tools/migrate.ts"], {
        cwd: PROJECT_ROOT,
        env,
      });
      return { exitCode: 0, stdout, stderr };
    } catch (error) {
      const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
      return { exitCode: code, stdout, stderr };
    }
  };

  it("prints one line per applied migration, then that nothing is pending", async () => {
    const url = await createEmptyDatabase();

    const firstRun = await runCli(url);
    const secondRun = await runCli(url);

    expect(firstRun.exitCode).toBe(0);
    const appliedLines = firstRun.stdout.trim().split("\n");
    expect(appliedLines.length).toBeGreaterThan(0);
    for (const line of appliedLines) expect(line).toMatch(/^Applied \d{14}_\w+$/);
    expect(secondRun).toEqual({ exitCode: 0, stdout: "No pending migrations\n", stderr: "" });
  });

  it("prints one line without a stack trace and exits 1 when it refuses", async () => {
    const url = await createEmptyDatabase();
    await queryAt(url, "CREATE TABLE legacy_learners (id integer)");

    const run = await runCli(url);

    expect(run.exitCode).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^db:migrate: Schema "public" already has tables \(legacy_learners\)[^\n]*\n$/);
  });
});
