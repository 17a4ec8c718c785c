// Attendance at a cohort's class days, and the one definition of a learner's attendance rate that
// every page, export and at-risk reason uses.
//
// A cohort's calendar is a set of class days (one per cohort and date); a learner's day is one
// AttendanceRecord (one per class day and learner), written by whoever takes the roster or by the
// learner checking in with the room's code. Those who take attendance are admins and the
// instructors of a course assigned to the cohort (`attendance:take` against the cohort's
// instructorIds); every use case below checks that itself.
//
// Writes to one class day's records are serialised on the class day's row: the roster and the
// code take it FOR NO KEY UPDATE, a check-in FOR SHARE (so many learners check in at once, but a
// roster save never reads "no record" for a learner whose check-in is committing). Inserts go
// through the unique (classDayId, userId) key with ON CONFLICT DO NOTHING, so a double submit or a
// concurrent post leaves one record.
import { randomInt } from "node:crypto";
import { can } from "~/auth/permissions";
import type { AttendanceStatus, Role } from "~/generated/prisma/client";
import { academyCalendarDay, appTimeZone } from "~/lib/time-zone";
import { CHECK_IN_CODE_LENGTH, monthOf, monthRange, type MonthRange, type RosterRow } from "~/lib/attendance-forms";
import { Prisma, prisma } from "~/lib/db.server";
import { defineRefusals } from "~/lib/refusal.server";
import { isUuid } from "~/lib/uuid";
import { recordAuditEvent } from "~/models/audit-log.server";
import { findCohortHeading, type CohortHeading } from "~/models/cohort.server";
import { consumeRateLimits, RATE_LIMIT_REFUSALS, type TooManyAttempts } from "~/models/rate-limit.server";

type Transaction = Prisma.TransactionClient;
type Actor = { id: string; role: Role; ipAddress?: string | null };

/** Statuses that count as having attended a class day. EXCUSED days leave the rate altogether. */
export const ATTENDED_STATUSES = ["PRESENT", "LATE", "LEFT_EARLY"] as const;

export const ATTENDANCE_REFUSALS = defineRefusals({
  notAllowed: { status: 403, messageKey: "error.forbidden" },
  notFound: { status: 404, messageKey: "error.notFound" },
  dateOutsideCohort: { status: 400, messageKey: "attendance.dateOutsideCohort", field: "date" },
  rangeOutsideCohort: { status: 400, messageKey: "attendance.rangeOutsideCohort", field: "from" },
  noMatchingDays: { status: 400, messageKey: "attendance.noMatchingDays", field: "weekdays" },
  dayHasRecords: { status: 409, messageKey: "attendance.dayHasRecords" },
  rosterChanged: { status: 409, messageKey: "attendance.rosterChanged" },
  dayNotYet: { status: 409, messageKey: "attendance.dayNotYet" },
  notToday: { status: 409, messageKey: "attendance.codeOnlyToday" },
});

export const CHECK_IN_REFUSALS = defineRefusals({
  ...RATE_LIMIT_REFUSALS,
  codeInvalid: { status: 400, messageKey: "attendance.checkIn.codeInvalid", field: "code" },
  codeExpired: { status: 400, messageKey: "attendance.checkIn.codeExpired", field: "code" },
});

type AttendanceRefusal<Reason extends keyof typeof ATTENDANCE_REFUSALS> = { ok: false; reason: Reason };

/** Check-in tries per learner per window: enough for typos, far too few to guess six digits. */
export const CHECK_IN_LIMIT = { limit: 10, windowSeconds: 10 * 60 } as const;

const TRANSACTION_OPTIONS = { maxWait: 15_000, timeout: 30_000 } as const;

// ───────────────────────────── The rate ─────────────────────────────

/** The academy's calendar day (APP_TIME_ZONE) a membership timestamp (stored as UTC without a zone) falls on. */
function academyDaySql(column: Prisma.Sql) {
  return Prisma.sql`(${column} AT TIME ZONE 'UTC' AT TIME ZONE ${appTimeZone()}::text)::date`;
}

/**
 * FROM and WHERE of "each learner member × each counted class day of theirs × their record": the
 * rules of attendanceByLearnerSql, optionally restricted to days in [from, until).
 */
function learnerCountedDaysSql({
  cohortId,
  today,
  from,
  until,
}: {
  cohortId: string;
  today: Date;
  from?: Date;
  until?: Date;
}) {
  return Prisma.sql`
    FROM "CohortMember" m
    LEFT JOIN "ClassDay" d
      ON d."cohortId" = m."cohortId"
      AND d."date" < ${today}::date
      ${from ? Prisma.sql`AND d."date" >= ${from}::date` : Prisma.empty}
      ${until ? Prisma.sql`AND d."date" < ${until}::date` : Prisma.empty}
      AND d."date" >= ${academyDaySql(Prisma.sql`m."joinedAt"`)}
      AND (m."leftAt" IS NULL OR d."date" <= ${academyDaySql(Prisma.sql`m."leftAt"`)})
    LEFT JOIN "AttendanceRecord" r ON r."classDayId" = d."id" AND r."userId" = m."userId"
    WHERE m."cohortId" = ${cohortId}::uuid AND m."role" = 'LEARNER'`;
}

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
    ${learnerCountedDaysSql({ cohortId, today })}
    GROUP BY m."userId"`;
}

/** attendedDays / countedDays, or null when no day counts yet. */
export function attendanceRate({ attendedDays, countedDays }: { attendedDays: number; countedDays: number }) {
  return countedDays > 0 ? attendedDays / countedDays : null;
}

/** Below the cohort's threshold (a percent), compared unrounded; a learner with no counted day is not. */
export function isBelowThreshold(rate: number | null, thresholdPercent: number) {
  return rate !== null && rate * 100 < thresholdPercent;
}

export type LearnerRate = { attendedDays: number; countedDays: number; rate: number | null };

/**
 * Every learner member's attendance over the whole cohort so far (attendanceByLearnerSql), by user
 * id, for pages that show it beside other facts (the at-risk list, the dashboard). One statement.
 * Callers check their own permission.
 */
export async function getAttendanceRates({
  cohortId,
  today,
}: {
  cohortId: string;
  today: Date;
}): Promise<Map<string, LearnerRate>> {
  if (!isUuid(cohortId)) return new Map();
  const rows = await prisma.$queryRaw<{ userId: string; attendedDays: number; countedDays: number }[]>(
    Prisma.sql`${attendanceByLearnerSql({ cohortId, today })}`,
  );
  return new Map(rows.map((row) => [row.userId, { ...counts(row), rate: attendanceRate(counts(row)) }]));
}

/**
 * The cohort's rate so far: every learner's attended days over every learner's counted days
 * (pooled, so a learner with more counted days weighs more), null before any day counts.
 */
export async function getCohortAttendanceRate({ cohortId, today }: { cohortId: string; today: Date }) {
  if (!isUuid(cohortId)) return null;
  const [row] = await prisma.$queryRaw<{ attendedDays: number | null; countedDays: number | null }[]>`
    WITH "attendance" AS (${attendanceByLearnerSql({ cohortId, today })})
    SELECT sum("attendedDays")::int AS "attendedDays", sum("countedDays")::int AS "countedDays" FROM "attendance"`;
  return attendanceRate({ attendedDays: row?.attendedDays ?? 0, countedDays: row?.countedDays ?? 0 });
}

type MonthlyRow = {
  userId: string;
  name: string;
  email: string;
  studentNumber: string | null;
  joinedOn: Date;
  leftOn: Date | null;
  presentDays: number;
  lateDays: number;
  leftEarlyDays: number;
  absentRecordedDays: number;
  unrecordedDays: number;
  excusedDays: number;
  attendedDays: number;
  countedDays: number;
  overallAttendedDays: number | null;
  overallCountedDays: number | null;
  cohortAttendedDays: number;
  cohortCountedDays: number;
};

/**
 * Each learner who was a member at some point of the month, with the month's counts under the
 * rules of attendanceByLearnerSql restricted to the month's days (absent = ABSENT records plus
 * counted days with no record), their rate so far over the whole cohort, and the month's pooled
 * cohort rate; learners below `thresholdPercent` are marked. One statement, whatever the number of
 * learners and days. Callers check their own permission.
 */
export async function getMonthlyAttendance({
  cohortId,
  month,
  today,
  thresholdPercent,
}: {
  cohortId: string;
  month: MonthRange;
  today: Date;
  thresholdPercent: number;
}) {
  return summarizeMonth(await queryMonth({ cohortId, month, today }), thresholdPercent);
}

async function queryMonth({ cohortId, month, today }: { cohortId: string; month: MonthRange; today: Date }) {
  return prisma.$queryRaw<MonthlyRow[]>`
    WITH "month" AS (
      SELECT m."userId",
        ${academyDaySql(Prisma.sql`m."joinedAt"`)} AS "joinedOn",
        ${academyDaySql(Prisma.sql`m."leftAt"`)} AS "leftOn",
        count(r."id") FILTER (WHERE r."status" = 'PRESENT')::int AS "presentDays",
        count(r."id") FILTER (WHERE r."status" = 'LATE')::int AS "lateDays",
        count(r."id") FILTER (WHERE r."status" = 'LEFT_EARLY')::int AS "leftEarlyDays",
        count(r."id") FILTER (WHERE r."status" = 'ABSENT')::int AS "absentRecordedDays",
        (count(d."id") - count(r."id"))::int AS "unrecordedDays",
        count(r."id") FILTER (WHERE r."status" = 'EXCUSED')::int AS "excusedDays",
        count(r."id") FILTER (WHERE r."status" IN ('PRESENT', 'LATE', 'LEFT_EARLY'))::int AS "attendedDays",
        (count(d."id") - count(r."id") FILTER (WHERE r."status" = 'EXCUSED'))::int AS "countedDays"
      ${learnerCountedDaysSql({ cohortId, today, from: month.from, until: month.until })}
        AND ${academyDaySql(Prisma.sql`m."joinedAt"`)} < ${month.until}::date
        AND (m."leftAt" IS NULL OR ${academyDaySql(Prisma.sql`m."leftAt"`)} >= ${month.from}::date)
      GROUP BY m."userId", m."joinedAt", m."leftAt"
    ), "overall" AS (${attendanceByLearnerSql({ cohortId, today })})
    SELECT u."id" AS "userId", u."name", u."email", u."studentNumber",
      "month"."joinedOn", "month"."leftOn",
      "month"."presentDays", "month"."lateDays", "month"."leftEarlyDays", "month"."absentRecordedDays",
      "month"."unrecordedDays", "month"."excusedDays", "month"."attendedDays", "month"."countedDays",
      o."attendedDays" AS "overallAttendedDays", o."countedDays" AS "overallCountedDays",
      (sum("month"."attendedDays") OVER ())::int AS "cohortAttendedDays",
      (sum("month"."countedDays") OVER ())::int AS "cohortCountedDays"
    FROM "month"
    JOIN "User" u ON u."id" = "month"."userId"
    LEFT JOIN "overall" o ON o."userId" = "month"."userId"
    ORDER BY u."name", u."id"`;
}

function summarizeMonth(rows: MonthlyRow[], thresholdPercent: number) {
  const learners = rows.map((row) => {
    const rate = attendanceRate(counts(row));
    const overallRate = attendanceRate({
      attendedDays: Number(row.overallAttendedDays ?? 0),
      countedDays: Number(row.overallCountedDays ?? 0),
    });
    return {
      userId: row.userId,
      name: row.name,
      email: row.email,
      studentNumber: row.studentNumber,
      joinedOn: row.joinedOn,
      leftOn: row.leftOn,
      presentDays: row.presentDays,
      lateDays: row.lateDays,
      leftEarlyDays: row.leftEarlyDays,
      absentDays: row.absentRecordedDays + row.unrecordedDays,
      unrecordedDays: row.unrecordedDays,
      excusedDays: row.excusedDays,
      attendedDays: row.attendedDays,
      countedDays: row.countedDays,
      rate,
      isBelowThreshold: isBelowThreshold(rate, thresholdPercent),
      overallRate,
      isOverallBelowThreshold: isBelowThreshold(overallRate, thresholdPercent),
    };
  });
  const cohortRate = attendanceRate({
    attendedDays: Number(rows[0]?.cohortAttendedDays ?? 0),
    countedDays: Number(rows[0]?.cohortCountedDays ?? 0),
  });
  return { learners, cohortRate };
}

export type MonthlyLearner = Awaited<ReturnType<typeof getMonthlyAttendance>>["learners"][number];

function counts(row: { attendedDays: number; countedDays: number }) {
  return { attendedDays: Number(row.attendedDays), countedDays: Number(row.countedDays) };
}

// ───────────────────────────── Who takes attendance ─────────────────────────────

/**
 * Whether the actor's role takes attendance of some cohort: any cohort (admins) or one whose course
 * they teach (instructors). Asked with the actor as the teacher, so a learner is refused before
 * anything is looked up.
 */
function takesSomeAttendance(actor: Actor) {
  return can(actor, "attendance:take", { instructorIds: [actor.id] });
}

/**
 * The cohort's heading when the actor may take its attendance; otherwise the refusal. Every use case
 * below calls it; an action calls it too before it reads its form, so whoever may not act on the
 * cohort is refused before their input is validated.
 */
export async function findCohortForTaker({
  actor,
  cohortId,
}: {
  actor: Actor;
  cohortId: string;
}): Promise<{ ok: true; cohort: CohortHeading } | AttendanceRefusal<"notAllowed" | "notFound">> {
  if (!takesSomeAttendance(actor)) return { ok: false, reason: "notAllowed" };
  const cohort = await findCohortHeading({ cohortId });
  if (!cohort) return { ok: false, reason: "notFound" };
  if (!can(actor, "attendance:take", { instructorIds: cohort.instructorIds })) {
    return { ok: false, reason: "notAllowed" };
  }
  return { ok: true, cohort };
}

/**
 * The cohorts whose attendance the actor takes, newest first, with today's class day (Korea) when
 * there is one: every cohort not archived for admins; for instructors, those with an assigned course
 * they teach. Learners are refused.
 */
export async function listAttendanceCohorts({ actor, now = new Date() }: { actor: Actor; now?: Date }) {
  if (!takesSomeAttendance(actor)) return { ok: false, reason: "notAllowed" } as const;
  const takesEveryCohort = can(actor, "attendance:take");
  const today = academyCalendarDay(now);
  const cohorts = await prisma.cohort.findMany({
    where: {
      archivedAt: null,
      ...(takesEveryCohort ? {} : { courses: { some: { course: { instructors: { some: { userId: actor.id } } } } } }),
    },
    orderBy: [{ startsOn: "desc" }, { name: "asc" }, { id: "asc" }],
    select: {
      id: true,
      name: true,
      startsOn: true,
      endsOn: true,
      program: { select: { kind: true, nameKo: true, nameEn: true } },
      classDays: { where: { date: today }, select: { id: true } },
      _count: { select: { members: { where: { role: "LEARNER", leftAt: null } } } },
    },
  });
  return {
    ok: true,
    today,
    cohorts: cohorts.map(({ classDays, _count, ...cohort }) => ({
      ...cohort,
      learnerCount: _count.members,
      todayClassDayId: classDays[0]?.id ?? null,
    })),
  } as const;
}

// ───────────────────────────── The calendar ─────────────────────────────

/**
 * The month to show when the URL names none: the current Korean month, moved into the cohort's
 * dates when the cohort has not started yet or is over.
 */
export function defaultAttendanceMonth({ startsOn, endsOn, today }: { startsOn: Date; endsOn: Date; today: Date }) {
  const current = monthOf(today);
  if (current < monthOf(startsOn)) return monthOf(startsOn);
  if (current > monthOf(endsOn)) return monthOf(endsOn);
  return current;
}

/**
 * A cohort's month for those who take its attendance: its class days (with how many learners are
 * recorded on each), each learner of the month with their counts and rates (see
 * getMonthlyAttendance), the month's and the whole cohort's rate, and its threshold. `month` is a
 * valid "YYYY-MM" or null for the default month. Four statements, whatever the cohort's size.
 */
export async function getAttendanceMonth({
  actor,
  cohortId,
  month,
  now = new Date(),
}: {
  actor: Actor;
  cohortId: string;
  month: string | null;
  now?: Date;
}) {
  const found = await findCohortForTaker({ actor, cohortId });
  if (!found.ok) return found;
  const { cohort } = found;
  const today = academyCalendarDay(now);
  const range = monthRange(month ?? defaultAttendanceMonth({ ...cohort, today }));
  const [calendar, monthRows, cohortRateSoFar] = await Promise.all([
    prisma.cohort.findUniqueOrThrow({
      where: { id: cohort.id },
      select: {
        attendanceThreshold: true,
        classDays: {
          where: { date: { gte: range.from, lt: range.until } },
          orderBy: { date: "asc" },
          select: { id: true, date: true, note: true, _count: { select: { records: true } } },
        },
      },
    }),
    queryMonth({ cohortId: cohort.id, month: range, today }),
    getCohortAttendanceRate({ cohortId: cohort.id, today }),
  ]);
  const monthly = summarizeMonth(monthRows, calendar.attendanceThreshold);
  return {
    ok: true,
    cohort,
    today,
    month: range.month,
    thresholdPercent: calendar.attendanceThreshold,
    classDays: calendar.classDays.map(({ _count, ...day }) => ({ ...day, recordCount: _count.records })),
    learners: monthly.learners,
    monthRate: monthly.cohortRate,
    cohortRate: cohortRateSoFar,
  } as const;
}

/** The dates from `from` to `to` (inclusive) that fall on one of the ISO `weekdays` (1 = Monday). */
export function classDatesBetween({ from, to, weekdays }: { from: Date; to: Date; weekdays: readonly number[] }) {
  const wanted = new Set(weekdays);
  const dates: Date[] = [];
  for (let day = from.getTime(); day <= to.getTime(); day += 24 * 60 * 60 * 1000) {
    const date = new Date(day);
    const isoWeekday = date.getUTCDay() === 0 ? 7 : date.getUTCDay();
    if (wanted.has(isoWeekday)) dates.push(date);
  }
  return dates;
}

/** Adds one class day within the cohort's dates; an existing day is kept as it is (note included). */
export async function addClassDay({
  actor,
  cohortId,
  date,
  note = "",
}: {
  actor: Actor;
  cohortId: string;
  date: Date;
  note?: string;
}): Promise<
  | { ok: true; addedCount: number; keptCount: number }
  | AttendanceRefusal<"notAllowed" | "notFound" | "dateOutsideCohort">
> {
  const found = await findCohortForTaker({ actor, cohortId });
  if (!found.ok) return found;
  if (date < found.cohort.startsOn || date > found.cohort.endsOn) return { ok: false, reason: "dateOutsideCohort" };
  return insertClassDays({ cohortId: found.cohort.id, dates: [date], note });
}

/**
 * Adds a class day on each chosen weekday between two dates within the cohort's dates. Idempotent:
 * days already on the calendar are kept (and counted as kept), so a repeated post adds nothing.
 */
export async function addClassDaysByWeekday({
  actor,
  cohortId,
  from,
  to,
  weekdays,
}: {
  actor: Actor;
  cohortId: string;
  from: Date;
  to: Date;
  weekdays: readonly number[];
}): Promise<
  | { ok: true; addedCount: number; keptCount: number }
  | AttendanceRefusal<"notAllowed" | "notFound" | "rangeOutsideCohort" | "noMatchingDays">
> {
  const found = await findCohortForTaker({ actor, cohortId });
  if (!found.ok) return found;
  if (from < found.cohort.startsOn || to > found.cohort.endsOn || to < from) {
    return { ok: false, reason: "rangeOutsideCohort" };
  }
  const dates = classDatesBetween({ from, to, weekdays });
  if (dates.length === 0) return { ok: false, reason: "noMatchingDays" };
  return insertClassDays({ cohortId: found.cohort.id, dates, note: "" });
}

/** One INSERT … ON CONFLICT DO NOTHING for every date: existing days (and their notes) stay. */
async function insertClassDays({ cohortId, dates, note }: { cohortId: string; dates: Date[]; note: string }) {
  const { count } = await prisma.classDay.createMany({
    data: dates.map((date) => ({ cohortId, date, note })),
    skipDuplicates: true,
  });
  return { ok: true, addedCount: count, keptCount: dates.length - count } as const;
}

/**
 * Takes a class day off the calendar while nobody has a record on it; a day with records is
 * refused, so no learner's attendance is ever deleted with it.
 */
export async function removeClassDay({
  actor,
  cohortId,
  classDayId,
}: {
  actor: Actor;
  cohortId: string;
  classDayId: string;
}): Promise<{ ok: true; date: Date } | AttendanceRefusal<"notAllowed" | "notFound" | "dayHasRecords">> {
  const found = await findCohortForTaker({ actor, cohortId });
  if (!found.ok) return found;
  if (!isUuid(classDayId)) return { ok: false, reason: "notFound" };
  return prisma.$transaction(async (tx) => {
    // FOR UPDATE waits for any check-in or roster save on the day, whose records it then sees.
    const [day] = await tx.$queryRaw<{ id: string; date: Date }[]>`
      SELECT "id", "date" FROM "ClassDay"
      WHERE "id" = ${classDayId}::uuid AND "cohortId" = ${found.cohort.id}::uuid FOR UPDATE`;
    if (!day) return { ok: false, reason: "notFound" } as const;
    const recordCount = await tx.attendanceRecord.count({ where: { classDayId } });
    if (recordCount > 0) return { ok: false, reason: "dayHasRecords" } as const;
    await tx.classDay.delete({ where: { id: classDayId }, select: { id: true } });
    return { ok: true, date: day.date } as const;
  }, TRANSACTION_OPTIONS);
}

// ───────────────────────────── A day's roster ─────────────────────────────

type RosterLine = {
  userId: string;
  name: string;
  studentNumber: string | null;
  recordId: string | null;
  status: AttendanceStatus | null;
  reason: string | null;
  checkedInAt: Date | null;
};

/**
 * The learners of a class day: every learner member whose membership covers the day (joined on or
 * before it, and not left before it: on today's and later days, the current learners), and anyone
 * with a record on it, with that record. One statement.
 */
async function findRosterLines({
  db,
  cohortId,
  classDayId,
  date,
}: {
  db: Transaction | typeof prisma;
  cohortId: string;
  classDayId: string;
  date: Date;
}) {
  return db.$queryRaw<RosterLine[]>`
    SELECT u."id" AS "userId", u."name", u."studentNumber",
      r."id" AS "recordId", r."status", r."reason", r."checkedInAt"
    FROM "CohortMember" m
    JOIN "User" u ON u."id" = m."userId"
    LEFT JOIN "AttendanceRecord" r ON r."classDayId" = ${classDayId}::uuid AND r."userId" = m."userId"
    WHERE m."cohortId" = ${cohortId}::uuid AND m."role" = 'LEARNER'
      AND (r."id" IS NOT NULL OR (
        ${academyDaySql(Prisma.sql`m."joinedAt"`)} <= ${date}::date
        AND (m."leftAt" IS NULL OR ${academyDaySql(Prisma.sql`m."leftAt"`)} >= ${date}::date)))
    ORDER BY u."name", u."id"`;
}

/** Whether the day's code is open at `now`: set, and not yet expired. */
function isCodeOpen(day: { checkInCode: string | null; checkInExpiresAt: Date | null }, now: Date) {
  return day.checkInCode !== null && day.checkInExpiresAt !== null && day.checkInExpiresAt > now;
}

/**
 * A class day's roster for those who take it: the day, whether it is today in Korea (only then can a
 * check-in code be opened), the open code and its expiry, and each learner's line. Three
 * statements, whatever the number of learners.
 */
export async function getClassDayRoster({
  actor,
  cohortId,
  classDayId,
  now = new Date(),
}: {
  actor: Actor;
  cohortId: string;
  classDayId: string;
  now?: Date;
}) {
  const found = await findCohortForTaker({ actor, cohortId });
  if (!found.ok) return found;
  if (!isUuid(classDayId)) return { ok: false, reason: "notFound" } as const;
  const day = await prisma.classDay.findFirst({
    where: { id: classDayId, cohortId: found.cohort.id },
    select: { id: true, date: true, note: true, checkInCode: true, checkInExpiresAt: true },
  });
  if (!day) return { ok: false, reason: "notFound" } as const;
  const lines = await findRosterLines({ db: prisma, cohortId: found.cohort.id, classDayId, date: day.date });
  const today = academyCalendarDay(now);
  const isOpen = isCodeOpen(day, now);
  return {
    ok: true,
    cohort: found.cohort,
    classDay: {
      id: day.id,
      date: day.date,
      note: day.note,
      isToday: day.date.getTime() === today.getTime(),
      isFuture: day.date > today,
      checkInCode: isOpen ? day.checkInCode : null,
      checkInExpiresAt: isOpen ? day.checkInExpiresAt : null,
    },
    learners: lines,
  } as const;
}

/** Locks the class day of this cohort for writing its records; null when there is no such day. */
async function lockClassDay({ tx, cohortId, classDayId }: { tx: Transaction; cohortId: string; classDayId: string }) {
  const [day] = await tx.$queryRaw<{ id: string; date: Date }[]>`
    SELECT "id", "date" FROM "ClassDay"
    WHERE "id" = ${classDayId}::uuid AND "cohortId" = ${cohortId}::uuid FOR NO KEY UPDATE`;
  return day ?? null;
}

/**
 * Saves a day's whole roster in one post. Only what changed is written: a status given to a learner
 * with no record is recorded; a changed status or reason on an existing record is a correction,
 * audited as "attendance.corrected" with the old and new status and reason, one entry per learner.
 * A row for someone not on the day's roster refuses the whole post, saving nothing. One
 * transaction; its statements grow with the number of corrections, never with the roster's size.
 */
export async function saveRoster({
  actor,
  cohortId,
  classDayId,
  rows,
  now = new Date(),
}: {
  actor: Actor;
  cohortId: string;
  classDayId: string;
  rows: readonly RosterRow[];
  now?: Date;
}): Promise<
  | { ok: true; recordedCount: number; correctedCount: number }
  | AttendanceRefusal<"notAllowed" | "notFound" | "rosterChanged">
> {
  const found = await findCohortForTaker({ actor, cohortId });
  if (!found.ok) return found;
  if (!isUuid(classDayId)) return { ok: false, reason: "notFound" };
  const cohort = found.cohort;
  return prisma.$transaction(async (tx) => {
    const day = await lockClassDay({ tx, cohortId: cohort.id, classDayId });
    if (!day) return { ok: false, reason: "notFound" } as const;
    const lines = new Map(
      (await findRosterLines({ db: tx, cohortId: cohort.id, classDayId, date: day.date })).map((line) => [
        line.userId,
        line,
      ]),
    );
    if (rows.some((row) => !lines.has(row.userId))) return { ok: false, reason: "rosterChanged" } as const;

    const recorded: { userId: string; status: AttendanceStatus; reason: string | null }[] = [];
    const corrected: { line: RosterLine & { recordId: string }; status: AttendanceStatus; reason: string | null }[] =
      [];
    for (const row of rows) {
      const line = lines.get(row.userId)!;
      if (row.status === null) continue;
      if (line.recordId === null) {
        recorded.push({ userId: row.userId, status: row.status, reason: row.reason });
      } else if (line.status !== row.status || line.reason !== row.reason) {
        corrected.push({ line: { ...line, recordId: line.recordId }, status: row.status, reason: row.reason });
      }
    }

    if (recorded.length > 0) {
      await tx.attendanceRecord.createMany({
        data: recorded.map((entry) => ({
          classDayId,
          cohortId: cohort.id,
          userId: entry.userId,
          status: entry.status,
          reason: entry.reason,
          recordedById: actor.id,
        })),
        skipDuplicates: true,
      });
    }
    if (corrected.length > 0) {
      await tx.$executeRaw`
        UPDATE "AttendanceRecord" r
        SET "status" = v."status"::"AttendanceStatus", "reason" = v."reason",
          "recordedById" = ${actor.id}::uuid, "updatedAt" = ${now}::timestamp
        FROM unnest(
          ${corrected.map((entry) => entry.line.recordId)}::uuid[],
          ${corrected.map((entry) => entry.status)}::text[],
          ${corrected.map((entry) => entry.reason)}::text[]
        ) AS v("id", "status", "reason")
        WHERE r."id" = v."id"`;
      for (const entry of corrected) {
        await recordAuditEvent({
          db: tx,
          actorId: actor.id,
          action: "attendance.corrected",
          entityType: "AttendanceRecord",
          entityId: entry.line.recordId,
          data: {
            cohortId: cohort.id,
            classDayId,
            date: day.date.toISOString().slice(0, 10),
            userId: entry.line.userId,
            before: { status: entry.line.status, reason: entry.line.reason },
            after: { status: entry.status, reason: entry.reason },
          },
          ipAddress: actor.ipAddress,
        });
      }
    }
    return { ok: true, recordedCount: recorded.length, correctedCount: corrected.length } as const;
  }, TRANSACTION_OPTIONS);
}

/**
 * Records PRESENT for every learner on the day's roster who has no record yet, in one statement;
 * recorded learners are left as they are. Refused for a day still to come.
 */
export async function markUnrecordedPresent({
  actor,
  cohortId,
  classDayId,
  now = new Date(),
}: {
  actor: Actor;
  cohortId: string;
  classDayId: string;
  now?: Date;
}): Promise<{ ok: true; recordedCount: number } | AttendanceRefusal<"notAllowed" | "notFound" | "dayNotYet">> {
  const found = await findCohortForTaker({ actor, cohortId });
  if (!found.ok) return found;
  if (!isUuid(classDayId)) return { ok: false, reason: "notFound" };
  const cohort = found.cohort;
  return prisma.$transaction(async (tx) => {
    const day = await lockClassDay({ tx, cohortId: cohort.id, classDayId });
    if (!day) return { ok: false, reason: "notFound" } as const;
    if (day.date > academyCalendarDay(now)) return { ok: false, reason: "dayNotYet" } as const;
    const lines = await findRosterLines({ db: tx, cohortId: cohort.id, classDayId, date: day.date });
    const { count } = await tx.attendanceRecord.createMany({
      data: lines
        .filter((line) => line.recordId === null)
        .map((line) => ({
          classDayId,
          cohortId: cohort.id,
          userId: line.userId,
          status: "PRESENT" as const,
          recordedById: actor.id,
        })),
      skipDuplicates: true,
    });
    return { ok: true, recordedCount: count } as const;
  }, TRANSACTION_OPTIONS);
}

// ───────────────────────────── Check-in codes ─────────────────────────────

/** Six digits from the operating system's random source, leading zeros kept. */
export function newCheckInCode() {
  return String(randomInt(0, 10 ** CHECK_IN_CODE_LENGTH)).padStart(CHECK_IN_CODE_LENGTH, "0");
}

/**
 * Opens a check-in code on today's class day (Korea) for `minutes`, replacing any code it had: the
 * old one stops working at once. Refused on any other day.
 */
export async function openCheckInCode({
  actor,
  cohortId,
  classDayId,
  minutes,
  now = new Date(),
}: {
  actor: Actor;
  cohortId: string;
  classDayId: string;
  minutes: number;
  now?: Date;
}): Promise<{ ok: true; code: string; expiresAt: Date } | AttendanceRefusal<"notAllowed" | "notFound" | "notToday">> {
  const found = await findCohortForTaker({ actor, cohortId });
  if (!found.ok) return found;
  if (!isUuid(classDayId)) return { ok: false, reason: "notFound" };
  const code = newCheckInCode();
  const expiresAt = new Date(now.getTime() + minutes * 60 * 1000);
  const cohort = found.cohort;
  return prisma.$transaction(async (tx) => {
    const day = await lockClassDay({ tx, cohortId: cohort.id, classDayId });
    if (!day) return { ok: false, reason: "notFound" } as const;
    if (day.date.getTime() !== academyCalendarDay(now).getTime()) return { ok: false, reason: "notToday" } as const;
    await tx.classDay.update({
      where: { id: classDayId },
      data: { checkInCode: code, checkInExpiresAt: expiresAt },
      select: { id: true },
    });
    return { ok: true, code, expiresAt } as const;
  }, TRANSACTION_OPTIONS);
}

/** Closes the day's check-in code now. Closing a day with no open code changes nothing. */
export async function closeCheckInCode({
  actor,
  cohortId,
  classDayId,
}: {
  actor: Actor;
  cohortId: string;
  classDayId: string;
}): Promise<{ ok: true } | AttendanceRefusal<"notAllowed" | "notFound">> {
  const found = await findCohortForTaker({ actor, cohortId });
  if (!found.ok) return found;
  if (!isUuid(classDayId)) return { ok: false, reason: "notFound" };
  const { count } = await prisma.classDay.updateMany({
    where: { id: classDayId, cohortId: found.cohort.id },
    data: { checkInCode: null, checkInExpiresAt: null },
  });
  return count === 1 ? { ok: true } : { ok: false, reason: "notFound" };
}

// ───────────────────────────── A learner checking in ─────────────────────────────

/**
 * Today's class days (Korea) of the cohorts the user is a current learner of, with their own record
 * when they have one: what the check-in page tells them. One statement.
 */
export async function listTodaysClassDaysForLearner({ userId, now = new Date() }: { userId: string; now?: Date }) {
  const today = academyCalendarDay(now);
  const days = await prisma.classDay.findMany({
    where: { date: today, cohort: { members: { some: { userId, role: "LEARNER", leftAt: null } } } },
    orderBy: [{ cohort: { name: "asc" } }, { id: "asc" }],
    select: {
      id: true,
      cohort: { select: { id: true, name: true } },
      records: { where: { userId }, select: { status: true, checkedInAt: true } },
    },
  });
  return days.map(({ records, ...day }) => ({ ...day, record: records[0] ?? null }));
}

/**
 * A learner checks in with the code shown in the room. The code must be open on today's class day
 * (Korea) of a cohort they are a current learner of; then PRESENT is recorded with the moment they
 * checked in. Someone already recorded (by an earlier check-in or by the roster) is told so and
 * nothing changes. Every try counts against CHECK_IN_LIMIT, so six digits cannot be guessed: ten
 * tries in ten minutes against a million codes.
 */
export async function checkInWithCode({
  actor,
  code,
  now = new Date(),
}: {
  actor: Actor;
  code: string;
  now?: Date;
}): Promise<
  | { ok: true; isAlreadyRecorded: boolean; status: AttendanceStatus; cohortName: string }
  | { ok: false; reason: "codeInvalid" | "codeExpired" }
  | TooManyAttempts
> {
  const limited = await consumeRateLimits({
    rules: [{ key: `check-in:user:${actor.id}`, ...CHECK_IN_LIMIT }],
    now,
  });
  if (!limited.ok) return limited;
  const today = academyCalendarDay(now);
  return prisma.$transaction(async (tx) => {
    // FOR SHARE: many learners check in together; a roster save or a new code waits for them.
    const days = await tx.$queryRaw<
      { id: string; cohortId: string; cohortName: string; checkInExpiresAt: Date | null }[]
    >`
      SELECT d."id", d."cohortId", c."name" AS "cohortName", d."checkInExpiresAt"
      FROM "ClassDay" d
      JOIN "Cohort" c ON c."id" = d."cohortId"
      JOIN "CohortMember" m ON m."cohortId" = d."cohortId"
        AND m."userId" = ${actor.id}::uuid AND m."role" = 'LEARNER' AND m."leftAt" IS NULL
      WHERE d."date" = ${today}::date AND d."checkInCode" = ${code}
      ORDER BY d."checkInExpiresAt" DESC NULLS LAST, d."id"
      FOR SHARE OF d`;
    const day = days.find((candidate) => candidate.checkInExpiresAt !== null && candidate.checkInExpiresAt > now);
    if (!day) return { ok: false, reason: days.length > 0 ? "codeExpired" : "codeInvalid" } as const;
    const { count } = await tx.attendanceRecord.createMany({
      data: [
        {
          classDayId: day.id,
          cohortId: day.cohortId,
          userId: actor.id,
          status: "PRESENT",
          checkedInAt: now,
          recordedById: actor.id,
        },
      ],
      skipDuplicates: true,
    });
    if (count === 1)
      return { ok: true, isAlreadyRecorded: false, status: "PRESENT", cohortName: day.cohortName } as const;
    const existing = await tx.attendanceRecord.findUniqueOrThrow({
      where: { classDayId_userId: { classDayId: day.id, userId: actor.id } },
      select: { status: true },
    });
    return { ok: true, isAlreadyRecorded: true, status: existing.status, cohortName: day.cohortName } as const;
  }, TRANSACTION_OPTIONS);
}

// ───────────────────────────── The monthly export ─────────────────────────────

/** What one learner's cell of one class day holds in the export. */
export type ExportDayCell = AttendanceStatus | "UNRECORDED" | null;

/**
 * A cohort's month for the living allowance, for those who may export reports: each learner of the
 * month with a cell per class day (their status; UNRECORDED for a counted day with no record, which
 * counts as absent; empty for a day outside their membership or not yet counted) and the month's
 * totals and rate. Audited as "report.exported" (kind attendance, month, rows). Five statements.
 */
export async function exportAttendanceMonth({
  actor,
  cohortId,
  month,
  format,
  now = new Date(),
}: {
  actor: Actor;
  cohortId: string;
  month: string;
  format: string;
  now?: Date;
}) {
  if (!can(actor, "report:export")) return { ok: false, reason: "notAllowed" } as const;
  const cohort = await findCohortHeading({ cohortId });
  if (!cohort) return { ok: false, reason: "notFound" } as const;
  const today = academyCalendarDay(now);
  const range = monthRange(month);
  const [calendar, records, monthRows] = await Promise.all([
    prisma.cohort.findUniqueOrThrow({
      where: { id: cohort.id },
      select: {
        attendanceThreshold: true,
        classDays: {
          where: { date: { gte: range.from, lt: range.until } },
          orderBy: { date: "asc" },
          select: { id: true, date: true },
        },
      },
    }),
    prisma.attendanceRecord.findMany({
      where: { cohortId: cohort.id, classDay: { date: { gte: range.from, lt: range.until } } },
      select: { classDayId: true, userId: true, status: true },
    }),
    queryMonth({ cohortId: cohort.id, month: range, today }),
  ]);
  const { learners, cohortRate } = summarizeMonth(monthRows, calendar.attendanceThreshold);
  const statusOf = new Map(records.map((record) => [`${record.classDayId}:${record.userId}`, record.status]));
  const rows = learners.map((learner) => ({
    ...learner,
    days: calendar.classDays.map((day): ExportDayCell => {
      const status = statusOf.get(`${day.id}:${learner.userId}`);
      if (status) return status;
      const isMember = day.date >= learner.joinedOn && (learner.leftOn === null || day.date <= learner.leftOn);
      return isMember && day.date < today ? "UNRECORDED" : null;
    }),
  }));
  await recordAuditEvent({
    actorId: actor.id,
    action: "report.exported",
    entityType: "Cohort",
    entityId: cohort.id,
    data: { kind: "attendance", month: range.month, rows: rows.length, format },
    ipAddress: actor.ipAddress,
  });
  return {
    ok: true,
    cohort,
    month: range.month,
    classDays: calendar.classDays,
    learners: rows,
    monthRate: cohortRate,
  } as const;
}
