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
  ["APP_ORIGIN", "lms.campus:3000", /Invalid APP_ORIGIN: must be an origin/],
  ["APP_ORIGIN", "https://learn.example/lms", /Invalid APP_ORIGIN: must be an origin/],
  ["APP_ORIGIN", "ftp://learn.example", /Invalid APP_ORIGIN/],
  ["TRUST_PROXY", "true", /Invalid TRUST_PROXY: must be a hop count/],
  ["TRUST_PROXY", "10.0.0.300", /Invalid TRUST_PROXY/],
  ["TRUST_PROXY", "10.0.0.0/33", /Invalid TRUST_PROXY/],
  ["TRUST_PROXY", "proxy.campus", /Invalid TRUST_PROXY/],
  ["APP_TIME_ZONE", "Asia/Gwangju", /Invalid APP_TIME_ZONE: must be an IANA time zone/],
  ["APP_TIME_ZONE", "+09:00", /Invalid APP_TIME_ZONE/],
])("rejects %s=%s with one readable line", (key, value, message) => {
  expect(() => parseEnv({ [key]: value })).toThrow(EnvError);
  expect(() => parseEnv({ [key]: value })).toThrow(message);
});

test("APP_TIME_ZONE is Asia/Seoul unless set to another IANA zone", () => {
  expect(parseEnv({}).APP_TIME_ZONE).toBe("Asia/Seoul");
  expect(parseEnv({ APP_TIME_ZONE: "America/New_York" }).APP_TIME_ZONE).toBe("America/New_York");
});

test("APP_ORIGIN is kept as a bare origin", () => {
  expect(parseEnv({ APP_ORIGIN: "https://learn.bitgoeul.example/" }).APP_ORIGIN).toBe("https://learn.bitgoeul.example");
  expect(parseEnv({ APP_ORIGIN: "http://LMS.campus:3000" }).APP_ORIGIN).toBe("http://lms.campus:3000");
});

test.each([
  [undefined, false],
  ["false", false],
  ["0", false],
  ["1", 1],
  ["2", 2],
  ["10.0.0.5", ["10.0.0.5"]],
  ["10.0.0.0/8, loopback", ["10.0.0.0/8", "loopback"]],
  ["fd00::/8,uniquelocal", ["fd00::/8", "uniquelocal"]],
])("TRUST_PROXY=%s is Express's trust proxy %j", (value, expected) => {
  expect(parseEnv(value === undefined ? {} : { TRUST_PROXY: value }).TRUST_PROXY).toEqual(expected);
});
