// Demo data for people trying Bitgoeul: accounts, two programs, courses with real lessons, and a
// learner part-way through. Run with `npm run db:seed`; running it again changes no row counts.
//
// The courses are course packages in seed-data/courses/ (docs/course-package.md), imported by the
// same importer the app uses; the rest of the demo is in seed-data/*.ts.
//
// Policy on re-runs: accounts and course content are brought back to what seed-data says (so fixes
// to the content land); learner activity (enrollments, their events and lesson progress, and the
// hand-ins, quiz attempts, grades and gradebooks of seed-grading.ts) is written only the first
// time, so whatever someone did in the demo afterwards is kept. Rollups are recomputed from the rows
// every time, so they stay consistent either way.

import { readdir } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { hashPassword } from "../app/auth/password.server";
import type { Prisma } from "../app/generated/prisma/client";
import type { TermSeason } from "../app/generated/prisma/enums";
import { describeCoursePackageIssue, type CoursePackage } from "../app/lib/course-package";
import { readCoursePackage } from "../app/lib/course-package.server";
import { createPrismaClient, type Database } from "../app/lib/prisma-client.server";
import { importCoursePackage } from "../app/models/course-package.server";
import { issueMissingCertificates } from "../app/models/certificate.server";
import { recalculateEnrollmentProgress } from "../app/models/progress.server";
import { seedCohortOperations } from "./seed-cohort-operations";
import { RUNNING_TRAINEES } from "./seed-data/cohort-operations";
import { seedGradingActivity } from "./seed-grading";
import { COURSE_LINKS } from "./seed-data/course-links";
import { ENROLLMENTS } from "./seed-data/learner-activity";
import { CLASSMATES, DEMO_ACCOUNTS } from "./seed-data/people";
import { PROGRAMS } from "./seed-data/programs";

export { DEMO_ACCOUNTS, type DemoAccount } from "./seed-data/people";

const COURSES_DIR = path.join(import.meta.dirname, "seed-data/courses");
const DEMO_SEEDED_AT_KEY = "demo-seeded-at";

type Tx = Prisma.TransactionClient;
type Ids = Map<string, string>;
type SeededCourse = { id: string; lessonIds: ReadonlyMap<string, string> };

const DAY_MS = 24 * 60 * 60 * 1000;

/** The demo packages' issues, one per line, each naming its file and field. */
class CoursePackageProblems extends Error {}

function toDate(day: string): Date {
  return new Date(`${day}T00:00:00.000Z`);
}

function requireId(ids: ReadonlyMap<string, string>, key: string): string {
  const id = ids.get(key);
  if (!id) throw new Error(`Demo data refers to unknown "${key}"`);
  return id;
}

function requireCourse(courses: Map<string, SeededCourse>, folder: string): SeededCourse {
  const course = courses.get(folder);
  if (!course) throw new Error(`Demo data refers to unknown course package "${folder}"`);
  return course;
}

/** Every demo course package, checked, by folder; one error lists every issue in all of them. */
async function readDemoCoursePackages(): Promise<Map<string, CoursePackage>> {
  const folders = (await readdir(COURSES_DIR, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith("."))
    .map((entry) => entry.name);
  const unlinked = folders.filter((folder) => !COURSE_LINKS.some((links) => links.folder === folder));
  if (unlinked.length > 0) {
    throw new Error(`Course packages with no entry in prisma/seed-data/course-links.ts: ${unlinked.join(", ")}`);
  }
  const packages = new Map<string, CoursePackage>();
  const problems: string[] = [];
  for (const { folder } of COURSE_LINKS) {
    const result = await readCoursePackage({ dir: path.join(COURSES_DIR, folder) });
    if (result.ok) packages.set(folder, result.coursePackage);
    else problems.push(...result.issues.map(describeCoursePackageIssue));
  }
  if (problems.length > 0) throw new CoursePackageProblems(`The demo course packages:\n${problems.join("\n")}`);
  return packages;
}

// ───────────────────────────── Writers ─────────────────────────────

async function upsertUsers({ tx, passwordHashes }: { tx: Tx; passwordHashes: Ids }): Promise<Ids> {
  const userIds: Ids = new Map();
  for (const account of DEMO_ACCOUNTS) {
    const fields = {
      name: account.name,
      role: account.role,
      locale: account.locale,
      // Re-set on every run so the kept demo passwords always work.
      passwordHash: requireId(passwordHashes, account.email),
    };
    const user = await tx.user.upsert({
      where: { email: account.email },
      create: { email: account.email, ...fields },
      update: fields,
      select: { id: true },
    });
    userIds.set(account.email, user.id);
  }
  for (const classmate of CLASSMATES) {
    const user = await tx.user.upsert({
      where: { email: classmate.email },
      create: { email: classmate.email, name: classmate.name, role: "LEARNER", locale: "ko" },
      update: { name: classmate.name },
      select: { id: true },
    });
    userIds.set(classmate.email, user.id);
  }
  return userIds;
}

function termKey(term: { year: number; season: TermSeason }): string {
  return `${term.year}-${term.season}`;
}

async function upsertPrograms({ tx, userIds }: { tx: Tx; userIds: Ids }) {
  const programIds: Ids = new Map();
  const termIds: Ids = new Map();
  const cohortIds: Ids = new Map();
  for (const { terms, degreeTracks, cohorts, ...program } of PROGRAMS) {
    const { id: programId } = await tx.program.upsert({
      where: { slug: program.slug },
      create: program,
      update: program,
      select: { id: true },
    });
    programIds.set(program.slug, programId);

    for (const term of terms) {
      const dates = { startsOn: toDate(term.startsOn), endsOn: toDate(term.endsOn) };
      const { id } = await tx.term.upsert({
        where: { programId_year_season: { programId, year: term.year, season: term.season } },
        create: { programId, year: term.year, season: term.season, ...dates },
        update: dates,
        select: { id: true },
      });
      termIds.set(`${program.slug}/${termKey(term)}`, id);
    }

    for (const { slug, ...track } of degreeTracks) {
      await tx.degreeTrack.upsert({
        where: { slug },
        create: { slug, programId, ...track },
        update: { programId, ...track },
        select: { id: true },
      });
    }

    for (const cohort of cohorts) {
      const fields = {
        programId,
        name: cohort.name,
        startsOn: toDate(cohort.startsOn),
        endsOn: toDate(cohort.endsOn),
      };
      const { id: cohortId } = await tx.cohort.upsert({
        where: { slug: cohort.slug },
        create: { slug: cohort.slug, ...fields },
        update: fields,
        select: { id: true },
      });
      cohortIds.set(cohort.slug, cohortId);

      for (const member of cohort.members) {
        const userId = requireId(userIds, member.email);
        await tx.cohortMember.upsert({
          where: { cohortId_userId: { cohortId, userId } },
          create: { cohortId, userId, role: member.role },
          update: { role: member.role },
          select: { id: true },
        });
      }
    }
  }
  return { programIds, termIds, cohortIds };
}

/** Imports each course package where course-links.ts places it, with its instructors. */
async function importDemoCourses({
  tx,
  now,
  packages,
  userIds,
  programIds,
  termIds,
}: {
  tx: Tx;
  now: Date;
  packages: Map<string, CoursePackage>;
  userIds: Ids;
  programIds: Ids;
  termIds: Ids;
}): Promise<Map<string, SeededCourse>> {
  const courses = new Map<string, SeededCourse>();
  for (const links of COURSE_LINKS) {
    const { courseId, lessonIds } = await importCoursePackage({
      tx,
      coursePackage: packages.get(links.folder)!,
      programId: requireId(programIds, links.programSlug),
      termId: links.term ? requireId(termIds, `${links.programSlug}/${termKey(links.term)}`) : null,
      now,
    });
    for (const [position, instructor] of links.instructors.entries()) {
      const userId = requireId(userIds, instructor.email);
      await tx.courseInstructor.upsert({
        where: { courseId_userId: { courseId, userId } },
        create: { courseId, userId, role: instructor.role, position },
        update: { role: instructor.role, position },
        select: { courseId: true },
      });
    }
    courses.set(links.folder, { id: courseId, lessonIds });
  }
  return courses;
}

async function linkCourses({ tx, courses, cohortIds }: { tx: Tx; courses: Map<string, SeededCourse>; cohortIds: Ids }) {
  for (const links of COURSE_LINKS) {
    const courseId = requireCourse(courses, links.folder).id;
    for (const prerequisite of links.prerequisites ?? []) {
      const prerequisiteId = requireCourse(courses, prerequisite).id;
      await tx.coursePrerequisite.upsert({
        where: { courseId_prerequisiteId: { courseId, prerequisiteId } },
        create: { courseId, prerequisiteId },
        update: {},
        select: { courseId: true },
      });
    }
    for (const assignment of links.cohorts ?? []) {
      const cohortId = requireId(cohortIds, assignment.slug);
      const dates = { startsOn: toDate(assignment.startsOn), dueOn: toDate(assignment.dueOn) };
      await tx.cohortCourse.upsert({
        where: { cohortId_courseId: { cohortId, courseId } },
        create: { cohortId, courseId, ...dates },
        update: dates,
        select: { id: true },
      });
    }
  }
}

/** Writes each seeded enrollment with its events and progress once; returns all their ids. */
async function createLearnerActivity({
  tx,
  now,
  userIds,
  courses,
  cohortIds,
}: {
  tx: Tx;
  now: Date;
  userIds: Ids;
  courses: Map<string, SeededCourse>;
  cohortIds: Ids;
}): Promise<string[]> {
  const daysAgo = (days: number) => new Date(now.getTime() - days * DAY_MS);
  const enrollmentIds: string[] = [];

  for (const seed of ENROLLMENTS) {
    const userId = requireId(userIds, seed.learnerEmail);
    const course = requireCourse(courses, seed.folder);
    const existing = await tx.enrollment.findUnique({
      where: { userId_courseId: { userId, courseId: course.id } },
      select: { id: true },
    });
    if (existing) {
      enrollmentIds.push(existing.id);
      continue;
    }

    const enrolledAt = daysAgo(seed.enrolledDaysAgo);
    const progress = seed.progress.map((entry) => {
      const lastViewedAt = daysAgo(entry.daysAgo);
      return {
        userId,
        courseId: course.id,
        lessonId: requireId(course.lessonIds, entry.lessonSlug),
        status: entry.status,
        firstViewedAt: new Date(lastViewedAt.getTime() - entry.secondsSpent * 1000),
        lastViewedAt,
        completedAt: entry.status === "COMPLETED" ? lastViewedAt : null,
        secondsSpent: entry.secondsSpent,
      };
    });
    const completedAt =
      seed.status === "COMPLETED" ? new Date(Math.max(...progress.map((entry) => entry.lastViewedAt.getTime()))) : null;

    const { id: enrollmentId } = await tx.enrollment.create({
      data: {
        userId,
        courseId: course.id,
        cohortId: seed.cohortSlug ? requireId(cohortIds, seed.cohortSlug) : null,
        status: seed.status,
        requestedAt: enrolledAt,
        activatedAt: enrolledAt,
        completedAt,
        createdAt: enrolledAt,
      },
      select: { id: true },
    });
    await tx.enrollmentEvent.createMany({
      data: [
        { enrollmentId, fromStatus: null, toStatus: "ACTIVE", actorId: userId, createdAt: enrolledAt },
        ...(completedAt
          ? [
              {
                enrollmentId,
                fromStatus: "ACTIVE" as const,
                toStatus: "COMPLETED" as const,
                reason: "All required lessons completed",
                createdAt: completedAt,
              },
            ]
          : []),
      ],
    });
    await tx.lessonProgress.createMany({ data: progress });
    enrollmentIds.push(enrollmentId);
  }
  return enrollmentIds;
}

async function syncCourseRollups({ tx, courseIds }: { tx: Tx; courseIds: string[] }) {
  for (const courseId of courseIds) {
    const requiredLessonCount = await tx.lesson.count({ where: { courseId, status: "PUBLISHED", isRequired: true } });
    const seatsTakenCount = await tx.enrollment.count({ where: { courseId, status: { in: ["ACTIVE", "COMPLETED"] } } });
    await tx.course.update({
      where: { id: courseId },
      data: { requiredLessonCount, seatsTakenCount },
      select: { id: true },
    });
  }
}

/**
 * Each enrollment's completion counts by the app's own rule (a lesson is complete when viewed to the
 * end, its quiz passed or its assignment graded passing) and its resume point from lesson progress.
 */
async function syncEnrollmentRollups({ tx, now, enrollmentIds }: { tx: Tx; now: Date; enrollmentIds: string[] }) {
  for (const enrollmentId of enrollmentIds) {
    const { userId, courseId } = await tx.enrollment.findUniqueOrThrow({
      where: { id: enrollmentId },
      select: { userId: true, courseId: true },
    });
    await recalculateEnrollmentProgress({ tx, userId, courseId, now });
    const latest = await tx.lessonProgress.findFirst({
      where: { userId, courseId },
      orderBy: { lastViewedAt: "desc" },
      select: { lessonId: true, lastViewedAt: true },
    });
    await tx.enrollment.update({
      where: { id: enrollmentId },
      data: { lastActivityAt: latest?.lastViewedAt ?? null, lastLessonId: latest?.lessonId ?? null },
      select: { id: true },
    });
  }
}

/** Writes the demo data in one transaction; safe to run again (see the top of this file). */
export async function seedDemoData({
  db,
  passwords,
  log = () => {},
}: {
  db: Database;
  /** Email → password for each of DEMO_ACCOUNTS. */
  passwords: ReadonlyMap<string, string>;
  log?: (line: string) => void;
}): Promise<void> {
  const now = new Date();
  // Argon2 is slow on purpose, and the packages are files: both are ready before the transaction
  // opens, so it holds its locks briefly.
  const passwordHashes: Ids = new Map(
    await Promise.all(
      DEMO_ACCOUNTS.map(async (account) => {
        const password = passwords.get(account.email);
        if (!password) throw new Error(`No password given for the demo account ${account.email}`);
        return [account.email, await hashPassword(password)] as const;
      }),
    ),
  );
  const packages = await readDemoCoursePackages();

  const summary = await db.$transaction(
    async (tx) => {
      const userIds = await upsertUsers({ tx, passwordHashes });
      const { programIds, termIds, cohortIds } = await upsertPrograms({ tx, userIds });
      const courses = await importDemoCourses({ tx, now, packages, userIds, programIds, termIds });
      await linkCourses({ tx, courses, cohortIds });
      const enrollmentIds = await createLearnerActivity({ tx, now, userIds, courses, cohortIds });
      // Course rollups first: enrollment percentages divide by requiredLessonCount.
      await syncCourseRollups({ tx, courseIds: [...courses.values()].map((course) => course.id) });
      await syncEnrollmentRollups({ tx, now, enrollmentIds });
      const seededAt = await tx.appMeta.upsert({
        where: { key: DEMO_SEEDED_AT_KEY },
        create: { key: DEMO_SEEDED_AT_KEY, value: now.toISOString() },
        update: {},
        select: { value: true },
      });
      return {
        userIds,
        courses,
        lessons: [...courses.values()].reduce((sum, course) => sum + course.lessonIds.size, 0),
        enrollments: enrollmentIds.length,
        firstSeededAt: seededAt.value,
      };
    },
    // A few hundred statements over one connection; the default 5 s is too tight on a slow disk.
    { timeout: 60_000 },
  );
  // The model functions write in transactions of their own, on the enrollments just committed.
  // The cohort's trainees first: some of the grading activity is theirs.
  const adminEmail = DEMO_ACCOUNTS.find((account) => account.role === "ADMIN")?.email;
  if (!adminEmail) throw new Error("The demo accounts have no admin");
  const operations = await seedCohortOperations({ db, now, adminEmail });
  const trainees = await db.user.findMany({
    where: { email: { in: RUNNING_TRAINEES.map((trainee) => trainee.email) } },
    select: { id: true, email: true },
  });
  const people: Ids = new Map([...summary.userIds, ...trainees.map((user) => [user.email, user.id] as const)]);
  const grading = await seedGradingActivity({ db, now, userIds: people, courses: summary.courses });
  // Every completed enrollment holds its certificate (the seed writes some enrollments as completed).
  const certificates = await issueMissingCertificates({ db });

  log(
    `Demo data: ${summary.userIds.size} users, ${PROGRAMS.length} programs, ${summary.courses.size} courses, ` +
      `${summary.lessons} lessons, ${summary.enrollments} enrollments (first seeded ${summary.firstSeededAt}); ` +
      `grading written now: submissions ${grading.submissions}, quiz attempts ${grading.quizAttempts}, ` +
      `gradebooks ${grading.gradebooks}; certificates issued now: ${certificates}; cohort operations: ` +
      (operations
        ? `${operations.trainees} trainees and graduates, ${operations.classDays} class days, ` +
          `${operations.attendance} attendance records, ${operations.outcomes} outcomes.`
        : "already written."),
  );
}

// ───────────────────────────── Command line ─────────────────────────────

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error instanceof CoursePackageProblems) return error.message;
  // Prisma's messages span many lines with a code frame; the last line says what went wrong.
  const lines = error.message
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
  return lines.at(-1) ?? error.name;
}

async function runSeedCommand(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set");
  const { loadOrCreateDemoPasswords, describeDemoAccounts, DEMO_PASSWORDS_FILE } = await import("./demo-passwords");
  const { passwords, isNew } = loadOrCreateDemoPasswords();
  const db = createPrismaClient(url);
  try {
    await seedDemoData({ db, passwords, log: (line) => console.log(line) });
  } finally {
    await db.$disconnect();
  }
  const where = path.relative(process.cwd(), DEMO_PASSWORDS_FILE);
  if (isNew) console.log(["Demo accounts (kept in " + where + "):", ...describeDemoAccounts(passwords)].join("\n"));
  else console.log(`Demo account passwords are in ${where}.`);
}

const isRunDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;

if (isRunDirectly) {
  runSeedCommand().catch((error: unknown) => {
    console.error(`Seeding the demo data failed: ${describeError(error)}`);
    process.exit(1);
  });
}
