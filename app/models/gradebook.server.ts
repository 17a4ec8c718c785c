// The gradebook: a course's weighted grade categories and the items in them, manual grades, the
// course score of each learner, and final letter grades.
//
// How a course score is made (every number computed in SQL from the records each time it is read;
// nothing is stored that could disagree with them):
// - An item's points: a quiz counts its score percent out of 100 (its best or its last submitted
//   attempt, as the item says); an assignment the points of the learner's latest GRADED submission
//   out of its maxPoints; a manual item the points entered here out of the item's maxPoints.
// - A category's percent is points earned over points possible across its items (an item worth more
//   points weighs more, as on a paper gradebook); the course score is the categories' weighted mean.
// - Missing grades. Two scores are shown, as a registrar and a learner each need one:
//   • current: an item counts once graded, or as 0 once it is past due (an assignment at its due
//     time; every item once the course has ended, from the day after Course.endsOn in APP_TIME_ZONE). A
//     category with nothing counted yet is left out and the other weights scale up, so mid-term the
//     score says how the learner does on what has been graded.
//   • final: every ungraded item counts 0, as a Korean registrar reckons a term's grade (미제출은
//     0점). Letters are suggested from it. Once the course has ended the two are the same.
// - Weights that do not sum to 100 (or a weighted category without items, or no categories at all):
//   the scores are still shown, over the weights there are, beside a warning, and letters cannot be
//   confirmed until the gradebook is fixed.
// - A learner who dropped stays in the gradebook, marked and listed after the others, with the
//   records they had; no letter is suggested or confirmed for them (a withdrawal keeps the course off
//   the transcript) and no manual grade is entered. A letter confirmed before a drop is kept.
// - Letters are given only in credit courses (Course.credits set). A confirmed letter is final: a
//   change needs a reason and is audited with what it was and what it became. FinalGrade.scorePercent
//   is the score the letter was confirmed from, a record of that moment, never read as the score now.
//
// Queries stay bounded whatever the course's size (docs/decisions/0006): the structure (categories,
// items) is two statements, and a page of learners with every item's points, category percents and
// both course scores is one statement, the count of matching learners included.
import { can } from "~/auth/permissions";
import type { CourseStatus, EnrollmentStatus, GradeScale, Role } from "~/generated/prisma/client";
import { Prisma, prisma } from "~/lib/db.server";
import { appTimeZone } from "~/lib/time-zone";
import { MAX_CHANGE_REASON_LENGTH } from "~/lib/gradebook-forms";
import { LEARNER_TABLE_PAGE_SIZE, type GradebookSort } from "~/lib/learner-tables";
import {
  gradeCutoffsSchema,
  gradeLetters,
  gradePointOf,
  isGradeLetter,
  resolveCutoffs,
  roundScore,
  suggestLetter,
  type GradeCutoffs,
  type LetterSystem,
} from "~/lib/letter-grades";
import { pageWindow, toPaged } from "~/lib/pagination";
import { defineRefusals } from "~/lib/refusal.server";
import { isUuid } from "~/lib/uuid";
import { recordAuditEvent } from "~/models/audit-log.server";
import { getCourseTeachers, type CourseRef } from "~/models/course.server";
import { learnerConditions } from "~/models/learner-progress.server";
import { findSubmissionResult, oncePerSubmission } from "~/models/form-submission.server";

/** Who acts; the address, when a route passes it, goes into the audit log with each change. */
type Actor = { id: string; role: Role; ipAddress?: string };
type Db = Prisma.TransactionClient | typeof prisma;

/** Learners in the gradebook: those taking or done with the course, and those who dropped it. */
const GRADEBOOK_STATUSES: EnrollmentStatus[] = ["ACTIVE", "COMPLETED", "DROPPED"];
/** Learners who get a letter, and whose manual grades may be entered. */
const GRADED_STATUSES: EnrollmentStatus[] = ["ACTIVE", "COMPLETED"];
/** Learners who may read their own grades: a learner who dropped still sees what they had. */
const OWN_GRADES_STATUSES: EnrollmentStatus[] = ["ACTIVE", "COMPLETED", "DROPPED"];

// ───────────────────────────── Refusals ─────────────────────────────

export const GRADEBOOK_REFUSALS = defineRefusals({
  notFound: { status: 404, messageKey: "error.notFound" },
  notAllowed: { status: 403, messageKey: "error.forbidden" },
  categoryNotFound: { status: 404, messageKey: "studio.gradebook.categoryNotFound", field: "categoryId" },
  categoryNotEmpty: { status: 409, messageKey: "studio.gradebook.categoryNotEmpty" },
  itemNotFound: { status: 404, messageKey: "studio.gradebook.itemNotFound" },
  /** Not a quiz or assignment lesson of this course (or one that was removed). */
  lessonNotFound: { status: 404, messageKey: "studio.gradebook.lessonNotFound", field: "lessonId" },
  lessonAlreadyGraded: { status: 409, messageKey: "studio.gradebook.lessonAlreadyGraded", field: "lessonId" },
  maxBelowGrades: { status: 409, messageKey: "studio.gradebook.maxBelowGrades", field: "maxPoints" },
  cutoffsInvalid: { status: 400, messageKey: "grades.cutoffNotDescending" },
  /** Turning pass/fail on or off once letters are confirmed would leave letters of the other kind. */
  lettersConfirmed: { status: 409, messageKey: "studio.gradebook.lettersConfirmed", field: "isPassFail" },
});

export const MANUAL_GRADE_REFUSALS = defineRefusals({
  notFound: { status: 404, messageKey: "error.notFound" },
  notAllowed: { status: 403, messageKey: "error.forbidden" },
  itemNotFound: { status: 404, messageKey: "studio.gradebook.itemNotFound" },
  notManual: { status: 409, messageKey: "studio.gradebook.notManual" },
  notEnrolled: { status: 409, messageKey: "studio.gradebook.learnerNotGraded" },
  outOfRange: { status: 400, messageKey: "grades.pointsOutOfRange", field: "points" },
});

export const FINAL_GRADE_REFUSALS = defineRefusals({
  notFound: { status: 404, messageKey: "error.notFound" },
  notAllowed: { status: 403, messageKey: "error.forbidden" },
  notCreditCourse: { status: 409, messageKey: "studio.finalGrades.notCreditCourse" },
  gradebookIncomplete: { status: 409, messageKey: "studio.finalGrades.gradebookIncomplete" },
  learnerNotFound: { status: 404, messageKey: "studio.finalGrades.learnerNotFound" },
  learnerDropped: { status: 409, messageKey: "studio.finalGrades.learnerDropped" },
  alreadyConfirmed: { status: 409, messageKey: "studio.finalGrades.alreadyConfirmed" },
  notConfirmed: { status: 409, messageKey: "studio.finalGrades.notConfirmed" },
  invalidLetter: { status: 400, messageKey: "studio.finalGrades.invalidLetter", field: "letter" },
  unchanged: { status: 409, messageKey: "studio.finalGrades.unchanged", field: "letter" },
  reasonRequired: { status: 400, messageKey: "studio.finalGrades.reasonRequired", field: "reason" },
});

export const MY_GRADES_REFUSALS = defineRefusals({
  notFound: { status: 404, messageKey: "error.notFound" },
  notEnrolled: { status: 403, messageKey: "grades.enrollToSee" },
});

type Refused<Table> = { ok: false; reason: keyof Table & string };

// ───────────────────────────── Shared reads ─────────────────────────────

/** Runs when `actor` may manage the course (its instructors, admins); otherwise the refusal. */
async function authorize(actor: Actor, courseId: string) {
  const teachers = await getCourseTeachers({ courseId });
  if (!teachers) return { ok: false, reason: "notFound" } as const;
  if (!can(actor, "course:manage", teachers)) return { ok: false, reason: "notAllowed" } as const;
  return { ok: true, courseId: teachers.id } as const;
}

/** Records a gradebook change in the audit log, in the change's transaction. */
function audit(
  tx: Prisma.TransactionClient,
  actor: Actor & { ipAddress?: string },
  action: string,
  entityType: string,
  entityId: string,
  data: Prisma.InputJsonObject,
) {
  return recordAuditEvent({
    db: tx,
    actorId: actor.id,
    action,
    entityType,
    entityId,
    data,
    ipAddress: actor.ipAddress,
  });
}

type CourseGradingRow = {
  id: string;
  slug: string;
  code: string;
  title: string;
  status: CourseStatus;
  credits: number | null;
  isPassFail: boolean;
  gradeCutoffs: Prisma.JsonValue;
  endsOn: Date | null;
  gradeScale: GradeScale;
};

/** The course as grading needs it: its letter system and the cut-offs in force. */
function toCourseGrading(course: CourseGradingRow) {
  const system: LetterSystem = { scale: course.gradeScale, isPassFail: course.isPassFail };
  const { cutoffs, isDefault } = resolveCutoffs(system, course.gradeCutoffs);
  return {
    id: course.id,
    slug: course.slug,
    code: course.code,
    title: course.title,
    status: course.status,
    credits: course.credits,
    isCreditCourse: course.credits !== null,
    endsOn: course.endsOn,
    system,
    letters: gradeLetters(system),
    cutoffs,
    isDefaultCutoffs: isDefault,
  };
}

export type CourseGrading = ReturnType<typeof toCourseGrading>;

/** The course with its program's grade scale, in one statement (a nested select sent one per relation). */
async function findCourseGradingRow(db: Db, ref: CourseRef) {
  if ("courseId" in ref && !isUuid(ref.courseId)) return null;
  const [course] = await db.$queryRaw<CourseGradingRow[]>`
    SELECT c."id", c."slug", c."code", c."title", c."status"::text AS "status", c."credits", c."isPassFail",
           c."gradeCutoffs", c."endsOn", p."gradeScale"::text AS "gradeScale"
    FROM "Course" c JOIN "Program" p ON p."id" = c."programId"
    WHERE ${"courseId" in ref ? Prisma.sql`c."id" = ${ref.courseId}::uuid` : Prisma.sql`c."slug" = ${ref.slug}`}`;
  return course ?? null;
}

async function findCourseGrading(db: Db, ref: CourseRef) {
  const course = await findCourseGradingRow(db, ref);
  return course ? toCourseGrading(course) : null;
}

/**
 * The course's grade items with what scoring needs, as one SQL fragment (aliases: the item `i`),
 * written once for the gradebook's structure and its scores:
 * - possible: 100 for a quiz (its score percent), the assignment's maxPoints, a manual item's maxPoints;
 * - isDue: an assignment whose due time has passed, or any item once the course has ended (the day
 *   after Course.endsOn begins in APP_TIME_ZONE). A due item without a grade counts 0 in the
 *   current score.
 */
function gradeItemsSql({ courseId, now }: { courseId: string; now: Date }) {
  return Prisma.sql`
    SELECT i."id", i."categoryId", gc."position" AS "categoryPosition", i."position", i."kind"::text AS "kind",
           i."lessonId", l."status"::text AS "lessonStatus", COALESCE(l."title", i."title") AS "title",
           i."quizScoreRule"::text AS "quizScoreRule", q."id" AS "quizId", a."id" AS "assignmentId", a."dueAt",
           (CASE i."kind" WHEN 'QUIZ' THEN 100 WHEN 'ASSIGNMENT' THEN a."maxPoints" ELSE i."maxPoints" END)::int
             AS "maxPoints",
           COALESCE(
             ((c."endsOn" + 1)::timestamp AT TIME ZONE ${appTimeZone()}::text AT TIME ZONE 'UTC') <= ${now}::timestamp(3)
               OR a."dueAt" <= ${now}::timestamp(3),
             FALSE
           ) AS "isDue"
    FROM "GradeItem" i
    JOIN "GradeCategory" gc ON gc."id" = i."categoryId"
    JOIN "Course" c ON c."id" = i."courseId"
    LEFT JOIN "Lesson" l ON l."id" = i."lessonId"
    LEFT JOIN "Quiz" q ON i."kind" = 'QUIZ' AND q."lessonId" = i."lessonId"
    LEFT JOIN "Assignment" a ON i."kind" = 'ASSIGNMENT' AND a."lessonId" = i."lessonId"
    WHERE i."courseId" = ${courseId}::uuid`;
}

type GradeItemRow = {
  id: string;
  categoryId: string;
  categoryPosition: number;
  position: number;
  kind: "QUIZ" | "ASSIGNMENT" | "MANUAL";
  lessonId: string | null;
  lessonStatus: "DRAFT" | "PUBLISHED" | "ARCHIVED" | null;
  title: string;
  quizScoreRule: "BEST" | "LAST";
  quizId: string | null;
  assignmentId: string | null;
  dueAt: Date | null;
  maxPoints: number;
  isDue: boolean;
};

/** What stops letters from being confirmed; each is shown as a warning. */
export type GradebookProblem = "noCategories" | "weightsNot100" | "emptyCategory";

function findProblems(categories: { weightPercent: number; items: unknown[] }[]): GradebookProblem[] {
  if (categories.length === 0) return ["noCategories"];
  const problems: GradebookProblem[] = [];
  if (categories.reduce((sum, { weightPercent }) => sum + weightPercent, 0) !== 100) problems.push("weightsNot100");
  if (categories.some(({ weightPercent, items }) => weightPercent > 0 && items.length === 0)) {
    problems.push("emptyCategory");
  }
  return problems;
}

/** Categories in order, each with its items in order (two statements). */
async function findGradebookStructure(db: Db, { courseId, now }: { courseId: string; now: Date }) {
  // Sequential: `db` may be a transaction, one connection that runs one statement at a time.
  const categoryRows = await db.gradeCategory.findMany({
    where: { courseId },
    orderBy: [{ position: "asc" }, { id: "asc" }],
    select: { id: true, name: true, weightPercent: true },
  });
  const itemRows = await db.$queryRaw<GradeItemRow[]>`
      SELECT it.* FROM (${gradeItemsSql({ courseId, now })}) it
      ORDER BY it."categoryPosition", it."categoryId", it."position", it."id"`;
  const items = itemRows.map((row) => ({
    id: row.id,
    categoryId: row.categoryId,
    kind: row.kind,
    lessonId: row.lessonId,
    lessonStatus: row.lessonStatus,
    title: row.title,
    quizScoreRule: row.quizScoreRule,
    maxPoints: row.maxPoints,
    dueAt: row.dueAt,
    isDue: row.isDue,
  }));
  const categories = categoryRows.map((category) => ({
    ...category,
    items: items.filter((item) => item.categoryId === category.id),
  }));
  const weightTotal = categories.reduce((sum, { weightPercent }) => sum + weightPercent, 0);
  return { categories, items, weightTotal, problems: findProblems(categories) };
}

export type GradebookItem = Awaited<ReturnType<typeof findGradebookStructure>>["items"][number];

// ───────────────────────────── Scores ─────────────────────────────

/**
 * The points one learner (`le`) earned on one item (`it`, from gradeItemsSql), or NULL when there is
 * nothing graded: the best or last submitted quiz attempt, the latest GRADED submission, the manual
 * grade. Each probe uses a unique index ((quizId, userId, attemptNumber), (assignmentId, userId,
 * attemptNumber), (itemId, userId)).
 */
const EARNED_SQL = Prisma.sql`(CASE it."kind"
  WHEN 'QUIZ' THEN (
    SELECT CASE WHEN it."quizScoreRule" = 'LAST'
                THEN (array_agg(qa."scorePercent" ORDER BY qa."attemptNumber" DESC))[1]
                ELSE MAX(qa."scorePercent") END
    FROM "QuizAttempt" qa
    WHERE qa."quizId" = it."quizId" AND qa."userId" = le."userId"
      AND qa."submittedAt" IS NOT NULL AND qa."scorePercent" IS NOT NULL)::numeric
  WHEN 'ASSIGNMENT' THEN (
    SELECT s."points" FROM "Submission" s
    WHERE s."assignmentId" = it."assignmentId" AND s."userId" = le."userId"
      AND s."status" = 'GRADED' AND s."points" IS NOT NULL
    ORDER BY s."attemptNumber" DESC LIMIT 1)::numeric
  ELSE (SELECT mg."points" FROM "ManualGrade" mg WHERE mg."itemId" = it."id" AND mg."userId" = le."userId")
END)`;

type LearnerSelection =
  | { kind: "page"; page: number; pageSize: number; search: string; sort: GradebookSort }
  | { kind: "enrollments"; enrollmentIds: string[] }
  | { kind: "all" };

type ScoreRow = {
  enrollmentId: string;
  /** Every learner the selection matches, counted before a page is cut (the same on each row). */
  totalCount: number;
  userId: string;
  name: string;
  email: string;
  status: EnrollmentStatus;
  itemPoints: Record<string, number | null>;
  categoryPercents: Record<string, { current: number | null; final: number | null }>;
  currentPercent: number | null;
  finalPercent: number | null;
  finalGradeId: string | null;
  letter: string | null;
  gradePoint: number | null;
  confirmedScorePercent: number | null;
  confirmedAt: Date | null;
  changeReason: string | null;
};

/**
 * Learners of the course with their points on every item, their category percents and both course
 * scores (see the top of this file), in one statement whatever the number of learners or items. A
 * page sorted by name is cut before any score is computed; sorted by a score, every matching
 * learner is scored first (a few thousand index probes for a 500-learner course).
 */
async function queryLearnerScores(
  db: Db,
  {
    courseId,
    now,
    statuses = GRADEBOOK_STATUSES,
    selection,
  }: { courseId: string; now: Date; statuses?: EnrollmentStatus[]; selection: LearnerSelection },
) {
  const where = learnerConditions({
    courseId,
    statuses,
    search: selection.kind === "page" ? selection.search : undefined,
    enrollmentIds: selection.kind === "enrollments" ? selection.enrollmentIds : undefined,
  });
  const window = selection.kind === "page" ? pageWindow(selection) : null;
  const isPagedByName = window !== null && selection.kind === "page" && selection.sort === "name";
  const scoreOrder =
    selection.kind === "page" && selection.sort === "final"
      ? Prisma.sql`cs."finalPercent" DESC NULLS LAST,`
      : selection.kind === "page" && selection.sort === "current"
        ? Prisma.sql`cs."currentPercent" DESC NULLS LAST,`
        : Prisma.empty;
  return db.$queryRaw<ScoreRow[]>`
    WITH items AS (${gradeItemsSql({ courseId, now })}),
    learners AS (
      SELECT e."id" AS "enrollmentId", e."userId", e."status", u."name", u."email",
             (count(*) OVER ())::int AS "totalCount"
      FROM "Enrollment" e JOIN "User" u ON u."id" = e."userId"
      WHERE ${where}
      ${isPagedByName ? Prisma.sql`ORDER BY (e."status" = 'DROPPED'), u."name", e."id" LIMIT ${window.take} OFFSET ${window.skip}` : Prisma.empty}
    ),
    cells AS (
      SELECT le."enrollmentId", it."id" AS "itemId", it."categoryId", it."maxPoints"::numeric AS "possible",
             it."isDue", ${EARNED_SQL} AS "earned"
      FROM learners le CROSS JOIN items it
    ),
    category_scores AS (
      SELECT ce."enrollmentId", ce."categoryId",
             SUM(LEAST(COALESCE(ce."earned", 0), ce."possible")) FILTER (WHERE ce."earned" IS NOT NULL OR ce."isDue") * 100
               / NULLIF(SUM(ce."possible") FILTER (WHERE ce."earned" IS NOT NULL OR ce."isDue"), 0) AS "current",
             SUM(LEAST(COALESCE(ce."earned", 0), ce."possible")) * 100 / NULLIF(SUM(ce."possible"), 0) AS "final"
      FROM cells ce
      GROUP BY ce."enrollmentId", ce."categoryId"
    ),
    course_scores AS (
      SELECT ca."enrollmentId",
             jsonb_object_agg(ca."categoryId", jsonb_build_object(
               'current', ROUND(ca."current", 2), 'final', ROUND(ca."final", 2))) AS "categoryPercents",
             ROUND(SUM(gc."weightPercent" * ca."current")
               / NULLIF(SUM(gc."weightPercent") FILTER (WHERE ca."current" IS NOT NULL), 0), 2) AS "currentPercent",
             ROUND(SUM(gc."weightPercent" * ca."final")
               / NULLIF(SUM(gc."weightPercent") FILTER (WHERE ca."final" IS NOT NULL), 0), 2) AS "finalPercent"
      FROM category_scores ca JOIN "GradeCategory" gc ON gc."id" = ca."categoryId"
      GROUP BY ca."enrollmentId"
    ),
    item_points AS (
      SELECT ce."enrollmentId", jsonb_object_agg(ce."itemId", ce."earned") AS "itemPoints"
      FROM cells ce GROUP BY ce."enrollmentId"
    )
    SELECT le."enrollmentId", le."userId", le."name", le."email", le."status", le."totalCount",
           COALESCE(ip."itemPoints", '{}'::jsonb) AS "itemPoints",
           COALESCE(cs."categoryPercents", '{}'::jsonb) AS "categoryPercents",
           cs."currentPercent"::float8 AS "currentPercent", cs."finalPercent"::float8 AS "finalPercent",
           fg."id" AS "finalGradeId", fg."letter", fg."gradePoint"::float8 AS "gradePoint",
           fg."scorePercent"::float8 AS "confirmedScorePercent", fg."confirmedAt", fg."changeReason"
    FROM learners le
    LEFT JOIN item_points ip ON ip."enrollmentId" = le."enrollmentId"
    LEFT JOIN course_scores cs ON cs."enrollmentId" = le."enrollmentId"
    LEFT JOIN "FinalGrade" fg ON fg."enrollmentId" = le."enrollmentId"
    ORDER BY (le."status" = 'DROPPED'), ${scoreOrder} le."name", le."enrollmentId"
    ${window && !isPagedByName ? Prisma.sql`LIMIT ${window.take} OFFSET ${window.skip}` : Prisma.empty}`;
}

async function countLearners(db: Db, { courseId, search }: { courseId: string; search: string }) {
  const [row] = await db.$queryRaw<{ count: number }[]>`
    SELECT COUNT(*)::int AS "count" FROM "Enrollment" e JOIN "User" u ON u."id" = e."userId"
    WHERE ${learnerConditions({ courseId, statuses: GRADEBOOK_STATUSES, search })}`;
  return row?.count ?? 0;
}

/** A learner's row as the gradebook, the export and the final-grades page show it. */
function toLearnerGrades(row: ScoreRow, course: CourseGrading) {
  const isGraded = GRADED_STATUSES.includes(row.status);
  const suggestedLetter =
    isGraded && course.isCreditCourse
      ? suggestLetter(course.system, { scorePercent: row.finalPercent, cutoffs: course.cutoffs })
      : null;
  return {
    enrollmentId: row.enrollmentId,
    userId: row.userId,
    name: row.name,
    email: row.email,
    status: row.status,
    isDropped: row.status === "DROPPED",
    itemPoints: row.itemPoints,
    categoryPercents: row.categoryPercents,
    currentPercent: row.currentPercent,
    finalPercent: row.finalPercent,
    suggestedLetter,
    finalGrade: row.finalGradeId
      ? {
          letter: row.letter!,
          gradePoint: row.gradePoint,
          scorePercent: row.confirmedScorePercent,
          confirmedAt: row.confirmedAt!,
          changeReason: row.changeReason,
          /** The score moved since the letter was confirmed (a grade entered or changed later). */
          isScoreChanged: row.confirmedScorePercent !== row.finalPercent,
        }
      : null,
  };
}

export type LearnerGrades = ReturnType<typeof toLearnerGrades>;

// ───────────────────────────── The gradebook ─────────────────────────────

/**
 * A page of the gradebook for the course's instructors and admins: the structure, and each learner
 * with points per item, category percents, both course scores, the suggested and confirmed letters.
 */
export async function getGradebook({
  actor,
  courseId,
  page = 1,
  pageSize = LEARNER_TABLE_PAGE_SIZE,
  search = "",
  sort = "name",
  now = new Date(),
}: {
  actor: Actor;
  courseId: string;
  page?: number;
  pageSize?: number;
  /** Part of a learner's name or e-mail. */
  search?: string;
  sort?: GradebookSort;
  now?: Date;
}) {
  const allowed = await authorize(actor, courseId);
  if (!allowed.ok) return allowed;
  const [course, structure, rows] = await Promise.all([
    findCourseGrading(prisma, { courseId }),
    findGradebookStructure(prisma, { courseId, now }),
    queryLearnerScores(prisma, { courseId, now, selection: { kind: "page", page, pageSize, search, sort } }),
  ]);
  if (!course) return { ok: false, reason: "notFound" } as const;
  // The page's rows carry the count; a page past the last has none, and only then is it counted apart.
  const totalCount = rows[0]?.totalCount ?? (page > 1 ? await countLearners(prisma, { courseId, search }) : 0);
  return {
    ok: true,
    course,
    ...structure,
    canConfirmLetters: course.isCreditCourse && structure.problems.length === 0,
    learners: toPaged(
      rows.map((row) => toLearnerGrades(row, course)),
      { page, pageSize, totalCount },
    ),
  } as const;
}

/** The whole gradebook, every learner, for a CSV or XLSX export. */
export async function exportGradebook({
  actor,
  courseId,
  now = new Date(),
}: {
  actor: Actor;
  courseId: string;
  now?: Date;
}) {
  const allowed = await authorize(actor, courseId);
  if (!allowed.ok) return allowed;
  const [course, structure, rows] = await Promise.all([
    findCourseGrading(prisma, { courseId }),
    findGradebookStructure(prisma, { courseId, now }),
    queryLearnerScores(prisma, { courseId, now, selection: { kind: "all" } }),
  ]);
  if (!course) return { ok: false, reason: "notFound" } as const;
  // Grades leaving the platform in a file: who took them, and when.
  await recordAuditEvent({
    actorId: actor.id,
    action: "gradebook.exported",
    entityType: "Course",
    entityId: courseId,
    data: { learnerCount: rows.length },
    ipAddress: actor.ipAddress,
  });
  return { ok: true, course, ...structure, learners: rows.map((row) => toLearnerGrades(row, course)) } as const;
}

// ───────────────────────────── Settings: categories, items, cut-offs ─────────────────────────────

/** The gradebook's settings: course grading, categories with items, and the lessons that can be items. */
export async function getGradebookSettings({
  actor,
  courseId,
  now = new Date(),
}: {
  actor: Actor;
  courseId: string;
  now?: Date;
}) {
  const allowed = await authorize(actor, courseId);
  if (!allowed.ok) return allowed;
  const [course, structure, lessons, confirmedCount] = await Promise.all([
    findCourseGrading(prisma, { courseId }),
    findGradebookStructure(prisma, { courseId, now }),
    prisma.lesson.findMany({
      where: { courseId, kind: { in: ["QUIZ", "ASSIGNMENT"] }, status: { not: "ARCHIVED" } },
      orderBy: [{ module: { position: "asc" } }, { moduleId: "asc" }, { position: "asc" }, { id: "asc" }],
      select: { id: true, title: true, kind: true, status: true, gradeItem: { select: { id: true } } },
    }),
    prisma.finalGrade.count({ where: { courseId } }),
  ]);
  if (!course) return { ok: false, reason: "notFound" } as const;
  return {
    ok: true,
    course,
    ...structure,
    lessons: lessons.map(({ gradeItem, ...lesson }) => ({ ...lesson, isGraded: gradeItem !== null })),
    hasConfirmedLetters: confirmedCount > 0,
  } as const;
}

type GradebookRefusal = Refused<typeof GRADEBOOK_REFUSALS>;

/** Runs `change` in a transaction when the actor may manage the course. */
async function changeGradebook<T>(
  { actor, courseId }: { actor: Actor; courseId: string },
  change: (tx: Prisma.TransactionClient) => Promise<T>,
): Promise<T | GradebookRefusal> {
  const allowed = await authorize(actor, courseId);
  if (!allowed.ok) return allowed;
  return prisma.$transaction(change);
}

/** A category at the end of the list; a repeat of the same form post creates nothing more. */
export async function createGradeCategory({
  actor,
  courseId,
  name,
  weightPercent,
  submissionKey,
}: {
  actor: Actor;
  courseId: string;
  name: string;
  weightPercent: number;
  submissionKey?: string;
}): Promise<{ ok: true; categoryId: string } | GradebookRefusal> {
  return changeGradebook({ actor, courseId }, async (tx) => {
    const { id } = await oncePerSubmission(tx, { key: submissionKey, userId: actor.id }, async () => {
      const last = await tx.gradeCategory.aggregate({ where: { courseId }, _max: { position: true } });
      const category = await tx.gradeCategory.create({
        data: { courseId, name, weightPercent, position: (last._max.position ?? 0) + 1 },
        select: { id: true },
      });
      await audit(tx, actor, "grade-category.created", "GradeCategory", category.id, { courseId, name, weightPercent });
      return category.id;
    });
    return { ok: true, categoryId: id } as const;
  });
}

export async function updateGradeCategory({
  actor,
  courseId,
  categoryId,
  name,
  weightPercent,
}: {
  actor: Actor;
  courseId: string;
  categoryId: string;
  name: string;
  weightPercent: number;
}): Promise<{ ok: true } | GradebookRefusal> {
  return changeGradebook({ actor, courseId }, async (tx) => {
    if (!isUuid(categoryId)) return { ok: false, reason: "categoryNotFound" } as const;
    const before = await tx.gradeCategory.findFirst({
      where: { id: categoryId, courseId },
      select: { name: true, weightPercent: true },
    });
    if (!before) return { ok: false, reason: "categoryNotFound" } as const;
    await tx.gradeCategory.update({ where: { id: categoryId }, data: { name, weightPercent }, select: { id: true } });
    await audit(tx, actor, "grade-category.updated", "GradeCategory", categoryId, {
      courseId,
      from: before,
      to: { name, weightPercent },
    });
    return { ok: true } as const;
  });
}

/** Deletes an empty category; one with items is refused (move or delete them first). */
export async function deleteGradeCategory({
  actor,
  courseId,
  categoryId,
}: {
  actor: Actor;
  courseId: string;
  categoryId: string;
}): Promise<{ ok: true } | GradebookRefusal> {
  return changeGradebook({ actor, courseId }, async (tx) => {
    if (!isUuid(categoryId)) return { ok: false, reason: "categoryNotFound" } as const;
    const category = await tx.gradeCategory.findFirst({
      where: { id: categoryId, courseId },
      select: { name: true, weightPercent: true, _count: { select: { items: true } } },
    });
    if (!category) return { ok: false, reason: "categoryNotFound" } as const;
    if (category._count.items > 0) return { ok: false, reason: "categoryNotEmpty" } as const;
    await tx.gradeCategory.delete({ where: { id: categoryId }, select: { id: true } });
    await audit(tx, actor, "grade-category.deleted", "GradeCategory", categoryId, {
      courseId,
      name: category.name,
      weightPercent: category.weightPercent,
    });
    return { ok: true } as const;
  });
}

/** A lesson item (its kind, QUIZ or ASSIGNMENT, is the lesson's) or a manual item. */
export type GradeItemInput =
  | { kind: "LESSON"; lessonId: string; quizScoreRule: "BEST" | "LAST" }
  | { kind: "MANUAL"; title: string; maxPoints: number };

/**
 * An item at the end of its category: a quiz or assignment lesson of this course (each lesson in at
 * most one item; a lesson of another course is not found), or a manual item. A repeat of the same
 * form post answers with the item the first one created.
 */
export async function createGradeItem({
  actor,
  courseId,
  categoryId,
  item,
  submissionKey,
}: {
  actor: Actor;
  courseId: string;
  categoryId: string;
  item: GradeItemInput;
  submissionKey?: string;
}): Promise<{ ok: true; itemId: string } | GradebookRefusal> {
  return changeGradebook({ actor, courseId }, async (tx) => {
    // A double click's second post, arriving after the first committed, finds its lesson graded;
    // it is the same post, so it gets the first one's answer rather than a refusal.
    const earlier = submissionKey ? await findSubmissionResult({ key: submissionKey, userId: actor.id }) : null;
    if (earlier) return { ok: true, itemId: earlier } as const;
    if (!isUuid(categoryId)) return { ok: false, reason: "categoryNotFound" } as const;
    const category = await tx.gradeCategory.findFirst({ where: { id: categoryId, courseId }, select: { id: true } });
    if (!category) return { ok: false, reason: "categoryNotFound" } as const;
    let lessonKind: "QUIZ" | "ASSIGNMENT" | null = null;
    if (item.kind === "LESSON") {
      if (!isUuid(item.lessonId)) return { ok: false, reason: "lessonNotFound" } as const;
      const lesson = await tx.lesson.findFirst({
        where: { id: item.lessonId, courseId, kind: { in: ["QUIZ", "ASSIGNMENT"] }, status: { not: "ARCHIVED" } },
        select: { kind: true, gradeItem: { select: { id: true } } },
      });
      if (!lesson) return { ok: false, reason: "lessonNotFound" } as const;
      if (lesson.gradeItem) return { ok: false, reason: "lessonAlreadyGraded" } as const;
      lessonKind = lesson.kind === "QUIZ" ? "QUIZ" : "ASSIGNMENT";
    }
    try {
      const { id } = await oncePerSubmission(tx, { key: submissionKey, userId: actor.id }, async () => {
        const last = await tx.gradeItem.aggregate({ where: { categoryId }, _max: { position: true } });
        const data =
          item.kind === "MANUAL"
            ? { kind: "MANUAL" as const, title: item.title, maxPoints: item.maxPoints }
            : {
                kind: lessonKind!,
                lessonId: item.lessonId,
                quizScoreRule: lessonKind === "QUIZ" ? item.quizScoreRule : ("BEST" as const),
              };
        const created = await tx.gradeItem.create({
          data: { courseId, categoryId, position: (last._max.position ?? 0) + 1, ...data },
          select: { id: true },
        });
        await audit(tx, actor, "grade-item.created", "GradeItem", created.id, { courseId, categoryId, ...data });
        return created.id;
      });
      return { ok: true, itemId: id } as const;
    } catch (error) {
      // Two different posts adding one lesson at once: the unique lessonId lets one of them in.
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
        return { ok: false, reason: "lessonAlreadyGraded" } as const;
      }
      throw error;
    }
  });
}

/**
 * Moves an item to another category of the course and changes what its kind allows: a quiz's rule
 * (best or last attempt), a manual item's title and full marks (never below a grade already given).
 */
export async function updateGradeItem({
  actor,
  courseId,
  itemId,
  categoryId,
  quizScoreRule,
  title,
  maxPoints,
}: {
  actor: Actor;
  courseId: string;
  itemId: string;
  categoryId: string;
  quizScoreRule?: "BEST" | "LAST";
  title?: string;
  maxPoints?: number;
}): Promise<{ ok: true } | GradebookRefusal> {
  return changeGradebook({ actor, courseId }, async (tx) => {
    if (!isUuid(itemId)) return { ok: false, reason: "itemNotFound" } as const;
    if (!isUuid(categoryId)) return { ok: false, reason: "categoryNotFound" } as const;
    const before = await tx.gradeItem.findFirst({
      where: { id: itemId, courseId },
      select: { kind: true, categoryId: true, title: true, maxPoints: true, quizScoreRule: true },
    });
    if (!before) return { ok: false, reason: "itemNotFound" } as const;
    const category = await tx.gradeCategory.findFirst({ where: { id: categoryId, courseId }, select: { id: true } });
    if (!category) return { ok: false, reason: "categoryNotFound" } as const;
    const isManual = before.kind === "MANUAL";
    if (isManual && maxPoints !== undefined && maxPoints < before.maxPoints) {
      const highest = await tx.manualGrade.aggregate({ where: { itemId }, _max: { points: true } });
      if (highest._max.points !== null && Number(highest._max.points) > maxPoints) {
        return { ok: false, reason: "maxBelowGrades" } as const;
      }
    }
    const movesCategory = categoryId !== before.categoryId;
    const last = movesCategory
      ? await tx.gradeItem.aggregate({ where: { categoryId }, _max: { position: true } })
      : null;
    const to = {
      categoryId,
      title: isManual && title !== undefined ? title : before.title,
      maxPoints: isManual && maxPoints !== undefined ? maxPoints : before.maxPoints,
      quizScoreRule: before.kind === "QUIZ" && quizScoreRule !== undefined ? quizScoreRule : before.quizScoreRule,
    };
    await tx.gradeItem.update({
      where: { id: itemId },
      data: { ...to, position: last ? (last._max.position ?? 0) + 1 : undefined },
      select: { id: true },
    });
    await audit(tx, actor, "grade-item.updated", "GradeItem", itemId, { courseId, from: before, to });
    return { ok: true } as const;
  });
}

/** Deletes an item; a manual item's grades go with it (the item and every grade are in the audit log). */
export async function deleteGradeItem({
  actor,
  courseId,
  itemId,
}: {
  actor: Actor;
  courseId: string;
  itemId: string;
}): Promise<{ ok: true } | GradebookRefusal> {
  return changeGradebook({ actor, courseId }, async (tx) => {
    if (!isUuid(itemId)) return { ok: false, reason: "itemNotFound" } as const;
    const item = await tx.gradeItem.findFirst({
      where: { id: itemId, courseId },
      select: { kind: true, lessonId: true, title: true, maxPoints: true, categoryId: true },
    });
    if (!item) return { ok: false, reason: "itemNotFound" } as const;
    // The grades themselves go into the audit log, so a deletion by mistake can be put right.
    const grades = await tx.manualGrade.findMany({
      where: { itemId },
      select: { userId: true, points: true, gradedById: true, gradedAt: true },
    });
    await tx.manualGrade.deleteMany({ where: { itemId } });
    await tx.gradeItem.delete({ where: { id: itemId }, select: { id: true } });
    await audit(tx, actor, "grade-item.deleted", "GradeItem", itemId, {
      courseId,
      ...item,
      deletedGrades: grades.length,
      grades: grades.map((grade) => ({
        userId: grade.userId,
        points: grade.points.toString(),
        gradedById: grade.gradedById,
        gradedAt: grade.gradedAt.toISOString(),
      })),
    });
    return { ok: true } as const;
  });
}

/**
 * Turns pass/fail grading on or off. The course's cut-offs go back to the defaults of its new letter
 * system (its old ones were for other letters). Refused once a letter is confirmed, which would leave
 * letters of the other kind beside the new ones.
 */
export async function setCoursePassFail({
  actor,
  courseId,
  isPassFail,
}: {
  actor: Actor;
  courseId: string;
  isPassFail: boolean;
}): Promise<{ ok: true } | GradebookRefusal> {
  return changeGradebook({ actor, courseId }, async (tx) => {
    const course = await tx.course.findUnique({
      where: { id: courseId },
      select: { isPassFail: true, gradeCutoffs: true },
    });
    if (!course) return { ok: false, reason: "notFound" } as const;
    if (course.isPassFail === isPassFail) return { ok: true } as const;
    if ((await tx.finalGrade.count({ where: { courseId } })) > 0)
      return { ok: false, reason: "lettersConfirmed" } as const;
    await tx.course.update({
      where: { id: courseId },
      data: { isPassFail, gradeCutoffs: Prisma.DbNull },
      select: { id: true },
    });
    await audit(tx, actor, "course.grading-changed", "Course", courseId, {
      from: { isPassFail: course.isPassFail, cutoffs: (course.gradeCutoffs ?? null) as Prisma.InputJsonValue | null },
      to: { isPassFail, cutoffs: null },
    });
    return { ok: true } as const;
  });
}

/**
 * The course's own cut-offs for its letters (null: back to the scale's defaults), checked against
 * its letter system. New cut-offs change suggestions only, never a confirmed letter.
 */
export async function setGradeCutoffs({
  actor,
  courseId,
  cutoffs,
}: {
  actor: Actor;
  courseId: string;
  cutoffs: GradeCutoffs | null;
}): Promise<{ ok: true } | GradebookRefusal> {
  return changeGradebook({ actor, courseId }, async (tx) => {
    const course = await findCourseGradingRow(tx, { courseId });
    if (!course) return { ok: false, reason: "notFound" } as const;
    const { system } = toCourseGrading(course);
    if (cutoffs && !gradeCutoffsSchema(system).safeParse(cutoffs).success) {
      return { ok: false, reason: "cutoffsInvalid" } as const;
    }
    await tx.course.update({
      where: { id: courseId },
      data: { gradeCutoffs: cutoffs ?? Prisma.DbNull },
      select: { id: true },
    });
    await audit(tx, actor, "course.grading-changed", "Course", courseId, {
      from: { isPassFail: course.isPassFail, cutoffs: (course.gradeCutoffs ?? null) as Prisma.InputJsonValue | null },
      to: { isPassFail: course.isPassFail, cutoffs },
    });
    return { ok: true } as const;
  });
}

// ───────────────────────────── Manual grades ─────────────────────────────

/**
 * Enters (or, with null, clears) a learner's points on a manual item: 0 to the item's full marks,
 * to the hundredth. Only for learners taking or done with the course; audited with what it was.
 */
export async function recordManualGrade({
  actor,
  courseId,
  itemId,
  userId,
  points,
  now = new Date(),
}: {
  actor: Actor;
  courseId: string;
  itemId: string;
  userId: string;
  points: number | null;
  now?: Date;
}): Promise<{ ok: true; points: number | null } | Refused<typeof MANUAL_GRADE_REFUSALS>> {
  const allowed = await authorize(actor, courseId);
  if (!allowed.ok) return allowed;
  if (!isUuid(itemId)) return { ok: false, reason: "itemNotFound" };
  if (!isUuid(userId)) return { ok: false, reason: "notEnrolled" };
  return prisma.$transaction(async (tx) => {
    const item = await tx.gradeItem.findFirst({
      where: { id: itemId, courseId },
      select: { kind: true, maxPoints: true },
    });
    if (!item) return { ok: false, reason: "itemNotFound" } as const;
    if (item.kind !== "MANUAL") return { ok: false, reason: "notManual" } as const;
    if (points !== null && (!Number.isFinite(points) || points < 0 || points > item.maxPoints)) {
      return { ok: false, reason: "outOfRange" } as const;
    }
    // The learner's enrollment row is locked so two graders saving one cell record the right "from".
    const [enrollment] = await tx.$queryRaw<{ status: EnrollmentStatus }[]>`
      SELECT "status" FROM "Enrollment" WHERE "courseId" = ${courseId}::uuid AND "userId" = ${userId}::uuid FOR UPDATE`;
    if (!enrollment || !GRADED_STATUSES.includes(enrollment.status))
      return { ok: false, reason: "notEnrolled" } as const;
    const before = await tx.manualGrade.findUnique({
      where: { itemId_userId: { itemId, userId } },
      select: { id: true, points: true },
    });
    const from = before ? Number(before.points) : null;
    const to = points === null ? null : roundScore(points);
    if (from === to) return { ok: true, points: to } as const;
    let gradeId = before?.id;
    if (to === null) {
      await tx.manualGrade.delete({ where: { itemId_userId: { itemId, userId } }, select: { id: true } });
    } else {
      const saved = await tx.manualGrade.upsert({
        where: { itemId_userId: { itemId, userId } },
        create: { itemId, userId, points: to.toFixed(2), gradedById: actor.id, gradedAt: now },
        update: { points: to.toFixed(2), gradedById: actor.id, gradedAt: now },
        select: { id: true },
      });
      gradeId = saved.id;
    }
    await audit(tx, actor, "grade.manual-recorded", "ManualGrade", gradeId!, { courseId, itemId, userId, from, to });
    return { ok: true, points: to } as const;
  });
}

// ───────────────────────────── Final letter grades ─────────────────────────────

type FinalGradeRefusal = Refused<typeof FINAL_GRADE_REFUSALS>;

/** The course's grading, when letters may be confirmed in it now (a credit course, a sound gradebook). */
async function findConfirmableCourse(tx: Prisma.TransactionClient, { courseId, now }: { courseId: string; now: Date }) {
  // One after the other: a transaction is one connection, which runs one statement at a time.
  const course = await findCourseGrading(tx, { courseId });
  const structure = await findGradebookStructure(tx, { courseId, now });
  if (!course) return { ok: false, reason: "notFound" } as const;
  if (!course.isCreditCourse) return { ok: false, reason: "notCreditCourse" } as const;
  if (structure.problems.length > 0) return { ok: false, reason: "gradebookIncomplete" } as const;
  return { ok: true, course } as const;
}

/**
 * Confirms one learner's final letter: the one suggested from their final score, or `letter` when
 * the instructor chooses another. A letter already confirmed stays: the same letter again (a double
 * click) is answered as done, another is refused (changeFinalGrade takes a reason).
 */
export async function confirmFinalGrade({
  actor,
  courseId,
  enrollmentId,
  letter,
  now = new Date(),
}: {
  actor: Actor;
  courseId: string;
  enrollmentId: string;
  letter?: string;
  now?: Date;
}): Promise<{ ok: true; letter: string } | FinalGradeRefusal> {
  const allowed = await authorize(actor, courseId);
  if (!allowed.ok) return allowed;
  if (!isUuid(enrollmentId)) return { ok: false, reason: "learnerNotFound" };
  return prisma.$transaction(async (tx) => {
    const confirmable = await findConfirmableCourse(tx, { courseId, now });
    if (!confirmable.ok) return confirmable;
    const { course } = confirmable;
    const [row] = await queryLearnerScores(tx, {
      courseId,
      now,
      selection: { kind: "enrollments", enrollmentIds: [enrollmentId] },
    });
    if (!row) return { ok: false, reason: "learnerNotFound" } as const;
    if (row.status === "DROPPED") return { ok: false, reason: "learnerDropped" } as const;
    const suggested = suggestLetter(course.system, { scorePercent: row.finalPercent, cutoffs: course.cutoffs });
    const chosen = letter ?? suggested;
    if (!chosen || !isGradeLetter(course.system, chosen)) return { ok: false, reason: "invalidLetter" } as const;
    const [created] = await tx.finalGrade.createManyAndReturn({
      data: [
        {
          courseId,
          userId: row.userId,
          enrollmentId,
          letter: chosen,
          gradePoint: course.system.isPassFail ? null : gradePointOf({ scale: course.system.scale, letter: chosen }),
          scorePercent: row.finalPercent,
          confirmedById: actor.id,
          confirmedAt: now,
        },
      ],
      skipDuplicates: true,
      select: { id: true },
    });
    if (!created) {
      const existing = await tx.finalGrade.findUniqueOrThrow({ where: { enrollmentId }, select: { letter: true } });
      return existing.letter === chosen
        ? ({ ok: true, letter: chosen } as const)
        : ({ ok: false, reason: "alreadyConfirmed" } as const);
    }
    await audit(tx, actor, "grade.confirmed", "FinalGrade", created.id, {
      courseId,
      userId: row.userId,
      enrollmentId,
      letter: chosen,
      suggestedLetter: suggested,
      scorePercent: row.finalPercent,
    });
    return { ok: true, letter: chosen } as const;
  });
}

/**
 * Confirms the suggested letter of every learner taking or done with the course who has none yet,
 * in one transaction (letters already confirmed are left as they are). Returns how many it confirmed.
 */
export async function confirmAllFinalGrades({
  actor,
  courseId,
  now = new Date(),
}: {
  actor: Actor;
  courseId: string;
  now?: Date;
}): Promise<{ ok: true; confirmedCount: number } | FinalGradeRefusal> {
  const allowed = await authorize(actor, courseId);
  if (!allowed.ok) return allowed;
  return prisma.$transaction(
    async (tx) => {
      const confirmable = await findConfirmableCourse(tx, { courseId, now });
      if (!confirmable.ok) return confirmable;
      const { course } = confirmable;
      const rows = await queryLearnerScores(tx, {
        courseId,
        now,
        statuses: GRADED_STATUSES,
        selection: { kind: "all" },
      });
      const pending = rows.flatMap((row) => {
        const letter = suggestLetter(course.system, { scorePercent: row.finalPercent, cutoffs: course.cutoffs });
        return row.finalGradeId || !letter ? [] : [{ row, letter }];
      });
      const created = await tx.finalGrade.createManyAndReturn({
        data: pending.map(({ row, letter }) => ({
          courseId,
          userId: row.userId,
          enrollmentId: row.enrollmentId,
          letter,
          gradePoint: course.system.isPassFail ? null : gradePointOf({ scale: course.system.scale, letter }),
          scorePercent: row.finalPercent,
          confirmedById: actor.id,
          confirmedAt: now,
        })),
        // A letter confirmed meanwhile (another tab) is kept; only the rows created here are audited.
        skipDuplicates: true,
        select: { id: true, enrollmentId: true, userId: true, letter: true, scorePercent: true },
      });
      // One audit row per learner, as confirmFinalGrade writes it, in one statement: recordAuditEvent
      // writes one row per call, and a course of 500 would wait on 500 round trips.
      await tx.auditLog.createMany({
        data: created.map((grade) => ({
          actorId: actor.id,
          action: "grade.confirmed",
          entityType: "FinalGrade",
          entityId: grade.id,
          ipAddress: actor.ipAddress ?? null,
          data: {
            courseId,
            userId: grade.userId,
            enrollmentId: grade.enrollmentId,
            letter: grade.letter,
            suggestedLetter: grade.letter,
            scorePercent: grade.scorePercent === null ? null : Number(grade.scorePercent),
          },
        })),
      });
      return { ok: true, confirmedCount: created.length } as const;
    },
    { timeout: 30_000 },
  );
}

/**
 * Changes a confirmed letter, with a reason (required, kept on the grade and in the audit log with
 * the letter before and after). The score recorded becomes the final score now.
 */
export async function changeFinalGrade({
  actor,
  courseId,
  enrollmentId,
  letter,
  reason,
  now = new Date(),
}: {
  actor: Actor;
  courseId: string;
  enrollmentId: string;
  letter: string;
  reason: string;
  now?: Date;
}): Promise<{ ok: true } | FinalGradeRefusal> {
  const allowed = await authorize(actor, courseId);
  if (!allowed.ok) return allowed;
  const trimmedReason = reason.trim().slice(0, MAX_CHANGE_REASON_LENGTH);
  if (!trimmedReason) return { ok: false, reason: "reasonRequired" };
  if (!isUuid(enrollmentId)) return { ok: false, reason: "learnerNotFound" };
  return prisma.$transaction(async (tx) => {
    const course = await findCourseGrading(tx, { courseId });
    if (!course) return { ok: false, reason: "notFound" } as const;
    if (!course.isCreditCourse) return { ok: false, reason: "notCreditCourse" } as const;
    if (!isGradeLetter(course.system, letter)) return { ok: false, reason: "invalidLetter" } as const;
    const [before] = await tx.$queryRaw<
      { id: string; letter: string; scorePercent: number | null; userId: string; changeReason: string | null }[]
    >`
      SELECT "id", "letter", "scorePercent"::float8 AS "scorePercent", "userId", "changeReason" FROM "FinalGrade"
      WHERE "enrollmentId" = ${enrollmentId}::uuid AND "courseId" = ${courseId}::uuid FOR UPDATE`;
    if (!before) {
      const enrolled = await tx.enrollment.findFirst({ where: { id: enrollmentId, courseId }, select: { id: true } });
      return { ok: false, reason: enrolled ? "notConfirmed" : "learnerNotFound" } as const;
    }
    // The same change posted twice (a double click, a resent form) finds it made: done, not refused.
    if (before.letter === letter && before.changeReason === trimmedReason) return { ok: true } as const;
    if (before.letter === letter) return { ok: false, reason: "unchanged" } as const;
    const [row] = await queryLearnerScores(tx, {
      courseId,
      now,
      selection: { kind: "enrollments", enrollmentIds: [enrollmentId] },
    });
    const scorePercent = row?.finalPercent ?? null;
    await tx.finalGrade.update({
      where: { id: before.id },
      data: {
        letter,
        gradePoint: course.system.isPassFail ? null : gradePointOf({ scale: course.system.scale, letter }),
        scorePercent,
        confirmedById: actor.id,
        confirmedAt: now,
        changeReason: trimmedReason,
      },
      select: { id: true },
    });
    await audit(tx, actor, "grade.changed", "FinalGrade", before.id, {
      courseId,
      userId: before.userId,
      enrollmentId,
      from: before.letter,
      to: letter,
      reason: trimmedReason,
      scorePercentBefore: before.scorePercent,
      scorePercent,
    });
    return { ok: true } as const;
  });
}

// ───────────────────────────── A learner's own grades ─────────────────────────────

/** A learner's row as they see it: no suggestion, and of a confirmed letter only the letter and when. */
export type MyGrades = Omit<LearnerGrades, "suggestedLetter" | "finalGrade"> & {
  suggestedLetter: null;
  finalGrade: { letter: string; gradePoint: number | null; confirmedAt: Date } | null;
};

/**
 * A learner's own grades in a course: each item's points, each category's percent, both course
 * scores and the confirmed letter (never a suggestion). Only their own: the enrollment is looked up
 * for `userId`, so nobody else's record can be asked for. A course not published is not found; a
 * course they never took (or only asked or waited for) is refused.
 */
export async function getMyGrades({
  userId,
  now = new Date(),
  ...ref
}: { userId: string; now?: Date } & CourseRef): Promise<
  | {
      ok: true;
      course: CourseGrading;
      categories: Awaited<ReturnType<typeof findGradebookStructure>>["categories"];
      weightTotal: number;
      grades: MyGrades;
    }
  | (Refused<typeof MY_GRADES_REFUSALS> & { course?: { slug: string; title: string } })
> {
  if ("courseId" in ref && !isUuid(ref.courseId)) return { ok: false, reason: "notFound" };
  const course = await findCourseGrading(prisma, ref);
  if (!course || course.status === "DRAFT") return { ok: false, reason: "notFound" };
  const enrollment = await prisma.enrollment.findFirst({
    where: { courseId: course.id, userId, status: { in: OWN_GRADES_STATUSES } },
    select: { id: true },
  });
  if (!enrollment) return { ok: false, reason: "notEnrolled", course: { slug: course.slug, title: course.title } };
  const [structure, [row]] = await Promise.all([
    findGradebookStructure(prisma, { courseId: course.id, now }),
    queryLearnerScores(prisma, {
      courseId: course.id,
      now,
      statuses: OWN_GRADES_STATUSES,
      selection: { kind: "enrollments", enrollmentIds: [enrollment.id] },
    }),
  ]);
  if (!row) return { ok: false, reason: "notEnrolled" };
  // A learner sees a confirmed letter, never a suggestion that may still change, nor the grader's
  // notes on it (the reason for a change, the score it was confirmed from).
  const { finalGrade, ...rest } = toLearnerGrades(row, course);
  const grades: MyGrades = {
    ...rest,
    suggestedLetter: null,
    finalGrade: finalGrade
      ? { letter: finalGrade.letter, gradePoint: finalGrade.gradePoint, confirmedAt: finalGrade.confirmedAt }
      : null,
  };
  return { ok: true, course, categories: structure.categories, weightTotal: structure.weightTotal, grades };
}
