// Attendance at a cohort's class days, and the one definition of a learner's attendance rate that
// every page, export and at-risk reason uses.
import { Prisma } from "~/lib/db.server";

/** Statuses that count as having attended a class day. EXCUSED days leave the rate altogether. */
export const ATTENDED_STATUSES = ["PRESENT", "LATE", "LEFT_EARLY"] as const;

/**
 * SQL for each learner member's attendance in a cohort: rows of ("userId", "attendedDays",
 * "countedDays"), where the rate is attendedDays / countedDays (null when countedDays is 0).
 *
 * A class day counts once it is over in Korea (its date is before `today`), so a rate does not dip
 * each morning before the roster is taken; and only while the learner was a member (from the Korean
 * day they joined, until the day they left). On a counted day, no record means absent, because a
 * learner who did not check in and was not marked is not known to have come. Excused days are
 * taken out of the count. (Timestamps are stored as UTC without a zone, hence AT TIME ZONE twice.)
 *
 * Use it as a CTE: Prisma.sql`WITH attendance AS (${attendanceByLearnerSql(…)}) SELECT …`.
 */
export function attendanceByLearnerSql({ cohortId, today }: { cohortId: string; today: Date }) {
  return Prisma.sql`
    SELECT m."userId",
      count(r."id") FILTER (WHERE r."status" IN ('PRESENT', 'LATE', 'LEFT_EARLY'))::int AS "attendedDays",
      (count(d."id") - count(r."id") FILTER (WHERE r."status" = 'EXCUSED'))::int AS "countedDays"
    FROM "CohortMember" m
    LEFT JOIN "ClassDay" d
      ON d."cohortId" = m."cohortId"
      AND d."date" < ${today}::date
      AND d."date" >= (m."joinedAt" AT TIME ZONE 'UTC' AT TIME ZONE 'Asia/Seoul')::date
      AND (m."leftAt" IS NULL OR d."date" <= (m."leftAt" AT TIME ZONE 'UTC' AT TIME ZONE 'Asia/Seoul')::date)
    LEFT JOIN "AttendanceRecord" r ON r."classDayId" = d."id" AND r."userId" = m."userId"
    WHERE m."cohortId" = ${cohortId}::uuid AND m."role" = 'LEARNER'
    GROUP BY m."userId"`;
}
