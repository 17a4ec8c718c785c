import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { createInstance } from "i18next";
import { resources, serverI18nOptions } from "~/lib/i18n-resources.server";
import enMail from "~/locales/en/mail.json";
import koMail from "~/locales/ko/mail.json";

// Korean has no plural forms, so `_one`/`_other` variants collapse to one key for comparison.
function keysOf(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null) return [prefix.replace(/_(zero|one|two|few|many|other)$/, "")];
  return Object.entries(value).flatMap(([key, child]) => keysOf(child, prefix ? `${prefix}.${key}` : key));
}

// Mail is translated on the server only, so it is not among the browser's resources.
const namespaces = {
  common: { ko: resources.ko.common, en: resources.en.common },
  mail: { ko: koMail, en: enMail },
};

test.each(Object.entries(namespaces))("Korean and English %s translations have the same keys", (_name, files) => {
  const korean = new Set(keysOf(files.ko));
  const english = new Set(keysOf(files.en));
  expect([...korean].filter((key) => !english.has(key))).toEqual([]);
  expect([...english].filter((key) => !korean.has(key))).toEqual([]);
});

test("no translation is empty", () => {
  for (const files of Object.values(namespaces)) {
    for (const language of ["ko", "en"] as const) {
      const empty = Object.entries(flatten(files[language])).filter(([, text]) => text.trim() === "");
      expect(empty).toEqual([]);
    }
  }
});

function flatten(value: unknown, prefix = ""): Record<string, string> {
  if (typeof value === "string") return { [prefix]: value };
  return Object.assign(
    {},
    ...Object.entries(value as object).map(([key, child]) => flatten(child, prefix ? `${prefix}.${key}` : key)),
  );
}

// ── Keys the code uses exist ──
// A static scan of the places a literal key is written: `t("a.b")` and `i18nKey="a.b"`, a schema's message
// (`message: "…"`, `.max(100, "…")`) and a `…Key: "…"` property (a refusal's messageKey). Keys built at
// run time (t(`season.${x}`)) are left to the tests of the code that builds them.
const appDir = path.join(import.meta.dirname, "..");
const KEY = String.raw`((?:mail:)?[a-zA-Z][\w-]*(?:\.[\w-]+)+)`;
const keyUses = [
  new RegExp(String.raw`\bt\(\s*["']${KEY}["']`, "g"),
  new RegExp(String.raw`i18nKey=["']${KEY}["']`, "g"),
  new RegExp(String.raw`\b(?:message|\w*Key):\s*["']${KEY}["']`, "g"),
  new RegExp(
    String.raw`\.(?:min|max|length|regex|email|url|refine|superRefine|int|positive|nonnegative)\([^()]*?,\s*["']${KEY}["']\s*\)`,
    "g",
  ),
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" || entry.name === "locales" ? [] : sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

function hasKey(tree: unknown, key: string): boolean {
  const parts = key.split(".");
  const last = parts.pop() ?? "";
  const parent = parts.reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], tree);
  if (typeof parent !== "object" || parent === null) return false;
  return [last, `${last}_one`, `${last}_other`].some(
    (name) => typeof (parent as Record<string, unknown>)[name] === "string",
  );
}

test("every literal key the code uses exists in both languages", () => {
  const missing: string[] = [];
  let checked = 0;
  for (const file of sourceFiles(appDir)) {
    const source = readFileSync(file, "utf8");
    for (const pattern of keyUses) {
      for (const [, key = ""] of source.matchAll(pattern)) {
        checked += 1;
        const name = key.replace(/^mail:/, "");
        const found = (["ko", "en"] as const).every(
          (language) => hasKey(namespaces.common[language], name) || hasKey(namespaces.mail[language], name),
        );
        if (!found) missing.push(`${path.relative(appDir, file)}: ${key}`);
      }
    }
  }
  expect(checked).toBeGreaterThan(1000);
  expect(missing).toEqual([]);
});

// Counts print as the reader writes numbers ("12,345명"); a bare {{count}} would print "12345".
test("every count is formatted as a number in the reader's language", async () => {
  for (const files of Object.values(namespaces)) {
    for (const language of ["ko", "en"] as const) {
      const bare = Object.entries(flatten(files[language])).filter(([, text]) => text.includes("{{count}}"));
      expect(bare).toEqual([]);
    }
  }
  const i18n = createInstance();
  await i18n.init({ ...serverI18nOptions, lng: "ko" });
  expect(i18n.t("program.memberCount", { count: 12345 })).toBe("학습자 12,345명");
  expect(i18n.t("program.memberCount", { count: 12345, lng: "en" })).toBe("12,345 learners");
});
