// A learner's transcript (성적증명서): every credit course in which they have a confirmed final
// letter, grouped by term, with the term's and the cumulative grade point average, the credits
// earned, and how far those go toward their degree track's required credits.
//
// The rules, as a Korean registrar reckons them:
// - A course appears once its letter is confirmed (FinalGrade: confirmation is what makes it final)
//   and it carries credits. Terms go by year, then season (spring, summer, fall, winter); courses
//   without a term come last, under "other".
// - GPA = Σ(grade point × credits) / Σ(credits) over the letter-graded courses, rounded half-up to two
//   decimals. P and NP have no grade point and stay out of it; F counts, with 0.
// - Credits earned: every course passed (any letter but F and NP; P earns its credits).
// - The grade points are those confirmed with each letter (FinalGrade.gradePoint), on the scale of
//   the course's program. The transcript says which scale: the learner's degree track's program's,
//   else their courses' program's, else 4.5.
//
// Two statements, whatever the learner's record: the learner, and their graded courses with every
// sum done in SQL (window sums per term and overall).
import { can } from "~/auth/permissions";
import type { GradeScale, Role, TermSeason } from "~/generated/prisma/client";
import { prisma } from "~/lib/db.server";
import { gradePointOf, type GradeScaleName } from "~/lib/letter-grades";
import { defineRefusals } from "~/lib/refusal.server";
import { isUuid } from "~/lib/uuid";
import { recordAuditEvent } from "~/models/audit-log.server";

type Actor = { id: string; role: Role; ipAddress?: string | null };

export const TRANSCRIPT_REFUSALS = defineRefusals({
  notAllowed: { status: 403, messageKey: "error.forbidden" },
  notFound: { status: 404, messageKey: "error.notFound" },
});

type TranscriptRefusal = { ok: false; reason: keyof typeof TRANSCRIPT_REFUSALS };

type GradedCourseRow = {
  courseId: string;
  code: string;
  title: string;
  credits: number;
  termId: string | null;
  year: number | null;
  season: TermSeason | null;
  gradeScale: GradeScale;
  letter: string;
  gradePoint: number | null;
  termGpa: number | null;
  termCreditsEarned: number;
  termGpaCredits: number;
  gpa: number | null;
  creditsEarned: number;
  gpaCredits: number;
};

export type TranscriptCourse = {
  courseId: string;
  code: string;
  title: string;
  credits: number;
  letter: string;
  /** Null for P and NP. */
  gradePoint: number | null;
};

export type TranscriptTerm = {
  /** Null for the courses without a term ("other"), listed last. */
  term: { year: number; season: TermSeason } | null;
  courses: TranscriptCourse[];
  /** Null when no course of the term is letter-graded (all P/NP). */
  gpa: number | null;
  creditsEarned: number;
  /** The credits the GPA is taken over: the letter-graded courses', F included. */
  gpaCredits: number;
};

/** A learner's transcript, for themselves or an admin (`transcript:view` with the learner's id). */
export async function getTranscript({
  actor,
  userId,
}: {
  actor: Actor;
  userId: string;
}): Promise<{ ok: true; transcript: Transcript } | TranscriptRefusal> {
  if (!can(actor, "transcript:view", { learnerId: userId })) return { ok: false, reason: "notAllowed" };
  if (!isUuid(userId)) return { ok: false, reason: "notFound" };
  const [learner, rows] = await Promise.all([
    prisma.user.findUnique({
      where: { id: userId },
      select: {
        id: true,
        name: true,
        email: true,
        studentNumber: true,
        degreeTrack: {
          select: {
            nameKo: true,
            nameEn: true,
            requiredCredits: true,
            program: { select: { nameKo: true, nameEn: true, gradeScale: true } },
          },
        },
      },
    }),
    prisma.$queryRaw<GradedCourseRow[]>`
      WITH graded AS (
        SELECT c."id" AS "courseId", c."code", c."title", c."credits", c."termId", t."year", t."season",
               p."gradeScale", f."letter", f."gradePoint",
               f."gradePoint" IS NOT NULL AS "isLetterGraded",
               f."letter" NOT IN ('F', 'NP') AS "isEarned"
        FROM "FinalGrade" f
        JOIN "Course" c ON c."id" = f."courseId"
        JOIN "Program" p ON p."id" = c."programId"
        LEFT JOIN "Term" t ON t."id" = c."termId"
        WHERE f."userId" = ${userId}::uuid AND c."credits" IS NOT NULL
      )
      SELECT "courseId", "code", "title", "credits", "termId", "year", "season", "gradeScale", "letter",
             "gradePoint"::float8 AS "gradePoint",
             round(sum("gradePoint" * "credits") FILTER (WHERE "isLetterGraded") OVER term
               / nullif(sum("credits") FILTER (WHERE "isLetterGraded") OVER term, 0), 2)::float8 AS "termGpa",
             coalesce(sum("credits") FILTER (WHERE "isEarned") OVER term, 0)::int AS "termCreditsEarned",
             coalesce(sum("credits") FILTER (WHERE "isLetterGraded") OVER term, 0)::int AS "termGpaCredits",
             round(sum("gradePoint" * "credits") FILTER (WHERE "isLetterGraded") OVER everything
               / nullif(sum("credits") FILTER (WHERE "isLetterGraded") OVER everything, 0), 2)::float8 AS "gpa",
             coalesce(sum("credits") FILTER (WHERE "isEarned") OVER everything, 0)::int AS "creditsEarned",
             coalesce(sum("credits") FILTER (WHERE "isLetterGraded") OVER everything, 0)::int AS "gpaCredits"
      FROM graded
      WINDOW term AS (PARTITION BY "termId"), everything AS ()
      ORDER BY "year" ASC NULLS LAST, "season" ASC NULLS LAST, "termId", "code", "title", "courseId"`,
  ]);
  if (!learner) return { ok: false, reason: "notFound" };
  return { ok: true, transcript: toTranscript(learner, rows) };
}

/**
 * The transcript for a CSV or XLSX file. Recorded in the audit log (report.exported) when someone
 * takes out another person's transcript; a learner downloading their own is not an event.
 */
export async function exportTranscript({
  actor,
  userId,
  format,
}: {
  actor: Actor;
  userId: string;
  format: "csv" | "xlsx";
}): Promise<{ ok: true; transcript: Transcript } | TranscriptRefusal> {
  const found = await getTranscript({ actor, userId });
  if (!found.ok) return found;
  if (actor.id !== found.transcript.learner.id) {
    await recordAuditEvent({
      actorId: actor.id,
      action: "report.exported",
      entityType: "User",
      entityId: found.transcript.learner.id,
      data: { kind: "transcript", format, courseCount: countCourses(found.transcript) },
      ipAddress: actor.ipAddress,
    });
  }
  return found;
}

type LearnerRecord = {
  id: string;
  name: string;
  email: string;
  studentNumber: string | null;
  degreeTrack: {
    nameKo: string;
    nameEn: string;
    requiredCredits: number;
    program: { nameKo: string; nameEn: string; gradeScale: GradeScale };
  } | null;
};

function toTranscript(learner: LearnerRecord, rows: GradedCourseRow[]) {
  // The rows come in term order, each carrying its term's sums.
  const byTerm = new Map<string, TranscriptTerm>();
  for (const row of rows) {
    const key = row.termId ?? "other";
    let group = byTerm.get(key);
    if (!group) {
      group = {
        term: row.year !== null && row.season !== null ? { year: row.year, season: row.season } : null,
        courses: [],
        gpa: row.termGpa,
        creditsEarned: row.termCreditsEarned,
        gpaCredits: row.termGpaCredits,
      };
      byTerm.set(key, group);
    }
    group.courses.push({
      courseId: row.courseId,
      code: row.code,
      title: row.title,
      credits: row.credits,
      letter: row.letter,
      gradePoint: row.gradePoint,
    });
  }
  const first = rows[0];
  const scale: GradeScaleName = learner.degreeTrack?.program.gradeScale ?? first?.gradeScale ?? "KR_4_5";
  const creditsEarned = first?.creditsEarned ?? 0;
  const track = learner.degreeTrack;
  return {
    learner: { id: learner.id, name: learner.name, email: learner.email, studentNumber: learner.studentNumber },
    degreeTrack: track
      ? { nameKo: track.nameKo, nameEn: track.nameEn, requiredCredits: track.requiredCredits, program: track.program }
      : null,
    scale,
    /** A+ on the scale: 4.5 or 4.3. */
    maxGradePoint: gradePointOf({ scale, letter: "A+" }) ?? 4.5,
    terms: [...byTerm.values()],
    /** Null until a letter-graded course is on the transcript. */
    gpa: first?.gpa ?? null,
    gpaCredits: first?.gpaCredits ?? 0,
    creditsEarned,
    /** Null without a degree track ("no degree track"). */
    creditProgress: track ? creditProgressOf(creditsEarned, track.requiredCredits) : null,
  };
}

export type Transcript = ReturnType<typeof toTranscript>;

/** Earned over required credits, as a whole percent rounded down (so 100 % means done), at most 100. */
export function creditProgressOf(earned: number, required: number) {
  const percent = required > 0 ? Math.min(100, Math.floor((earned * 100) / required)) : 100;
  return { earned, required, percent };
}

function countCourses(transcript: Transcript) {
  return transcript.terms.reduce((count, term) => count + term.courses.length, 0);
}

/**
 * Whether the user has a transcript worth linking from My learning: a graduate student (admitted to
 * a degree track) or anyone holding a confirmed letter grade. One statement.
 */
export async function hasTranscript({ userId }: { userId: string }) {
  const found = await prisma.user.findFirst({
    where: { id: userId, OR: [{ degreeTrackId: { not: null } }, { finalGrades: { some: {} } }] },
    select: { id: true },
  });
  return found !== null;
}
