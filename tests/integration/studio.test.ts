// The studio's pages as a browser drives them, through their loaders and actions: who gets in, a new
// course from the form (and from a double click), field errors that keep what was typed, a stale
// lesson save, and an attachment uploaded through the lesson editor as a real multipart body.
import { describe, expect, test } from "vitest";
import { prisma } from "~/lib/db.server";
import * as lessonEditorRoute from "~/routes/teach.$courseId.lessons.$lessonId";
import * as newCourseRoute from "~/routes/teach.new";
import * as studioRoute from "~/routes/teach._index";
import { createProgram, createUser } from "../factories";
import { addCourseInstructor, buildRequest, createUserSession } from "../factories/auth";
import { createCourseWithLessons } from "../factories/progress";
import { buildFormRequest, routeArgs, sessionCookieHeader, settle } from "../factories/requests";

async function signedIn(role: "LEARNER" | "INSTRUCTOR" | "ADMIN") {
  const user = await createUser(prisma, { role });
  const { token } = await createUserSession(prisma, { userId: user.id, isTwoFactorVerified: true });
  return { user, token };
}

function newCourseForm(programId: string, submissionKey: string, overrides: Record<string, string> = {}) {
  return {
    submissionKey,
    title: "그래프 신경망",
    code: "GNN101",
    summary: "Graphs, message passing and their uses.",
    descriptionMarkdown: "",
    programId,
    level: "INTERMEDIATE",
    language: "ko",
    enrollmentPolicy: "OPEN",
    tags: "graphs, gnn",
    ...overrides,
  };
}

describe("the studio", () => {
  test("is for instructors and admins: a learner is refused, a visitor sent to log in", async () => {
    const learner = await signedIn("LEARNER");
    const instructor = await signedIn("INSTRUCTOR");
    const pages = [
      { path: "/teach", loader: studioRoute.loader },
      { path: "/teach/new", loader: newCourseRoute.loader },
    ];
    for (const { path, loader } of pages) {
      const statusAs = async (token?: string) =>
        (await settle<unknown>(loader(routeArgs(await buildRequest({ path, token }))))).status;
      expect(await statusAs()).toBe(302);
      expect(await statusAs(learner.token)).toBe(403);
      expect(await statusAs(instructor.token)).toBe(200);
    }
  });

  test("a new course from the form is a draft; a double click makes one course, not two", async () => {
    const { user, token } = await signedIn("INSTRUCTOR");
    const program = await createProgram(prisma);
    const { data } = await settle(newCourseRoute.loader(routeArgs(await buildRequest({ path: "/teach/new", token }))));
    const form = newCourseForm(program.id, data!.submissionKey);

    const [first, second] = await Promise.all(
      [1, 2].map(async () =>
        settle(newCourseRoute.action(routeArgs(await buildFormRequest({ path: "/teach/new", form, token })))),
      ),
    );

    expect(first?.status).toBe(303);
    expect(second?.location).toBe(first?.location);
    const courses = await prisma.course.findMany({ where: { instructors: { some: { userId: user.id } } } });
    expect(courses).toHaveLength(1);
    expect(courses[0]).toMatchObject({ status: "DRAFT", title: "그래프 신경망", tags: ["graphs", "gnn"] });
    expect(first?.location).toBe(`/teach/${courses[0]!.id}/outline`);
  });

  test("a form with mistakes answers 400 with each error by its field and creates nothing", async () => {
    const { user, token } = await signedIn("INSTRUCTOR");
    const program = await createProgram(prisma);
    const form = newCourseForm(program.id, crypto.randomUUID(), {
      title: "",
      code: "no spaces allowed",
      capacity: "-3",
    });

    const reply = await settle(
      newCourseRoute.action(routeArgs(await buildFormRequest({ path: "/teach/new", form, token }))),
    );

    expect(reply.status).toBe(400);
    expect(reply.data).toMatchObject({
      error: { title: ["validation.required"], code: [expect.any(String)], capacity: [expect.any(String)] },
      initialValue: { summary: form.summary, code: "no spaces allowed" },
    });
    expect(await prisma.courseInstructor.count({ where: { userId: user.id } })).toBe(0);
  });
});

describe("the lesson editor", () => {
  async function lessonToEdit() {
    const { course, lessons } = await createCourseWithLessons(prisma, { modules: [[{ title: "Week 1" }]] });
    const instructor = await signedIn("INSTRUCTOR");
    await addCourseInstructor(prisma, { courseId: course.id, userId: instructor.user.id });
    const lesson = lessons[0]!;
    const path = `/teach/${course.id}/lessons/${lesson.id}`;
    return { course, lesson, instructor, path, params: { courseId: course.id, lessonId: lesson.id } };
  }

  test("a save from a stale tab answers 409 with the newer version, and keeps the newer text", async () => {
    const { lesson, instructor, path, params } = await lessonToEdit();
    const save = (markdown: string) => ({
      intent: "save",
      version: "1",
      title: lesson.title,
      markdown,
      status: "PUBLISHED",
      isRequired: "on",
      durationMinutes: "20",
    });
    const token = instructor.token;

    const first = await settle(
      lessonEditorRoute.action(routeArgs(await buildFormRequest({ path, form: save("Fresh"), token }), { params })),
    );
    const stale = await settle(
      lessonEditorRoute.action(routeArgs(await buildFormRequest({ path, form: save("Stale"), token }), { params })),
    );

    expect(first.status).toBe(200);
    expect(stale.status).toBe(409);
    expect(stale.data).toMatchObject({ theirs: { markdown: "Fresh", version: 2 } });
    expect((await prisma.lesson.findUniqueOrThrow({ where: { id: lesson.id } })).markdown).toBe("Fresh");
  });

  test("an attachment uploaded through the editor is stored with its Korean name; a wrong file is refused", async () => {
    const { lesson, instructor, path, params } = await lessonToEdit();
    const upload = async (file: File) => {
      const form = new FormData();
      form.append("intent", "attachment-upload");
      form.append("files", file);
      const request = new Request(new URL(path, "http://bitgoeul.test"), {
        method: "POST",
        body: form,
        headers: { Cookie: await sessionCookieHeader(instructor.token) },
      });
      return settle(lessonEditorRoute.action(routeArgs(request, { params })));
    };

    const stored = await upload(new File(["%PDF-1.4 week one"], "1주차 강의자료.pdf", { type: "application/pdf" }));
    const refused = await upload(new File(["MZ"], "setup.exe", { type: "application/octet-stream" }));

    expect(stored).toMatchObject({ status: 303, location: path });
    expect(refused.status).toBe(415);
    expect(refused.data).toMatchObject({
      uploadError: { messageKey: "studio.uploads.wrongType", fileName: "setup.exe" },
    });
    expect(
      await prisma.lessonAttachment.findMany({ where: { lessonId: lesson.id }, select: { fileName: true } }),
    ).toEqual([{ fileName: "1주차 강의자료.pdf" }]);
  });
});
