import { expect, test } from "vitest";
import { EnvError, parseEnv } from "~/lib/env.server";

test("defaults apply when nothing is set", () => {
  const env = parseEnv({});
  expect(env).toMatchObject({ PORT: 3000, EMBEDDED_PG_PORT: 5433, HOST: "0.0.0.0" });
  expect(env.DATABASE_URL).toBeUndefined();
});

test("an empty variable counts as unset", () => {
  const env = parseEnv({ DATABASE_URL: "", PORT: "" });
  expect(env.PORT).toBe(3000);
  expect(env.DATABASE_URL).toBeUndefined();
});

test("accepts postgres and postgresql URLs", () => {
  expect(parseEnv({ DATABASE_URL: "postgres://u:p@db.internal:5432/app?schema=x" }).DATABASE_URL).toBe(
    "postgres://u:p@db.internal:5432/app?schema=x",
  );
});

test.each([
  ["DATABASE_URL", "not a url", /Invalid DATABASE_URL: must look like postgresql:\/\//],
  ["DATABASE_URL", "mysql://u@h/db", /Invalid DATABASE_URL/],
  ["PORT", "70000", /Invalid PORT/],
  ["EMBEDDED_PG_PORT", "abc", /Invalid EMBEDDED_PG_PORT/],
])("rejects %s=%s with one readable line", (key, value, message) => {
  expect(() => parseEnv({ [key]: value })).toThrow(EnvError);
  expect(() => parseEnv({ [key]: value })).toThrow(message);
});
