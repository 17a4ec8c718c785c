// Enrollment: who may join a course and in which state, seats and the waitlist, approval requests.
//
// A seat is held by an ACTIVE or COMPLETED enrollment: capacity limits how many learners take this
// offering of the course, and finishing early does not hand one's place to someone else. PENDING,
// WAITLISTED, DROPPED and REJECTED rows hold none. Course.seatsTakenCount is that number, changed
// in the same transaction as every status change that takes or frees a seat (enrolling, approval,
// promotion, dropping an ACTIVE enrollment). Completing or reopening a course moves between two
// seat-holding statuses, so progress code never touches the count. Every write that can take or
// free a seat first locks the course row, so concurrent requests queue on it and capacity holds.
import { can } from "~/auth/permissions";
import type { EnrollmentStatus, Locale, Role } from "~/generated/prisma/client";
import { prisma, type Prisma } from "~/lib/db.server";
import { resumeLessonJoinsSql } from "~/models/lesson.server";
import { pageWindow, toPaged } from "~/lib/pagination";
import { defineRefusals } from "~/lib/refusal.server";
import { getMailT } from "~/lib/i18n.server";
import type enMail from "~/locales/en/mail.json";
import { getCourseTeachers } from "~/models/course.server";
import { enqueueEmail } from "~/models/email-outbox.server";
import { isUuid, newUuidV7 } from "~/lib/uuid";
import { recordAuditEvent } from "~/models/audit-log.server";

type Transaction = Prisma.TransactionClient;

const SEAT_HOLDING_STATUSES: EnrollmentStatus[] = ["ACTIVE", "COMPLETED"];

/**
 * A burst of learners at the moment enrollment opens all wait for the one course row, each holding a
 * pooled connection; these limits leave room for that queue, while each transaction itself is short.
 */
const ENROLLMENT_TRANSACTION_OPTIONS = { maxWait: 15_000, timeout: 15_000 } as const;

/**
 * Statuses in which the learner is in the course (or waiting to be), with the call to action each
 * shows. Enrolling again in one of them changes nothing.
 */
const CURRENT_ENROLLMENT_KIND = {
  PENDING: "pending",
  ACTIVE: "continue",
  WAITLISTED: "waitlisted",
  COMPLETED: "completed",
} as const satisfies Partial<Record<EnrollmentStatus, string>>;

function isCurrentStatus(status: EnrollmentStatus): status is keyof typeof CURRENT_ENROLLMENT_KIND {
  return status in CURRENT_ENROLLMENT_KIND;
}

/** Why an EnrollmentEvent happened; stored in its `reason`. */
export type EnrollmentEventReason =
  "enroll" | "drop" | "approve" | "reject" | "promoteFromWaitlist" | "removedByInstructor" | "cohortAssignment";

export type PrerequisiteCourse = { id: string; code: string; title: string; slug: string };

export const ENROLL_REFUSALS = defineRefusals({
  courseNotFound: { status: 404, messageKey: "enroll.refused.courseNotFound" },
  notPublished: { status: 409, messageKey: "enroll.refused.notPublished" },
  notOpenYet: { status: 409, messageKey: "enroll.refused.notOpenYet" },
  closed: { status: 409, messageKey: "enroll.refused.closed" },
  cohortOnly: { status: 409, messageKey: "enroll.refused.cohortOnly" },
  prerequisiteMissing: { status: 409, messageKey: "enroll.refused.prerequisiteMissing" },
});

export type EnrollmentRefusal =
  | { reason: Exclude<keyof typeof ENROLL_REFUSALS, "prerequisiteMissing"> }
  | { reason: "prerequisiteMissing"; missingPrerequisites: PrerequisiteCourse[] };

export type EnrollInCourseResult =
  | { ok: true; status: EnrollmentStatus; enrollmentId: string; reason?: "alreadyEnrolled" }
  | ({ ok: false } & EnrollmentRefusal);

export const DROP_REFUSALS = defineRefusals({
  notEnrolled: { status: 409, messageKey: "enroll.dropRefused.notEnrolled" },
  completed: { status: 409, messageKey: "enroll.dropRefused.completed" },
});

export const DECIDE_REQUEST_REFUSALS = defineRefusals({
  notAllowed: { status: 403, messageKey: "error.forbidden" },
  notFound: { status: 404, messageKey: "requests.notFound" },
  notPending: { status: 409, messageKey: "requests.notPending" },
});

export type DropEnrollmentResult =
  | {
      ok: true;
      status: "DROPPED";
      enrollmentId: string;
      promotedEnrollmentIds: string[];
      reason?: "alreadyDropped";
    }
  | { ok: false; reason: keyof typeof DROP_REFUSALS };

export type DecideEnrollmentRequestResult =
  | { ok: true; status: "ACTIVE" | "WAITLISTED" | "REJECTED"; enrollmentId: string }
  | { ok: false; reason: "notAllowed" | "notFound" }
  | { ok: false; reason: "notPending"; status: EnrollmentStatus };

/** What the course page's call to action says to this visitor. */
export type EnrollmentState = (
  | { kind: "signIn" | "enroll" | "request" | "waitlist" | "closed" | "cohortOnly" }
  | { kind: "continue" | "completed"; enrollmentId: string; resumeLessonSlug: string | null }
  | { kind: "pending" | "waitlisted"; enrollmentId: string }
  | { kind: "notYetOpen"; opensAt: Date }
  | { kind: "prerequisiteMissing"; missingPrerequisites: PrerequisiteCourse[] }
) & {
  /** Free seats now; null when the course has no capacity limit. */
  seatsLeft: number | null;
};

const admissionCourseSelect = {
  id: true,
  status: true,
  enrollmentPolicy: true,
  capacity: true,
  enrollmentOpensAt: true,
  enrollmentClosesAt: true,
  seatsTakenCount: true,
} satisfies Prisma.CourseSelect;

type AdmissionCourse = Prisma.CourseGetPayload<{ select: typeof admissionCourseSelect }>;

/** A course's admission rules and its prerequisites, as getEnrollmentState reads them. */
export type AdmissionCourseWithPrerequisites = AdmissionCourse & { prerequisites: Prerequisite[] };

/**
 * The call to action of a course page for a visitor (null userId when signed out). Null when there
 * is no such course. An existing enrollment wins over every other rule, so a learner can always
 * reach a course they are in; a learner in the course also gets where "Continue" takes them (the
 * lesson they last opened if they may still see it, else the course's first visible lesson).
 * Whatever the data size: one query for a signed-out visitor; for a learner three, plus one when the
 * course has prerequisites and one when it is COHORT_ONLY (at most five, in two rounds). A caller that
 * already read the course (the course page's syllabus) passes it and saves the course and
 * prerequisite reads, leaving one query for a learner in the course.
 */
export async function getEnrollmentState({
  userId,
  courseId,
  course: readCourse,
  now = new Date(),
}: {
  userId: string | null;
  courseId: string;
  course?: AdmissionCourseWithPrerequisites;
  now?: Date;
}): Promise<EnrollmentState | null> {
  const [course, prerequisites, enrollment] = await Promise.all([
    readCourse ?? prisma.course.findUnique({ where: { id: courseId }, select: admissionCourseSelect }),
    userId ? (readCourse?.prerequisites ?? findPrerequisites({ db: prisma, courseId })) : [],
    userId ? findEnrollmentWithResumeLesson({ userId, courseId, now }) : null,
  ]);
  if (!course) return null;
  const seatsLeft = course.capacity === null ? null : Math.max(0, course.capacity - course.seatsTakenCount);

  if (enrollment && isCurrentStatus(enrollment.status)) {
    const enrollmentId = enrollment.id;
    if (enrollment.status === "ACTIVE" || enrollment.status === "COMPLETED") {
      const kind = CURRENT_ENROLLMENT_KIND[enrollment.status];
      return { kind, enrollmentId, resumeLessonSlug: enrollment.resumeLessonSlug, seatsLeft };
    }
    return { kind: CURRENT_ENROLLMENT_KIND[enrollment.status], enrollmentId, seatsLeft };
  }

  const courseRefusal = checkCourseIsOpen({ course, now });
  if (courseRefusal) {
    return courseRefusal.reason === "notOpenYet" && course.enrollmentOpensAt
      ? { kind: "notYetOpen", opensAt: course.enrollmentOpensAt, seatsLeft }
      : { kind: "closed", seatsLeft };
  }
  if (!userId) return { kind: "signIn", seatsLeft };

  const [missingPrerequisites, cohortId] = await Promise.all([
    findMissingPrerequisites({ db: prisma, userId, prerequisites }),
    course.enrollmentPolicy === "COHORT_ONLY" ? findCohortAssigningCourse({ db: prisma, userId, courseId }) : null,
  ]);
  if (missingPrerequisites.length > 0) return { kind: "prerequisiteMissing", missingPrerequisites, seatsLeft };
  if (course.enrollmentPolicy === "COHORT_ONLY" && !cohortId) return { kind: "cohortOnly", seatsLeft };
  if (course.enrollmentPolicy === "APPROVAL") return { kind: "request", seatsLeft };
  return { kind: seatsLeft === 0 ? "waitlist" : "enroll", seatsLeft };
}

/** The learner's enrollment in the course, whatever its status, with where they would resume. */
async function findEnrollmentWithResumeLesson({
  userId,
  courseId,
  now,
}: {
  userId: string;
  courseId: string;
  now: Date;
}) {
  if (!isUuid(courseId)) return null;
  const [row] = await prisma.$queryRaw<{ id: string; status: EnrollmentStatus; resumeLessonSlug: string | null }[]>`
    SELECT e."id", e."status"::text AS "status", COALESCE(resumed."slug", opening."slug") AS "resumeLessonSlug"
    FROM "Enrollment" e
    ${resumeLessonJoinsSql(now)}
    WHERE e."userId" = ${userId}::uuid AND e."courseId" = ${courseId}::uuid`;
  return row ?? null;
}

/**
 * Enrolls a learner, or files their request on an APPROVAL course. Refusals are returned, not thrown.
 * Enrolling again while PENDING, ACTIVE, WAITLISTED or COMPLETED returns that enrollment unchanged;
 * after DROPPED or REJECTED the same row is reused, keeping the learner's progress.
 */
export async function enrollInCourse({
  userId,
  courseId,
  now = new Date(),
}: {
  userId: string;
  courseId: string;
  now?: Date;
}): Promise<EnrollInCourseResult> {
  return prisma.$transaction(async (tx) => {
    // Locked before anything is read, so a second request of the same learner sees the row the
    // first one wrote, and seats are counted by one request at a time.
    if (!(await lockCourse({ tx, courseId }))) return { ok: false, reason: "courseNotFound" };
    const existing = await tx.enrollment.findUnique({
      where: { userId_courseId: { userId, courseId } },
      select: { id: true, status: true },
    });
    if (existing && isCurrentStatus(existing.status)) {
      return { ok: true, status: existing.status, enrollmentId: existing.id, reason: "alreadyEnrolled" };
    }

    const course = await tx.course.findUniqueOrThrow({ where: { id: courseId }, select: admissionCourseSelect });
    const courseRefusal = checkCourseIsOpen({ course, now });
    if (courseRefusal) return { ok: false, ...courseRefusal };
    const prerequisites = await findPrerequisites({ db: tx, courseId });
    const missingPrerequisites = await findMissingPrerequisites({ db: tx, userId, prerequisites });
    if (missingPrerequisites.length > 0) return { ok: false, reason: "prerequisiteMissing", missingPrerequisites };
    let cohortId: string | null = null;
    if (course.enrollmentPolicy === "COHORT_ONLY") {
      cohortId = await findCohortAssigningCourse({ db: tx, userId, courseId });
      if (!cohortId) return { ok: false, reason: "cohortOnly" };
    }

    const status =
      course.enrollmentPolicy === "APPROVAL"
        ? "PENDING"
        : await takeSeatOrWait({ tx, courseId, capacity: course.capacity });
    const data = {
      status,
      cohortId,
      requestedAt: now,
      activatedAt: status === "ACTIVE" ? now : null,
      waitlistedAt: status === "WAITLISTED" ? now : null,
      droppedAt: null,
      decidedAt: null,
      decidedById: null,
    } satisfies Prisma.EnrollmentUncheckedUpdateInput;
    // Progress rollups and the resume point are left as they were, so a returning learner goes on.
    const enrollment = existing
      ? await tx.enrollment.update({ where: { id: existing.id }, data, select: { id: true } })
      : await tx.enrollment.create({ data: { ...data, userId, courseId }, select: { id: true } });
    await recordEnrollmentEvent({
      tx,
      enrollmentId: enrollment.id,
      fromStatus: existing?.status ?? null,
      toStatus: status,
      actorId: userId,
      reason: "enroll",
      now,
    });
    if (status === "ACTIVE") await changeActiveCount({ tx, courseId, by: 1 });
    return { ok: true, status, enrollmentId: enrollment.id };
  }, ENROLLMENT_TRANSACTION_OPTIONS);
}

/**
 * Drops the learner's enrollment (or withdraws their request or waitlist place). History and lesson
 * progress stay. A freed seat goes to the first learner on the waitlist, who is mailed. The learner
 * drops themself; removeLearner is an instructor doing it for them.
 */
export async function dropEnrollment({
  userId,
  courseId,
  now = new Date(),
  removedBy,
}: {
  userId: string;
  courseId: string;
  now?: Date;
  removedBy?: string;
}): Promise<DropEnrollmentResult> {
  return prisma.$transaction(async (tx) => {
    if (!(await lockCourse({ tx, courseId }))) return { ok: false, reason: "notEnrolled" };
    const enrollment = await tx.enrollment.findUnique({
      where: { userId_courseId: { userId, courseId } },
      select: { id: true, status: true },
    });
    if (!enrollment || enrollment.status === "REJECTED") return { ok: false, reason: "notEnrolled" };
    if (enrollment.status === "COMPLETED") return { ok: false, reason: "completed" };
    if (enrollment.status === "DROPPED") {
      return {
        ok: true,
        status: "DROPPED",
        enrollmentId: enrollment.id,
        promotedEnrollmentIds: [],
        reason: "alreadyDropped",
      };
    }

    await tx.enrollment.update({
      where: { id: enrollment.id },
      data: { status: "DROPPED", droppedAt: now },
      select: { id: true },
    });
    await recordEnrollmentEvent({
      tx,
      enrollmentId: enrollment.id,
      fromStatus: enrollment.status,
      toStatus: "DROPPED",
      actorId: removedBy ?? userId,
      reason: removedBy ? "removedByInstructor" : "drop",
      now,
    });
    let promotedEnrollmentIds: string[] = [];
    if (enrollment.status === "ACTIVE") {
      await changeActiveCount({ tx, courseId, by: -1 });
      promotedEnrollmentIds = await fillFreeSeats({ tx, courseId, now });
    }
    return { ok: true, status: "DROPPED", enrollmentId: enrollment.id, promotedEnrollmentIds };
  }, ENROLLMENT_TRANSACTION_OPTIONS);
}

/**
 * An instructor (or admin) takes a learner off the course: the same as the learner dropping, with
 * the instructor on the record. Completed enrollments stay: they are the learner's achievement.
 */
export async function removeLearner({
  actor,
  courseId,
  enrollmentId,
  now = new Date(),
}: {
  actor: { id: string; role: Role };
  courseId: string;
  enrollmentId: string;
  now?: Date;
}): Promise<DropEnrollmentResult | { ok: false; reason: "notAllowed" | "notFound" }> {
  const course = await getCourseTeachers({ courseId });
  if (!course) return { ok: false, reason: "notFound" };
  if (!can(actor, "enrollment:decide", course)) return { ok: false, reason: "notAllowed" };
  if (!isUuid(enrollmentId)) return { ok: false, reason: "notFound" };
  const enrollment = await prisma.enrollment.findFirst({
    where: { id: enrollmentId, courseId },
    select: { userId: true },
  });
  if (!enrollment) return { ok: false, reason: "notFound" };
  return dropEnrollment({ userId: enrollment.userId, courseId, now, removedBy: actor.id });
}

export const REMOVE_LEARNER_REFUSALS = defineRefusals({
  ...DROP_REFUSALS,
  notAllowed: { status: 403, messageKey: "error.forbidden" },
  notFound: { status: 404, messageKey: "error.notFound" },
});

const LEARNERS_PAGE_SIZE = 50;

/** A course's learners (everyone with an enrollment but the rejected), most recently active first. */
export async function listCourseLearners({ courseId, page }: { courseId: string; page: number }) {
  const pageSize = LEARNERS_PAGE_SIZE;
  const where = {
    courseId,
    status: { in: ["ACTIVE", "COMPLETED", "WAITLISTED", "DROPPED"] },
  } satisfies Prisma.EnrollmentWhereInput;
  const [learners, totalCount] = await Promise.all([
    prisma.enrollment.findMany({
      where,
      orderBy: [{ status: "asc" }, { lastActivityAt: { sort: "desc", nulls: "last" } }, { id: "asc" }],
      ...pageWindow({ page, pageSize }),
      select: {
        id: true,
        status: true,
        progressPercent: true,
        lastActivityAt: true,
        activatedAt: true,
        user: { select: { id: true, name: true, email: true } },
      },
    }),
    prisma.enrollment.count({ where }),
  ]);
  return toPaged(learners, { page, pageSize, totalCount });
}

/**
 * Approves or rejects a PENDING request, when `decider` may decide for the course (its instructors,
 * admins). An approved learner gets a seat if one is free, else a place on the waitlist; either way
 * they are mailed. A request of another course is simply not found. A PENDING request holds no
 * seat, so rejecting one frees none.
 */
export async function decideEnrollmentRequest({
  decider,
  courseId,
  enrollmentId,
  decision,
  now = new Date(),
}: {
  decider: { id: string; role: Role };
  courseId: string;
  enrollmentId: string;
  decision: "approve" | "reject";
  now?: Date;
}): Promise<DecideEnrollmentRequestResult> {
  const course = await getCourseTeachers({ courseId });
  if (!course) return { ok: false, reason: "notFound" };
  if (!can(decider, "enrollment:decide", { instructorIds: course.instructorIds })) {
    return { ok: false, reason: "notAllowed" };
  }
  if (!isUuid(enrollmentId)) return { ok: false, reason: "notFound" };
  const deciderId = decider.id;
  return prisma.$transaction(async (tx) => {
    const target = await tx.enrollment.findFirst({ where: { id: enrollmentId, courseId }, select: { courseId: true } });
    if (!target) return { ok: false, reason: "notFound" };
    await lockCourse({ tx, courseId: target.courseId });
    // Read again under the lock: a concurrent decision or withdrawal may have come first.
    const enrollment = await tx.enrollment.findUniqueOrThrow({
      where: { id: enrollmentId },
      select: {
        status: true,
        user: { select: { email: true, name: true, locale: true } },
        course: { select: { code: true, title: true, capacity: true } },
      },
    });
    if (enrollment.status !== "PENDING") return { ok: false, reason: "notPending", status: enrollment.status };

    const status =
      decision === "reject"
        ? "REJECTED"
        : await takeSeatOrWait({ tx, courseId: target.courseId, capacity: enrollment.course.capacity });
    await tx.enrollment.update({
      where: { id: enrollmentId },
      data: {
        status,
        decidedAt: now,
        decidedById: deciderId,
        activatedAt: status === "ACTIVE" ? now : undefined,
        waitlistedAt: status === "WAITLISTED" ? now : undefined,
      },
      select: { id: true },
    });
    await recordEnrollmentEvent({
      tx,
      enrollmentId,
      fromStatus: "PENDING",
      toStatus: status,
      actorId: deciderId,
      reason: decision,
      now,
    });
    if (status === "ACTIVE") await changeActiveCount({ tx, courseId: target.courseId, by: 1 });
    await recordAuditEvent({
      db: tx,
      actorId: deciderId,
      action: decision === "approve" ? "enrollment.approved" : "enrollment.rejected",
      entityType: "Enrollment",
      entityId: enrollmentId,
      data: { courseId: target.courseId, courseCode: enrollment.course.code, status },
    });
    const kind = ({ ACTIVE: "approved", WAITLISTED: "approvedWaitlisted", REJECTED: "rejected" } as const)[status];
    await mailLearner({ tx, kind, user: enrollment.user, course: enrollment.course });
    return { ok: true, status, enrollmentId };
  }, ENROLLMENT_TRANSACTION_OPTIONS);
}

/** A course's open requests, oldest first, for its instructors to decide. */
export async function listPendingRequests({ courseId }: { courseId: string }) {
  return prisma.enrollment.findMany({
    where: { courseId, status: "PENDING" },
    orderBy: [{ requestedAt: "asc" }, { id: "asc" }],
    select: { id: true, requestedAt: true, user: { select: { id: true, name: true, email: true } } },
  });
}

/**
 * Gives free seats to waitlisted learners in waitlist order and mails each of them. For changes
 * outside this module that free seats (a raised capacity, an enrollment marked COMPLETED): call it
 * with that change's transaction client. Returns the promoted enrollments' ids.
 */
export async function promoteWaitlistedLearners({
  db,
  courseId,
  now = new Date(),
}: {
  db: Transaction;
  courseId: string;
  now?: Date;
}) {
  await lockCourse({ tx: db, courseId });
  return fillFreeSeats({ tx: db, courseId, now });
}

/**
 * Enrolls a cohort's learners in a course assigned to the cohort, in the caller's transaction (the
 * one that assigns the course or adds the member, so both commit or neither does). Each learner
 * without any enrollment in the course gets an ACTIVE one through the cohort; anyone who already has
 * one, whatever its status, is left as they are: a current enrollment is already what we want, and
 * a DROPPED or REJECTED one records a decision (the learner's, or an instructor's) that assigning a
 * course must not silently undo. Such a learner can still enroll again themself, since the cohort
 * now opens the course to them.
 *
 * Capacity is not applied: an admin assigning a course to a cohort has planned the seats for it, and
 * putting part of a cohort on a waitlist they never asked to join would be worse. The cohort's seats
 * still count in seatsTakenCount, so open enrollment waitlists others once the course is full.
 * Returns the ids of the enrollments created.
 */
export async function enrollCohortLearners({
  tx,
  cohortId,
  courseId,
  userIds,
  actorId,
  now = new Date(),
}: {
  tx: Transaction;
  cohortId: string;
  courseId: string;
  userIds: readonly string[];
  actorId: string;
  now?: Date;
}): Promise<string[]> {
  if (userIds.length === 0) return [];
  // The same lock as enrollInCourse takes, so a learner enrolling themself at this moment either
  // comes first (and is skipped here) or waits and finds this enrollment.
  if (!(await lockCourse({ tx, courseId }))) return [];
  const existing = await tx.enrollment.findMany({
    where: { courseId, userId: { in: [...userIds] } },
    select: { userId: true },
  });
  const enrolled = new Set(existing.map((enrollment) => enrollment.userId));
  const newUserIds = [...new Set(userIds)].filter((userId) => !enrolled.has(userId));
  if (newUserIds.length === 0) return [];
  // One INSERT … SELECT FROM unnest for the enrollments and their events, whatever the count: a
  // 5,000-member import spent seconds in Prisma preparing createMany's rows.
  const created = await tx.$queryRaw<{ id: string }[]>`
    WITH rows AS (
      SELECT * FROM unnest(
        ${newUserIds.map(() => newUuidV7(now))}::uuid[],
        ${newUserIds.map(() => newUuidV7(now))}::uuid[],
        ${newUserIds}::uuid[]
      ) AS r("enrollmentId", "eventId", "userId")
    ),
    created AS (
      INSERT INTO "Enrollment"
        ("id", "userId", "courseId", "cohortId", "status", "requestedAt", "activatedAt", "createdAt", "updatedAt")
      SELECT "enrollmentId", "userId", ${courseId}::uuid, ${cohortId}::uuid, 'ACTIVE', ${now}, ${now}, ${now}, ${now}
      FROM rows
      RETURNING "id"
    ),
    events AS (
      INSERT INTO "EnrollmentEvent" ("id", "enrollmentId", "fromStatus", "toStatus", "actorId", "reason", "createdAt")
      SELECT rows."eventId", created."id", NULL, 'ACTIVE', ${actorId}::uuid,
        ${"cohortAssignment" satisfies EnrollmentEventReason}, ${now}
      FROM created JOIN rows ON rows."enrollmentId" = created."id"
    )
    SELECT "id"::text FROM created`;
  await changeActiveCount({ tx, courseId, by: created.length });
  return created.map(({ id }) => id);
}

// ───────────────────────────── Private helpers ─────────────────────────────

/**
 * Locks the course row until the transaction ends; false when there is no such course. NO KEY UPDATE
 * queues enrollment writes behind each other but, unlike FOR UPDATE, does not hold up rows that merely
 * reference the course (lesson progress, attempts) while they are inserted.
 */
async function lockCourse({ tx, courseId }: { tx: Transaction; courseId: string }) {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "Course" WHERE "id" = ${courseId}::uuid FOR NO KEY UPDATE`;
  return rows.length === 1;
}

/** Refuses when the course is not published or its enrollment window does not include `now`. */
function checkCourseIsOpen({
  course,
  now,
}: {
  course: Pick<AdmissionCourse, "status" | "enrollmentOpensAt" | "enrollmentClosesAt">;
  now: Date;
}): { reason: "notPublished" | "notOpenYet" | "closed" } | null {
  if (course.status !== "PUBLISHED") return { reason: "notPublished" };
  if (course.enrollmentOpensAt && now < course.enrollmentOpensAt) return { reason: "notOpenYet" };
  if (course.enrollmentClosesAt && now >= course.enrollmentClosesAt) return { reason: "closed" };
  return null;
}

type Prerequisite = PrerequisiteCourse & { programId: string };

async function findPrerequisites({ db, courseId }: { db: Transaction; courseId: string }): Promise<Prerequisite[]> {
  return db.course.findMany({
    where: { requiredFor: { some: { courseId } } },
    orderBy: [{ code: "asc" }, { id: "asc" }],
    select: { id: true, programId: true, code: true, title: true, slug: true },
  });
}

/**
 * Prerequisites the learner has not completed. Completing any offering of the same catalog course
 * (same program and code, e.g. AI501 in an earlier term) counts, since each term's offering is its
 * own course row.
 */
async function findMissingPrerequisites({
  db,
  userId,
  prerequisites,
}: {
  db: Transaction;
  userId: string;
  prerequisites: Prerequisite[];
}): Promise<PrerequisiteCourse[]> {
  if (prerequisites.length === 0) return [];
  const completed = await db.course.findMany({
    where: {
      OR: prerequisites.map(({ programId, code }) => ({ programId, code })),
      enrollments: { some: { userId, status: "COMPLETED" } },
    },
    select: { programId: true, code: true },
  });
  const isCompleted = (prerequisite: Prerequisite) =>
    completed.some(({ programId, code }) => programId === prerequisite.programId && code === prerequisite.code);
  return prerequisites
    .filter((prerequisite) => !isCompleted(prerequisite))
    .map(({ id, code, title, slug }) => ({ id, code, title, slug }));
}

/** The cohort through which the learner may take a COHORT_ONLY course, if they are in one. */
async function findCohortAssigningCourse({
  db,
  userId,
  courseId,
}: {
  db: Transaction;
  userId: string;
  courseId: string;
}) {
  const membership = await db.cohortMember.findFirst({
    where: { userId, leftAt: null, cohort: { courses: { some: { courseId } } } },
    orderBy: { joinedAt: "desc" },
    select: { cohortId: true },
  });
  return membership?.cohortId ?? null;
}

/** ACTIVE when a seat is free, else WAITLISTED. Call with the course row locked. */
async function takeSeatOrWait({
  tx,
  courseId,
  capacity,
}: {
  tx: Transaction;
  courseId: string;
  capacity: number | null;
}): Promise<"ACTIVE" | "WAITLISTED"> {
  if (capacity === null) return "ACTIVE";
  // Counted rather than read from the rollup, so seats stay right even if the rollup drifted.
  const activeCount = await tx.enrollment.count({ where: { courseId, status: { in: SEAT_HOLDING_STATUSES } } });
  return activeCount < capacity ? "ACTIVE" : "WAITLISTED";
}

async function changeActiveCount({ tx, courseId, by }: { tx: Transaction; courseId: string; by: number }) {
  await tx.course.update({
    where: { id: courseId },
    data: { seatsTakenCount: { increment: by } },
    select: { id: true },
  });
}

async function recordEnrollmentEvent({
  tx,
  enrollmentId,
  fromStatus,
  toStatus,
  actorId,
  reason,
  now,
}: {
  tx: Transaction;
  enrollmentId: string;
  fromStatus: EnrollmentStatus | null;
  toStatus: EnrollmentStatus;
  /** null when the system made the change (a waitlist promotion). */
  actorId: string | null;
  reason: EnrollmentEventReason;
  now: Date;
}) {
  await tx.enrollmentEvent.create({
    data: { enrollmentId, fromStatus, toStatus, actorId, reason, createdAt: now },
    select: { id: true },
  });
}

/**
 * Moves waitlisted learners, first come first served, into the free seats of a published course,
 * and mails each. Call with the course row locked. Returns the promoted enrollments' ids.
 */
async function fillFreeSeats({ tx, courseId, now }: { tx: Transaction; courseId: string; now: Date }) {
  const course = await tx.course.findUniqueOrThrow({
    where: { id: courseId },
    select: { status: true, code: true, title: true, capacity: true },
  });
  // A draft or archived course is not running, so its waitlist stays as it is.
  if (course.status !== "PUBLISHED") return [];
  let freeSeats: number | undefined;
  if (course.capacity !== null) {
    const activeCount = await tx.enrollment.count({ where: { courseId, status: { in: SEAT_HOLDING_STATUSES } } });
    freeSeats = course.capacity - activeCount;
    if (freeSeats <= 0) return [];
  }
  const next = await tx.enrollment.findMany({
    where: { courseId, status: "WAITLISTED" },
    orderBy: [{ waitlistedAt: { sort: "asc", nulls: "last" } }, { id: "asc" }],
    take: freeSeats,
    select: { id: true, user: { select: { email: true, name: true, locale: true } } },
  });
  if (next.length === 0) return [];

  const ids = next.map((enrollment) => enrollment.id);
  await tx.enrollment.updateMany({ where: { id: { in: ids } }, data: { status: "ACTIVE", activatedAt: now } });
  await tx.enrollmentEvent.createMany({
    data: ids.map((enrollmentId) => ({
      enrollmentId,
      fromStatus: "WAITLISTED" as const,
      toStatus: "ACTIVE" as const,
      actorId: null,
      reason: "promoteFromWaitlist" satisfies EnrollmentEventReason,
      createdAt: now,
    })),
  });
  await changeActiveCount({ tx, courseId, by: ids.length });
  for (const { user } of next) await mailLearner({ tx, kind: "promoted", user, course });
  return ids;
}

type EnrollmentMailKind = keyof typeof enMail.enrollment;

/** Queues a mail about their enrollment to the learner, in their language, with the change's transaction. */
async function mailLearner({
  tx,
  kind,
  user,
  course,
}: {
  tx: Transaction;
  kind: EnrollmentMailKind;
  user: { email: string; name: string; locale: Locale };
  course: { code: string; title: string };
}) {
  const { subject, text } = await enrollmentMailText({
    kind,
    language: user.locale,
    vars: { name: user.name, courseCode: course.code, courseTitle: course.title },
  });
  await enqueueEmail({ db: tx, to: user.email, subject, text });
}

/** A mail's subject and text in `language`, from the `mail` namespace's `enrollment` section. */
export async function enrollmentMailText({
  kind,
  language,
  vars,
}: {
  kind: EnrollmentMailKind;
  language: Locale;
  vars: { name: string; courseCode: string; courseTitle: string };
}) {
  const t = await getMailT(language);
  return { subject: t(`enrollment.${kind}.subject`, vars), text: t(`enrollment.${kind}.body`, vars) };
}
