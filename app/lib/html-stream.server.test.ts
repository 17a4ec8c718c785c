import { PassThrough, type Writable } from "node:stream";
import { text } from "node:stream/consumers";
import { createElement } from "react";
import { renderToPipeableStream } from "react-dom/server";
import { describe, expect, test } from "vitest";
import { createPageCollector } from "./html-stream.server";

// Korean text long enough to cross several of React's 2 KB buffers, shifted by one byte per line so
// that some three-byte character lands on a buffer's last one or two bytes.
const lines = Array.from({ length: 12 }, (_, shift) => `${"a".repeat(shift)}${"광주 인공지능 사관학교 ".repeat(40)}`);

function renderInto(destination: Writable) {
  const page = createElement("main", null, ...lines.map((line, index) => createElement("p", { key: index }, line)));
  const { pipe } = renderToPipeableStream(page, { onAllReady: () => pipe(destination) });
}

describe("createPageCollector", () => {
  test("React 18.3 pads its stream with NUL bytes inside Korean text (why NULs are dropped)", async () => {
    const stream = new PassThrough();
    const html = text(stream);
    renderInto(stream);
    expect(await html).toContain("\u0000");
  });

  test("collects the page in one buffer, every character whole", async () => {
    const { destination, page } = createPageCollector();
    renderInto(destination);
    const html = new TextDecoder().decode(await page);
    expect(html).not.toContain("\u0000");
    expect(html).not.toContain("\uFFFD");
    for (const line of lines) expect(html).toContain(`<p>${line}</p>`);
  });
});
