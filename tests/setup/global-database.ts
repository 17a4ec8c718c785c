// Vitest global setup: one PostgreSQL server for the run and a template database with every
// migration applied. Each test file then gets its own copy of the template (test-database.ts).
import type { TestProject } from "vitest/node";
import { applyMigrations } from "../../prisma/tools/migrate";
import { createDatabase, dropDatabase, runAdminQuery, startThrowawayPostgres } from "../../scripts/throwaway-postgres";

declare module "vitest" {
  export interface ProvidedContext {
    /** A database on the test server from which tests may CREATE and DROP databases. */
    postgresAdminUrl: string;
    /** Prefix for this run's database names, so parallel runs on one server do not collide. */
    testDatabasePrefix: string;
    /** The migrated database that each test file's database is copied from. */
    templateDatabase: string;
  }
}

export default async function setup(project: TestProject) {
  const server = await startThrowawayPostgres("test");
  const prefix = `bitgoeul_test_${process.pid}`;
  const template = `${prefix}_template`;
  await createDatabase(server.adminUrl, template);
  await applyMigrations({ connectionString: server.urlFor(template), log: () => {} });

  project.provide("postgresAdminUrl", server.adminUrl);
  project.provide("testDatabasePrefix", prefix);
  project.provide("templateDatabase", template);

  return async () => {
    const { rows } = await runAdminQuery(
      server.adminUrl,
      `SELECT datname FROM pg_database WHERE datname LIKE '${prefix}%'`,
    );
    for (const { datname } of rows as { datname: string }[]) await dropDatabase(server.adminUrl, datname);
    await server.stop();
  };
}
