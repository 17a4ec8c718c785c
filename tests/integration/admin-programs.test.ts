// Programs, degree tracks and terms as an admin's browser drives them, through the routes' loaders
// and actions with real signed-in requests: only admins get in (others 403, visitors to the log-in
// page); bad input is refused with 400 and its message beside the field in the reader's language,
// the typed value kept and nothing saved; a program is created once however often its form is sent,
// gets a track and a term, and is archived (its public page then not found) and restored; a user's
// student number and degree track are set on the admin user page; and the pages render in Korean
// and English without a missing word.
import type { ComponentType } from "react";
import { describe, expect, test } from "vitest";
import { prisma } from "~/lib/db.server";
import * as adminLayout from "~/routes/admin";
import * as programRoute from "~/routes/admin.programs.$programId";
import * as programsRoute from "~/routes/admin.programs._index";
import * as userRoute from "~/routes/admin.users.$userId";
import * as homeRoute from "~/routes/_index";
import * as publicProgramRoute from "~/routes/programs.$slug";
import { createCourse, createUser, uniqueSuffix } from "../factories";
import { buildRequest, createUserSession } from "../factories/auth";
import { createTerm as createTermRow } from "../factories/catalog";
import { buildFormRequest, routeArgs, settle, TEST_CLIENT_IP } from "../factories/requests";
import { escapeHtml, renderPage } from "../factories/render-page";

async function signedIn(role: "LEARNER" | "INSTRUCTOR" | "ADMIN") {
  const user = await createUser(prisma, { role });
  const { token } = await createUserSession(prisma, { userId: user.id, isTwoFactorVerified: true });
  return { user, token };
}

async function getList(token: string | undefined, query = "") {
  return settle(programsRoute.loader(routeArgs(await buildRequest({ path: `/admin/programs${query}`, token }))));
}

async function getProgram(token: string | undefined, programId: string) {
  const request = await buildRequest({ path: `/admin/programs/${programId}`, token });
  return settle(programRoute.loader(routeArgs(request, { params: { programId } })));
}

async function postList(token: string | undefined, form: Record<string, string>) {
  const request = await buildFormRequest({ path: "/admin/programs", form, token });
  return settle(programsRoute.action(routeArgs(request)));
}

async function postProgram(token: string | undefined, programId: string, form: Record<string, string>) {
  const request = await buildFormRequest({ path: `/admin/programs/${programId}`, form, token });
  return settle(programRoute.action(routeArgs(request, { params: { programId } })));
}

function programForm(overrides: Record<string, string> = {}) {
  const suffix = uniqueSuffix();
  return {
    slug: `ai-school-${suffix}`,
    kind: "GRADUATE",
    nameKo: "인공지능대학원",
    nameEn: "Graduate School of AI",
    descriptionKo: "인공지능 석사·박사 과정입니다.",
    descriptionEn: "Master's and doctoral degrees in AI.",
    gradeScale: "KR_4_3",
    position: "5",
    ...overrides,
  };
}

/** A graduate program made directly, with no tracks or terms. */
async function graduateProgram() {
  const suffix = uniqueSuffix();
  return prisma.program.create({
    data: {
      slug: `grad-${suffix}`,
      kind: "GRADUATE",
      nameKo: `인공지능대학원 ${suffix}`,
      nameEn: `AI Graduate School ${suffix}`,
      descriptionKo: "대학원",
      descriptionEn: "Graduate school",
    },
  });
}

describe("who may manage programs", () => {
  test("visitors go to log in, learners and instructors get 403, admins get in", async () => {
    const program = await graduateProgram();
    const learner = await signedIn("LEARNER");
    const instructor = await signedIn("INSTRUCTOR");
    const admin = await signedIn("ADMIN");
    const anonymous = [
      await getList(undefined),
      await getProgram(undefined, program.id),
      await postList(undefined, programForm()),
      await postProgram(undefined, program.id, { intent: "archive" }),
    ];
    for (const reply of anonymous) {
      expect(reply.status).toBe(302);
      expect(reply.location).toMatch(/^\/login/);
    }
    for (const { token } of [learner, instructor]) {
      expect((await getList(token)).status).toBe(403);
      expect((await getProgram(token, program.id)).status).toBe(403);
      expect((await postList(token, programForm())).status).toBe(403);
      expect((await postProgram(token, program.id, { intent: "archive" })).status).toBe(403);
    }
    expect((await getList(admin.token)).status).toBe(200);
    expect((await getProgram(admin.token, program.id)).status).toBe(200);
    expect((await getProgram(admin.token, crypto.randomUUID())).status).toBe(404);
    expect((await getProgram(admin.token, "nope")).status).toBe(404);
    expect((await postProgram(admin.token, crypto.randomUUID(), { intent: "archive" })).status).toBe(404);
    expect(await prisma.program.count({ where: { id: program.id, archivedAt: null } })).toBe(1);
    expect(await prisma.auditLog.count({ where: { entityId: program.id } })).toBe(0);
  });
});

describe("an admin running programs", () => {
  test("creates a program once, adds a track and a term, archives it (its public page is gone) and restores it", async () => {
    const admin = await signedIn("ADMIN");
    const list = await getList(admin.token);
    const form = { ...programForm(), submissionKey: list.data?.submissionKey ?? "" };
    const created = await postList(admin.token, form);
    const again = await postList(admin.token, form);
    expect(created.status).toBe(303);
    expect(again.location).toBe(created.location);
    const program = await prisma.program.findUniqueOrThrow({ where: { slug: form.slug } });
    expect(program).toMatchObject({ kind: "GRADUATE", gradeScale: "KR_4_3", position: 5, nameKo: "인공지능대학원" });
    expect(created.location).toBe(`/admin/programs/${program.id}?done=created`);

    const page = await getProgram(admin.token, program.id);
    const trackSlug = `ms-ai-${uniqueSuffix()}`;
    const trackForm = {
      intent: "create-track",
      slug: trackSlug,
      nameKo: "인공지능학과 석사",
      nameEn: "M.S. in AI",
      requiredCredits: "24",
      submissionKey: page.data?.submissionKey ?? "",
    };
    const track = await postProgram(admin.token, program.id, trackForm);
    expect(track.status).toBe(303);
    expect(track.location).toBe(`/admin/programs/${program.id}?done=create-track`);
    expect((await postProgram(admin.token, program.id, trackForm)).status).toBe(303);
    const term = await postProgram(admin.token, program.id, {
      intent: "create-term",
      year: "2027",
      season: "SPRING",
      startsOn: "2027-03-02",
      endsOn: "2027-06-18",
    });
    expect(term.status).toBe(303);
    const [trackRow] = await prisma.degreeTrack.findMany({ where: { programId: program.id } });
    const [termRow] = await prisma.term.findMany({ where: { programId: program.id } });
    expect(trackRow).toMatchObject({ slug: trackSlug, requiredCredits: 24 });
    expect(termRow).toMatchObject({ year: 2027, season: "SPRING", startsOn: new Date("2027-03-02") });
    expect(
      await postProgram(admin.token, program.id, {
        intent: "update-track",
        trackId: trackRow!.id,
        nameKo: "인공지능학과 석사",
        nameEn: "M.S. in Artificial Intelligence",
        requiredCredits: "30",
      }),
    ).toMatchObject({ status: 303 });
    expect(await prisma.degreeTrack.findUniqueOrThrow({ where: { id: trackRow!.id } })).toMatchObject({
      slug: trackSlug,
      nameEn: "M.S. in Artificial Intelligence",
      requiredCredits: 30,
    });

    const publicPage = () =>
      settle(
        publicProgramRoute.loader(
          routeArgs(new Request(`http://bitgoeul.test/programs/${program.slug}`), {
            params: { slug: program.slug },
          }),
        ),
      );
    expect((await publicPage()).status).toBe(200);
    expect(await postProgram(admin.token, program.id, { intent: "archive" })).toMatchObject({
      status: 303,
      location: `/admin/programs/${program.id}?done=archive`,
    });
    expect((await publicPage()).status).toBe(404);
    const home = await homeRoute.loader();
    expect(home.programs.map((shown) => shown.id)).not.toContain(program.id);
    expect((await getList(admin.token)).data?.programs.map((shown) => shown.id)).not.toContain(program.id);
    expect((await getList(admin.token, "?archived=1")).data?.programs.map((shown) => shown.id)).toContain(program.id);
    expect(await prisma.degreeTrack.count({ where: { programId: program.id } })).toBe(1);
    expect(await prisma.term.count({ where: { programId: program.id } })).toBe(1);

    expect((await postProgram(admin.token, program.id, { intent: "restore" })).status).toBe(303);
    expect((await publicPage()).status).toBe(200);
    const entries = await prisma.auditLog.findMany({
      where: { actorId: admin.user.id },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { action: true, ipAddress: true },
    });
    expect(entries.map((entry) => entry.action)).toEqual([
      "program.created",
      "degree-track.created",
      "term.created",
      "degree-track.updated",
      "program.archived",
      "program.restored",
    ]);
    expect(entries.every((entry) => entry.ipAddress === TEST_CLIENT_IP)).toBe(true);
  });

  test("bad input answers 400 with field errors, typed values kept, nothing saved", async () => {
    const admin = await signedIn("ADMIN");
    const program = await graduateProgram();
    await createTermRow(prisma, { programId: program.id, year: 2026, season: "FALL" });
    const programCount = await prisma.program.count();

    const missing = await postList(admin.token, {
      slug: "Not A Slug!",
      kind: "SCHOOL",
      nameKo: "",
      nameEn: "",
      gradeScale: "KR_5_0",
      position: "first",
    });
    expect(missing.status).toBe(400);
    expect(missing.data?.result?.error).toEqual({
      slug: ["programs.slugInvalid"],
      kind: ["validation.required"],
      nameKo: ["validation.required"],
      nameEn: ["validation.required"],
      gradeScale: ["validation.required"],
      position: ["validation.wholeNumber"],
    });
    const taken = await postList(admin.token, programForm({ slug: program.slug, nameKo: "새 대학원" }));
    expect(taken.status).toBe(400);
    expect(taken.data?.result?.error).toEqual({ slug: ["programs.slugTaken"] });
    expect(await prisma.program.count()).toBe(programCount);

    const noCredits = await postProgram(admin.token, program.id, {
      intent: "create-track",
      nameKo: "석사",
      nameEn: "M.S.",
      requiredCredits: "0",
    });
    expect(noCredits.status).toBe(400);
    expect(noCredits.data?.result?.error).toEqual({ requiredCredits: ["validation.numberTooSmall"] });
    const backwards = await postProgram(admin.token, program.id, {
      intent: "create-term",
      year: "2027",
      season: "SPRING",
      startsOn: "2027-06-18",
      endsOn: "2027-03-02",
    });
    expect(backwards.status).toBe(400);
    expect(backwards.data?.result?.error).toEqual({ endsOn: ["programs.termEndsBeforeStarts"] });
    const termTaken = await postProgram(admin.token, program.id, {
      intent: "create-term",
      year: "2026",
      season: "FALL",
      startsOn: "2026-09-01",
      endsOn: "2026-12-18",
    });
    expect(termTaken.status).toBe(400);
    expect(termTaken.data?.result?.error).toEqual({ season: ["programs.termTaken"] });
    const academy = await prisma.program.update({ where: { id: program.id }, data: { kind: "ACADEMY" } });
    const notGraduate = await postProgram(admin.token, academy.id, {
      intent: "create-track",
      nameKo: "석사",
      nameEn: "M.S.",
      requiredCredits: "24",
    });
    expect(notGraduate.status).toBe(400);
    expect(notGraduate.data?.result?.error).toEqual({ "": ["programs.notGraduate"] });
    await prisma.program.update({ where: { id: program.id }, data: { kind: "GRADUATE" } });
    const kindLocked = await postProgram(admin.token, program.id, {
      intent: "details",
      ...programForm({ slug: program.slug, kind: "ACADEMY" }),
    });
    expect(kindLocked.status).toBe(400);
    expect(kindLocked.data?.result?.error).toEqual({ kind: ["programs.kindLocked"] });
    expect((await postProgram(admin.token, program.id, { intent: "bogus" })).status).toBe(400);
    expect((await postProgram(admin.token, program.id, { intent: "archive-term", termId: "x" })).status).toBe(400);
    expect(await prisma.degreeTrack.count({ where: { programId: program.id } })).toBe(0);
    expect(await prisma.term.count({ where: { programId: program.id } })).toBe(1);
    expect(await prisma.program.count({ where: { id: program.id, kind: "GRADUATE", archivedAt: null } })).toBe(1);
    expect(await prisma.auditLog.count({ where: { actorId: admin.user.id } })).toBe(0);

    const list = await getList(admin.token);
    const page = await getProgram(admin.token, program.id);
    for (const language of ["ko", "en"] as const) {
      const listed = await renderPage({
        Page: programsRoute.default as ComponentType,
        loaderData: list.data,
        actionData: taken.data,
        language,
      });
      expect(listed.missingKeys).toEqual([]);
      expect(listed.html).toContain(escapeHtml(listed.t("programs.slugTaken")));
      expect(listed.html).toContain(`value="${program.slug}"`);
      expect(listed.html).toContain(`value="새 대학원"`);
      expect(listed.html).toMatch(/aria-invalid="true"/);

      const shown = await renderPage({
        Page: programRoute.default as ComponentType,
        loaderData: page.data,
        actionData: backwards.data,
        language,
      });
      expect(shown.missingKeys).toEqual([]);
      expect(shown.html).toContain(escapeHtml(shown.t("programs.termEndsBeforeStarts")));
      expect(shown.html).toContain('value="2027-06-18"');
      expect(shown.html).toContain('value="2027-03-02"');
    }
    const korean = await renderPage({
      Page: programRoute.default as ComponentType,
      loaderData: page.data,
      actionData: termTaken.data,
      language: "ko",
    });
    expect(korean.text).toContain("이 프로그램에는 같은 연도의 같은 학기가 이미 있습니다.");
  });

  test("both pages and the admin menu render in Korean and English, archived things marked", async () => {
    const admin = await signedIn("ADMIN");
    const program = await graduateProgram();
    const term = await createTermRow(prisma, { programId: program.id, year: 2026, season: "FALL" });
    const track = await prisma.degreeTrack.create({
      data: {
        programId: program.id,
        slug: `phd-${uniqueSuffix()}`,
        nameKo: "인공지능학과 박사",
        nameEn: "Ph.D. in AI",
        descriptionKo: "",
        descriptionEn: "",
        requiredCredits: 36,
      },
    });
    const course = await createCourse(prisma, { programId: program.id });
    await prisma.course.update({ where: { id: course.id }, data: { termId: term.id } });
    await postProgram(admin.token, program.id, { intent: "archive-track", trackId: track.id });
    await postProgram(admin.token, program.id, { intent: "archive" });

    const archivedList = await getList(admin.token, "?archived=1");
    const page = await getProgram(admin.token, program.id);
    for (const language of ["ko", "en"] as const) {
      const listed = await renderPage({
        Page: programsRoute.default as ComponentType,
        loaderData: archivedList.data,
        language,
        url: "/page?archived=1",
      });
      expect(listed.missingKeys).toEqual([]);
      expect(listed.text).toContain(listed.t("programs.archivedTitle"));
      expect(listed.html).toContain(escapeHtml(language === "ko" ? program.nameKo : program.nameEn));
      expect(listed.html).toMatch(/<caption[^>]*>/);
      expect(listed.html).toContain('<div class="relative overflow-x-auto">');

      const shown = await renderPage({
        Page: programRoute.default as ComponentType,
        loaderData: page.data,
        language,
        url: "/page?done=archive",
      });
      expect(shown.missingKeys).toEqual([]);
      expect(shown.text).toContain(shown.t("programs.done.archived"));
      expect(shown.text).toContain(shown.t("programs.restore"));
      expect(shown.text).toContain(shown.t("programs.archivedBadge"));
      expect(shown.text).toContain(language === "ko" ? "인공지능학과 박사" : "Ph.D. in AI");
      expect(shown.text).toContain(shown.t("termName", { year: 2026, season: shown.t("season.FALL") }));
      expect(shown.text).toContain(shown.t("programs.termCourseCount", { count: 1 }));
      expect(shown.text).toContain(shown.t("programs.restoreHelp"));
      expect(shown.html).toContain('value="36"');

      const layout = await renderPage({
        Page: adminLayout.default as ComponentType,
        loaderData: {
          hasTwoFactor: true,
          isPlainHttpFromNetwork: false,
          requestOrigin: "http://localhost:3000",
          linkOrigin: "http://localhost:3000",
        },
        language,
      });
      expect(layout.missingKeys).toEqual([]);
      expect(layout.html).toMatch(/href="\/admin\/cohorts"[^>]*>[^<]*<\/a><a[^>]*href="\/admin\/programs"/);
      expect(layout.text).toContain(layout.t("admin.programsTab"));
    }
  });
});

describe("a user's student record on the admin user page", () => {
  async function postUser(token: string, userId: string, form: Record<string, string>) {
    const request = await buildFormRequest({ path: `/admin/users/${userId}`, form, token });
    return settle(userRoute.action(routeArgs(request, { params: { userId } })));
  }

  async function getUser(token: string, userId: string) {
    const request = await buildRequest({ path: `/admin/users/${userId}`, token });
    return settle(userRoute.loader(routeArgs(request, { params: { userId } })));
  }

  test("sets a unique student number and a current degree track, audited; refuses a taken number beside it", async () => {
    const admin = await signedIn("ADMIN");
    const student = await createUser(prisma);
    const other = await createUser(prisma);
    const program = await graduateProgram();
    const track = await prisma.degreeTrack.create({
      data: {
        programId: program.id,
        slug: `ms-${uniqueSuffix()}`,
        nameKo: "인공지능학과 석사",
        nameEn: "M.S. in AI",
        descriptionKo: "",
        descriptionEn: "",
        requiredCredits: 24,
      },
    });
    const archivedTrack = await prisma.degreeTrack.create({
      data: {
        programId: program.id,
        slug: `old-${uniqueSuffix()}`,
        nameKo: "옛 과정",
        nameEn: "Old track",
        descriptionKo: "",
        descriptionEn: "",
        requiredCredits: 30,
        archivedAt: new Date(),
      },
    });
    const number = `2026${uniqueSuffix()}`.toUpperCase();
    await prisma.user.update({ where: { id: other.id }, data: { studentNumber: number } });

    const page = await getUser(admin.token, student.id);
    expect(page.data?.degreeTracks.map((choice) => choice.id)).toContain(track.id);
    expect(page.data?.degreeTracks.map((choice) => choice.id)).not.toContain(archivedTrack.id);

    const taken = await postUser(admin.token, student.id, {
      intent: "student-record",
      studentNumber: number.toLowerCase(),
      degreeTrackId: track.id,
    });
    expect(taken.status).toBe(400);
    expect(taken.data).toMatchObject({ result: { error: { studentNumber: ["studentRecord.studentNumberTaken"] } } });
    const archived = await postUser(admin.token, student.id, {
      intent: "student-record",
      studentNumber: "",
      degreeTrackId: archivedTrack.id,
    });
    expect(archived.status).toBe(400);
    expect(archived.data).toMatchObject({
      result: { error: { degreeTrackId: ["studentRecord.degreeTrackNotFound"] } },
    });
    const malformed = await postUser(admin.token, student.id, { intent: "student-record", studentNumber: "20 26" });
    expect(malformed.status).toBe(400);
    expect(await prisma.user.findUniqueOrThrow({ where: { id: student.id } })).toMatchObject({
      studentNumber: null,
      degreeTrackId: null,
    });

    for (const language of ["ko", "en"] as const) {
      const shown = await renderPage({
        Page: userRoute.default as ComponentType,
        loaderData: page.data,
        actionData: taken.data,
        language,
      });
      expect(shown.missingKeys).toEqual([]);
      expect(shown.html).toContain(escapeHtml(shown.t("studentRecord.studentNumberTaken")));
      expect(shown.html).toContain(`value="${number.toLowerCase()}"`);
      expect(shown.html).toContain(`href="/transcripts/${student.id}"`);
      expect(shown.text).toContain(shown.t("studentRecord.transcript"));
      expect(shown.html).toContain(
        `<optgroup label="${escapeHtml(language === "ko" ? program.nameKo : program.nameEn)}">`,
      );
    }
    const korean = await renderPage({
      Page: userRoute.default as ComponentType,
      loaderData: page.data,
      actionData: taken.data,
      language: "ko",
    });
    expect(korean.text).toContain("이미 다른 사용자에게 부여된 학번입니다.");

    const saved = await postUser(admin.token, student.id, {
      intent: "student-record",
      studentNumber: "2026-ai-0001",
      degreeTrackId: track.id,
    });
    expect(saved).toMatchObject({ status: 303, location: `/admin/users/${student.id}?done=student-record` });
    expect(await prisma.user.findUniqueOrThrow({ where: { id: student.id } })).toMatchObject({
      studentNumber: "2026-AI-0001",
      degreeTrackId: track.id,
    });
    // The track stays selectable for this student after it is archived; an empty number clears it.
    await prisma.degreeTrack.update({ where: { id: track.id }, data: { archivedAt: new Date() } });
    expect((await getUser(admin.token, student.id)).data?.degreeTracks.map((choice) => choice.id)).toContain(track.id);
    const cleared = await postUser(admin.token, student.id, {
      intent: "student-record",
      studentNumber: "",
      degreeTrackId: track.id,
    });
    expect(cleared.status).toBe(303);
    expect(await prisma.user.findUniqueOrThrow({ where: { id: student.id } })).toMatchObject({
      studentNumber: null,
      degreeTrackId: track.id,
    });
    const entries = await prisma.auditLog.findMany({
      where: { entityId: student.id },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { action: true, actorId: true, data: true },
    });
    expect(entries).toEqual([
      {
        action: "user.student-record-changed",
        actorId: admin.user.id,
        data: {
          before: { studentNumber: null, degreeTrackId: null },
          after: { studentNumber: "2026-AI-0001", degreeTrackId: track.id },
        },
      },
      {
        action: "user.student-record-changed",
        actorId: admin.user.id,
        data: { before: { studentNumber: "2026-AI-0001" }, after: { studentNumber: null } },
      },
    ]);

    const learner = await signedIn("LEARNER");
    expect((await postUser(learner.token, student.id, { intent: "student-record", studentNumber: "X1" })).status).toBe(
      403,
    );
  });
});
