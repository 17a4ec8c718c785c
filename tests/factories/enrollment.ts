// Builders for enrollment tests: courses with enrollment rules, cohorts, learners in bulk, and
// enrollments put straight into a state (as if earlier steps had happened).
import type { Database } from "../../app/lib/prisma-client.server";
import type { CourseStatus, EnrollmentPolicy, EnrollmentStatus, Locale, Role } from "../../app/generated/prisma/client";
import { createCourse, createProgram, uniqueSuffix } from "./index";

/** A course with the given enrollment rules, in a new program unless `programId` is given. */
export async function createCourseWith(
  db: Database,
  {
    programId,
    status = "PUBLISHED",
    policy = "OPEN",
    capacity = null,
    opensAt = null,
    closesAt = null,
    prerequisiteIds = [],
    code,
    title,
  }: {
    programId?: string;
    status?: CourseStatus;
    policy?: EnrollmentPolicy;
    capacity?: number | null;
    opensAt?: Date | null;
    closesAt?: Date | null;
    prerequisiteIds?: string[];
    code?: string;
    title?: string;
  } = {},
) {
  const course = await createCourse(db, {
    programId: programId ?? (await createProgram(db)).id,
    status,
    title,
  });
  await db.coursePrerequisite.createMany({
    data: prerequisiteIds.map((prerequisiteId) => ({ courseId: course.id, prerequisiteId })),
  });
  return db.course.update({
    where: { id: course.id },
    data: {
      enrollmentPolicy: policy,
      capacity,
      enrollmentOpensAt: opensAt,
      enrollmentClosesAt: closesAt,
      code: code ?? course.code,
    },
  });
}

/** A learner with a chosen mail language. */
export async function createLearner(
  db: Database,
  { locale = "ko", role = "LEARNER" }: { locale?: Locale; role?: Role } = {},
) {
  const suffix = uniqueSuffix();
  return db.user.create({
    data: { email: `learner-${suffix}@test.bitgoeul.example`, name: `Learner ${suffix}`, locale, role },
  });
}

/** `count` learners in one statement, for concurrency tests. */
export async function createLearners(db: Database, count: number) {
  const suffix = uniqueSuffix();
  return db.user.createManyAndReturn({
    data: Array.from({ length: count }, (_, index) => ({
      email: `learner-${suffix}-${index}@test.bitgoeul.example`,
      name: `Learner ${suffix} ${index}`,
    })),
    select: { id: true },
  });
}

/** A cohort of the course's program with the course assigned to it. */
export async function createCohortFor(db: Database, { courseId }: { courseId: string }) {
  const { programId } = await db.course.findUniqueOrThrow({ where: { id: courseId }, select: { programId: true } });
  const suffix = uniqueSuffix();
  return db.cohort.create({
    data: {
      programId,
      slug: `cohort-${suffix}`,
      name: `Cohort ${suffix}`,
      startsOn: new Date("2026-03-02"),
      endsOn: new Date("2026-08-28"),
      courses: { create: { courseId } },
    },
  });
}

export async function addCohortMember(
  db: Database,
  { cohortId, userId, leftAt = null }: { cohortId: string; userId: string; leftAt?: Date | null },
) {
  return db.cohortMember.create({ data: { cohortId, userId, leftAt } });
}

/**
 * An enrollment put straight into `status`, as if it had got there through the model; an ACTIVE
 * one also counts in the course's seatsTakenCount, as the model would keep it.
 */
export async function createEnrollmentIn(
  db: Database,
  {
    userId,
    courseId,
    status,
    waitlistedAt,
  }: { userId: string; courseId: string; status: EnrollmentStatus; waitlistedAt?: Date },
) {
  return db.$transaction(async (tx) => {
    const now = new Date();
    const enrollment = await tx.enrollment.create({
      data: {
        userId,
        courseId,
        status,
        activatedAt: status === "ACTIVE" || status === "COMPLETED" ? now : null,
        waitlistedAt: status === "WAITLISTED" ? (waitlistedAt ?? now) : null,
        completedAt: status === "COMPLETED" ? now : null,
      },
    });
    if (status === "ACTIVE") {
      await tx.course.update({ where: { id: courseId }, data: { seatsTakenCount: { increment: 1 } } });
    }
    return enrollment;
  });
}
