// Cohorts as admins run them: a cohort's details, its members (added one by one by e-mail; removing
// one only marks when they left), and the courses assigned to it with their dates. Members who are
// learners are enrolled in every assigned course, when the course is assigned and when they join
// later, in the same transaction as that change (enrollCohortLearners). Nothing here deletes a
// learner's record: removing a member or unassigning a course keeps every enrollment and all
// progress. Every function checks `cohort:manage` itself and writes an audit entry with its change.
//
// Each write to a cohort's members or courses first locks the cohort row, so adding a member and
// assigning a course at the same moment cannot miss each other (each would otherwise read the
// other's world from before it), and a repeated form post waits for the first to commit.
import { can } from "~/auth/permissions";
import type { CohortMemberRole, Role } from "~/generated/prisma/client";
import { Prisma, prisma } from "~/lib/db.server";
import { normalizeEmail } from "~/lib/email-address";
import { defineRefusals } from "~/lib/refusal.server";
import { isUuid } from "~/lib/uuid";
import type { CohortDetails } from "~/lib/cohort-forms";
import { recordAuditEvent } from "~/models/audit-log.server";
import { slugify } from "~/lib/slug";
import { enrollCohortLearners } from "~/models/enrollment.server";
import { findSubmissionResult, oncePerSubmission } from "~/models/form-submission.server";

type Transaction = Prisma.TransactionClient;
type Actor = { id: string; role: Role; ipAddress?: string | null };

export const COHORT_REFUSALS = defineRefusals({
  notAllowed: { status: 403, messageKey: "error.forbidden" },
  notFound: { status: 404, messageKey: "error.notFound" },
  programNotFound: { status: 400, messageKey: "cohorts.programNotFound", field: "programId" },
  programHasOtherCourses: { status: 400, messageKey: "cohorts.programHasOtherCourses", field: "programId" },
  slugTaken: { status: 400, messageKey: "cohorts.slugTaken", field: "slug" },
  userNotFound: { status: 400, messageKey: "cohorts.userNotFound", field: "email" },
  alreadyMember: { status: 400, messageKey: "cohorts.alreadyMember", field: "email" },
  courseNotAvailable: { status: 400, messageKey: "cohorts.courseNotAvailable", field: "courseId" },
  alreadyAssigned: { status: 400, messageKey: "cohorts.alreadyAssigned", field: "courseId" },
  notAssigned: { status: 404, messageKey: "cohorts.notAssigned" },
});

type CohortRefusal<Reason extends keyof typeof COHORT_REFUSALS> = { ok: false; reason: Reason };

/** A cohort's details as its form gives them; callers other than the form may leave out the description. */
type CohortDetailsInput = Omit<CohortDetails, "description"> & { description?: string };

const COHORT_TRANSACTION_OPTIONS = { maxWait: 15_000, timeout: 30_000 } as const;

// ───────────────────────────── Reading ─────────────────────────────

/**
 * The current cohorts or (`isArchived`) the archived ones, newest first, with their program and how
 * many current members and courses each has, and how many cohorts the other list holds.
 */
export async function listCohorts({ actor, isArchived = false }: { actor: Actor; isArchived?: boolean }) {
  if (!can(actor, "cohort:manage")) return { ok: false, reason: "notAllowed" } as const;
  const [cohorts, otherListCount] = await Promise.all([
    prisma.cohort.findMany({
      where: { archivedAt: isArchived ? { not: null } : null },
      orderBy: [{ startsOn: "desc" }, { createdAt: "desc" }, { id: "desc" }],
      select: {
        id: true,
        slug: true,
        name: true,
        startsOn: true,
        endsOn: true,
        archivedAt: true,
        program: { select: { id: true, kind: true, nameKo: true, nameEn: true } },
        _count: { select: { members: { where: { leftAt: null } }, courses: true } },
      },
    }),
    prisma.cohort.count({ where: { archivedAt: isArchived ? null : { not: null } } }),
  ]);
  return {
    ok: true,
    cohorts: cohorts.map(({ _count, ...cohort }) => ({
      ...cohort,
      memberCount: _count.members,
      courseCount: _count.courses,
    })),
    otherListCount,
  } as const;
}

/**
 * What every page of a cohort shows at its top (name, program, dates, archived or not), and who
 * teaches its assigned courses: the `instructorIds` a scoped permission such as `attendance:take`
 * is checked against. Null for an unknown or malformed id. Callers check their own permission.
 */
export async function findCohortHeading({ cohortId }: { cohortId: string }) {
  if (!isUuid(cohortId)) return null;
  const cohort = await prisma.cohort.findUnique({
    where: { id: cohortId },
    select: {
      id: true,
      slug: true,
      name: true,
      startsOn: true,
      endsOn: true,
      archivedAt: true,
      programId: true,
      program: { select: { kind: true, nameKo: true, nameEn: true } },
      courses: { select: { course: { select: { instructors: { select: { userId: true } } } } } },
    },
  });
  if (!cohort) return null;
  const { courses, ...heading } = cohort;
  const instructorIds = [...new Set(courses.flatMap(({ course }) => course.instructors.map((i) => i.userId)))];
  return { ...heading, instructorIds };
}

export type CohortHeading = NonNullable<Awaited<ReturnType<typeof findCohortHeading>>>;

/**
 * The programs a cohort may belong to (graduate and academy, not archived), in their display order;
 * plus, for an existing cohort (`cohortId`), its current program whatever its state, so its form
 * can keep it.
 */
export async function listCohortPrograms({ cohortId }: { cohortId?: string } = {}) {
  const current = cohortId && isUuid(cohortId) ? [{ cohorts: { some: { id: cohortId } } }] : [];
  return prisma.program.findMany({
    where: { kind: { in: ["ACADEMY", "GRADUATE"] }, OR: [{ archivedAt: null }, ...current] },
    orderBy: [{ position: "asc" }, { id: "asc" }],
    select: { id: true, kind: true, nameKo: true, nameEn: true },
  });
}

/**
 * A cohort with its members (current first, then those who left), its assigned courses, and the
 * published courses of its program that could still be assigned.
 */
export async function getCohortForAdmin({ actor, cohortId }: { actor: Actor; cohortId: string }) {
  if (!can(actor, "cohort:manage")) return { ok: false, reason: "notAllowed" } as const;
  if (!isUuid(cohortId)) return { ok: false, reason: "notFound" } as const;
  const cohort = await prisma.cohort.findUnique({
    where: { id: cohortId },
    select: {
      id: true,
      slug: true,
      name: true,
      description: true,
      startsOn: true,
      endsOn: true,
      archivedAt: true,
      programId: true,
      program: { select: { kind: true, nameKo: true, nameEn: true } },
      members: {
        orderBy: [{ leftAt: { sort: "desc", nulls: "first" } }, { user: { name: "asc" } }, { id: "asc" }],
        select: {
          id: true,
          role: true,
          joinedAt: true,
          leftAt: true,
          user: { select: { id: true, name: true, email: true } },
        },
      },
      courses: {
        orderBy: [{ startsOn: { sort: "asc", nulls: "last" } }, { course: { code: "asc" } }, { id: "asc" }],
        select: {
          id: true,
          startsOn: true,
          dueOn: true,
          course: { select: { id: true, code: true, title: true, status: true } },
        },
      },
    },
  });
  if (!cohort) return { ok: false, reason: "notFound" } as const;
  const assignableCourses = await prisma.course.findMany({
    where: { programId: cohort.programId, status: "PUBLISHED", cohorts: { none: { cohortId } } },
    orderBy: [{ code: "asc" }, { title: "asc" }, { id: "asc" }],
    select: { id: true, code: true, title: true },
  });
  return { ok: true, cohort, assignableCourses } as const;
}

// ───────────────────────────── The cohort itself ─────────────────────────────

/**
 * Creates a cohort. An empty slug is made from the name (or, for a name with no Latin letters, from
 * the start month), with the first free `-2`, `-3`… suffix; a typed slug that is taken is refused.
 */
export async function createCohort({
  actor,
  details,
  submissionKey,
}: {
  actor: Actor;
  details: CohortDetailsInput;
  submissionKey?: string;
}): Promise<{ ok: true; cohortId: string } | CohortRefusal<"notAllowed" | "programNotFound" | "slugTaken">> {
  if (!can(actor, "cohort:manage")) return { ok: false, reason: "notAllowed" };
  return withSlugConflictAsRefusal(() =>
    prisma.$transaction(async (tx) => {
      if (!(await isCohortProgram({ tx, programId: details.programId }))) {
        return { ok: false, reason: "programNotFound" } as const;
      }
      const slug = details.slug ?? (await findFreeCohortSlug({ tx, name: details.name, startsOn: details.startsOn }));
      if (details.slug && (await isSlugTaken({ tx, slug: details.slug }))) {
        // Taken by the cohort this very form made, when this is a repeat of a post that committed.
        const earlier = submissionKey ? await findSubmissionResult({ key: submissionKey, userId: actor.id }) : null;
        if (earlier) return { ok: true, cohortId: earlier } as const;
        return { ok: false, reason: "slugTaken" } as const;
      }
      const { id } = await oncePerSubmission(tx, { key: submissionKey, userId: actor.id }, async () => {
        const cohort = await tx.cohort.create({
          data: {
            programId: details.programId,
            slug,
            name: details.name,
            description: details.description ?? "",
            startsOn: details.startsOn,
            endsOn: details.endsOn,
          },
          select: { id: true },
        });
        await audit({
          tx,
          actor,
          action: "cohort.created",
          cohortId: cohort.id,
          data: auditDetails({ ...details, slug, description: details.description ?? "" }),
        });
        return cohort.id;
      });
      return { ok: true, cohortId: id } as const;
    }, COHORT_TRANSACTION_OPTIONS),
  );
}

/**
 * Saves a cohort's details. Its program may change only while every assigned course is in the new
 * program, as the studio requires of a course's cohorts, and only to a program that is not archived
 * (its current one may be). An empty slug keeps the current one; so does a missing description.
 */
export async function updateCohort({
  actor,
  cohortId,
  details,
}: {
  actor: Actor;
  cohortId: string;
  details: CohortDetailsInput;
}): Promise<
  { ok: true } | CohortRefusal<"notAllowed" | "notFound" | "programNotFound" | "programHasOtherCourses" | "slugTaken">
> {
  if (!can(actor, "cohort:manage")) return { ok: false, reason: "notAllowed" };
  if (!isUuid(cohortId)) return { ok: false, reason: "notFound" };
  return withSlugConflictAsRefusal(() =>
    prisma.$transaction(async (tx) => {
      if (!(await lockCohort({ tx, cohortId }))) return { ok: false, reason: "notFound" } as const;
      const before = await tx.cohort.findUniqueOrThrow({
        where: { id: cohortId },
        select: { programId: true, slug: true, name: true, description: true, startsOn: true, endsOn: true },
      });
      if (!(await isCohortProgram({ tx, programId: details.programId, currentProgramId: before.programId }))) {
        return { ok: false, reason: "programNotFound" } as const;
      }
      if (details.programId !== before.programId) {
        const otherCourses = await tx.cohortCourse.count({
          where: { cohortId, course: { programId: { not: details.programId } } },
        });
        if (otherCourses > 0) return { ok: false, reason: "programHasOtherCourses" } as const;
      }
      const slug = details.slug ?? before.slug;
      if (slug !== before.slug && (await isSlugTaken({ tx, slug }))) {
        return { ok: false, reason: "slugTaken" } as const;
      }
      const after = { ...details, slug, description: details.description ?? before.description };
      await tx.cohort.update({
        where: { id: cohortId },
        data: {
          programId: after.programId,
          slug,
          name: after.name,
          description: after.description,
          startsOn: after.startsOn,
          endsOn: after.endsOn,
        },
        select: { id: true },
      });
      await audit({
        tx,
        actor,
        action: "cohort.updated",
        cohortId,
        data: { before: auditDetails(before), after: auditDetails(after) },
      });
      return { ok: true } as const;
    }, COHORT_TRANSACTION_OPTIONS),
  );
}

/**
 * Archives a cohort: it leaves the cohort list (shown again with "archived") and the studio's
 * pickers. Its members, enrollments, progress, attendance and outcomes stay exactly as they are.
 * Archiving an archived cohort changes nothing.
 */
export async function archiveCohort({
  actor,
  cohortId,
  now = new Date(),
}: {
  actor: Actor;
  cohortId: string;
  now?: Date;
}): Promise<{ ok: true } | CohortRefusal<"notAllowed" | "notFound">> {
  return setCohortArchived({ actor, cohortId, archivedAt: now });
}

/** Brings an archived cohort back to the cohort list. */
export async function restoreCohort({
  actor,
  cohortId,
}: {
  actor: Actor;
  cohortId: string;
}): Promise<{ ok: true } | CohortRefusal<"notAllowed" | "notFound">> {
  return setCohortArchived({ actor, cohortId, archivedAt: null });
}

async function setCohortArchived({
  actor,
  cohortId,
  archivedAt,
}: {
  actor: Actor;
  cohortId: string;
  archivedAt: Date | null;
}): Promise<{ ok: true } | CohortRefusal<"notAllowed" | "notFound">> {
  if (!can(actor, "cohort:manage")) return { ok: false, reason: "notAllowed" };
  if (!isUuid(cohortId)) return { ok: false, reason: "notFound" };
  return prisma.$transaction(async (tx) => {
    if (!(await lockCohort({ tx, cohortId }))) return { ok: false, reason: "notFound" } as const;
    const before = await tx.cohort.findUniqueOrThrow({ where: { id: cohortId }, select: { archivedAt: true } });
    if ((before.archivedAt === null) === (archivedAt === null)) return { ok: true } as const;
    await tx.cohort.update({ where: { id: cohortId }, data: { archivedAt }, select: { id: true } });
    await audit({
      tx,
      actor,
      action: archivedAt ? "cohort.archived" : "cohort.restored",
      cohortId,
      data: {
        before: { archivedAt: before.archivedAt?.toISOString() ?? null },
        after: { archivedAt: archivedAt?.toISOString() ?? null },
      },
    });
    return { ok: true } as const;
  }, COHORT_TRANSACTION_OPTIONS);
}

// ───────────────────────────── Members ─────────────────────────────

/**
 * Adds the account with this e-mail to the cohort (accounts are not created here; the CSV import
 * will). Someone who left is taken back: their leftAt is cleared, their role is the one chosen now,
 * and joinedAt becomes today, since it says when the current membership began (the audit log keeps
 * the earlier one). A learner is enrolled in every course assigned to the cohort.
 */
export async function addCohortMember({
  actor,
  cohortId,
  email,
  role,
  submissionKey,
  now = new Date(),
}: {
  actor: Actor;
  cohortId: string;
  email: string;
  role: CohortMemberRole;
  submissionKey?: string;
  now?: Date;
}): Promise<
  | { ok: true; memberId: string; enrollmentIds: string[] }
  | CohortRefusal<"notAllowed" | "notFound" | "userNotFound" | "alreadyMember">
> {
  if (!can(actor, "cohort:manage")) return { ok: false, reason: "notAllowed" };
  if (!isUuid(cohortId)) return { ok: false, reason: "notFound" };
  return prisma.$transaction(async (tx) => {
    if (!(await lockCohort({ tx, cohortId }))) return { ok: false, reason: "notFound" } as const;
    // Under the cohort's lock a first post with this key has committed, so its result is visible.
    const earlier = submissionKey ? await findSubmissionResult({ key: submissionKey, userId: actor.id }) : null;
    if (earlier) return { ok: true, memberId: earlier, enrollmentIds: [] } as const;

    const user = await tx.user.findUnique({ where: { email: normalizeEmail(email) }, select: { id: true } });
    if (!user) return { ok: false, reason: "userNotFound" } as const;
    const existing = await tx.cohortMember.findUnique({
      where: { cohortId_userId: { cohortId, userId: user.id } },
      select: { id: true, leftAt: true },
    });
    if (existing && existing.leftAt === null) return { ok: false, reason: "alreadyMember" } as const;

    let enrollmentIds: string[] = [];
    const { id } = await oncePerSubmission(tx, { key: submissionKey, userId: actor.id }, async () => {
      const member = existing
        ? await tx.cohortMember.update({
            where: { id: existing.id },
            data: { role, leftAt: null, joinedAt: now },
            select: { id: true },
          })
        : await tx.cohortMember.create({
            data: { cohortId, userId: user.id, role, joinedAt: now },
            select: { id: true },
          });
      if (role === "LEARNER") {
        const assigned = await tx.cohortCourse.findMany({
          where: { cohortId },
          orderBy: { courseId: "asc" }, // one lock order for every writer, so two never deadlock
          select: { courseId: true },
        });
        for (const { courseId } of assigned) {
          const created = await enrollCohortLearners({
            tx,
            cohortId,
            courseId,
            userIds: [user.id],
            actorId: actor.id,
            now,
          });
          enrollmentIds = [...enrollmentIds, ...created];
        }
      }
      await audit({
        tx,
        actor,
        action: "cohort.member-added",
        cohortId,
        data: { userId: user.id, role, isReturning: Boolean(existing), enrollmentIds },
      });
      return member.id;
    });
    return { ok: true, memberId: id, enrollmentIds } as const;
  }, COHORT_TRANSACTION_OPTIONS);
}

/**
 * Marks a member as having left. Their enrollments, progress and grades stay as they are; so does
 * the membership row, which says when they left. Removing someone who already left changes nothing.
 */
export async function removeCohortMember({
  actor,
  cohortId,
  memberId,
  now = new Date(),
}: {
  actor: Actor;
  cohortId: string;
  memberId: string;
  now?: Date;
}): Promise<{ ok: true } | CohortRefusal<"notAllowed" | "notFound">> {
  if (!can(actor, "cohort:manage")) return { ok: false, reason: "notAllowed" };
  if (!isUuid(cohortId) || !isUuid(memberId)) return { ok: false, reason: "notFound" };
  return prisma.$transaction(async (tx) => {
    if (!(await lockCohort({ tx, cohortId }))) return { ok: false, reason: "notFound" } as const;
    const member = await tx.cohortMember.findFirst({
      where: { id: memberId, cohortId },
      select: { id: true, userId: true, role: true, leftAt: true },
    });
    if (!member) return { ok: false, reason: "notFound" } as const;
    if (member.leftAt) return { ok: true } as const;
    await tx.cohortMember.update({ where: { id: member.id }, data: { leftAt: now }, select: { id: true } });
    await audit({
      tx,
      actor,
      action: "cohort.member-removed",
      cohortId,
      data: { userId: member.userId, role: member.role },
    });
    return { ok: true } as const;
  }, COHORT_TRANSACTION_OPTIONS);
}

// ───────────────────────────── Courses ─────────────────────────────

/**
 * Enrolls the current learners of each of `cohortIds` in a course, in the caller's transaction (see
 * enrollCohortLearners for who is skipped). For every way a published course comes to be assigned to
 * a cohort: here, from the studio's course details, and by publishing a course that cohorts were
 * already assigned while it was a draft. Returns the ids of the enrollments created.
 */
export async function enrollCohortMembersInCourse({
  tx,
  courseId,
  cohortIds,
  actorId,
  now = new Date(),
}: {
  tx: Prisma.TransactionClient;
  courseId: string;
  cohortIds: readonly string[];
  actorId: string;
  now?: Date;
}): Promise<string[]> {
  const created: string[] = [];
  // In id order: one lock order for every writer.
  for (const cohortId of [...new Set(cohortIds)].sort()) {
    const learners = await tx.cohortMember.findMany({
      where: { cohortId, role: "LEARNER", leftAt: null },
      select: { userId: true },
    });
    const userIds = learners.map((learner) => learner.userId);
    created.push(...(await enrollCohortLearners({ tx, cohortId, courseId, userIds, actorId, now })));
  }
  return created;
}

/**
 * Assigns a published course of the cohort's program, with optional start and due dates, and enrolls
 * every current learner of the cohort in it (see enrollCohortLearners for who is skipped and why
 * capacity does not apply).
 */
export async function assignCohortCourse({
  actor,
  cohortId,
  courseId,
  startsOn,
  dueOn,
  submissionKey,
  now = new Date(),
}: {
  actor: Actor;
  cohortId: string;
  courseId: string;
  startsOn: Date | null;
  dueOn: Date | null;
  submissionKey?: string;
  now?: Date;
}): Promise<
  | { ok: true; cohortCourseId: string; enrollmentIds: string[] }
  | CohortRefusal<"notAllowed" | "notFound" | "courseNotAvailable" | "alreadyAssigned">
> {
  if (!can(actor, "cohort:manage")) return { ok: false, reason: "notAllowed" };
  if (!isUuid(cohortId)) return { ok: false, reason: "notFound" };
  if (!isUuid(courseId)) return { ok: false, reason: "courseNotAvailable" };
  return prisma.$transaction(async (tx) => {
    if (!(await lockCohort({ tx, cohortId }))) return { ok: false, reason: "notFound" } as const;
    const earlier = submissionKey ? await findSubmissionResult({ key: submissionKey, userId: actor.id }) : null;
    if (earlier) return { ok: true, cohortCourseId: earlier, enrollmentIds: [] } as const;

    const cohort = await tx.cohort.findUniqueOrThrow({ where: { id: cohortId }, select: { programId: true } });
    const course = await tx.course.findFirst({
      where: { id: courseId, programId: cohort.programId, status: "PUBLISHED" },
      select: { id: true, code: true },
    });
    if (!course) return { ok: false, reason: "courseNotAvailable" } as const;
    const existing = await tx.cohortCourse.findUnique({
      where: { cohortId_courseId: { cohortId, courseId } },
      select: { id: true },
    });
    if (existing) return { ok: false, reason: "alreadyAssigned" } as const;

    let enrollmentIds: string[] = [];
    const { id } = await oncePerSubmission(tx, { key: submissionKey, userId: actor.id }, async () => {
      const assignment = await tx.cohortCourse.create({
        data: { cohortId, courseId, startsOn, dueOn },
        select: { id: true },
      });
      enrollmentIds = await enrollCohortMembersInCourse({
        tx,
        courseId,
        cohortIds: [cohortId],
        actorId: actor.id,
        now,
      });
      await audit({
        tx,
        actor,
        action: "cohort.course-assigned",
        cohortId,
        data: {
          courseId,
          courseCode: course.code,
          startsOn: dayOrNull(startsOn),
          dueOn: dayOrNull(dueOn),
          enrolledCount: enrollmentIds.length,
        },
      });
      return assignment.id;
    });
    return { ok: true, cohortCourseId: id, enrollmentIds } as const;
  }, COHORT_TRANSACTION_OPTIONS);
}

/** Changes the start and due dates of an assigned course. */
export async function updateCohortCourseDates({
  actor,
  cohortId,
  courseId,
  startsOn,
  dueOn,
}: {
  actor: Actor;
  cohortId: string;
  courseId: string;
  startsOn: Date | null;
  dueOn: Date | null;
}): Promise<{ ok: true } | CohortRefusal<"notAllowed" | "notFound" | "notAssigned">> {
  if (!can(actor, "cohort:manage")) return { ok: false, reason: "notAllowed" };
  if (!isUuid(cohortId)) return { ok: false, reason: "notFound" };
  if (!isUuid(courseId)) return { ok: false, reason: "notAssigned" };
  return prisma.$transaction(async (tx) => {
    if (!(await lockCohort({ tx, cohortId }))) return { ok: false, reason: "notFound" } as const;
    const assignment = await tx.cohortCourse.findUnique({
      where: { cohortId_courseId: { cohortId, courseId } },
      select: { id: true, startsOn: true, dueOn: true },
    });
    if (!assignment) return { ok: false, reason: "notAssigned" } as const;
    await tx.cohortCourse.update({ where: { id: assignment.id }, data: { startsOn, dueOn }, select: { id: true } });
    await audit({
      tx,
      actor,
      action: "cohort.course-dates-changed",
      cohortId,
      data: {
        courseId,
        before: { startsOn: dayOrNull(assignment.startsOn), dueOn: dayOrNull(assignment.dueOn) },
        after: { startsOn: dayOrNull(startsOn), dueOn: dayOrNull(dueOn) },
      },
    });
    return { ok: true } as const;
  }, COHORT_TRANSACTION_OPTIONS);
}

/**
 * Takes a course off the cohort: only the assignment row goes. Enrollments made through the cohort
 * stay ACTIVE (with their cohortId) and so does all progress; every relation to them is
 * onDelete: Restrict, so nothing cascades. Unassigning a course that is not assigned changes nothing.
 */
export async function unassignCohortCourse({
  actor,
  cohortId,
  courseId,
}: {
  actor: Actor;
  cohortId: string;
  courseId: string;
}): Promise<{ ok: true } | CohortRefusal<"notAllowed" | "notFound">> {
  if (!can(actor, "cohort:manage")) return { ok: false, reason: "notAllowed" };
  if (!isUuid(cohortId)) return { ok: false, reason: "notFound" };
  if (!isUuid(courseId)) return { ok: true };
  return prisma.$transaction(async (tx) => {
    if (!(await lockCohort({ tx, cohortId }))) return { ok: false, reason: "notFound" } as const;
    const assignment = await tx.cohortCourse.findUnique({
      where: { cohortId_courseId: { cohortId, courseId } },
      select: { id: true, startsOn: true, dueOn: true, course: { select: { code: true } } },
    });
    if (!assignment) return { ok: true } as const;
    await tx.cohortCourse.delete({ where: { id: assignment.id }, select: { id: true } });
    await audit({
      tx,
      actor,
      action: "cohort.course-unassigned",
      cohortId,
      data: {
        courseId,
        courseCode: assignment.course.code,
        startsOn: dayOrNull(assignment.startsOn),
        dueOn: dayOrNull(assignment.dueOn),
      },
    });
    return { ok: true } as const;
  }, COHORT_TRANSACTION_OPTIONS);
}

// ───────────────────────────── Private helpers ─────────────────────────────

/** Locks the cohort row until the transaction ends; false when there is no such cohort. */
async function lockCohort({ tx, cohortId }: { tx: Transaction; cohortId: string }) {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "Cohort" WHERE "id" = ${cohortId}::uuid FOR NO KEY UPDATE`;
  return rows.length === 1;
}

/** A program a cohort may be put in: not archived, unless it is the cohort's program already. */
async function isCohortProgram({
  tx,
  programId,
  currentProgramId,
}: {
  tx: Transaction;
  programId: string;
  currentProgramId?: string;
}) {
  if (programId === currentProgramId) return true;
  const program = await tx.program.findFirst({
    where: { id: programId, kind: { in: ["ACADEMY", "GRADUATE"] }, archivedAt: null },
    select: { id: true },
  });
  return program !== null;
}

async function isSlugTaken({ tx, slug }: { tx: Transaction; slug: string }) {
  return (await tx.cohort.findUnique({ where: { slug }, select: { id: true } })) !== null;
}

/** The name as a slug (a Korean name gives none: then "cohort-2026-09"), made unique with a suffix. */
async function findFreeCohortSlug({ tx, name, startsOn }: { tx: Transaction; name: string; startsOn: Date }) {
  const stem = slugify(name) || `cohort-${startsOn.toISOString().slice(0, 7)}`;
  const taken = await tx.cohort.findMany({ where: { slug: { startsWith: stem } }, select: { slug: true } });
  const takenSlugs = new Set(taken.map((cohort) => cohort.slug));
  if (!takenSlugs.has(stem)) return stem;
  for (let suffix = 2; ; suffix++) {
    const candidate = `${stem}-${suffix}`;
    if (!takenSlugs.has(candidate)) return candidate;
  }
}

/** Two cohorts saved with one slug at the same moment: the unique index refuses the second. */
async function withSlugConflictAsRefusal<T>(run: () => Promise<T>): Promise<T | CohortRefusal<"slugTaken">> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      return { ok: false, reason: "slugTaken" };
    }
    throw error;
  }
}

function dayOrNull(day: Date | null) {
  return day ? day.toISOString().slice(0, 10) : null;
}

function auditDetails(details: {
  programId: string;
  slug: string;
  name: string;
  description: string;
  startsOn: Date;
  endsOn: Date;
}) {
  return {
    programId: details.programId,
    slug: details.slug,
    name: details.name,
    description: details.description,
    startsOn: dayOrNull(details.startsOn),
    endsOn: dayOrNull(details.endsOn),
  };
}

async function audit({
  tx,
  actor,
  action,
  cohortId,
  data,
}: {
  tx: Transaction;
  actor: Actor;
  action: string;
  cohortId: string;
  data: Prisma.InputJsonObject;
}) {
  await recordAuditEvent({
    db: tx,
    actorId: actor.id,
    action,
    entityType: "Cohort",
    entityId: cohortId,
    data,
    ipAddress: actor.ipAddress,
  });
}
