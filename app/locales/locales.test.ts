import { expect, test } from "vitest";
import { resources } from "~/lib/i18n";

// Korean has no plural forms, so `_one`/`_other` variants collapse to one key for comparison.
function keysOf(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null) return [prefix.replace(/_(zero|one|two|few|many|other)$/, "")];
  return Object.entries(value).flatMap(([key, child]) => keysOf(child, prefix ? `${prefix}.${key}` : key));
}

test("Korean and English translations have the same keys", () => {
  const korean = new Set(keysOf(resources.ko.common));
  const english = new Set(keysOf(resources.en.common));
  expect([...korean].filter((key) => !english.has(key))).toEqual([]);
  expect([...english].filter((key) => !korean.has(key))).toEqual([]);
});

test("no translation is empty", () => {
  for (const language of ["ko", "en"] as const) {
    const empty = Object.entries(flatten(resources[language].common)).filter(([, text]) => text.trim() === "");
    expect(empty).toEqual([]);
  }
});

function flatten(value: unknown, prefix = ""): Record<string, string> {
  if (typeof value === "string") return { [prefix]: value };
  return Object.assign(
    {},
    ...Object.entries(value as object).map(([key, child]) => flatten(child, prefix ? `${prefix}.${key}` : key)),
  );
}
