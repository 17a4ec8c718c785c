// Lessons as a viewer may see them. Learners see published lessons whose release date has passed,
// and only with an active or completed enrollment; the course's instructors and admins see every
// lesson (to preview drafts). Everyone else sees the syllabus on the course page, not lessons.
import { can } from "~/auth/permissions";
import type { SessionUser } from "~/auth/session.server";
import { Prisma, prisma } from "~/lib/db.server";
import { defineRefusals } from "~/lib/refusal.server";

// ───────────────────────────── Which lessons learners see, and in what order ─────────────────────────────
// Each rule is written here once: in SQL for queries over many lessons, and (visibility) as a
// predicate for a lesson already loaded; lesson.server.test.ts checks the two agree.

/** Learners see a lesson once it is published and released: no release date, or one that has passed. */
export function isLessonVisibleToLearners(lesson: { status: string; releaseAt: Date | null }, now = new Date()) {
  return lesson.status === "PUBLISHED" && (lesson.releaseAt === null || lesson.releaseAt <= now);
}

/** The same rule in SQL, for a lesson aliased `l`. */
export function visibleLessonSql(now: Date) {
  return Prisma.sql`(l."status" = 'PUBLISHED' AND (l."releaseAt" IS NULL OR l."releaseAt" <= ${now}::timestamp(3)))`;
}

/**
 * Course order: module position, then lesson position, with ids breaking ties so that the syllabus,
 * the outline, Continue and Resume never disagree when two positions are equal. Module aliased `m`,
 * lesson `l`.
 */
export const LESSON_ORDER_SQL = Prisma.sql`m."position", m."id", l."position", l."id"`;

/**
 * Joins `resumed` (the enrollment's last lesson, if still visible) and `opening` (the course's first
 * visible lesson) to an enrollment aliased `e`: where a learner resumes is
 * COALESCE(resumed."slug", opening."slug").
 */
export function resumeLessonJoinsSql(now: Date) {
  return Prisma.sql`
    LEFT JOIN LATERAL (
      SELECT l."slug" FROM "Lesson" l WHERE l."id" = e."lastLessonId" AND ${visibleLessonSql(now)}
    ) resumed ON TRUE
    LEFT JOIN LATERAL (
      SELECT l."slug"
      FROM "Lesson" l
      JOIN "Module" m ON m."id" = l."moduleId"
      WHERE l."courseId" = e."courseId" AND ${visibleLessonSql(now)}
      ORDER BY ${LESSON_ORDER_SQL}
      LIMIT 1
    ) opening ON TRUE`;
}

/** The same order for Prisma: modules, and lessons within a module. */
export const MODULE_ORDER: Prisma.ModuleOrderByWithRelationInput[] = [{ position: "asc" }, { id: "asc" }];
export const LESSON_ORDER_IN_MODULE: Prisma.LessonOrderByWithRelationInput[] = [{ position: "asc" }, { id: "asc" }];
/** A lesson's downloads, as its instructors arranged them; rows added together may share a createdAt. */
export const ATTACHMENT_ORDER: Prisma.LessonAttachmentOrderByWithRelationInput[] = [
  { position: "asc" },
  { createdAt: "asc" },
  { id: "asc" },
];

export const LESSON_ACCESS_REFUSALS = defineRefusals({
  notFound: { status: 404, messageKey: "error.notFound" },
  notEnrolled: { status: 403, messageKey: "lesson.enrollToSee" },
});

export type LessonAccess =
  | { ok: true; lesson: LessonForViewer; isPreview: boolean; enrollment: LearnerEnrollment | null }
  | { ok: false; reason: "notFound" }
  | { ok: false; reason: "notEnrolled"; course: { slug: string; title: string } };

type FoundLesson = NonNullable<Awaited<ReturnType<typeof findLesson>>>;
type LessonForViewer = Omit<FoundLesson, "course"> & { course: Omit<FoundLesson["course"], "enrollments"> };

/** The viewer's enrollment in the lesson's course, with the rollups the lesson player's outline shows. */
export type LearnerEnrollment = FoundLesson["course"]["enrollments"][number];

/** Enrollment statuses that let a learner into a course's lessons. */
export const LEARNING_STATUSES = ["ACTIVE", "COMPLETED"] as const;

/** What the lesson player's outline shows of the learner's enrollment. */
export const learnerEnrollmentSelect = {
  status: true,
  progressPercent: true,
  completedRequiredCount: true,
  lastLessonId: true,
  lastActivityAt: true,
  completedAt: true,
} satisfies Prisma.EnrollmentSelect;

// One statement (relation joins): the lesson, its course and teachers, and the viewer's enrollment.
function findLesson({ courseSlug, lessonSlug, userId }: { courseSlug: string; lessonSlug: string; userId: string }) {
  return prisma.lesson.findFirst({
    where: { slug: lessonSlug, course: { slug: courseSlug } },
    select: {
      id: true,
      slug: true,
      title: true,
      kind: true,
      html: true,
      videoUrl: true,
      transcript: true,
      durationMinutes: true,
      isRequired: true,
      status: true,
      releaseAt: true,
      attachments: {
        orderBy: ATTACHMENT_ORDER,
        select: { id: true, fileName: true, byteSize: true, contentType: true },
      },
      course: {
        select: {
          id: true,
          slug: true,
          title: true,
          code: true,
          language: true,
          status: true,
          instructors: { select: { userId: true } },
          enrollments: { where: { userId, status: { in: [...LEARNING_STATUSES] } }, select: learnerEnrollmentSelect },
        },
      },
    },
  });
}

/**
 * Decides what `viewer` may see of a lesson, in one query. A learner's ACTIVE or COMPLETED enrollment
 * comes back with it (null for those who preview), for the outline's rollups.
 */
export async function getLessonForViewer({
  viewer,
  courseSlug,
  lessonSlug,
  now = new Date(),
}: {
  viewer: SessionUser;
  courseSlug: string;
  lessonSlug: string;
  now?: Date;
}): Promise<LessonAccess> {
  const found = await findLesson({ courseSlug, lessonSlug, userId: viewer.id });
  if (!found) return { ok: false, reason: "notFound" };
  const {
    course: { enrollments, ...course },
    ...rest
  } = found;
  const lesson = { ...rest, course };
  const instructorIds = course.instructors.map(({ userId }) => userId);
  // The course's instructors and admins preview every lesson, drafts and draft courses included.
  if (can(viewer, "course:manage", { instructorIds })) return { ok: true, lesson, isPreview: true, enrollment: null };
  if (course.status === "DRAFT" || !isLessonVisibleToLearners(lesson, now)) return { ok: false, reason: "notFound" };
  const [enrollment] = enrollments;
  if (!enrollment) return { ok: false, reason: "notEnrolled", course: { slug: course.slug, title: course.title } };
  return { ok: true, lesson, isPreview: false, enrollment };
}

/** An attachment of a lesson the viewer may see (see requireLessonAccess), with where its file is stored. */
export async function getLessonAttachment({
  lesson,
  attachmentId,
}: {
  lesson: Pick<LessonForViewer, "attachments">;
  attachmentId: string;
}) {
  // Only the lesson's own attachments: an id from another lesson is simply not found.
  if (!lesson.attachments.some(({ id }) => id === attachmentId)) return null;
  return prisma.lessonAttachment.findUnique({
    where: { id: attachmentId },
    select: { fileName: true, contentType: true, byteSize: true, storageKey: true },
  });
}
