// The gradebook as browsers drive it, through the routes' loaders and actions with real requests: the
// exports open in Excel's terms (a CSV with a byte order mark, an XLSX exceljs reads back), a manual
// grade out of range is refused beside its field with nothing stored, a confirmed letter changes only
// with a reason that lands in the audit log, learners see their own grades and nobody else's, and
// every page renders in Korean and English without a missing word.
import ExcelJS from "exceljs";
import type { ComponentType } from "react";
import { describe, expect, test } from "vitest";
import { prisma } from "~/lib/db.server";
import * as myGradesRoute from "~/routes/courses.$slug_.grades";
import * as finalGradesRoute from "~/routes/teach.$courseId.final-grades";
import * as gradebookRoute from "~/routes/teach.$courseId.gradebook";
import * as exportRoute from "~/routes/teach.$courseId.gradebook_.export";
import * as settingsRoute from "~/routes/teach.$courseId.gradebook_.settings";
import * as progressRoute from "~/routes/teach.$courseId.progress";
import { createUser } from "../factories";
import { addCourseInstructor, buildRequest, createUserSession } from "../factories/auth";
import {
  createCategory,
  createGradedCourse,
  createGradedSubmission,
  createLessonItem,
  createManualGrade,
  createManualItem,
  createQuizAttempts,
  setAssignment,
} from "../factories/gradebook";
import { enrollLearnerDirectly } from "../factories/progress";
import { buildFormRequest, routeArgs, settle } from "../factories/requests";
import { escapeHtml, renderPage } from "../factories/render-page";

async function signedIn(role: "LEARNER" | "INSTRUCTOR" | "ADMIN" = "LEARNER", name?: string) {
  const user = await createUser(prisma, { role, name });
  const { token } = await createUserSession(prisma, { userId: user.id, isTwoFactorVerified: true });
  return { user, token };
}

/**
 * A 3-credit course on the 4.5 scale: Quizzes 40 % (one quiz, best attempt), Assignments 30 % (one
 * assignment out of 50), Exam 30 % (a manual item out of 100). 김가람 scored 60 then 90 on the quiz,
 * 40 of 50 on the assignment and 85 on the exam: 0.4 × 90 + 0.3 × 80 + 0.3 × 85 = 85.5, a B+.
 * 이나래 is enrolled with nothing graded.
 */
async function gradedCourse() {
  const { course, lessons } = await createGradedCourse(prisma, {
    lessons: [
      { kind: "QUIZ", title: "1주차 퀴즈" },
      { kind: "ASSIGNMENT", title: "실습 과제" },
    ],
  });
  const [quiz, assignment] = lessons as [(typeof lessons)[number], (typeof lessons)[number]];
  await setAssignment(prisma, { lessonId: assignment.id, maxPoints: 50 });
  const instructor = await signedIn("INSTRUCTOR");
  await addCourseInstructor(prisma, { courseId: course.id, userId: instructor.user.id });
  const quizzes = await createCategory(prisma, { courseId: course.id, name: "퀴즈", weightPercent: 40, position: 1 });
  const assignments = await createCategory(prisma, {
    courseId: course.id,
    name: "과제",
    weightPercent: 30,
    position: 2,
  });
  const exams = await createCategory(prisma, { courseId: course.id, name: "시험", weightPercent: 30, position: 3 });
  const items = {
    quiz: await createLessonItem(prisma, { courseId: course.id, categoryId: quizzes.id, lesson: quiz }),
    assignment: await createLessonItem(prisma, { courseId: course.id, categoryId: assignments.id, lesson: assignment }),
    exam: await createManualItem(prisma, {
      courseId: course.id,
      categoryId: exams.id,
      title: "기말고사",
      maxPoints: 100,
    }),
  };
  const kim = await signedIn("LEARNER", "김가람");
  const lee = await signedIn("LEARNER", "이나래");
  const enrollments = {
    kim: await enrollLearnerDirectly(prisma, { userId: kim.user.id, courseId: course.id }),
    lee: await enrollLearnerDirectly(prisma, { userId: lee.user.id, courseId: course.id }),
  };
  await createQuizAttempts(prisma, { lessonId: quiz.id, userId: kim.user.id, scores: [60, 90] });
  await createGradedSubmission(prisma, { lessonId: assignment.id, userId: kim.user.id, points: 40 });
  await createManualGrade(prisma, {
    itemId: items.exam.id,
    userId: kim.user.id,
    points: 85,
    gradedById: instructor.user.id,
  });
  return { course, lessons: { quiz, assignment }, items, instructor, kim, lee, enrollments };
}

type Built = Awaited<ReturnType<typeof gradedCourse>>;

function studioPath(built: Built, rest: string) {
  return `/teach/${built.course.id}/${rest}`;
}

async function getStudio<T>(
  loader: (args: ReturnType<typeof routeArgs>) => Promise<T>,
  built: Built,
  rest: string,
  token: string,
) {
  const request = await buildRequest({ path: studioPath(built, rest), token });
  return settle(loader(routeArgs(request, { params: { courseId: built.course.id } })));
}

async function postStudio<T>(
  action: (args: ReturnType<typeof routeArgs>) => Promise<T>,
  built: Built,
  rest: string,
  token: string,
  form: Record<string, string>,
) {
  const request = await buildFormRequest({ path: studioPath(built, rest), form, token });
  return settle(action(routeArgs(request, { params: { courseId: built.course.id } })));
}

/** Runs the export route as a browser downloads it: the Response itself, not settled. */
async function download(built: Built, format: "csv" | "xlsx", token = built.instructor.token) {
  const request = await buildRequest({ path: studioPath(built, `gradebook/export?format=${format}`), token });
  return exportRoute.loader(routeArgs(request, { params: { courseId: built.course.id } }));
}

async function myGrades(slug: string, token?: string) {
  const request = await buildRequest({ path: `/courses/${slug}/grades`, token });
  return settle(myGradesRoute.loader(routeArgs(request, { params: { slug } })));
}

describe("exports", () => {
  test("CSV starts with the UTF-8 byte order mark and carries Korean names and the computed scores", async () => {
    const built = await gradedCourse();

    const response = await download(built, "csv");

    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toMatch(/attachment;.*\.csv/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).split("\r\n");
    expect(lines[0]).toContain("1주차 퀴즈");
    const kimLine = lines.find((line) => line.startsWith("김가람,"));
    // Quiz best 90, assignment 40 of 50, exam 85; categories 90 / 80 / 85; course 85.5 both ways.
    expect(kimLine).toContain(",90,40,85,90,80,85,85.5,85.5,");
    expect(lines.some((line) => line.startsWith("이나래,"))).toBe(true);
    // Grades that leave in a file are in the audit log: who, when, how many learners.
    const exported = await prisma.auditLog.findMany({
      where: { action: "gradebook.exported", entityId: built.course.id },
      select: { actorId: true, data: true },
    });
    expect(exported).toEqual([{ actorId: built.instructor.user.id, data: { learnerCount: expect.any(Number) } }]);
  });

  test("XLSX opens in exceljs with a row per learner and numbers as numbers", async () => {
    const built = await gradedCourse();

    const response = await download(built, "xlsx");

    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe(
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const sheet = workbook.worksheets[0]!;
    expect(sheet.rowCount).toBe(3);
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    // Name, e-mail, status, then the three items in category order.
    expect(String(header[3])).toMatch(/^1주차 퀴즈 /);
    expect(String(header[4])).toMatch(/^실습 과제 /);
    expect(String(header[5])).toMatch(/^기말고사 /);
    const kimRow = [sheet.getRow(2), sheet.getRow(3)].find((row) => row.getCell(1).value === "김가람")!;
    expect(kimRow.getCell(2).value).toBe(built.kim.user.email);
    expect([4, 5, 6].map((column) => kimRow.getCell(column).value)).toEqual([90, 40, 85]);
    expect([7, 8, 9, 10, 11].map((column) => kimRow.getCell(column).value)).toEqual([90, 80, 85, 85.5, 85.5]);
    // Suggested letter, confirmed letter (none yet), grade point (none yet).
    expect(kimRow.getCell(12).value).toBe("B+");
    expect(kimRow.getCell(13).value).toBeNull();
  });

  test("an unknown format is a 400, and a learner of the course gets no export", async () => {
    const built = await gradedCourse();
    const request = await buildRequest({
      path: studioPath(built, "gradebook/export?format=pdf"),
      token: built.instructor.token,
    });
    expect(
      (await settle(exportRoute.loader(routeArgs(request, { params: { courseId: built.course.id } })))).status,
    ).toBe(400);
    expect((await settle(download(built, "csv", built.kim.token))).status).toBe(403);
  });
});

describe("manual grades in the gradebook", () => {
  test("points over the item's full marks: 400 with the message beside the field, the typed value kept, nothing stored", async () => {
    const built = await gradedCourse();
    const auditBefore = await prisma.auditLog.count({ where: { action: "grade.manual-recorded" } });

    const reply = await postStudio(gradebookRoute.action, built, "gradebook", built.instructor.token, {
      itemId: built.items.exam.id,
      userId: built.lee.user.id,
      points: "150",
    });

    expect(reply.status).toBe(400);
    expect(reply.data?.result.error).toEqual({ points: ["grades.pointsOutOfRange"] });
    expect(reply.data?.result.initialValue).toMatchObject({ points: "150" });
    expect(await prisma.manualGrade.count({ where: { itemId: built.items.exam.id, userId: built.lee.user.id } })).toBe(
      0,
    );
    expect(await prisma.auditLog.count({ where: { action: "grade.manual-recorded" } })).toBe(auditBefore);
  });

  test("a negative or non-numeric value is refused by the form's schema, and an existing grade stays", async () => {
    const built = await gradedCourse();
    for (const points of ["-1", "abc", "12.345"]) {
      const reply = await postStudio(gradebookRoute.action, built, "gradebook", built.instructor.token, {
        itemId: built.items.exam.id,
        userId: built.kim.user.id,
        points,
      });
      expect(reply.status).toBe(400);
      expect(reply.data?.result.error?.points?.length).toBe(1);
    }
    const stored = await prisma.manualGrade.findUniqueOrThrow({
      where: { itemId_userId: { itemId: built.items.exam.id, userId: built.kim.user.id } },
      select: { points: true },
    });
    expect(Number(stored.points)).toBe(85);
  });

  test("points in range are stored, audited, and move the course score the gradebook shows", async () => {
    const built = await gradedCourse();

    const reply = await postStudio(gradebookRoute.action, built, "gradebook", built.instructor.token, {
      itemId: built.items.exam.id,
      userId: built.lee.user.id,
      points: "72.5",
    });

    expect(reply.status).toBe(200);
    const audit = await prisma.auditLog.findFirstOrThrow({
      where: { action: "grade.manual-recorded", actorId: built.instructor.user.id },
      select: { data: true },
    });
    expect(audit.data).toMatchObject({ userId: built.lee.user.id, from: null, to: 72.5 });
    const page = await getStudio(gradebookRoute.loader, built, "gradebook?q=이나래", built.instructor.token);
    const lee = page.data?.gradebook.learners.items[0];
    expect(lee).toMatchObject({ name: "이나래", itemPoints: { [built.items.exam.id]: 72.5 } });
    // Nothing else is due yet, so the current score is the exam alone; the final counts the rest as 0.
    expect(lee?.currentPercent).toBe(72.5);
    expect(lee?.finalPercent).toBe(21.75);
  });

  test("a manual grade for a learner of another course is refused", async () => {
    const built = await gradedCourse();
    const other = await gradedCourse();
    const reply = await postStudio(gradebookRoute.action, built, "gradebook", built.instructor.token, {
      itemId: built.items.exam.id,
      userId: other.kim.user.id,
      points: "50",
    });
    expect(reply.status).toBe(409);
    expect(await prisma.manualGrade.count({ where: { itemId: built.items.exam.id, userId: other.kim.user.id } })).toBe(
      0,
    );
  });
});

describe("final letter grades", () => {
  test("confirmed letters are final: a change without a reason is refused, with one it is made and audited", async () => {
    const built = await gradedCourse();
    const enrollmentId = built.enrollments.kim.id;
    const post = (form: Record<string, string>) =>
      postStudio(finalGradesRoute.action, built, "final-grades", built.instructor.token, form);

    const page = await getStudio(finalGradesRoute.loader, built, "final-grades?q=김가람", built.instructor.token);
    expect(page.data?.gradebook.learners.items[0]).toMatchObject({ suggestedLetter: "B+", finalGrade: null });

    const confirmed = await post({ intent: "confirm", enrollmentId, letter: "B+" });
    expect(confirmed.status).toBe(200);
    // The same click again answers as done and confirms nothing more.
    expect((await post({ intent: "confirm", enrollmentId, letter: "B+" })).status).toBe(200);
    expect(
      await prisma.finalGrade.findMany({ where: { enrollmentId }, select: { letter: true, gradePoint: true } }),
    ).toEqual([{ letter: "B+", gradePoint: expect.anything() }]);
    // Confirming another letter over it is not a way round the reason.
    const over = await post({ intent: "confirm", enrollmentId, letter: "A0" });
    expect(over.status).toBe(409);

    const withoutReason = await post({ intent: "change", enrollmentId, letter: "A0", reason: "   " });
    expect(withoutReason.status).toBe(400);
    expect(withoutReason.data?.result?.error).toMatchObject({ reason: ["studio.finalGrades.reasonRequired"] });
    expect(withoutReason.data?.result?.initialValue).toMatchObject({ letter: "A0" });
    expect(await prisma.finalGrade.findUniqueOrThrow({ where: { enrollmentId }, select: { letter: true } })).toEqual({
      letter: "B+",
    });
    expect(await prisma.auditLog.count({ where: { action: "grade.changed", actorId: built.instructor.user.id } })).toBe(
      0,
    );

    const reason = "기말고사 채점 오류 정정";
    const changed = await post({ intent: "change", enrollmentId, letter: "A0", reason });
    expect(changed.status).toBe(200);
    const grade = await prisma.finalGrade.findUniqueOrThrow({
      where: { enrollmentId },
      select: { id: true, letter: true, gradePoint: true, changeReason: true },
    });
    expect({ letter: grade.letter, gradePoint: Number(grade.gradePoint), changeReason: grade.changeReason }).toEqual({
      letter: "A0",
      gradePoint: 4,
      changeReason: reason,
    });
    const audits = await prisma.auditLog.findMany({
      where: { entityType: "FinalGrade", entityId: grade.id },
      orderBy: { createdAt: "asc" },
      select: { action: true, actorId: true, data: true, ipAddress: true },
    });
    expect(audits.map(({ action }) => action)).toEqual(["grade.confirmed", "grade.changed"]);
    expect(audits[1]).toMatchObject({
      actorId: built.instructor.user.id,
      data: { from: "B+", to: "A0", reason },
    });
    expect(audits[1]?.ipAddress).toBeTruthy();
  });

  test("a letter the scale does not have is refused beside its field", async () => {
    const built = await gradedCourse();
    const reply = await postStudio(finalGradesRoute.action, built, "final-grades", built.instructor.token, {
      intent: "confirm",
      enrollmentId: built.enrollments.kim.id,
      letter: "A-",
    });
    expect(reply.status).toBe(400);
    expect(reply.data?.result?.error).toMatchObject({ letter: ["studio.finalGrades.invalidLetter"] });
    expect(await prisma.finalGrade.count({ where: { enrollmentId: built.enrollments.kim.id } })).toBe(0);
  });
});

describe("a learner's own grades", () => {
  test("shows their items, category percents, scores and the confirmed letter only once confirmed", async () => {
    const built = await gradedCourse();

    const before = await myGrades(built.course.slug, built.kim.token);
    expect(before.status).toBe(200);
    expect(before.data?.grades).toMatchObject({
      userId: built.kim.user.id,
      itemPoints: { [built.items.quiz.id]: 90, [built.items.assignment.id]: 40, [built.items.exam.id]: 85 },
      currentPercent: 85.5,
      finalPercent: 85.5,
      suggestedLetter: null,
      finalGrade: null,
    });
    expect(before.data?.categories.map(({ name }) => name)).toEqual(["퀴즈", "과제", "시험"]);

    await postStudio(finalGradesRoute.action, built, "final-grades", built.instructor.token, {
      intent: "confirm",
      enrollmentId: built.enrollments.kim.id,
      letter: "B+",
    });
    await postStudio(finalGradesRoute.action, built, "final-grades", built.instructor.token, {
      intent: "change",
      enrollmentId: built.enrollments.kim.id,
      letter: "A0",
      reason: "내부 메모",
    });
    const after = await myGrades(built.course.slug, built.kim.token);
    expect(after.data?.grades.finalGrade).toMatchObject({ letter: "A0", gradePoint: 4 });
    // The grader's note stays in the studio.
    expect(JSON.stringify(after.data)).not.toContain("내부 메모");

    // Another learner of the same course sees their own row, never Kim's.
    const lee = await myGrades(built.course.slug, built.lee.token);
    expect(lee.data?.grades).toMatchObject({ userId: built.lee.user.id, itemPoints: { [built.items.exam.id]: null } });
  });

  test("another course's grades, a course never taken, an unknown course and a visitor are refused", async () => {
    const built = await gradedCourse();
    const other = await gradedCourse();
    const stranger = await signedIn();

    expect((await myGrades(other.course.slug, built.kim.token)).status).toBe(403);
    expect((await myGrades(built.course.slug, stranger.token)).status).toBe(403);
    expect((await myGrades(built.course.slug, built.instructor.token)).status).toBe(403);
    expect((await myGrades("no-such-course", built.kim.token)).status).toBe(404);
    const anonymous = await myGrades(built.course.slug);
    expect(anonymous.status).toBe(302);
    expect(anonymous.location).toMatch(/^\/login/);
  });
});

describe("the studio's grade pages are for the course's teachers", () => {
  test("a learner of the course is refused every page and every change", async () => {
    const built = await gradedCourse();
    const { token } = built.kim;

    const pages: [(args: ReturnType<typeof routeArgs>) => Promise<unknown>, string][] = [
      [gradebookRoute.loader, "gradebook"],
      [settingsRoute.loader, "gradebook/settings"],
      [finalGradesRoute.loader, "final-grades"],
      [progressRoute.loader, "progress"],
    ];
    for (const [loader, rest] of pages) {
      expect((await getStudio(loader, built, rest, token)).status, rest).toBe(403);
    }
    const manual = await postStudio(gradebookRoute.action, built, "gradebook", token, {
      itemId: built.items.exam.id,
      userId: built.kim.user.id,
      points: "100",
    });
    expect(manual.status).toBe(403);
    const confirm = await postStudio(finalGradesRoute.action, built, "final-grades", token, {
      intent: "confirm",
      enrollmentId: built.enrollments.kim.id,
      letter: "A+",
    });
    expect(confirm.status).toBe(403);
    const category = await postStudio(settingsRoute.action, built, "gradebook/settings", token, {
      intent: "category-create",
      name: "출석",
      weightPercent: "10",
    });
    expect(category.status).toBe(403);
    expect(
      Number(
        (
          await prisma.manualGrade.findUniqueOrThrow({
            where: { itemId_userId: { itemId: built.items.exam.id, userId: built.kim.user.id } },
            select: { points: true },
          })
        ).points,
      ),
    ).toBe(85);
    expect(await prisma.finalGrade.count({ where: { courseId: built.course.id } })).toBe(0);
    expect(await prisma.gradeCategory.count({ where: { courseId: built.course.id } })).toBe(3);
  });

  test("an instructor of another course is refused; an admin may look", async () => {
    const built = await gradedCourse();
    const other = await gradedCourse();
    expect((await getStudio(gradebookRoute.loader, built, "gradebook", other.instructor.token)).status).toBe(403);
    const admin = await signedIn("ADMIN");
    expect((await getStudio(gradebookRoute.loader, built, "gradebook", admin.token)).status).toBe(200);
  });
});

// ───────────────────────────── Rendering ─────────────────────────────

/** Text as React writes it into HTML. */
describe("every grade page renders in both languages", () => {
  test("gradebook, settings, final grades, My learners and a learner's grades, with no missing word", async () => {
    const built = await gradedCourse();
    await postStudio(finalGradesRoute.action, built, "final-grades", built.instructor.token, {
      intent: "confirm",
      enrollmentId: built.enrollments.kim.id,
      letter: "B+",
    });
    const { token } = built.instructor;
    const pages = [
      ["gradebook", gradebookRoute.default, await getStudio(gradebookRoute.loader, built, "gradebook", token)],
      ["settings", settingsRoute.default, await getStudio(settingsRoute.loader, built, "gradebook/settings", token)],
      [
        "final grades",
        finalGradesRoute.default,
        await getStudio(finalGradesRoute.loader, built, "final-grades", token),
      ],
      ["My learners", progressRoute.default, await getStudio(progressRoute.loader, built, "progress", token)],
      ["my grades", myGradesRoute.default, await myGrades(built.course.slug, built.kim.token)],
    ] as const;
    // Something each page must show from the records: a score, the manual item, a learner's quiz best.
    const shows: Record<(typeof pages)[number][0], string> = {
      gradebook: "85.5",
      settings: "기말고사",
      "final grades": "85.5",
      "My learners": "90%",
      "my grades": "85.5",
    };
    for (const language of ["ko", "en"] as const) {
      for (const [name, Component, reply] of pages) {
        expect(reply.status, name).toBe(200);
        const { html, missingKeys: missing } = await renderPage({
          Page: Component as ComponentType,
          loaderData: reply.data,
          language,
        });
        expect(missing, `${name} (${language})`).toEqual([]);
        expect(html, name).toContain(shows[name]);
      }
    }
    const mine = await renderPage({ Page: myGradesRoute.default, loaderData: pages[4][2].data, language: "ko" });
    expect(mine.html).toContain("B+");
  });

  test("a refused manual grade shows its message beside the field in the reader's language, with the typed value", async () => {
    const built = await gradedCourse();
    const page = await getStudio(gradebookRoute.loader, built, "gradebook", built.instructor.token);
    const refused = await postStudio(gradebookRoute.action, built, "gradebook", built.instructor.token, {
      itemId: built.items.exam.id,
      userId: built.lee.user.id,
      points: "150",
    });
    for (const language of ["ko", "en"] as const) {
      const {
        html,
        missingKeys: missing,
        t,
      } = await renderPage({ Page: gradebookRoute.default, loaderData: page.data, actionData: refused.data, language });
      expect(missing).toEqual([]);
      expect(html).toContain(escapeHtml(t("grades.pointsOutOfRange")));
      expect(html).toMatch(/value="150"/);
      expect(html).toMatch(/aria-invalid="true"/);
    }
  });
});
