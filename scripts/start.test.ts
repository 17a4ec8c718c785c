// Bad configuration stops `npm start` with one line naming the cause and a non-zero exit code.
import net from "node:net";
import { expect, test } from "vitest";
import { runScript } from "../tests/factories/processes";
import { findFreePort } from "./free-port";

function runStart(env: Record<string, string>) {
  return runScript("scripts/start.ts", { env });
}

function expectOneLine(stderr: string, message: RegExp) {
  expect(stderr.split("\n")).toHaveLength(1);
  expect(stderr).toMatch(message);
  expect(stderr).not.toMatch(/\n\s+at /);
}

test("a malformed DATABASE_URL", async () => {
  const result = await runStart({ DATABASE_URL: "localhost:5432/bitgoeul", PORT: String(await findFreePort()) });
  expect(result.code).toBe(1);
  expectOneLine(result.stderr, /^\[bitgoeul\] Invalid DATABASE_URL: must look like postgresql:\/\//);
});

test("an unreachable database", async () => {
  const deadPort = await findFreePort();
  const result = await runStart({
    DATABASE_URL: `postgresql://app:secret@127.0.0.1:${deadPort}/bitgoeul`,
    PORT: String(await findFreePort()),
  });
  expect(result.code).toBe(1);
  expectOneLine(
    result.stderr,
    new RegExp(`^\\[bitgoeul\\] Cannot reach the database at 127\\.0\\.0\\.1:${deadPort}/bitgoeul`),
  );
  expect(result.stderr).not.toContain("secret");
});

test("a web port already in use, with the embedded database (no DATABASE_URL)", async () => {
  const blocker = net.createServer();
  const port = await findFreePort();
  await new Promise<void>((resolve) => blocker.listen(port, "0.0.0.0", resolve));
  try {
    // Also proves start-up loads nothing that needs DATABASE_URL before the database is ready.
    const result = await runStart({ PORT: String(port), DATABASE_URL: "" });
    expect(result.code).toBe(1);
    expectOneLine(result.stderr, new RegExp(`^\\[bitgoeul\\] Port ${port} is already in use`));
  } finally {
    blocker.close();
  }
});

test("a web port already in use", async () => {
  const blocker = net.createServer();
  const port = await findFreePort();
  await new Promise<void>((resolve) => blocker.listen(port, "0.0.0.0", resolve));
  try {
    const result = await runStart({ PORT: String(port) });
    expect(result.code).toBe(1);
    expectOneLine(result.stderr, new RegExp(`^\\[bitgoeul\\] Port ${port} is already in use`));
  } finally {
    blocker.close();
  }
});
