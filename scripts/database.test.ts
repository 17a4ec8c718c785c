// The embedded database's demo accounts: passwords generated on the first start and kept for the
// owner only; a copy seeded by the first release, whose passwords README published, gets new ones.
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, unlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { isCommonPassword } from "../app/auth/password-policy.server";
import { hashPassword, verifyPasswordHash } from "../app/auth/password.server";
import { createPrismaClient } from "../app/lib/prisma-client.server";
import { DEMO_ACCOUNTS } from "../prisma/seed";
import { prepareDatabase, type PreparedDatabase } from "./database";
import { findFreePort } from "./free-port";

let workDir: string;
let passwordsFile: string;
let port: number;

beforeAll(async () => {
  workDir = mkdtempSync(path.join(tmpdir(), "bitgoeul-demo-"));
  // PostgreSQL runs as the unprivileged `postgres` user when we are root: it must reach the folder.
  chmodSync(workDir, 0o755);
  passwordsFile = path.join(workDir, "demo-accounts.txt");
  port = await findFreePort();
});

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

async function withDatabase<T>(use: (database: PreparedDatabase) => Promise<T>) {
  const database = await prepareDatabase({
    embeddedPort: port,
    embeddedDataDir: path.join(workDir, "postgres"),
    demoPasswordsFile: passwordsFile,
    log: () => {},
  });
  try {
    return await use(database);
  } finally {
    await database.stop();
  }
}

async function passwordWorks(url: string, email: string, password: string) {
  const db = createPrismaClient(url);
  try {
    const user = await db.user.findUniqueOrThrow({ where: { email }, select: { passwordHash: true } });
    return verifyPasswordHash(user.passwordHash ?? "", password);
  } finally {
    await db.$disconnect();
  }
}

test("the first start makes each demo account a password of its own, kept where only the owner reads it", async () => {
  const first = await withDatabase(async (database) => {
    const passwords = database.demoPasswords?.passwords;
    expect(database.demoPasswords?.isNew).toBe(true);
    for (const account of DEMO_ACCOUNTS) {
      const password = passwords?.get(account.email) ?? "";
      expect(password).toMatch(/^[2-9a-hjkmnp-z]{4}(-[2-9a-hjkmnp-z]{4}){3}$/);
      expect(isCommonPassword(password)).toBe(false);
      expect(await passwordWorks(database.url, account.email, password)).toBe(true);
    }
    expect(new Set(passwords?.values()).size).toBe(DEMO_ACCOUNTS.length);
    return passwords;
  });
  expect(statSync(passwordsFile).mode & 0o777).toBe(0o600);
  const kept = readFileSync(passwordsFile, "utf8");
  for (const account of DEMO_ACCOUNTS) expect(kept).toContain(first?.get(account.email));

  // The next start keeps them and does not show them again.
  await withDatabase(async (database) => {
    expect(database.demoPasswords?.isNew).toBe(false);
    expect(database.demoPasswords?.passwords).toEqual(first);
  });
});

test("a copy seeded with README's published passwords gets new ones; a password its owner changed stays", async () => {
  const admin = "admin@bitgoeul.example";
  const learner = "learner@bitgoeul.example";
  await withDatabase(async (database) => {
    const db = createPrismaClient(database.url);
    try {
      await db.user.update({
        where: { email: admin },
        data: { passwordHash: await hashPassword("bitgoeul-admin-demo") },
      });
      await db.user.update({
        where: { email: learner },
        data: { passwordHash: await hashPassword("my own choice 2026") },
      });
    } finally {
      await db.$disconnect();
    }
  });
  unlinkSync(passwordsFile);

  await withDatabase(async (database) => {
    const fresh = database.demoPasswords?.passwords.get(admin) ?? "";
    expect(database.demoPasswords?.isNew).toBe(true);
    expect(await passwordWorks(database.url, admin, "bitgoeul-admin-demo")).toBe(false);
    expect(await passwordWorks(database.url, admin, fresh)).toBe(true);
    expect(await passwordWorks(database.url, learner, "my own choice 2026")).toBe(true);
  });
  expect(existsSync(passwordsFile)).toBe(true);
});
