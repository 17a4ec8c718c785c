// The first administrator on a real database: `npm run user:create` against DATABASE_URL.
import { expect, test } from "vitest";
import { verifyPasswordHash } from "../app/auth/password.server";
import { prisma } from "../app/lib/db.server";
import { uniqueSuffix } from "../tests/factories";
import { runScript } from "../tests/factories/processes";

function runCreateUser(args: string[]) {
  return runScript("scripts/create-user.ts", { args, env: { APP_ORIGIN: "http://lms.campus:3000" } });
}

test("creates an administrator with a generated password, shown once, and records it", async () => {
  const email = `First.Admin-${uniqueSuffix()}@Campus.example`;
  const result = await runCreateUser(["--email", email, "--name", "김관리", "--role", "admin"]);

  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  const password = /Password \(shown this once\): (\S+)/.exec(result.stdout)?.[1] ?? "";
  expect(password).toMatch(/^[2-9a-hjkmnp-z]{4}(-[2-9a-hjkmnp-z]{4}){3}$/);
  expect(result.stdout).toContain("http://lms.campus:3000/login");

  const user = await prisma.user.findUniqueOrThrow({ where: { email: email.toLowerCase() } });
  expect(user).toMatchObject({ name: "김관리", role: "ADMIN", locale: "ko", email: email.toLowerCase() });
  expect(await verifyPasswordHash(user.passwordHash ?? "", password)).toBe(true);
  const audit = await prisma.auditLog.findFirstOrThrow({ where: { entityId: user.id } });
  expect(audit).toMatchObject({ action: "user.created-from-command-line", actorId: null, data: { role: "ADMIN" } });
});

test("refuses an email that already has an account, with one line, and changes nothing", async () => {
  const email = `taken-${uniqueSuffix()}@campus.example`;
  expect((await runCreateUser(["--email", email, "--name", "First"])).code).toBe(0);
  const before = await prisma.user.findUniqueOrThrow({ where: { email } });

  const result = await runCreateUser(["--email", email, "--name", "Second", "--role", "ADMIN"]);

  expect(result.code).toBe(1);
  expect(result.stderr).toBe(
    `[bitgoeul] ${email} already has an account; an admin can change its role at /admin/users.`,
  );
  expect(await prisma.user.findUniqueOrThrow({ where: { email } })).toEqual(before);
});

test.each([
  [["--email", "not-an-email", "--name", "X"], /^\[bitgoeul\] --email is not a valid email address\. Usage:/],
  [["--email", "a@campus.example"], /^\[bitgoeul\] --name is required\. Usage:/],
  [
    ["--email", "a@campus.example", "--name", "X", "--role", "OWNER"],
    /^\[bitgoeul\] --role must be LEARNER, INSTRUCTOR or ADMIN\. Usage:/,
  ],
  [["--email", "a@campus.example", "--name", "X", "--admin"], /^\[bitgoeul\] Unknown option '--admin'.*Usage:/],
])("refuses %j with one line and exit 1", async (args, message) => {
  const result = await runCreateUser(args);
  expect(result.code).toBe(1);
  expect(result.stderr.split("\n")).toHaveLength(1);
  expect(result.stderr).toMatch(message);
  expect(await prisma.user.count({ where: { email: "a@campus.example" } })).toBe(0);
});
