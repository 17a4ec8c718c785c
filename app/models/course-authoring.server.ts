// The instructor studio's courses: the list an instructor teaches, a new draft, the details and
// their stale-save check, publishing, co-instructors, and the building blocks that import and
// duplication share (a free slug, the lead instructor). Every function that acts for someone checks
// the permission itself.
import { can } from "~/auth/permissions";
import type {
  CourseInstructorRole,
  CourseLevel,
  CourseStatus,
  EnrollmentPolicy,
  Locale,
  Role,
} from "~/generated/prisma/client";
import { Prisma, prisma } from "~/lib/db.server";
import { normalizeEmail } from "~/lib/email-address";
import { renderMarkdown } from "~/lib/markdown.server";
import { pageWindow, toPaged } from "~/lib/pagination";
import { defineRefusals } from "~/lib/refusal.server";
import { isUuid } from "~/lib/uuid";
import { recordAuditEvent } from "~/models/audit-log.server";
import { getCourseTeachers } from "~/models/course.server";
import { oncePerSubmission } from "~/models/form-submission.server";
import { slugify } from "~/lib/slug";
import { enrollCohortMembersInCourse } from "~/models/cohort.server";

type Transaction = Prisma.TransactionClient;
type Actor = { id: string; role: Role };

export const COURSE_AUTHORING_REFUSALS = defineRefusals({
  notFound: { status: 404, messageKey: "error.notFound" },
  notAllowed: { status: 403, messageKey: "error.forbidden" },
  staleVersion: { status: 409, messageKey: "studio.staleCourse" },
  programNotFound: { status: 400, messageKey: "studio.programNotFound", field: "programId" },
  termNotInProgram: { status: 400, messageKey: "studio.termNotInProgram", field: "termId" },
  cohortNotInProgram: { status: 400, messageKey: "studio.cohortNotInProgram", field: "cohortIds" },
  prerequisiteInvalid: { status: 400, messageKey: "studio.prerequisiteInvalid", field: "prerequisiteIds" },
  noPublishedLesson: { status: 409, messageKey: "studio.noPublishedLesson" },
  userNotFound: { status: 400, messageKey: "studio.instructorNotFound", field: "email" },
  notAnInstructor: { status: 400, messageKey: "studio.notAnInstructor", field: "email" },
  lastLead: { status: 409, messageKey: "studio.lastLead" },
});

type AuthoringRefusal = { ok: false; reason: keyof typeof COURSE_AUTHORING_REFUSALS };

/**
 * `base` as a slug if no course has it, else with the first free `-2`, `-3`… suffix. Run inside the
 * transaction that creates the course; the unique index settles a race between two.
 */
export async function findFreeCourseSlug({ tx, base }: { tx: Transaction; base: string }) {
  const stem = slugify(base) || "course";
  const taken = await tx.course.findMany({ where: { slug: { startsWith: stem } }, select: { slug: true } });
  const takenSlugs = new Set(taken.map((course) => course.slug));
  if (!takenSlugs.has(stem)) return stem;
  for (let suffix = 2; ; suffix++) {
    const candidate = `${stem}-${suffix}`;
    if (!takenSlugs.has(candidate)) return candidate;
  }
}

/** Makes `userId` the course's LEAD instructor (first in the list), in the caller's transaction. */
export async function addLeadInstructor({
  tx,
  courseId,
  userId,
}: {
  tx: Transaction;
  courseId: string;
  userId: string;
}) {
  await tx.courseInstructor.upsert({
    where: { courseId_userId: { courseId, userId } },
    create: { courseId, userId, role: "LEAD", position: 0 },
    update: { role: "LEAD" },
    select: { courseId: true },
  });
}

// ───────────────────────────── The studio's list ─────────────────────────────

const STUDIO_PAGE_SIZE = 50;

type TeachingCourseRow = {
  id: string;
  slug: string;
  code: string;
  title: string;
  status: CourseStatus;
  updatedAt: Date;
  termYear: number | null;
  termSeason: string | null;
  enrolledCount: number;
  waitlistedCount: number;
  pendingCount: number;
};

/**
 * The courses the actor teaches (admins: every course), most recently changed first, with their
 * enrolled, waitlisted and pending counts. Two statements whatever the page.
 */
export async function listTeachingCourses({ actor, page }: { actor: Actor; page: number }) {
  const pageSize = STUDIO_PAGE_SIZE;
  const teaches = can(actor, "course:manage")
    ? Prisma.sql`TRUE`
    : Prisma.sql`EXISTS (SELECT 1 FROM "CourseInstructor" ci WHERE ci."courseId" = c."id" AND ci."userId" = ${actor.id}::uuid)`;
  const { skip, take } = pageWindow({ page, pageSize });
  const [rows, [total]] = await Promise.all([
    prisma.$queryRaw<TeachingCourseRow[]>`
      SELECT c."id", c."slug", c."code", c."title", c."status"::text AS "status", c."updatedAt",
             t."year" AS "termYear", t."season"::text AS "termSeason",
             (SELECT count(*)::int FROM "Enrollment" e WHERE e."courseId" = c."id" AND e."status" IN ('ACTIVE', 'COMPLETED')) AS "enrolledCount",
             (SELECT count(*)::int FROM "Enrollment" e WHERE e."courseId" = c."id" AND e."status" = 'WAITLISTED') AS "waitlistedCount",
             (SELECT count(*)::int FROM "Enrollment" e WHERE e."courseId" = c."id" AND e."status" = 'PENDING') AS "pendingCount"
      FROM "Course" c
      LEFT JOIN "Term" t ON t."id" = c."termId"
      WHERE ${teaches}
      ORDER BY c."updatedAt" DESC, c."id"
      LIMIT ${take} OFFSET ${skip}`,
    prisma.$queryRaw<{ count: number }[]>`SELECT count(*)::int AS "count" FROM "Course" c WHERE ${teaches}`,
  ]);
  const courses = rows.map(({ termYear, termSeason, ...course }) => ({
    ...course,
    term: termYear && termSeason ? { year: termYear, season: termSeason } : null,
  }));
  return toPaged(courses, { page, pageSize, totalCount: total?.count ?? 0 });
}

// ───────────────────────────── Details ─────────────────────────────

export type CourseDetailsInput = {
  title: string;
  code: string;
  summary: string;
  descriptionMarkdown: string;
  programId: string;
  termId: string | null;
  cohortIds: string[];
  level: CourseLevel;
  language: Locale;
  credits: number | null;
  enrollmentPolicy: EnrollmentPolicy;
  capacity: number | null;
  enrollmentOpensAt: Date | null;
  enrollmentClosesAt: Date | null;
  startsOn: Date | null;
  endsOn: Date | null;
  prerequisiteIds: string[];
  tags: string[];
};

/**
 * What the details form offers: the programs with their terms and cohorts, and possible
 * prerequisites. Archived programs, terms and cohorts are left out, except those the course (when
 * `courseId` is given) already has, so saving its details never drops them.
 */
export async function getCourseFormOptions({ courseId }: { courseId?: string } = {}) {
  const ofThisCourse = courseId && isUuid(courseId) ? [{ courses: { some: { id: courseId } } }] : [];
  const assignedToThisCourse = courseId && isUuid(courseId) ? [{ courses: { some: { courseId } } }] : [];
  const [programs, courses] = await Promise.all([
    prisma.program.findMany({
      where: { OR: [{ archivedAt: null }, ...ofThisCourse] },
      orderBy: [{ position: "asc" }, { nameEn: "asc" }],
      select: {
        id: true,
        kind: true,
        nameKo: true,
        nameEn: true,
        terms: {
          where: { OR: [{ archivedAt: null }, ...ofThisCourse] },
          orderBy: [{ year: "desc" }, { startsOn: "desc" }],
          select: { id: true, year: true, season: true },
        },
        cohorts: {
          where: { OR: [{ archivedAt: null }, ...assignedToThisCourse] },
          orderBy: [{ startsOn: "desc" }],
          select: { id: true, name: true },
        },
      },
    }),
    prisma.course.findMany({
      where: { status: { not: "ARCHIVED" }, ...(courseId ? { id: { not: courseId } } : {}) },
      orderBy: [{ code: "asc" }, { title: "asc" }],
      take: 500,
      select: { id: true, code: true, title: true },
    }),
  ]);
  return { programs, prerequisiteOptions: courses };
}

/**
 * Checks the details' references: term and cohorts in the chosen program, prerequisites that exist.
 * An archived program or term is refused unless the course (`courseId`) already has it.
 */
async function checkDetailsReferences(
  tx: Transaction,
  input: CourseDetailsInput,
  courseId?: string,
): Promise<AuthoringRefusal | null> {
  const ofThisCourse = courseId ? [{ courses: { some: { id: courseId } } }] : [];
  const program = await tx.program.findFirst({
    where: { id: input.programId, OR: [{ archivedAt: null }, ...ofThisCourse] },
    select: {
      terms: { where: { OR: [{ archivedAt: null }, ...ofThisCourse] }, select: { id: true } },
      cohorts: { select: { id: true } },
    },
  });
  if (!program) return { ok: false, reason: "programNotFound" };
  if (input.termId && !program.terms.some((term) => term.id === input.termId)) {
    return { ok: false, reason: "termNotInProgram" };
  }
  if (input.cohortIds.some((id) => !program.cohorts.some((cohort) => cohort.id === id))) {
    return { ok: false, reason: "cohortNotInProgram" };
  }
  const prerequisiteIds = [...new Set(input.prerequisiteIds)];
  if (prerequisiteIds.some((id) => id === courseId || !isUuid(id))) return { ok: false, reason: "prerequisiteInvalid" };
  const found = await tx.course.count({ where: { id: { in: prerequisiteIds } } });
  if (found !== prerequisiteIds.length) return { ok: false, reason: "prerequisiteInvalid" };
  return null;
}

function detailsData(input: CourseDetailsInput) {
  return {
    title: input.title,
    code: input.code,
    summary: input.summary,
    descriptionMarkdown: input.descriptionMarkdown,
    descriptionHtml: renderMarkdown(input.descriptionMarkdown),
    programId: input.programId,
    termId: input.termId,
    level: input.level,
    language: input.language,
    credits: input.credits,
    enrollmentPolicy: input.enrollmentPolicy,
    capacity: input.capacity,
    enrollmentOpensAt: input.enrollmentOpensAt,
    enrollmentClosesAt: input.enrollmentClosesAt,
    startsOn: input.startsOn,
    endsOn: input.endsOn,
    tags: input.tags,
  };
}

/**
 * Replaces the course's prerequisites and adds the chosen cohort assignments (keeping due dates); a
 * published course enrolls the learners of the cohorts it is assigned to, as the cohort page does.
 */
async function writeLinks(
  tx: Transaction,
  courseId: string,
  input: CourseDetailsInput,
  { actorId, now = new Date() }: { actorId: string; now?: Date },
) {
  const prerequisiteIds = [...new Set(input.prerequisiteIds)];
  await tx.coursePrerequisite.deleteMany({ where: { courseId, prerequisiteId: { notIn: prerequisiteIds } } });
  await tx.coursePrerequisite.createMany({
    data: prerequisiteIds.map((prerequisiteId) => ({ courseId, prerequisiteId })),
    skipDuplicates: true,
  });
  // A cohort assignment with learners' records stays: removing one is an admin's decision (cohorts).
  const cohortIds = [...new Set(input.cohortIds)];
  await tx.cohortCourse.createMany({
    data: cohortIds.map((cohortId) => ({ courseId, cohortId })),
    skipDuplicates: true,
  });
  const course = await tx.course.findUniqueOrThrow({ where: { id: courseId }, select: { status: true } });
  if (course.status === "PUBLISHED") await enrollCohortMembersInCourse({ tx, courseId, cohortIds, actorId, now });
}

/**
 * A new DRAFT course with the actor as its lead instructor. A repeat of the same submission (its
 * form's `submissionKey`) answers with the course the first one created.
 */
export async function createCourse({
  actor,
  input,
  submissionKey,
}: {
  actor: Actor;
  input: CourseDetailsInput;
  submissionKey?: string;
}): Promise<{ ok: true; courseId: string } | AuthoringRefusal> {
  if (!can(actor, "course:create")) return { ok: false, reason: "notAllowed" };
  return prisma.$transaction(async (tx) => {
    const refusal = await checkDetailsReferences(tx, input);
    if (refusal) return refusal;
    const { id } = await oncePerSubmission(tx, { key: submissionKey, userId: actor.id }, async () => {
      const term = input.termId
        ? await tx.term.findUnique({ where: { id: input.termId }, select: { year: true, season: true } })
        : null;
      const slug = await findFreeCourseSlug({
        tx,
        base: [input.code, term ? `${term.year}-${term.season}` : ""].filter(Boolean).join("-"),
      });
      const course = await tx.course.create({
        data: { slug, status: "DRAFT", ...detailsData(input) },
        select: { id: true },
      });
      await writeLinks(tx, course.id, input, { actorId: actor.id });
      await addLeadInstructor({ tx, courseId: course.id, userId: actor.id });
      return course.id;
    });
    return { ok: true, courseId: id } as const;
  });
}

const courseForStudioSelect = {
  id: true,
  slug: true,
  status: true,
  version: true,
  title: true,
  code: true,
  summary: true,
  descriptionMarkdown: true,
  programId: true,
  termId: true,
  level: true,
  language: true,
  credits: true,
  enrollmentPolicy: true,
  capacity: true,
  enrollmentOpensAt: true,
  enrollmentClosesAt: true,
  startsOn: true,
  endsOn: true,
  tags: true,
  coverImageKey: true,
  publishedAt: true,
  updatedAt: true,
  prerequisites: { select: { prerequisiteId: true } },
  cohorts: { select: { cohortId: true } },
  instructors: {
    orderBy: [{ position: "asc" }, { createdAt: "asc" }],
    select: { role: true, user: { select: { id: true, name: true, email: true } } },
  },
  _count: { select: { lessons: { where: { status: "PUBLISHED" } } } },
} satisfies Prisma.CourseSelect;

/** A course as the studio edits it, or null; the caller has checked course:manage (the guard). */
export async function getCourseForStudio({ courseId }: { courseId: string }) {
  if (!isUuid(courseId)) return null;
  return prisma.course.findUnique({ where: { id: courseId }, select: courseForStudioSelect });
}

export type CourseForStudio = NonNullable<Awaited<ReturnType<typeof getCourseForStudio>>>;

/**
 * Saves the details when the course is still at `version` (the one the form was loaded from) and
 * bumps it; otherwise refuses with the current course, so the page can show what changed.
 */
export async function updateCourseDetails({
  actor,
  courseId,
  version,
  input,
}: {
  actor: Actor;
  courseId: string;
  version: number;
  input: CourseDetailsInput;
}): Promise<{ ok: true } | AuthoringRefusal | { ok: false; reason: "staleVersion"; current: CourseForStudio }> {
  const teachers = await getCourseTeachers({ courseId });
  if (!teachers) return { ok: false, reason: "notFound" };
  if (!can(actor, "course:manage", teachers)) return { ok: false, reason: "notAllowed" };
  return prisma.$transaction(async (tx) => {
    const refusal = await checkDetailsReferences(tx, input, courseId);
    if (refusal) return refusal;
    const { count } = await tx.course.updateMany({
      where: { id: courseId, version },
      data: { ...detailsData(input), version: { increment: 1 } },
    });
    if (count === 0) {
      const current = await tx.course.findUniqueOrThrow({ where: { id: courseId }, select: courseForStudioSelect });
      return { ok: false, reason: "staleVersion", current } as const;
    }
    await writeLinks(tx, courseId, input, { actorId: actor.id });
    return { ok: true } as const;
  });
}

// ───────────────────────────── Status ─────────────────────────────

/**
 * Publishes (only with at least one published lesson), takes back to draft, or archives a course.
 * Only its lead instructors and admins. Enrollments and every record are kept whatever the status.
 */
export async function setCourseStatus({
  actor,
  courseId,
  status,
  ipAddress,
  now = new Date(),
}: {
  actor: Actor;
  courseId: string;
  status: CourseStatus;
  ipAddress?: string;
  now?: Date;
}): Promise<{ ok: true } | AuthoringRefusal> {
  const teachers = await getCourseTeachers({ courseId });
  if (!teachers) return { ok: false, reason: "notFound" };
  if (!can(actor, "course:publish", teachers)) return { ok: false, reason: "notAllowed" };
  return prisma.$transaction(async (tx) => {
    const course = await tx.course.findUniqueOrThrow({
      where: { id: courseId },
      select: { status: true, publishedAt: true, _count: { select: { lessons: { where: { status: "PUBLISHED" } } } } },
    });
    if (course.status === status) return { ok: true } as const;
    if (status === "PUBLISHED" && course._count.lessons === 0)
      return { ok: false, reason: "noPublishedLesson" } as const;
    await tx.course.update({
      where: { id: courseId },
      data: { status, publishedAt: status === "PUBLISHED" ? (course.publishedAt ?? now) : course.publishedAt },
      select: { id: true },
    });
    await recordAuditEvent({
      db: tx,
      actorId: actor.id,
      action: "course.status-changed",
      entityType: "Course",
      entityId: courseId,
      data: { from: course.status, to: status },
      ipAddress,
    });
    if (status === "PUBLISHED") {
      // Cohorts assigned while it was a draft get their learners in now.
      const assigned = await tx.cohortCourse.findMany({ where: { courseId }, select: { cohortId: true } });
      const cohortIds = assigned.map((assignment) => assignment.cohortId);
      await enrollCohortMembersInCourse({ tx, courseId, cohortIds, actorId: actor.id, now });
    }
    return { ok: true } as const;
  });
}

// ───────────────────────────── Instructors ─────────────────────────────

/** Adds an instructor (by email) with a role, or changes the role of one already there; leads and admins only. */
export async function setCourseInstructor({
  actor,
  courseId,
  email,
  role,
}: {
  actor: Actor;
  courseId: string;
  email: string;
  role: CourseInstructorRole;
}): Promise<{ ok: true } | AuthoringRefusal> {
  const teachers = await getCourseTeachers({ courseId });
  if (!teachers) return { ok: false, reason: "notFound" };
  if (!can(actor, "course:publish", teachers)) return { ok: false, reason: "notAllowed" };
  const user = await prisma.user.findUnique({
    where: { email: normalizeEmail(email) },
    select: { id: true, role: true, deactivatedAt: true },
  });
  if (!user || user.deactivatedAt) return { ok: false, reason: "userNotFound" };
  if (user.role === "LEARNER") return { ok: false, reason: "notAnInstructor" };
  return prisma.$transaction(async (tx) => {
    if (role !== "LEAD" && (await isLastLead(tx, courseId, user.id))) return { ok: false, reason: "lastLead" } as const;
    const last = await tx.courseInstructor.aggregate({ where: { courseId }, _max: { position: true } });
    await tx.courseInstructor.upsert({
      where: { courseId_userId: { courseId, userId: user.id } },
      create: { courseId, userId: user.id, role, position: (last._max.position ?? 0) + 1 },
      update: { role },
      select: { courseId: true },
    });
    return { ok: true } as const;
  });
}

/** Takes an instructor off the course; a course always keeps one lead. Leads and admins only. */
export async function removeCourseInstructor({
  actor,
  courseId,
  userId,
}: {
  actor: Actor;
  courseId: string;
  userId: string;
}): Promise<{ ok: true } | AuthoringRefusal> {
  const teachers = await getCourseTeachers({ courseId });
  if (!teachers) return { ok: false, reason: "notFound" };
  if (!can(actor, "course:publish", teachers)) return { ok: false, reason: "notAllowed" };
  if (!isUuid(userId)) return { ok: false, reason: "notFound" };
  return prisma.$transaction(async (tx) => {
    if (await isLastLead(tx, courseId, userId)) return { ok: false, reason: "lastLead" } as const;
    await tx.courseInstructor.deleteMany({ where: { courseId, userId } });
    return { ok: true } as const;
  });
}

/** Whether `userId` is the course's only lead; locks the course's instructor rows meanwhile. */
async function isLastLead(tx: Transaction, courseId: string, userId: string) {
  const leads = await tx.$queryRaw<{ userId: string }[]>`
    SELECT "userId"::text AS "userId" FROM "CourseInstructor"
    WHERE "courseId" = ${courseId}::uuid AND "role" = 'LEAD' FOR UPDATE`;
  return leads.length === 1 && leads[0]?.userId === userId;
}
