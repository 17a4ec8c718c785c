import { expect, test } from "vitest";
import { answerInReadersWords } from "~/lib/i18n.server";

function requestIn(language: string) {
  return new Request("http://localhost/teach/x/gradebook/export?format=pdf", {
    headers: { "Accept-Language": language },
  });
}

test("a download's error is answered in the reader's language, not in English or as a key", async () => {
  const unknownFormat = await answerInReadersWords(requestIn("ko-KR"), async () => {
    throw new Response("Unknown format", { status: 400 });
  });
  expect(unknownFormat.status).toBe(400);
  expect(unknownFormat.headers.get("Content-Type")).toBe("text/plain; charset=utf-8");
  expect(await unknownFormat.text()).toContain("요청을 읽을 수 없습니다");

  // A refusal's body is one of our keys: its own message, in English for an English reader.
  const refused = await answerInReadersWords(requestIn("en-US"), async () => {
    throw new Response("validation.required", { status: 403 });
  });
  expect(await refused.text()).toBe("Not allowed\n\nThis field is required.\n");
});

test("answers and redirects pass through untouched", async () => {
  const ok = await answerInReadersWords(requestIn("en"), async () => new Response("a,b\n1,2\n"));
  expect(await ok.text()).toBe("a,b\n1,2\n");
  const redirect = answerInReadersWords(requestIn("en"), async () => {
    throw new Response(null, { status: 302, headers: { Location: "/login" } });
  });
  await expect(redirect).rejects.toMatchObject({ status: 302 });
});
