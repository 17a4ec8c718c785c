// Every HTML page of the app, as the role that uses it, in Korean and in English: no WCAG 2.1 A/AA
// violation (axe-core), no raw translation key or garbled character, no string of the other language
// outside user content, nothing to scroll sideways at 360 px or at 200 % zoom, no page error.
//
// The pages show the demo seed (Korean courses, cohorts with attendance, graded hand-ins), so every
// table and list has rows. A signed-in user's own language setting wins over the browser's, so the
// English pass signs in as an English-reading twin of each demo account: same name and role, same
// courses taught and enrolled in.
import type { Browser, BrowserContext, Page } from "@playwright/test";
import { expect, test as base } from "@playwright/test";
import { hashSessionToken } from "../../app/auth/session.server";
import { createPrismaClient } from "../../app/lib/prisma-client.server";
import { uniqueSuffix } from "../factories";
import {
  axeViolations,
  englishWordsIn,
  koreanWordsIn,
  looksLikeTranslationKey,
  narrowViewportOverflows,
  pageTexts,
  watchForPageErrors,
} from "./page-checks";
import { signIn } from "./sign-in";

const db = createPrismaClient(process.env.E2E_DATABASE_URL!);

type Language = "ko" | "en";
type Role = "visitor" | "learner" | "instructor" | "admin" | "two-factor";
const LANGUAGES: readonly Language[] = ["ko", "en"];

/** The seed's rows the pages are about, found once per worker. */
async function findDemoWorld() {
  const account = (email: string) => db.user.findUniqueOrThrow({ where: { email }, select: { id: true } });
  const [admin, instructor, learner] = await Promise.all([
    account("admin@bitgoeul.example"),
    account("instructor@bitgoeul.example"),
    account("learner@bitgoeul.example"),
  ]);
  const course = await db.course.findFirstOrThrow({
    where: { code: "AI501" },
    select: { id: true, slug: true, programId: true },
  });
  const lesson = (kind: "ARTICLE" | "VIDEO" | "QUIZ" | "ASSIGNMENT") =>
    db.lesson.findFirstOrThrow({
      where: { courseId: course.id, kind },
      orderBy: [{ module: { position: "asc" } }, { position: "asc" }],
      select: { id: true, slug: true },
    });
  const [article, video, quiz, assignment] = await Promise.all([
    lesson("ARTICLE"),
    lesson("VIDEO"),
    lesson("QUIZ"),
    lesson("ASSIGNMENT"),
  ]);
  const submission = await db.submission.findFirstOrThrow({
    where: { assignment: { lesson: { courseId: course.id } } },
    select: { id: true },
  });
  const program = await db.program.findFirstOrThrow({
    where: { id: course.programId },
    select: { id: true, slug: true },
  });
  const cohort = await db.cohort.findUniqueOrThrow({
    where: { slug: "academy-2026-fall-data" },
    select: { id: true, programId: true },
  });
  const classDay = await db.classDay.findFirstOrThrow({
    where: { cohortId: cohort.id, records: { some: {} } },
    orderBy: { date: "desc" },
    select: { id: true },
  });
  const certificate = await db.certificate.findFirstOrThrow({
    where: { userId: learner.id },
    select: { verificationCode: true },
  });
  return {
    admin,
    instructor,
    learner,
    course,
    article,
    video,
    quiz,
    assignment,
    submission,
    program,
    cohort,
    classDay,
    certificate,
  };
}
type DemoWorld = Awaited<ReturnType<typeof findDemoWorld>>;

/** A user like `userId` who reads English: same name and role, teaching and enrolled in the same courses. */
async function createEnglishTwin(userId: string) {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { name: true, role: true } });
  const twin = await db.user.create({
    data: { email: `en-twin-${uniqueSuffix()}@test.bitgoeul.example`, name: user.name, role: user.role, locale: "en" },
  });
  const teaching = await db.courseInstructor.findMany({ where: { userId }, select: { courseId: true, role: true } });
  await db.courseInstructor.createMany({ data: teaching.map((row) => ({ ...row, userId: twin.id })) });
  const enrollments = await db.enrollment.findMany({
    where: { userId },
    select: { courseId: true, cohortId: true, status: true, activatedAt: true, completedAt: true },
  });
  await db.enrollment.createMany({ data: enrollments.map((row) => ({ ...row, userId: twin.id })) });
  const memberships = await db.cohortMember.findMany({ where: { userId }, select: { cohortId: true, role: true } });
  await db.cohortMember.createMany({ data: memberships.map((row) => ({ ...row, userId: twin.id })) });
  return twin;
}

/** A user with two-factor on, signed in with the password only: the code prompt's visitor. */
async function createHalfSignedInUser(locale: Language) {
  return db.user.create({
    data: {
      email: `two-factor-${uniqueSuffix()}@test.bitgoeul.example`,
      name: "이단계",
      locale,
      totpSecret: "JBSWY3DPEHPK3PXP",
      totpEnabledAt: new Date(),
    },
  });
}

/** Every user-written string in the database, so the language check can tell it from interface text. */
async function listUserContent() {
  const [
    users,
    courses,
    modules,
    lessons,
    programs,
    cohorts,
    questions,
    categories,
    items,
    announcements,
    certificates,
  ] = await Promise.all([
    db.user.findMany({ select: { name: true, email: true } }),
    db.course.findMany({ select: { title: true, summary: true, code: true, slug: true, tags: true } }),
    db.module.findMany({ select: { title: true } }),
    db.lesson.findMany({ select: { title: true } }),
    db.program.findMany({ select: { nameKo: true, descriptionKo: true, slug: true } }),
    db.cohort.findMany({ select: { name: true, description: true, slug: true } }),
    db.question.findMany({ select: { prompt: true } }),
    db.gradeCategory.findMany({ select: { name: true } }),
    db.gradeItem.findMany({ select: { title: true } }),
    db.announcement.findMany({ select: { title: true } }),
    db.certificate.findMany({ select: { verificationCode: true } }),
  ]);
  const strings = [
    ...users.flatMap((row) => [row.name, row.email]),
    ...courses.flatMap((row) => [row.title, row.summary, row.code, row.slug, ...row.tags]),
    ...[...modules, ...lessons, ...announcements].map((row) => row.title),
    ...programs.flatMap((row) => [row.nameKo, row.descriptionKo, row.slug]),
    ...cohorts.flatMap((row) => [row.name, row.description, row.slug]),
    ...questions.map((row) => row.prompt),
    ...categories.map((row) => row.name),
    ...items.map((row) => row.title ?? ""),
    ...certificates.map((row) => row.verificationCode),
  ];
  // Longest first, so a title is taken out whole before a shorter name inside it.
  return [...new Set(strings.filter(Boolean))].sort((a, b) => b.length - a.length);
}

type Sweep = {
  world: DemoWorld;
  pageFor: (role: Role, language: Language) => Promise<{ page: Page; errors: string[] }>;
};

/** One browser context per role and language for the whole worker: signing in once, not once a page. */
const test = base.extend<object, { sweep: Sweep }>({
  sweep: [
    async ({ browser }, use) => {
      const world = await findDemoWorld();
      const pages = new Map<string, Promise<{ page: Page; errors: string[] }>>();
      const contexts: BrowserContext[] = [];
      const open = async (role: Role, language: Language) => {
        const context = await newContext(browser, language);
        contexts.push(context);
        const userId = await userFor(world, role, language);
        if (userId) await signIn(context, db, { userId, isTwoFactorVerified: role !== "two-factor" });
        const page = await context.newPage();
        return { page, errors: watchForPageErrors(page) };
      };
      await use({
        world,
        pageFor: (role, language) => {
          const key = `${role}/${language}`;
          if (!pages.has(key)) pages.set(key, open(role, language));
          return pages.get(key)!;
        },
      });
      await Promise.all(contexts.map((context) => context.close()));
      await db.$disconnect();
    },
    { scope: "worker" },
  ],
});

function newContext(browser: Browser, language: Language) {
  // A visitor's language comes from the browser's Accept-Language.
  return browser.newContext({ locale: language === "ko" ? "ko-KR" : "en-US", viewport: { width: 1280, height: 720 } });
}

async function userFor(world: DemoWorld, role: Role, language: Language) {
  if (role === "visitor") return null;
  if (role === "two-factor") return (await createHalfSignedInUser(language)).id;
  const demoUser = world[role].id;
  return language === "ko" ? demoUser : (await createEnglishTwin(demoUser)).id;
}

/** A page, or a state of it that `act` brings about (a form sent with errors), named by `label`. */
type Visit = { path: string; label?: string; act?: (page: Page) => Promise<void> };

/**
 * Visits each path in Korean, then in English, and returns what is wrong on each, named by page and
 * language. Text marked as another language (lang) or as user content is not held to the page's
 * language; known user content (names, titles) inside interface text is taken out first, and English-page
 * text that appears word for word on the Korean rendering is user content too.
 */
async function sweepPages(sweep: Sweep, role: Role, visits: readonly (string | Visit)[]) {
  const problems: string[] = [];
  const userContent = await listUserContent();
  const koreanTexts = new Map<string, Set<string>>();
  for (const language of LANGUAGES) {
    const { page, errors } = await sweep.pageFor(role, language);
    for (const visit of visits) {
      const { path, label = path, act } = typeof visit === "string" ? { path: visit } : visit;
      const report = (what: string, details: unknown) =>
        problems.push(`${label} [${language}] ${what}: ${JSON.stringify(details)}`);
      const response = await page.goto(path);
      if (!response || response.status() >= 400) report("status", response?.status());
      if (act) {
        const failure = await act(page).then(
          () => null,
          (error: unknown) => (error instanceof Error ? error.message.split("\n")[0] : String(error)),
        );
        if (failure) {
          report("could not get there", failure);
          continue;
        }
      }
      const { title, lang, texts } = await pageTexts(page);
      if (lang !== language) report("html lang", lang);
      if (!title.trim()) report("empty <title>", title);
      const rawKeys = [title, ...texts.filter((text) => !text.isUserContent).map((text) => text.text)].filter(
        looksLikeTranslationKey,
      );
      if (rawKeys.length > 0) report("raw translation keys", rawKeys);
      // U+FFFD is what the browser shows for bytes that are not text (a NUL, a split character).
      const garbled = texts.filter((text) => text.text.includes("\uFFFD")).map((text) => text.text);
      if (garbled.length > 0) report("garbled characters", garbled);
      const interfaceTexts = texts
        .filter((text) => !text.isUserContent && !text.isOtherLanguage)
        .map((text) => text.text);
      if (language === "ko") {
        koreanTexts.set(label, new Set(texts.map((text) => text.text)));
        const english = interfaceTexts.filter((text) => englishWordsIn(text, userContent).length > 0);
        if (english.length > 0) report("English on the Korean page", [...new Set(english)]);
      } else {
        const korean = koreanTexts.get(label) ?? new Set();
        const leaked = interfaceTexts.filter(
          (text) => !korean.has(text) && koreanWordsIn(text, userContent).length > 0,
        );
        if (leaked.length > 0) report("Korean on the English page", [...new Set(leaked)]);
      }
      const violations = await axeViolations(page);
      if (violations.length > 0) report("axe", violations);
      const overflows = await narrowViewportOverflows(page);
      if (overflows.length > 0) report("overflow", overflows);
      if (errors.length > 0) report("page errors", errors.splice(0));
    }
  }
  return problems;
}

test.describe.configure({ mode: "parallel" });

test("public pages, signed out", async ({ sweep }) => {
  test.setTimeout(120_000);
  const { course, program, certificate } = sweep.world;
  const resetToken = `sweep-${uniqueSuffix()}`;
  const resetUser = await db.user.create({
    data: { email: `reset-${uniqueSuffix()}@test.bitgoeul.example`, name: "재설정" },
  });
  await db.passwordResetToken.create({
    data: { id: hashSessionToken(resetToken), userId: resetUser.id, expiresAt: new Date(Date.now() + 60 * 60 * 1000) },
  });
  const problems = await sweepPages(sweep, "visitor", [
    "/",
    "/courses",
    `/courses/${course.slug}`,
    `/programs/${program.slug}`,
    "/login",
    "/signup",
    "/forgot-password",
    `/reset-password/${resetToken}`,
    `/certificates/${certificate.verificationCode}`,
  ]);
  problems.push(...(await sweepPages(sweep, "two-factor", ["/login/two-factor"])));
  expect(problems).toEqual([]);
});

test("a learner's course pages", async ({ sweep }) => {
  test.setTimeout(120_000);
  const { course, article, video, quiz, assignment } = sweep.world;
  const lesson = (slug: string) => `/courses/${course.slug}/lessons/${slug}`;
  const problems = await sweepPages(sweep, "learner", [
    "/learn",
    `/courses/${course.slug}`,
    lesson(article.slug),
    lesson(video.slug),
    lesson(quiz.slug),
    `${lesson(quiz.slug)}/quiz`,
    lesson(assignment.slug),
    `${lesson(assignment.slug)}/submission`,
    `/courses/${course.slug}/grades`,
  ]);
  expect(problems).toEqual([]);
});

test("a learner's certificate, check-in and settings", async ({ sweep }) => {
  test.setTimeout(120_000);
  const { certificate } = sweep.world;
  const problems = await sweepPages(sweep, "learner", [
    `/certificates/${certificate.verificationCode}`,
    "/check-in",
    "/settings",
    "/settings/password",
    "/settings/sessions",
    "/settings/two-factor",
  ]);
  expect(problems).toEqual([]);
});

test("an instructor's studio: courses and outline", async ({ sweep }) => {
  test.setTimeout(120_000);
  const { course, article } = sweep.world;
  const studio = `/teach/${course.id}`;
  const problems = await sweepPages(sweep, "instructor", [
    "/teach",
    "/teach/new",
    "/teach/import",
    studio,
    `${studio}/outline`,
    `${studio}/lessons/${article.id}`,
  ]);
  expect(problems).toEqual([]);
});

test("an instructor's studio: quiz, assignment, announcements", async ({ sweep }) => {
  test.setTimeout(120_000);
  const { course, quiz, assignment } = sweep.world;
  const studio = `/teach/${course.id}`;
  const problems = await sweepPages(sweep, "instructor", [
    `${studio}/lessons/${quiz.id}/quiz`,
    `${studio}/lessons/${quiz.id}/quiz?add=SINGLE_CHOICE`,
    `${studio}/lessons/${quiz.id}/results`,
    `${studio}/lessons/${assignment.id}/assignment`,
    `${studio}/announcements`,
    `${studio}/duplicate`,
    `/courses/${course.slug}/requests`,
  ]);
  expect(problems).toEqual([]);
});

test("an instructor's studio: learners and grades", async ({ sweep }) => {
  test.setTimeout(120_000);
  const { course, submission } = sweep.world;
  const studio = `/teach/${course.id}`;
  const problems = await sweepPages(sweep, "instructor", [
    `${studio}/learners`,
    `${studio}/progress`,
    `${studio}/at-risk`,
    `${studio}/grading`,
    `${studio}/grading/${submission.id}`,
    `${studio}/gradebook`,
    `${studio}/gradebook/settings`,
    `${studio}/final-grades`,
  ]);
  expect(problems).toEqual([]);
});

test("admin pages: people, programs, audit, mail", async ({ sweep }) => {
  test.setTimeout(120_000);
  const { learner, cohort } = sweep.world;
  const problems = await sweepPages(sweep, "admin", [
    "/admin",
    "/admin/users",
    `/admin/users/${learner.id}`,
    `/admin/learners/${learner.id}`,
    `/transcripts/${learner.id}`,
    "/admin/programs",
    `/admin/programs/${cohort.programId}`,
    "/admin/audit",
    "/admin/outbox",
  ]);
  expect(problems).toEqual([]);
});

test("admin pages: a cohort", async ({ sweep }) => {
  test.setTimeout(120_000);
  const { cohort } = sweep.world;
  const admin = `/admin/cohorts/${cohort.id}`;
  const problems = await sweepPages(sweep, "admin", [
    "/admin/cohorts",
    admin,
    `${admin}/dashboard`,
    `${admin}/at-risk`,
    `${admin}/reports`,
  ]);
  expect(problems).toEqual([]);
});

test("admin pages: a cohort's outcomes, import and attendance", async ({ sweep }) => {
  test.setTimeout(120_000);
  const { cohort, classDay } = sweep.world;
  const problems = await sweepPages(sweep, "admin", [
    `/admin/cohorts/${cohort.id}/outcomes`,
    `/admin/cohorts/${cohort.id}/import`,
    "/cohorts",
    `/cohorts/${cohort.id}/attendance`,
    `/cohorts/${cohort.id}/attendance/${classDay.id}`,
  ]);
  expect(problems).toEqual([]);
});

/**
 * A form sent empty or wrong, with JavaScript on: the form is the one holding `field` (or the element
 * `formHas` names); `clear` and `fill` set its fields, `file` picks a file for `field`; then its submit
 * button (or the one `submit` names) is pressed and the page must show a field marked invalid or an alert.
 */
function formWithErrors({
  path,
  label,
  field,
  formHas = `[name="${field}"]`,
  submit = 'button[type="submit"]:not([name]), button:not([type]):not([name])',
  clear = [],
  fill = {},
  file,
}: {
  path: string;
  label: string;
  field: string;
  formHas?: string;
  submit?: string;
  clear?: string[];
  fill?: Record<string, string>;
  file?: { name: string; mimeType: string; buffer: Buffer };
}): Visit {
  return {
    path,
    label: `${label} (with errors)`,
    act: async (page) => {
      const form = page
        .locator("form")
        .filter({ has: page.locator(formHas) })
        .first();
      // A step that cannot be done fails in seconds, named, instead of waiting out the test.
      const timeout = 5_000;
      for (const name of clear) await form.locator(`[name="${name}"]`).first().fill("", { timeout });
      for (const [name, value] of Object.entries(fill)) {
        await form.locator(`[name="${name}"]`).first().fill(value, { timeout });
      }
      if (file) await form.locator(`[name="${field}"]`).setInputFiles(file, { timeout });
      await form.locator(submit).first().click({ timeout });
      await expect(page.locator('[aria-invalid="true"], [role="alert"]').first()).toBeVisible({ timeout });
    },
  };
}

test("forms with errors, signed out and as a learner", async ({ sweep }) => {
  test.setTimeout(120_000);
  const problems = await sweepPages(sweep, "visitor", [
    formWithErrors({ path: "/login", label: "log-in", field: "email" }),
    formWithErrors({ path: "/signup", label: "sign-up", field: "email" }),
    formWithErrors({ path: "/forgot-password", label: "forgotten password", field: "email" }),
  ]);
  problems.push(
    ...(await sweepPages(sweep, "learner", [
      formWithErrors({ path: "/settings/password", label: "password change", field: "currentPassword" }),
      formWithErrors({
        path: "/check-in",
        label: "check-in with a wrong code",
        field: "code",
        fill: { code: "000000" },
      }),
    ])),
  );
  expect(problems).toEqual([]);
});

test("forms with errors in the studio", async ({ sweep }) => {
  test.setTimeout(120_000);
  const { course, article, quiz, assignment, submission } = sweep.world;
  const studio = `/teach/${course.id}`;
  const problems = await sweepPages(sweep, "instructor", [
    formWithErrors({ path: "/teach/new", label: "new course", field: "title" }),
    formWithErrors({ path: studio, label: "course details", field: "summary", clear: ["title"] }),
    formWithErrors({
      path: `${studio}/lessons/${article.id}`,
      label: "lesson editor",
      field: "title",
      submit: 'button[value="save"]',
      clear: ["title"],
    }),
    formWithErrors({
      path: `${studio}/lessons/${quiz.id}/quiz?add=SINGLE_CHOICE`,
      label: "quiz question",
      field: "prompt",
      formHas: '[name="intent"][value="add-question"]',
    }),
    formWithErrors({
      path: `${studio}/lessons/${assignment.id}/assignment`,
      label: "assignment",
      field: "maxPoints",
      fill: { maxPoints: "-5" },
    }),
    formWithErrors({ path: `${studio}/announcements`, label: "announcement", field: "title" }),
    formWithErrors({
      path: `${studio}/grading/${submission.id}`,
      label: "grading with an out-of-range score",
      field: "points",
      submit: 'button[value="grade"]',
      fill: { points: "100000" },
    }),
  ]);
  expect(problems).toEqual([]);
});

test("forms with errors in admin", async ({ sweep }) => {
  test.setTimeout(120_000);
  const { cohort, certificate } = sweep.world;
  const problems = await sweepPages(sweep, "admin", [
    formWithErrors({ path: "/admin/cohorts", label: "new cohort", field: "name" }),
    formWithErrors({ path: `/admin/cohorts/${cohort.id}`, label: "cohort details", field: "name", clear: ["name"] }),
    formWithErrors({ path: "/admin/programs", label: "new program", field: "nameKo" }),
    formWithErrors({
      path: `/admin/cohorts/${cohort.id}/import`,
      label: "member import with a file that is not a member list",
      field: "files",
      file: { name: "members.csv", mimeType: "text/csv", buffer: Buffer.from("\u0000\u0001 not a list\n") },
    }),
    formWithErrors({
      path: `/certificates/${certificate.verificationCode}`,
      label: "certificate revoked without a reason",
      field: "reason",
    }),
  ]);
  expect(problems).toEqual([]);
});
