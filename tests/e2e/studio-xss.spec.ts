// Instructors' Markdown never runs script in a learner's browser. A corpus of payloads goes through
// the lesson editor as an instructor types it, and the real browser is watched for any sign of
// script: a dialog, a flag set by the payload, an event-handler attribute or a script URL in the DOM.
// The page's CSP would block much of this on its own, so the DOM checks hold the sanitizer to account.
import { expect, test, type Page } from "@playwright/test";
import { createPrismaClient } from "../../app/lib/prisma-client.server";
import { createCourse, createModuleWithLessons, createProgram, createUser } from "../factories";
import { addCourseInstructor } from "../factories/auth";
import { signIn } from "./sign-in";

const db = createPrismaClient(process.env.E2E_DATABASE_URL!);
test.afterAll(() => db.$disconnect());

/** Each tries to run `window.__xss = 1` or open a dialog. */
const PAYLOADS = [
  "<script>window.__xss = 1; alert('script')</script>",
  '<img src="x" onerror="window.__xss = 1; alert(\'onerror\')">',
  '<svg onload="alert(\'svg onload\')"><circle r="10" /></svg>',
  "<svg><script>alert('svg script')</script></svg>",
  '<svg><a xlink:href="javascript:alert(\'svg link\')"><text y="20">svg link</text></a></svg>',
  "[markdown link](javascript:alert('md link'))",
  "[mixed case](JaVaScRiPt:alert('mixed'))",
  "[entity](&#106;avascript:alert('entity'))",
  "[data url](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
  "![image](javascript:alert('img'))",
  "<a href=\"javascript:alert('html link')\">html link</a>",
  '<a href="data:text/html,<script>alert(1)</script>">data link</a>',
  "<iframe src=\"javascript:alert('iframe')\"></iframe>",
  '<object data="data:text/html,<script>alert(1)</script>"></object>',
  '<embed src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
  "<details open ontoggle=\"alert('ontoggle')\"><summary>details</summary></details>",
  "<input autofocus onfocus=\"alert('onfocus')\">",
  "<form action=\"javascript:alert('form')\"><button>form button</button></form>",
  "<math><mtext><table><mglyph><style><img src=x onerror=alert('mxss')></style></mglyph></table></mtext></math>",
  "<div style=\"background:url(javascript:alert('style'))\">styled</div>",
  "<<script>script>alert('nested')<</script>/script>",
  '<img src="x" onerror="alert(\'unclosed\')"',
  "<base href=\"javascript:alert('base')//\">",
  '<meta http-equiv="refresh" content="0;url=javascript:alert(\'meta\')">',
  "$\\href{javascript:alert('katex')}{math link}$",
  "```html\n<script>alert('in code')</script>\n```",
].join("\n\n");

/** What the rendered content holds that could run script, as the browser parsed it. */
async function scriptableParts(page: Page, selector: string) {
  return page.locator(selector).evaluate((root) => {
    const found: string[] = [];
    for (const element of root.querySelectorAll("*")) {
      const tag = element.tagName.toLowerCase();
      if (["script", "iframe", "object", "embed", "base", "meta", "form", "style"].includes(tag))
        found.push(`<${tag}>`);
      for (const attribute of element.attributes) {
        // Browsers ignore whitespace and control characters inside a URL's scheme.
        const value = [...attribute.value]
          .filter((character) => character.charCodeAt(0) > 0x20)
          .join("")
          .toLowerCase();
        if (attribute.name.startsWith("on")) found.push(`${tag}[${attribute.name}]`);
        if (/^(javascript|data|vbscript):/.test(value) && attribute.name !== "class") {
          found.push(`${tag}[${attribute.name}=${value.slice(0, 20)}]`);
        }
      }
    }
    return found;
  });
}

function watchForScript(page: Page) {
  const dialogs: string[] = [];
  page.on("dialog", async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  return dialogs;
}

test("XSS payloads typed into the lesson editor run nowhere: not in the preview, not for the learner", async ({
  browser,
}) => {
  const program = await createProgram(db);
  const course = await createCourse(db, { programId: program.id, title: "XSS 점검 과목" });
  await createModuleWithLessons(db, { courseId: course.id, lessons: [{ title: "위험한 내용" }] });
  const lesson = await db.lesson.findFirstOrThrow({ where: { courseId: course.id } });
  const instructor = await createUser(db, { role: "INSTRUCTOR" });
  await addCourseInstructor(db, { courseId: course.id, userId: instructor.id, role: "LEAD" });
  const learner = await createUser(db);
  await db.enrollment.create({
    data: { userId: learner.id, courseId: course.id, status: "ACTIVE", activatedAt: new Date() },
  });

  const instructorContext = await browser.newContext();
  await signIn(instructorContext, db, { userId: instructor.id });
  const editor = await instructorContext.newPage();
  const editorDialogs = watchForScript(editor);
  await editor.goto(`/teach/${course.id}/lessons/${lesson.id}`);
  await editor.getByLabel("레슨 내용").fill(PAYLOADS);
  await editor.getByRole("button", { name: "미리 보기" }).click();
  const preview = editor.getByRole("region", { name: "미리 보기" });
  await expect(preview).toContainText("markdown link");
  await expect(preview).toContainText("<script>alert('in code')</script>");
  expect(await scriptableParts(editor, "section[aria-labelledby=preview-heading] .prose-content")).toEqual([]);

  await editor.getByRole("button", { name: "레슨 저장" }).click();
  await expect(editor.getByText("저장했습니다.")).toBeVisible();
  expect(editorDialogs).toEqual([]);
  expect(await editor.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();

  const learnerContext = await browser.newContext();
  await signIn(learnerContext, db, { userId: learner.id });
  const page = await learnerContext.newPage();
  const learnerDialogs = watchForScript(page);
  await page.goto(`/courses/${course.slug}/lessons/${lesson.slug}`);
  await expect(page.getByRole("heading", { level: 1, name: "위험한 내용" })).toBeVisible();
  const content = "main .prose-content";
  await expect(page.locator(content)).toContainText("markdown link");
  expect(await scriptableParts(page, content)).toEqual([]);
  // Following every link and focusing every control the payloads left behind runs nothing either.
  for (const link of await page.locator(`${content} a`).all()) {
    await link.click();
    await expect(page).toHaveURL(new RegExp(`/lessons/${lesson.slug}`));
  }
  await page.keyboard.press("Tab");
  expect(learnerDialogs).toEqual([]);
  expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
  await instructorContext.close();
  await learnerContext.close();
});
