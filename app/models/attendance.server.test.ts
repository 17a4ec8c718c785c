// Attendance against a real database: class days added by weekday (counted by hand) and kept when
// added again, a day with records kept; a roster saved whole with only changes written and
// corrections audited; check-in codes (today only, expiry, wrong codes, non-members, the rate limit,
// five concurrent submits); and rates per learner, per month and per cohort against values worked
// out by hand below.
import { describe, expect, test } from "vitest";
import { prisma } from "~/lib/db.server";
import { monthRange } from "~/lib/attendance-forms";
import {
  addClassDay,
  addClassDaysByWeekday,
  attendanceByLearnerSql,
  checkInWithCode,
  classDatesBetween,
  closeCheckInCode,
  defaultAttendanceMonth,
  exportAttendanceMonth,
  getAttendanceMonth,
  getAttendanceRates,
  getClassDayRoster,
  getCohortAttendanceRate,
  getMonthlyAttendance,
  listAttendanceCohorts,
  listTodaysClassDaysForLearner,
  markUnrecordedPresent,
  openCheckInCode,
  removeClassDay,
  saveRoster,
} from "~/models/attendance.server";
import { createProgram, createUser } from "../../tests/factories";
import { addCourseInstructor } from "../../tests/factories/auth";
import { createCohortFor, createCourseWith, createLearner } from "../../tests/factories/enrollment";

/** 10:00 in Korea on Wednesday 8 April 2026: today is 2026-04-08 there. */
const NOW = new Date("2026-04-08T01:00:00.000Z");
const day = (iso: string) => new Date(`${iso}T00:00:00.000Z`);

/** A cohort (2026-03-02 – 2026-08-28) with one course, its instructor, an admin and an outsider instructor. */
async function cohortFixture() {
  const program = await createProgram(prisma);
  const course = await createCourseWith(prisma, { programId: program.id, policy: "COHORT_ONLY" });
  const otherCourse = await createCourseWith(prisma, { programId: program.id });
  const cohort = await createCohortFor(prisma, { courseId: course.id });
  const instructor = await createUser(prisma, { role: "INSTRUCTOR" });
  await addCourseInstructor(prisma, { courseId: course.id, userId: instructor.id });
  const otherInstructor = await createUser(prisma, { role: "INSTRUCTOR" });
  await addCourseInstructor(prisma, { courseId: otherCourse.id, userId: otherInstructor.id });
  const admin = await createUser(prisma, { role: "ADMIN" });
  return { program, course, cohort, instructor, otherInstructor, admin };
}

async function addLearner(
  cohortId: string,
  { joinedAt = new Date("2026-02-28T15:00:00.000Z"), leftAt = null }: { joinedAt?: Date; leftAt?: Date | null } = {},
) {
  const learner = await createLearner(prisma);
  await prisma.cohortMember.create({ data: { cohortId, userId: learner.id, joinedAt, leftAt } });
  return learner;
}

async function createDays(cohortId: string, isoDates: string[]) {
  const created = await prisma.classDay.createManyAndReturn({
    data: isoDates.map((iso) => ({ cohortId, date: day(iso) })),
    select: { id: true, date: true },
  });
  return Object.fromEntries(created.map((row) => [row.date.toISOString().slice(0, 10), row.id]));
}

async function record(
  cohortId: string,
  classDayId: string,
  userId: string,
  status: "PRESENT" | "LATE" | "LEFT_EARLY" | "ABSENT" | "EXCUSED",
) {
  await prisma.attendanceRecord.create({ data: { cohortId, classDayId, userId, status } });
}

describe("the calendar", () => {
  test("Mon–Fri between two dates gives the weekdays counted by hand", () => {
    // March 2026 starts on a Sunday: Mon–Fri from 2 to 31 March are 2–6, 9–13, 16–20, 23–27, 30–31.
    const dates = classDatesBetween({ from: day("2026-03-02"), to: day("2026-03-31"), weekdays: [1, 2, 3, 4, 5] });
    expect(dates).toHaveLength(22);
    expect(dates[0]).toEqual(day("2026-03-02"));
    expect(dates.at(-1)).toEqual(day("2026-03-31"));
    expect(classDatesBetween({ from: day("2026-03-07"), to: day("2026-03-08"), weekdays: [1, 2, 3, 4, 5] })).toEqual(
      [],
    );
    expect(classDatesBetween({ from: day("2026-03-01"), to: day("2026-03-31"), weekdays: [6, 7] })).toHaveLength(9);
  });

  test("days added by weekday are kept when added again, outside the cohort refused", async () => {
    const { cohort, instructor, otherInstructor } = await cohortFixture();
    const learner = await createLearner(prisma);
    const args = { cohortId: cohort.id, from: day("2026-03-02"), to: day("2026-03-15") };
    // Mon, Wed, Fri of 2–15 March: 2, 4, 6, 9, 11, 13.
    const first = await addClassDaysByWeekday({ actor: instructor, ...args, weekdays: [1, 3, 5] });
    expect(first).toEqual({ ok: true, addedCount: 6, keptCount: 0 });
    // Mon–Fri: 2–6 and 9–13, ten days, six of them there already.
    const second = await addClassDaysByWeekday({ actor: instructor, ...args, weekdays: [1, 2, 3, 4, 5] });
    expect(second).toEqual({ ok: true, addedCount: 4, keptCount: 6 });
    const again = await addClassDaysByWeekday({ actor: instructor, ...args, weekdays: [1, 2, 3, 4, 5] });
    expect(again).toEqual({ ok: true, addedCount: 0, keptCount: 10 });
    expect(await prisma.classDay.count({ where: { cohortId: cohort.id } })).toBe(10);

    expect(
      await addClassDay({ actor: instructor, cohortId: cohort.id, date: day("2026-03-14"), note: "보강" }),
    ).toEqual({ ok: true, addedCount: 1, keptCount: 0 });
    expect(await addClassDay({ actor: instructor, cohortId: cohort.id, date: day("2026-03-01") })).toEqual({
      ok: false,
      reason: "dateOutsideCohort",
    });
    expect(
      await addClassDaysByWeekday({
        actor: instructor,
        cohortId: cohort.id,
        from: day("2026-08-24"),
        to: day("2026-09-04"),
        weekdays: [1],
      }),
    ).toEqual({ ok: false, reason: "rangeOutsideCohort" });
    expect(
      await addClassDaysByWeekday({
        actor: instructor,
        cohortId: cohort.id,
        from: day("2026-03-21"),
        to: day("2026-03-22"),
        weekdays: [1, 2],
      }),
    ).toEqual({ ok: false, reason: "noMatchingDays" });
    for (const actor of [otherInstructor, learner]) {
      expect(await addClassDay({ actor, cohortId: cohort.id, date: day("2026-03-20") })).toEqual({
        ok: false,
        reason: "notAllowed",
      });
    }
    expect(await prisma.classDay.count({ where: { cohortId: cohort.id } })).toBe(11);
  });

  test("a day with records is kept; an empty one is removed", async () => {
    const { cohort, admin } = await cohortFixture();
    const learner = await addLearner(cohort.id);
    const days = await createDays(cohort.id, ["2026-03-02", "2026-03-03"]);
    await record(cohort.id, days["2026-03-02"]!, learner.id, "ABSENT");
    expect(await removeClassDay({ actor: admin, cohortId: cohort.id, classDayId: days["2026-03-02"]! })).toEqual({
      ok: false,
      reason: "dayHasRecords",
    });
    expect(await removeClassDay({ actor: admin, cohortId: cohort.id, classDayId: days["2026-03-03"]! })).toEqual({
      ok: true,
      date: day("2026-03-03"),
    });
    expect(await prisma.classDay.count({ where: { cohortId: cohort.id } })).toBe(1);
    expect(await prisma.attendanceRecord.count({ where: { cohortId: cohort.id } })).toBe(1);
    // Another cohort's day through this cohort is not found.
    const other = await cohortFixture();
    const otherDays = await createDays(other.cohort.id, ["2026-03-04"]);
    expect(await removeClassDay({ actor: admin, cohortId: cohort.id, classDayId: otherDays["2026-03-04"]! })).toEqual({
      ok: false,
      reason: "notFound",
    });
  });

  test("the cohorts an instructor and an admin take attendance of, with today's class day", async () => {
    const { cohort, instructor, otherInstructor, admin } = await cohortFixture();
    const days = await createDays(cohort.id, ["2026-04-08"]);
    const mine = await listAttendanceCohorts({ actor: instructor, now: NOW });
    expect(mine.ok && mine.cohorts.map((row) => [row.id, row.todayClassDayId])).toEqual([
      [cohort.id, days["2026-04-08"]],
    ]);
    const theirs = await listAttendanceCohorts({ actor: otherInstructor, now: NOW });
    expect(theirs.ok && theirs.cohorts.map((row) => row.id)).toEqual([]);
    const all = await listAttendanceCohorts({ actor: admin, now: NOW });
    expect(all.ok && all.cohorts.some((row) => row.id === cohort.id)).toBe(true);
    await prisma.cohort.update({ where: { id: cohort.id }, data: { archivedAt: NOW } });
    const afterArchive = await listAttendanceCohorts({ actor: admin, now: NOW });
    expect(afterArchive.ok && afterArchive.cohorts.some((row) => row.id === cohort.id)).toBe(false);
    expect(await listAttendanceCohorts({ actor: await createLearner(prisma), now: NOW })).toEqual({
      ok: false,
      reason: "notAllowed",
    });
  });

  test("the default month is the Korean month, moved into the cohort's dates", () => {
    const cohort = { startsOn: day("2026-03-02"), endsOn: day("2026-08-28") };
    expect(defaultAttendanceMonth({ ...cohort, today: day("2026-04-08") })).toBe("2026-04");
    expect(defaultAttendanceMonth({ ...cohort, today: day("2026-01-15") })).toBe("2026-03");
    expect(defaultAttendanceMonth({ ...cohort, today: day("2026-11-28") })).toBe("2026-08");
  });
});

describe("a day's roster", () => {
  test("records new statuses, writes only changes, audits each correction with old and new", async () => {
    const { cohort, instructor } = await cohortFixture();
    const [ahn, baek, choi] = [await addLearner(cohort.id), await addLearner(cohort.id), await addLearner(cohort.id)];
    const days = await createDays(cohort.id, ["2026-04-07"]);
    const classDayId = days["2026-04-07"]!;
    const saved = await saveRoster({
      actor: instructor,
      cohortId: cohort.id,
      classDayId,
      rows: [
        { userId: ahn.id, status: "PRESENT", reason: null },
        { userId: baek.id, status: "EXCUSED", reason: "병원 진료" },
        { userId: choi.id, status: null, reason: null },
      ],
      now: NOW,
    });
    expect(saved).toEqual({ ok: true, recordedCount: 2, correctedCount: 0 });
    const before = await prisma.attendanceRecord.findFirstOrThrow({
      where: { classDayId, userId: ahn.id },
      select: { updatedAt: true, recordedById: true },
    });
    expect(before.recordedById).toBe(instructor.id);

    const corrected = await saveRoster({
      actor: instructor,
      cohortId: cohort.id,
      classDayId,
      rows: [
        { userId: ahn.id, status: "PRESENT", reason: null },
        { userId: baek.id, status: "ABSENT", reason: null },
        { userId: choi.id, status: "LATE", reason: "버스 지연" },
      ],
      now: new Date(NOW.getTime() + 60_000),
    });
    expect(corrected).toEqual({ ok: true, recordedCount: 1, correctedCount: 1 });
    const records = await prisma.attendanceRecord.findMany({
      where: { classDayId },
      select: { userId: true, status: true, reason: true, updatedAt: true },
    });
    const byUser = new Map(records.map((row) => [row.userId, row]));
    expect(byUser.get(ahn.id)?.updatedAt).toEqual(before.updatedAt);
    expect(byUser.get(baek.id)).toMatchObject({ status: "ABSENT", reason: null });
    expect(byUser.get(choi.id)).toMatchObject({ status: "LATE", reason: "버스 지연" });

    const audits = await prisma.auditLog.findMany({
      where: { action: "attendance.corrected", data: { path: ["cohortId"], equals: cohort.id } },
      select: { actorId: true, entityType: true, data: true },
    });
    expect(audits).toEqual([
      {
        actorId: instructor.id,
        entityType: "AttendanceRecord",
        data: {
          cohortId: cohort.id,
          classDayId,
          date: "2026-04-07",
          userId: baek.id,
          before: { status: "EXCUSED", reason: "병원 진료" },
          after: { status: "ABSENT", reason: null },
        },
      },
    ]);
  });

  test("a row for someone not on the day's roster saves nothing; mark everyone present fills the rest", async () => {
    const { cohort, admin } = await cohortFixture();
    const present = await addLearner(cohort.id);
    const late = await addLearner(cohort.id);
    // Joined after the day: not on its roster.
    const newcomer = await addLearner(cohort.id, { joinedAt: new Date("2026-04-07T15:00:00.000Z") });
    // Left the day before: not on it either.
    await addLearner(cohort.id, { leftAt: new Date("2026-04-06T03:00:00.000Z") });
    const outsider = await createLearner(prisma);
    const days = await createDays(cohort.id, ["2026-04-07", "2026-04-09"]);
    const classDayId = days["2026-04-07"]!;
    const roster = await getClassDayRoster({ actor: admin, cohortId: cohort.id, classDayId, now: NOW });
    expect(roster.ok && roster.learners.map((line) => line.userId).sort()).toEqual([present.id, late.id].sort());

    for (const stranger of [outsider, newcomer]) {
      const refused = await saveRoster({
        actor: admin,
        cohortId: cohort.id,
        classDayId,
        rows: [
          { userId: late.id, status: "LATE", reason: null },
          { userId: stranger.id, status: "PRESENT", reason: null },
        ],
        now: NOW,
      });
      expect(refused).toEqual({ ok: false, reason: "rosterChanged" });
    }
    expect(await prisma.attendanceRecord.count({ where: { classDayId } })).toBe(0);

    await saveRoster({
      actor: admin,
      cohortId: cohort.id,
      classDayId,
      rows: [{ userId: late.id, status: "LATE", reason: null }],
      now: NOW,
    });
    expect(await markUnrecordedPresent({ actor: admin, cohortId: cohort.id, classDayId, now: NOW })).toEqual({
      ok: true,
      recordedCount: 1,
    });
    expect(await markUnrecordedPresent({ actor: admin, cohortId: cohort.id, classDayId, now: NOW })).toEqual({
      ok: true,
      recordedCount: 0,
    });
    const statuses = await prisma.attendanceRecord.findMany({
      where: { classDayId },
      select: { userId: true, status: true },
    });
    expect(new Map(statuses.map((row) => [row.userId, row.status]))).toEqual(
      new Map([
        [present.id, "PRESENT"],
        [late.id, "LATE"],
      ]),
    );
    expect(
      await markUnrecordedPresent({ actor: admin, cohortId: cohort.id, classDayId: days["2026-04-09"]!, now: NOW }),
    ).toEqual({ ok: false, reason: "dayNotYet" });
  });
});

describe("checking in with a code", () => {
  async function todayWithCode() {
    const fixture = await cohortFixture();
    const learner = await addLearner(fixture.cohort.id);
    const days = await createDays(fixture.cohort.id, ["2026-04-07", "2026-04-08"]);
    const classDayId = days["2026-04-08"]!;
    const opened = await openCheckInCode({
      actor: fixture.instructor,
      cohortId: fixture.cohort.id,
      classDayId,
      minutes: 10,
      now: NOW,
    });
    if (!opened.ok) throw new Error(opened.reason);
    return { ...fixture, learner, days, classDayId, code: opened.code, expiresAt: opened.expiresAt };
  }

  test("a code opens only on today's class day, six digits, for its minutes", async () => {
    const { cohort, instructor, days, code, expiresAt } = await todayWithCode();
    expect(code).toMatch(/^\d{6}$/);
    expect(expiresAt).toEqual(new Date(NOW.getTime() + 10 * 60_000));
    expect(
      await openCheckInCode({
        actor: instructor,
        cohortId: cohort.id,
        classDayId: days["2026-04-07"]!,
        minutes: 10,
        now: NOW,
      }),
    ).toEqual({ ok: false, reason: "notToday" });
  });

  test("the right code records PRESENT once under five concurrent submits", async () => {
    const { cohort, learner, classDayId, code } = await todayWithCode();
    const at = new Date(NOW.getTime() + 2 * 60_000);
    const results = await Promise.all(
      Array.from({ length: 5 }, () => checkInWithCode({ actor: learner, code, now: at })),
    );
    expect(results.every((result) => result.ok)).toBe(true);
    expect(results.filter((result) => result.ok && !result.isAlreadyRecorded)).toHaveLength(1);
    const records = await prisma.attendanceRecord.findMany({
      where: { classDayId, userId: learner.id },
      select: { status: true, checkedInAt: true, cohortId: true, recordedById: true },
    });
    expect(records).toEqual([{ status: "PRESENT", checkedInAt: at, cohortId: cohort.id, recordedById: learner.id }]);
    const today = await listTodaysClassDaysForLearner({ userId: learner.id, now: at });
    expect(today.map((row) => [row.id, row.record?.status])).toEqual([[classDayId, "PRESENT"]]);
  });

  test("someone already recorded is told so and nothing changes", async () => {
    const { cohort, instructor, learner, classDayId, code } = await todayWithCode();
    await saveRoster({
      actor: instructor,
      cohortId: cohort.id,
      classDayId,
      rows: [{ userId: learner.id, status: "LATE", reason: null }],
      now: NOW,
    });
    expect(await checkInWithCode({ actor: learner, code, now: NOW })).toMatchObject({
      ok: true,
      isAlreadyRecorded: true,
      status: "LATE",
    });
    expect(
      await prisma.attendanceRecord.findFirstOrThrow({
        where: { classDayId, userId: learner.id },
        select: { status: true },
      }),
    ).toEqual({ status: "LATE" });
  });

  test("an expired, closed, replaced or wrong code and a non-member are refused", async () => {
    const { cohort, instructor, learner, classDayId, code } = await todayWithCode();
    const wrong = code === "000000" ? "000001" : "000000";
    expect(await checkInWithCode({ actor: learner, code: wrong, now: NOW })).toEqual({
      ok: false,
      reason: "codeInvalid",
    });
    const later = new Date(NOW.getTime() + 10 * 60_000);
    expect(await checkInWithCode({ actor: learner, code, now: later })).toEqual({ ok: false, reason: "codeExpired" });

    const outsider = await createLearner(prisma);
    const leaver = await addLearner(cohort.id, { leftAt: new Date("2026-04-07T09:00:00.000Z") });
    for (const stranger of [outsider, leaver, instructor]) {
      expect(await checkInWithCode({ actor: stranger, code, now: NOW })).toEqual({ ok: false, reason: "codeInvalid" });
    }

    const reopened = await openCheckInCode({
      actor: instructor,
      cohortId: cohort.id,
      classDayId,
      minutes: 5,
      now: NOW,
    });
    if (!reopened.ok) throw new Error(reopened.reason);
    if (reopened.code !== code) {
      expect(await checkInWithCode({ actor: learner, code, now: NOW })).toEqual({ ok: false, reason: "codeInvalid" });
    }
    expect(await closeCheckInCode({ actor: instructor, cohortId: cohort.id, classDayId })).toEqual({ ok: true });
    expect(await checkInWithCode({ actor: learner, code: reopened.code, now: NOW })).toEqual({
      ok: false,
      reason: "codeInvalid",
    });
    expect(await prisma.attendanceRecord.count({ where: { classDayId } })).toBe(0);
  });

  test("ten tries in ten minutes, then refused even with the right code", async () => {
    const { learner, classDayId, code } = await todayWithCode();
    const wrong = code === "000000" ? "000001" : "000000";
    for (let attempt = 0; attempt < 10; attempt++) {
      expect(await checkInWithCode({ actor: learner, code: wrong, now: NOW })).toMatchObject({ ok: false });
    }
    const refused = await checkInWithCode({ actor: learner, code, now: NOW });
    expect(refused).toMatchObject({ ok: false, reason: "tooManyAttempts" });
    expect(await prisma.attendanceRecord.count({ where: { classDayId } })).toBe(0);
  });
});

describe("rates", () => {
  /**
   * Mondays of March (2, 9, 16, 23, 30) and 6–9 April are class days; today is 8 April (Korea).
   *
   * Ahn (joined 1 March, Korea): 2 Mar PRESENT, 9 LATE, 16 EXCUSED, 23 ABSENT, 30 no record;
   *   6 Apr LEFT_EARLY, 7 PRESENT, 8 PRESENT (today: not counted yet).
   *   March: attended 2 (present 1, late 1), absent 2 (one unrecorded), excused 1, counted 5 − 1 = 4 → 50 %.
   *   April: attended 2 of 2 → 100 %. Whole cohort: 4 of 6 → 66.7 %.
   * Baek joined on 16 March in Korea (08:30 there, still 15 March in UTC): 16 PRESENT, 23 PRESENT,
   *   30 LATE; 6 Apr no record, 7 EXCUSED.
   *   March: 3 of 3 → 100 %. April: 0 of 2 − 1 = 1 → 0 %. Whole cohort: 3 of 4 → 75 %.
   * Choi left on 20 March (Korea): 2 ABSENT, 9 PRESENT, 16 PRESENT.
   *   March: 2 of 3 → 66.7 %; not a learner of April. Whole cohort: 2 of 3.
   * A mentor is never counted.
   * March's cohort rate: (2 + 3 + 2) / (4 + 3 + 3) = 70 %. April's: (2 + 0) / (2 + 1) = 66.7 %.
   * The whole cohort: (4 + 3 + 2) / (6 + 4 + 3) = 9 / 13.
   */
  async function ratesFixture() {
    const fixture = await cohortFixture();
    const cohortId = fixture.cohort.id;
    const days = await createDays(cohortId, [
      "2026-03-02",
      "2026-03-09",
      "2026-03-16",
      "2026-03-23",
      "2026-03-30",
      "2026-04-06",
      "2026-04-07",
      "2026-04-08",
      "2026-04-09",
    ]);
    const ahn = await addLearner(cohortId);
    const baek = await addLearner(cohortId, { joinedAt: new Date("2026-03-15T23:30:00.000Z") });
    const choi = await addLearner(cohortId, { leftAt: new Date("2026-03-20T05:00:00.000Z") });
    const mentor = await createLearner(prisma);
    await prisma.cohortMember.create({
      data: { cohortId, userId: mentor.id, role: "MENTOR", joinedAt: new Date("2026-02-28T15:00:00.000Z") },
    });
    const marks: [string, string, "PRESENT" | "LATE" | "LEFT_EARLY" | "ABSENT" | "EXCUSED"][] = [
      [ahn.id, "2026-03-02", "PRESENT"],
      [ahn.id, "2026-03-09", "LATE"],
      [ahn.id, "2026-03-16", "EXCUSED"],
      [ahn.id, "2026-03-23", "ABSENT"],
      [ahn.id, "2026-04-06", "LEFT_EARLY"],
      [ahn.id, "2026-04-07", "PRESENT"],
      [ahn.id, "2026-04-08", "PRESENT"],
      [baek.id, "2026-03-16", "PRESENT"],
      [baek.id, "2026-03-23", "PRESENT"],
      [baek.id, "2026-03-30", "LATE"],
      [baek.id, "2026-04-07", "EXCUSED"],
      [choi.id, "2026-03-02", "ABSENT"],
      [choi.id, "2026-03-09", "PRESENT"],
      [choi.id, "2026-03-16", "PRESENT"],
      [mentor.id, "2026-03-02", "ABSENT"],
    ];
    for (const [userId, iso, status] of marks) await record(cohortId, days[iso]!, userId, status);
    return { ...fixture, days, ahn, baek, choi };
  }

  test("per learner over the whole cohort, and the cohort's rate", async () => {
    const { cohort, ahn, baek, choi } = await ratesFixture();
    const today = day("2026-04-08");
    const rates = await getAttendanceRates({ cohortId: cohort.id, today });
    expect(rates.size).toBe(3);
    expect(rates.get(ahn.id)).toEqual({ attendedDays: 4, countedDays: 6, rate: 4 / 6 });
    expect(rates.get(baek.id)).toEqual({ attendedDays: 3, countedDays: 4, rate: 3 / 4 });
    expect(rates.get(choi.id)).toEqual({ attendedDays: 2, countedDays: 3, rate: 2 / 3 });
    expect(await getCohortAttendanceRate({ cohortId: cohort.id, today })).toBe(9 / 13);

    // The same SQL as a CTE, as the at-risk list uses it.
    const viaCte = await prisma.$queryRaw<{ userId: string; attendedDays: number; countedDays: number }[]>`
      WITH "attendance" AS (${attendanceByLearnerSql({ cohortId: cohort.id, today })})
      SELECT * FROM "attendance" WHERE "userId" = ${ahn.id}::uuid`;
    expect(viaCte).toEqual([{ userId: ahn.id, attendedDays: 4, countedDays: 6 }]);

    // Tomorrow, today's PRESENT counts and 9 April (no record) becomes an absence.
    const tomorrow = await getAttendanceRates({ cohortId: cohort.id, today: day("2026-04-09") });
    expect(tomorrow.get(ahn.id)).toEqual({ attendedDays: 5, countedDays: 7, rate: 5 / 7 });
    const dayAfter = await getAttendanceRates({ cohortId: cohort.id, today: day("2026-04-10") });
    expect(dayAfter.get(ahn.id)).toEqual({ attendedDays: 5, countedDays: 8, rate: 5 / 8 });
  });

  test("per learner per month, with the month's cohort rate and the threshold marked", async () => {
    const { cohort, ahn, baek, choi } = await ratesFixture();
    const today = day("2026-04-08");
    const march = await getMonthlyAttendance({
      cohortId: cohort.id,
      month: monthRange("2026-03"),
      today,
      thresholdPercent: 80,
    });
    const byUser = new Map(march.learners.map((learner) => [learner.userId, learner]));
    expect(byUser.size).toBe(3);
    expect(byUser.get(ahn.id)).toMatchObject({
      presentDays: 1,
      lateDays: 1,
      leftEarlyDays: 0,
      absentDays: 2,
      unrecordedDays: 1,
      excusedDays: 1,
      attendedDays: 2,
      countedDays: 4,
      rate: 0.5,
      isBelowThreshold: true,
      overallRate: 4 / 6,
    });
    expect(byUser.get(baek.id)).toMatchObject({
      presentDays: 2,
      lateDays: 1,
      absentDays: 0,
      countedDays: 3,
      rate: 1,
      isBelowThreshold: false,
      joinedOn: day("2026-03-16"),
    });
    expect(byUser.get(choi.id)).toMatchObject({
      presentDays: 2,
      absentDays: 1,
      countedDays: 3,
      rate: 2 / 3,
      isBelowThreshold: true,
      leftOn: day("2026-03-20"),
    });
    expect(march.cohortRate).toBe(0.7);

    const april = await getMonthlyAttendance({
      cohortId: cohort.id,
      month: monthRange("2026-04"),
      today,
      thresholdPercent: 80,
    });
    expect(april.learners.map((learner) => learner.userId).sort()).toEqual([ahn.id, baek.id].sort());
    const aprilByUser = new Map(april.learners.map((learner) => [learner.userId, learner]));
    expect(aprilByUser.get(ahn.id)).toMatchObject({ leftEarlyDays: 1, presentDays: 1, countedDays: 2, rate: 1 });
    expect(aprilByUser.get(baek.id)).toMatchObject({ absentDays: 1, excusedDays: 1, countedDays: 1, rate: 0 });
    expect(april.cohortRate).toBe(2 / 3);
  });

  test("the month page and the export agree with the hand-computed month", async () => {
    const { cohort, admin, instructor, ahn, baek, choi } = await ratesFixture();
    const page = await getAttendanceMonth({ actor: instructor, cohortId: cohort.id, month: "2026-03", now: NOW });
    if (!page.ok) throw new Error(page.reason);
    expect(page.classDays.map((row) => [row.date.toISOString().slice(0, 10), row.recordCount])).toEqual([
      ["2026-03-02", 3],
      ["2026-03-09", 2],
      ["2026-03-16", 3],
      ["2026-03-23", 2],
      ["2026-03-30", 1],
    ]);
    expect(page.monthRate).toBe(0.7);
    expect(page.cohortRate).toBe(9 / 13);
    expect(page.thresholdPercent).toBe(80);
    const defaulted = await getAttendanceMonth({ actor: admin, cohortId: cohort.id, month: null, now: NOW });
    expect(defaulted.ok && defaulted.month).toBe("2026-04");

    expect(
      await exportAttendanceMonth({
        actor: instructor,
        cohortId: cohort.id,
        month: "2026-03",
        format: "csv",
        now: NOW,
      }),
    ).toEqual({ ok: false, reason: "notAllowed" });
    const exported = await exportAttendanceMonth({
      actor: admin,
      cohortId: cohort.id,
      month: "2026-03",
      format: "csv",
      now: NOW,
    });
    if (!exported.ok) throw new Error(exported.reason);
    const cells = new Map(exported.learners.map((learner) => [learner.userId, learner.days]));
    expect(cells.get(ahn.id)).toEqual(["PRESENT", "LATE", "EXCUSED", "ABSENT", "UNRECORDED"]);
    expect(cells.get(baek.id)).toEqual([null, null, "PRESENT", "PRESENT", "LATE"]);
    expect(cells.get(choi.id)).toEqual(["ABSENT", "PRESENT", "PRESENT", null, null]);
    const audit = await prisma.auditLog.findFirstOrThrow({
      where: { action: "report.exported", entityId: cohort.id },
      select: { actorId: true, entityType: true, data: true },
    });
    expect(audit).toEqual({
      actorId: admin.id,
      entityType: "Cohort",
      data: { kind: "attendance", month: "2026-03", rows: 3, format: "csv" },
    });
  });
});
