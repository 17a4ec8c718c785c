import { expect, test } from "vitest";
import { resources } from "~/lib/i18n";
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
