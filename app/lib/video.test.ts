import { expect, test } from "vitest";
import { parseVideoUrl } from "~/lib/video";

test.each([
  ["https://www.youtube.com/watch?v=aircAruvnKk", "https://www.youtube-nocookie.com/embed/aircAruvnKk"],
  ["https://youtu.be/aircAruvnKk", "https://www.youtube-nocookie.com/embed/aircAruvnKk"],
  ["https://m.youtube.com/watch?v=IHZwWFHWa-w&t=30", "https://www.youtube-nocookie.com/embed/IHZwWFHWa-w"],
  ["https://www.youtube.com/embed/aircAruvnKk", "https://www.youtube-nocookie.com/embed/aircAruvnKk"],
  ["https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871?dnt=1"],
])("%s embeds as %s", (input, src) => {
  expect(parseVideoUrl(input)).toMatchObject({ kind: "embed", src });
});

test("a direct mp4 plays in a video element", () => {
  expect(parseVideoUrl("https://media.bitgoeul.example/lessons/intro.mp4")).toEqual({
    kind: "file",
    src: "https://media.bitgoeul.example/lessons/intro.mp4",
  });
});

test.each([
  "javascript:alert(1)",
  "not a url",
  "https://example.com/page",
  "https://www.youtube.com/watch?v=bad",
  null,
])("%s is not a playable video", (input) => {
  expect(parseVideoUrl(input)).toBeNull();
});
