import { expect, test } from "vitest";
import { resources } from "~/lib/i18n-resources.server";
import type { RefusalTable } from "~/lib/refusal.server";

// Every refusal table that models and auth export (by the *_REFUSALS naming convention), so a new
// reason without a message in both languages fails here without anyone listing it.
const modules = import.meta.glob<Record<string, unknown>>(["../models/*.server.ts", "../auth/*.server.ts"], {
  eager: true,
});
const tables = Object.entries(modules).flatMap(([file, exports]) =>
  Object.entries(exports)
    .filter(([name]) => name.endsWith("_REFUSALS"))
    .map(([name, table]) => [`${file.replace("../", "")} ${name}`, table as RefusalTable] as const),
);
const reasons = tables.flatMap(([table, entries]) =>
  Object.entries(entries).map(([reason, spec]) => [`${table}.${reason}`, spec] as const),
);

function lookUp(tree: unknown, key: string) {
  return key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], tree);
}

test("the refusal tables are found", () => {
  expect(tables.length).toBeGreaterThanOrEqual(8);
});

test.each(reasons)("%s has a message in Korean and English, and a 4xx status", (_reason, spec) => {
  expect(typeof lookUp(resources.ko.common, spec.messageKey)).toBe("string");
  expect(typeof lookUp(resources.en.common, spec.messageKey)).toBe("string");
  expect(spec.status).toBeGreaterThanOrEqual(400);
  expect(spec.status).toBeLessThan(500);
});
