import { describe, expect, test } from "vitest";
import { loader } from "~/routes/healthz";
import { createPrismaClient } from "~/lib/prisma-client.server";
import { checkDatabase } from "~/lib/health.server";
import { findFreePort } from "../../scripts/free-port";

describe("/healthz", () => {
  test("answers 200 after a database round-trip", async () => {
    const response = await loader();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", database: "up" });
  });

  test("reports the database down when nothing answers", async () => {
    const unreachable = createPrismaClient(`postgresql://nobody:nothing@127.0.0.1:${await findFreePort()}/none`);
    try {
      expect(await checkDatabase(unreachable)).toBe(false);
    } finally {
      await unreachable.$disconnect();
    }
  });
});
