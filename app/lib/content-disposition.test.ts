import { expect, test } from "vitest";
import { contentDisposition } from "~/lib/content-disposition";

test.each([
  [
    "1주차 슬라이드.pdf",
    `attachment; filename="1_ _.pdf"; filename*=UTF-8''1%EC%A3%BC%EC%B0%A8%20%EC%8A%AC%EB%9D%BC%EC%9D%B4%EB%93%9C.pdf`,
  ],
  ["슬라이드.pdf", `attachment; filename="download.pdf"; filename*=UTF-8''%EC%8A%AC%EB%9D%BC%EC%9D%B4%EB%93%9C.pdf`],
  [
    "résumé (final).pdf",
    `attachment; filename="resume (final).pdf"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%28final%29.pdf`,
  ],
  ['a"b\\c%41.txt', `attachment; filename="a_b_c_41.txt"; filename*=UTF-8''a%22b%5Cc%2541.txt`],
])("%s keeps its name in filename* and an ASCII stand-in in filename", (fileName, header) => {
  expect(contentDisposition(fileName)).toBe(header);
});

test("no name can end the header or add another", () => {
  const header = contentDisposition("x\r\nSet-Cookie: a=b;\u2028.pdf");
  expect(header).not.toMatch(/[\r\n\u2028]/);
  expect(header).toMatch(/^attachment; filename="x_Set-Cookie: a=b;_.pdf"; filename\*=UTF-8''[A-Za-z0-9%._~!-]+$/);
  expect(contentDisposition("cover.png", { type: "inline" })).toBe(
    `inline; filename="cover.png"; filename*=UTF-8''cover.png`,
  );
});
