import { expect, test } from "vitest";
import { FORM_REFUSALS } from "~/lib/form-refusal.server";
import { resources } from "~/lib/i18n";

function lookUp(tree: unknown, key: string) {
  return key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], tree);
}

test.each(Object.entries(FORM_REFUSALS))("the refusal %s has a message in Korean and English", (_reason, reply) => {
  expect(typeof lookUp(resources.ko.common, reply.messageKey)).toBe("string");
  expect(typeof lookUp(resources.en.common, reply.messageKey)).toBe("string");
});
