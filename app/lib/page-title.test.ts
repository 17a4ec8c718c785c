import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { pageTitle } from "~/lib/page-title";

const rootIn = (language: string) => [{ id: "root", data: { language } }];

describe("pageTitle", () => {
  test("names the page in the reader's language, the record's names first", () => {
    expect(pageTitle(rootIn("ko"), { page: "overview", area: "admin" })).toEqual({ title: "운영 현황 · 빛고을 관리" });
    expect(pageTitle(rootIn("en"), { page: "overview", area: "admin" })).toEqual({
      title: "Overview · Bitgoeul admin",
    });
    expect(pageTitle(rootIn("ko"), { page: "grades", names: ["AI101 머신러닝 입문"] })).toEqual({
      title: "AI101 머신러닝 입문 · 내 성적 · 빛고을",
    });
    expect(pageTitle(rootIn("en"), { page: "outline", area: "studio" })).toEqual({
      title: "Outline · Bitgoeul studio",
    });
  });

  test("leaves out names a failed loader could not give, and falls back to Korean without a root", () => {
    expect(pageTitle(rootIn("en"), { page: "cohort", area: "admin", names: [undefined, null] })).toEqual({
      title: "Cohort · Bitgoeul admin",
    });
    expect(pageTitle([], { page: "logIn" })).toEqual({ title: "로그인 · 빛고을" });
  });
});

// A title typed into `meta` is in one language only; every page goes through pageTitle instead.
describe("every page's meta", () => {
  const routesDir = path.join(import.meta.dirname, "..", "routes");
  const pages = readdirSync(routesDir)
    .filter((file) => file.endsWith(".tsx"))
    .map((file) => ({ file, source: readFileSync(path.join(routesDir, file), "utf8") }))
    .filter(({ source }) => source.includes("export default"));

  test.each(pages)("$file titles itself through pageTitle", ({ source }) => {
    // Layouts render their child's page, whose meta names it.
    if (/<Outlet\b/.test(source) && !/export const meta/.test(source)) return;
    const meta = /export const meta[\s\S]*?\n?\];\n/.exec(source)?.[0];
    expect(meta, "exports a meta function").toBeDefined();
    expect(meta).toContain("pageTitle(matches");
    expect(meta).not.toMatch(/\btitle:/);
  });
});
