import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { describeCoursePackageIssue } from "./course-package";
import { readCoursePackage } from "./course-package.server";

const DEMO_COURSES = path.resolve(import.meta.dirname, "../../prisma/seed-data/courses");
const scratch = mkdtempSync(path.join(tmpdir(), "bitgoeul-course-package-"));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A folder holding `files` (path → text) under the scratch folder. */
function writeFolder(name: string, files: Record<string, string>) {
  const dir = path.join(scratch, name);
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

const COURSE_JSON = JSON.stringify({
  format: 1,
  slug: "nfd-course",
  code: "NFD1",
  title: "Files named on a Mac",
  summary: "Decomposed Hangul in file names.",
  level: "BEGINNER",
  language: "ko",
  modules: [
    {
      title: "One",
      lessons: [
        {
          slug: "intro",
          title: "Intro",
          kind: "ARTICLE",
          durationMinutes: 5,
          attachments: [{ file: "슬라이드.pdf", contentType: "application/pdf" }],
        },
      ],
    },
  ],
});

describe("readCoursePackage", () => {
  test("loads every demo course package, with LaTeX as an author writes it", async () => {
    const folders = readdirSync(DEMO_COURSES);
    expect(folders.length).toBeGreaterThan(0);
    for (const folder of folders) {
      const result = await readCoursePackage({ dir: path.join(DEMO_COURSES, folder) });
      expect(result.ok ? [] : result.issues.map(describeCoursePackageIssue), folder).toEqual([]);
    }

    const ai501 = await readCoursePackage({ dir: path.join(DEMO_COURSES, "ai501") });
    if (!ai501.ok) throw new Error("ai501 did not load");
    const linearRegression = ai501.coursePackage.modules[0]?.lessons.find(({ slug }) => slug === "linear-regression");
    expect(linearRegression?.markdown).toContain("$\\mathbf{x} \\in \\mathbb{R}^d$");
    expect(linearRegression?.markdown).toContain("```python");
  });

  test("names a file by the folder it is in and its path inside the package", async () => {
    const dir = writeFolder("broken", { "course.json": "{}", "description.md": "" });
    const result = await readCoursePackage({ dir });
    expect(result.ok ? [] : result.issues.map(describeCoursePackageIssue)).toContain(
      `${dir}/course.json, line 1: format: Expected 1: this Bitgoeul reads course packages of format 1`,
    );
  });

  test("names a folder inside the project from the working directory, and says when it is missing", async () => {
    const dir = path.join(DEMO_COURSES, "no-such-course");
    expect(await readCoursePackage({ dir })).toEqual({
      ok: false,
      issues: [{ file: "prisma/seed-data/courses/no-such-course", code: "noSuchFolder", message: "No such folder" }],
    });
  });

  test("finds an attachment whose name a Mac stored decomposed, and skips hidden files", async () => {
    const dir = writeFolder("nfd", {
      "course.json": COURSE_JSON,
      "description.md": "",
      "lessons/intro.md": "Hello",
      ".DS_Store": "",
      [`attachments/intro/${"슬라이드.pdf".normalize("NFD")}`]: "%PDF",
    });
    const result = await readCoursePackage({ dir });
    if (!result.ok) throw new Error(result.issues.map(describeCoursePackageIssue).join("\n"));
    expect(result.coursePackage.modules[0]?.lessons[0]?.attachments[0]?.fileName).toBe("슬라이드.pdf");
  });

  test("refuses a link, which could point anywhere on the server", async () => {
    const dir = writeFolder("link", { "course.json": COURSE_JSON, "description.md": "", "lessons/intro.md": "Hi" });
    mkdirSync(path.join(dir, "attachments/intro"), { recursive: true });
    symlinkSync("/etc/hostname", path.join(dir, "attachments/intro/슬라이드.pdf"));
    const result = await readCoursePackage({ dir });
    expect(result.ok ? [] : result.issues.map(describeCoursePackageIssue)).toEqual(
      expect.arrayContaining([`${dir}/attachments/intro/슬라이드.pdf: Not a plain file (a link or a device)`]),
    );
  });
});
