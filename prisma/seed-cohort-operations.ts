// The demo's cohort operations (seed-data/cohort-operations.ts): a running cohort filled with
// generated trainees at every stage, with class days and attendance so that every dashboard figure
// and at-risk reason shows; and a finished cohort whose graduates completed their course and have
// outcomes recorded. Written after the rest of the demo has committed.
//
// Like the other learner activity it is written once: when the running cohort already has class
// days, nothing here runs again, so whatever people did in the demo since is kept. Rows are written
// set-based (INSERT … SELECT), a few statements per cohort whatever its size.
import { Prisma } from "../app/generated/prisma/client";
import { academyCalendarDay } from "../app/lib/time-zone";
import type { Database } from "../app/lib/prisma-client.server";
import { recalculateEnrollmentProgress } from "../app/models/progress.server";
import {
  EXCUSE_REASONS,
  FINISHED_COHORT_SLUG,
  GRADUATES,
  GRADUATE_STUDENTS,
  RUNNING_COHORT_SLUG,
  RUNNING_TRAINEES,
} from "./seed-data/cohort-operations";

type Tx = Prisma.TransactionClient;

const DAY_MS = 24 * 60 * 60 * 1000;
/** Class starts at 09:00 in Korea: 00:00 UTC. Members joined then on the first day. */
const CLASS_START_UTC_HOURS = 0;

export async function seedCohortOperations({
  db,
  now,
  adminEmail,
}: {
  db: Database;
  now: Date;
  adminEmail: string;
}): Promise<{ trainees: number; classDays: number; attendance: number; outcomes: number } | null> {
  return db.$transaction(
    async (tx) => {
      const running = await findCohort(tx, RUNNING_COHORT_SLUG);
      const finished = await findCohort(tx, FINISHED_COHORT_SLUG);
      if ((await tx.classDay.count({ where: { cohortId: running.id } })) > 0) return null;
      const { id: adminId } = await tx.user.findUniqueOrThrow({ where: { email: adminEmail }, select: { id: true } });

      await setStudentRecords(tx);
      const traineeIds = await createLearners(tx, RUNNING_TRAINEES);
      await addMembers({ tx, cohort: running, userIds: [...traineeIds.values()] });
      for (const courseId of running.courseIds) {
        await enrollMembers({
          tx,
          cohortId: running.id,
          courseId,
          userIds: [...traineeIds.values()],
          actorId: adminId,
          at: classStart(running.startsOn),
        });
        await writeProgress({
          tx,
          courseId,
          startAt: classStart(running.startsOn),
          now,
          learners: RUNNING_TRAINEES.map((trainee) => ({
            userId: traineeIds.get(trainee.email)!,
            completedShare: trainee.completedShare,
            lastActiveDaysAgo: trainee.lastActiveDaysAgo,
          })),
        });
      }
      const { classDays, attendance } = await writeAttendance({
        tx,
        cohort: running,
        now,
        oftenAbsentIds: RUNNING_TRAINEES.filter((t) => t.isOftenAbsent).map((t) => traineeIds.get(t.email)!),
      });
      // One nudge already sent, so the at-risk list shows when someone was last reminded.
      const nudged = traineeIds.get(RUNNING_TRAINEES.find((t) => t.lastActiveDaysAgo >= 14)!.email)!;
      await tx.nudge.create({
        data: {
          cohortId: running.id,
          userId: nudged,
          sentById: adminId,
          subject: "학습을 이어가 볼까요?",
          createdAt: new Date(now.getTime() - 3 * DAY_MS),
        },
      });

      const graduateIds = await createLearners(tx, GRADUATES);
      await addMembers({ tx, cohort: finished, userIds: [...graduateIds.values()] });
      const endedDaysAgo = Math.max(0, Math.round((now.getTime() - finished.endsOn.getTime()) / DAY_MS));
      for (const courseId of finished.courseIds) {
        await enrollMembers({
          tx,
          cohortId: finished.id,
          courseId,
          userIds: [...graduateIds.values()],
          actorId: adminId,
          at: classStart(finished.startsOn),
        });
        await writeProgress({
          tx,
          courseId,
          startAt: classStart(finished.startsOn),
          now,
          learners: GRADUATES.map((graduate, i) => ({
            userId: graduateIds.get(graduate.email)!,
            completedShare: 1,
            lastActiveDaysAgo: endedDaysAgo + 7 + (i % 5),
          })),
        });
      }
      const outcomes = GRADUATES.flatMap((graduate) =>
        graduate.outcome
          ? [
              {
                cohortId: finished.id,
                userId: graduateIds.get(graduate.email)!,
                kind: graduate.outcome.kind,
                organisation: graduate.outcome.organisation,
                outcomeOn: graduate.outcome.organisation
                  ? addMonths(finished.endsOn, graduate.outcome.monthsAfterEnd)
                  : null,
                recordedById: adminId,
              },
            ]
          : [],
      );
      await tx.cohortOutcome.createMany({ data: outcomes, skipDuplicates: true });

      return { trainees: traineeIds.size + graduateIds.size, classDays, attendance, outcomes: outcomes.length };
    },
    { timeout: 120_000 },
  );
}

/** Graduate students' numbers and degree track, so a transcript shows credits toward the degree. */
async function setStudentRecords(tx: Tx) {
  for (const student of GRADUATE_STUDENTS) {
    const track = await tx.degreeTrack.findUniqueOrThrow({ where: { slug: student.trackSlug }, select: { id: true } });
    await tx.user.updateMany({
      where: { email: student.email, studentNumber: null },
      data: { studentNumber: student.studentNumber, degreeTrackId: track.id },
    });
  }
}

async function findCohort(tx: Tx, slug: string) {
  const cohort = await tx.cohort.findUniqueOrThrow({
    where: { slug },
    select: { id: true, startsOn: true, endsOn: true, courses: { select: { courseId: true } } },
  });
  return { ...cohort, courseIds: cohort.courses.map((course) => course.courseId) };
}

function classStart(day: Date) {
  return new Date(day.getTime() + CLASS_START_UTC_HOURS * 60 * 60 * 1000);
}

function addMonths(day: Date, months: number) {
  const result = new Date(day);
  result.setUTCMonth(result.getUTCMonth() + months);
  return result;
}

/** Learner accounts without a password (they cannot sign in), by e-mail. */
async function createLearners(tx: Tx, people: readonly { email: string; name: string }[]) {
  await tx.user.createMany({
    data: people.map((person) => ({ email: person.email, name: person.name, role: "LEARNER" as const })),
    skipDuplicates: true,
  });
  const users = await tx.user.findMany({
    where: { email: { in: people.map((person) => person.email) } },
    select: { id: true, email: true },
  });
  return new Map(users.map((user) => [user.email, user.id]));
}

/** Adds them as learners who joined on the first day; everyone already in it joined then too. */
async function addMembers({
  tx,
  cohort,
  userIds,
}: {
  tx: Tx;
  cohort: { id: string; startsOn: Date };
  userIds: string[];
}) {
  const joinedAt = classStart(cohort.startsOn);
  await tx.cohortMember.createMany({
    data: userIds.map((userId) => ({ cohortId: cohort.id, userId, role: "LEARNER" as const, joinedAt })),
    skipDuplicates: true,
  });
  await tx.cohortMember.updateMany({ where: { cohortId: cohort.id, joinedAt: { gt: joinedAt } }, data: { joinedAt } });
}

/**
 * Enrolls the cohort's new learners in one of its courses as the cohort assignment does (ACTIVE,
 * with its event), set-based, and recounts the course's seats. (Not enrollCohortLearners itself:
 * the enrollment model imports the mail module's JSON, which the e2e set-up that seeds cannot load.)
 */
async function enrollMembers({
  tx,
  cohortId,
  courseId,
  userIds,
  actorId,
  at,
}: {
  tx: Tx;
  cohortId: string;
  courseId: string;
  userIds: string[];
  actorId: string;
  at: Date;
}) {
  await tx.$executeRaw`
    WITH created AS (
      INSERT INTO "Enrollment" ("id", "userId", "courseId", "cohortId", "status", "requestedAt", "activatedAt", "createdAt", "updatedAt")
      SELECT gen_random_uuid(), "userId", ${courseId}::uuid, ${cohortId}::uuid, 'ACTIVE', ${at}, ${at}, ${at}, ${at}
      FROM unnest(${userIds}::uuid[]) AS t("userId")
      ON CONFLICT ("userId", "courseId") DO NOTHING
      RETURNING "id"
    )
    INSERT INTO "EnrollmentEvent" ("id", "enrollmentId", "fromStatus", "toStatus", "actorId", "reason", "createdAt")
    SELECT gen_random_uuid(), "id", NULL, 'ACTIVE', ${actorId}::uuid, 'cohortAssignment', ${at} FROM created`;
  await tx.$executeRaw`
    UPDATE "Course" SET "seatsTakenCount" = (
      SELECT count(*) FROM "Enrollment" WHERE "courseId" = ${courseId}::uuid AND "status" IN ('ACTIVE', 'COMPLETED')
    ) WHERE "id" = ${courseId}::uuid`;
}

/**
 * Completes each learner's share of the course's required lessons that complete by viewing (a quiz
 * or an assignment completes only by passing, which the demo's grading activity does elsewhere),
 * spread evenly from the cohort's start to their last activity, then recounts their rollups by the
 * app's own rule.
 */
async function writeProgress({
  tx,
  courseId,
  startAt,
  now,
  learners,
}: {
  tx: Tx;
  courseId: string;
  /** When the cohort began: the first lessons are completed soon after. */
  startAt: Date;
  now: Date;
  learners: { userId: string; completedShare: number; lastActiveDaysAgo: number }[];
}) {
  await tx.$executeRaw`
    WITH lessons AS (
      SELECT l."id", row_number() OVER (ORDER BY m."position", l."position") AS "rank",
        count(*) OVER () AS "total"
      FROM "Lesson" l JOIN "Module" m ON m."id" = l."moduleId"
      WHERE l."courseId" = ${courseId}::uuid AND l."status" = 'PUBLISHED' AND l."isRequired"
        AND l."kind" IN ('ARTICLE', 'VIDEO')
    ),
    learners AS (
      SELECT * FROM unnest(
        ${learners.map((l) => l.userId)}::uuid[],
        ${learners.map((l) => l.completedShare)}::float8[],
        ${learners.map((l) => l.lastActiveDaysAgo)}::int[]
      ) AS t("userId", "share", "daysAgo")
    ),
    done AS (
      SELECT learners."userId", lessons."id" AS "lessonId",
        -- Spread from the start to their last activity, the last lesson on that day.
        ${startAt}::timestamptz AT TIME ZONE 'UTC'
          + (((${now}::timestamptz AT TIME ZONE 'UTC') - make_interval(days => learners."daysAgo"))
              - (${startAt}::timestamptz AT TIME ZONE 'UTC'))
            * (lessons."rank"::float8 / floor(learners."share" * lessons."total")) AS "at"
      FROM learners JOIN lessons ON lessons."rank" <= floor(learners."share" * lessons."total")
    )
    INSERT INTO "LessonProgress"
      ("id", "userId", "lessonId", "courseId", "status", "firstViewedAt", "lastViewedAt", "completedAt", "secondsSpent")
    SELECT gen_random_uuid(), "userId", "lessonId", ${courseId}::uuid, 'COMPLETED',
      "at" - interval '25 minutes', "at", "at", 1500
    FROM done
    ON CONFLICT ("userId", "lessonId") DO NOTHING`;
  for (const { userId } of learners) {
    await recalculateEnrollmentProgress({ tx, userId, courseId, now });
  }
  // Last activity and the completion date from the lessons themselves, not from the moment of seeding.
  await tx.$executeRaw`
    UPDATE "Enrollment" e SET
      "lastActivityAt" = p."lastAt",
      "lastLessonId" = p."lastLessonId",
      "completedAt" = CASE WHEN e."status" = 'COMPLETED' THEN p."lastAt" ELSE e."completedAt" END
    FROM (
      SELECT DISTINCT ON ("userId") "userId", "lastViewedAt" AS "lastAt", "lessonId" AS "lastLessonId"
      FROM "LessonProgress"
      WHERE "courseId" = ${courseId}::uuid AND "userId" = ANY(${learners.map((l) => l.userId)}::uuid[])
      ORDER BY "userId", "lastViewedAt" DESC
    ) p
    WHERE e."courseId" = ${courseId}::uuid AND e."userId" = p."userId"`;
}

/**
 * Class days every weekday from the cohort's start to today (in Korea) or its end, and attendance
 * for every current learner on each day that is over: mostly present, some late, leaving early,
 * excused or absent, spread by a hash of learner and day so each run writes the same; the often
 * absent miss about a third of their days.
 */
async function writeAttendance({
  tx,
  cohort,
  now,
  oftenAbsentIds,
}: {
  tx: Tx;
  cohort: { id: string; startsOn: Date; endsOn: Date };
  now: Date;
  oftenAbsentIds: string[];
}) {
  const today = academyCalendarDay(now);
  const lastDay = cohort.endsOn < today ? cohort.endsOn : today;
  const classDays = await tx.$executeRaw`
    INSERT INTO "ClassDay" ("id", "cohortId", "date")
    SELECT gen_random_uuid(), ${cohort.id}::uuid, day::date
    FROM generate_series(${cohort.startsOn}::date, ${lastDay}::date, interval '1 day') AS day
    WHERE extract(isodow FROM day) < 6
    ON CONFLICT ("cohortId", "date") DO NOTHING`;
  const attendance = await tx.$executeRaw`
    WITH marks AS (
      SELECT d."id" AS "classDayId", m."userId",
        abs(hashtext(m."userId"::text || d."date"::text)) % 100 AS "roll",
        m."userId" = ANY(${oftenAbsentIds}::uuid[]) AS "oftenAbsent",
        d."date"
      FROM "ClassDay" d JOIN "CohortMember" m ON m."cohortId" = d."cohortId"
      WHERE d."cohortId" = ${cohort.id}::uuid AND d."date" < ${today}::date
        AND m."role" = 'LEARNER' AND m."leftAt" IS NULL
    )
    INSERT INTO "AttendanceRecord"
      ("id", "classDayId", "cohortId", "userId", "status", "reason", "checkedInAt", "createdAt", "updatedAt")
    SELECT gen_random_uuid(), "classDayId", ${cohort.id}::uuid, "userId", s."status"::"AttendanceStatus",
      CASE WHEN s."status" = 'EXCUSED' THEN (${[...EXCUSE_REASONS]}::text[])[1 + "roll" % ${EXCUSE_REASONS.length}] END,
      CASE WHEN s."status" IN ('PRESENT', 'LATE') THEN "date" + interval '9 minutes' * (1 + "roll" % 5) END,
      "date" + interval '10 hours', "date" + interval '10 hours'
    FROM marks CROSS JOIN LATERAL (
      SELECT CASE
        WHEN "oftenAbsent" AND "roll" < 33 THEN 'ABSENT'
        WHEN "roll" < 2 THEN 'ABSENT'
        WHEN "roll" < 4 THEN 'EXCUSED'
        WHEN "roll" < 6 THEN 'LEFT_EARLY'
        WHEN "roll" < 12 THEN 'LATE'
        ELSE 'PRESENT'
      END AS "status"
    ) s
    ON CONFLICT ("classDayId", "userId") DO NOTHING`;
  return { classDays, attendance };
}
