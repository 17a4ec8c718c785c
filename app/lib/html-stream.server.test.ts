import { PassThrough, type Duplex } from "node:stream";
import { text } from "node:stream/consumers";
import { createElement } from "react";
import { renderToPipeableStream } from "react-dom/server";
import { describe, expect, test } from "vitest";
import { createNulByteFilter } from "./html-stream.server";

// Korean text long enough to cross several of React's 2 KB buffers, shifted by one byte per line so
// that some three-byte character lands on a buffer's last one or two bytes.
const lines = Array.from({ length: 12 }, (_, shift) => `${"a".repeat(shift)}${"광주 인공지능 사관학교 ".repeat(40)}`);

function render(destination: Duplex) {
  const page = createElement("main", null, ...lines.map((line, index) => createElement("p", { key: index }, line)));
  const result = text(destination);
  const { pipe } = renderToPipeableStream(page, { onAllReady: () => pipe(destination) });
  return result;
}

describe("createNulByteFilter", () => {
  test("React 18.3 pads its stream with NUL bytes inside Korean text (why the filter exists)", async () => {
    expect(await render(new PassThrough())).toContain("\u0000");
  });

  test("the filtered stream is the page, every character whole", async () => {
    const html = await render(createNulByteFilter());
    expect(html).not.toContain("\u0000");
    expect(html).not.toContain("\uFFFD");
    for (const line of lines) expect(html).toContain(`<p>${line}</p>`);
  });
});
