import { expect, test } from "vitest";
import { z } from "zod";
import { resources } from "~/lib/i18n-resources.server";
import "~/lib/zod-error-map";

function messagesOf(schema: z.ZodTypeAny, value: unknown) {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
}

function hasTranslation(key: string) {
  const path = key.split(".");
  return (["ko", "en"] as const).every((language) => {
    const value = path.reduce<unknown>(
      (node, part) => (node as Record<string, unknown> | undefined)?.[part],
      resources[language].common,
    );
    return typeof value === "string";
  });
}

test("a schema without messages of its own reports translation keys, not zod's English", () => {
  const cases: [z.ZodTypeAny, unknown, string][] = [
    [z.string(), undefined, "validation.required"],
    [z.string().min(1), "", "validation.required"],
    [z.string().max(3), "long", "validation.tooLong"],
    [z.string().min(5), "abc", "validation.tooShort"],
    [z.string().email(), "not-an-email", "validation.emailInvalid"],
    [z.number(), "abc", "validation.number"],
    [z.number().int(), 1.5, "validation.wholeNumber"],
    [z.number().min(1), 0, "validation.numberTooSmall"],
    [z.number().max(1), 2, "validation.numberTooLarge"],
    [z.enum(["a", "b"]), "c", "validation.required"],
    [z.coerce.date(), "31 Smarch", "validation.dateInvalid"],
    [z.array(z.string()).max(1), ["a", "b"], "validation.tooMany"],
  ];
  for (const [schema, value, key] of cases) {
    expect(messagesOf(schema, value)).toEqual([key]);
    expect(hasTranslation(key), key).toBe(true);
  }
});

test("a schema's own message still wins", () => {
  expect(messagesOf(z.string().min(1, "validation.nameTooLong"), "")).toEqual(["validation.nameTooLong"]);
});
