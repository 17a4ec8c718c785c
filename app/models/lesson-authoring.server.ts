// A lesson in the studio's editor: read for editing, previewed with the renderer learners see, and
// saved only when nobody else saved it since the editor loaded it (its version), never merged.
import { can } from "~/auth/permissions";
import type { LessonStatus, Role } from "~/generated/prisma/client";
import { prisma, type Prisma } from "~/lib/db.server";
import { renderMarkdown } from "~/lib/markdown.server";
import { defineRefusals } from "~/lib/refusal.server";
import { isUuid } from "~/lib/uuid";
import { parseVideoUrl } from "~/lib/video";
import { ATTACHMENT_EDITOR_SELECT } from "~/models/attachment.server";
import { getCourseTeachers } from "~/models/course.server";
import { ATTACHMENT_ORDER } from "~/models/lesson.server";
import { recountCourseCompletion } from "~/models/progress.server";

type Actor = { id: string; role: Role };

export const LESSON_AUTHORING_REFUSALS = defineRefusals({
  notFound: { status: 404, messageKey: "error.notFound" },
  notAllowed: { status: 403, messageKey: "error.forbidden" },
  staleVersion: { status: 409, messageKey: "studio.staleLesson" },
  videoUrlUnsupported: { status: 400, messageKey: "studio.videoUrlUnsupported", field: "videoUrl" },
});

const lessonForEditingSelect = {
  id: true,
  slug: true,
  version: true,
  title: true,
  kind: true,
  status: true,
  markdown: true,
  html: true,
  videoUrl: true,
  transcript: true,
  durationMinutes: true,
  isRequired: true,
  releaseAt: true,
  updatedAt: true,
  module: { select: { id: true, title: true } },
  attachments: { orderBy: ATTACHMENT_ORDER, select: ATTACHMENT_EDITOR_SELECT },
} satisfies Prisma.LessonSelect;

/** A lesson of the course as the editor shows it, or null (another course's lesson is not found). */
export async function getLessonForEditing({ courseId, lessonId }: { courseId: string; lessonId: string }) {
  if (!isUuid(lessonId)) return null;
  return prisma.lesson.findFirst({
    where: { id: lessonId, courseId, status: { not: "ARCHIVED" } },
    select: lessonForEditingSelect,
  });
}

export type LessonForEditing = NonNullable<Awaited<ReturnType<typeof getLessonForEditing>>>;

export type LessonInput = {
  title: string;
  markdown: string;
  status: Exclude<LessonStatus, "ARCHIVED">;
  isRequired: boolean;
  durationMinutes: number;
  releaseAt: Date | null;
  videoUrl: string | null;
  transcript: string | null;
};

/** What learners will see: the Markdown rendered and sanitized exactly as the lesson page does. */
export function previewLessonMarkdown(markdown: string) {
  return renderMarkdown(markdown);
}

/**
 * Saves the lesson when it is still at `version` (the one the editor loaded) and bumps it; refuses
 * with the lesson as it now is otherwise, so the editor can show the other version beside the
 * author's. Publishing, unpublishing or changing whether it is required recounts the course.
 */
export async function saveLesson({
  actor,
  courseId,
  lessonId,
  version,
  input,
  now = new Date(),
}: {
  actor: Actor;
  courseId: string;
  lessonId: string;
  version: number;
  input: LessonInput;
  now?: Date;
}): Promise<
  | { ok: true; version: number }
  | { ok: false; reason: Exclude<keyof typeof LESSON_AUTHORING_REFUSALS, "staleVersion"> }
  | { ok: false; reason: "staleVersion"; current: LessonForEditing }
> {
  const teachers = await getCourseTeachers({ courseId });
  if (!teachers || !isUuid(lessonId)) return { ok: false, reason: "notFound" };
  if (!can(actor, "course:manage", teachers)) return { ok: false, reason: "notAllowed" };
  if (input.videoUrl && !parseVideoUrl(input.videoUrl)) return { ok: false, reason: "videoUrlUnsupported" };
  return prisma.$transaction(async (tx) => {
    const before = await tx.lesson.findFirst({
      where: { id: lessonId, courseId, status: { not: "ARCHIVED" } },
      select: { status: true, isRequired: true, kind: true },
    });
    if (!before) return { ok: false, reason: "notFound" } as const;
    const { count } = await tx.lesson.updateMany({
      where: { id: lessonId, version },
      data: {
        title: input.title,
        markdown: input.markdown,
        html: renderMarkdown(input.markdown),
        status: input.status,
        isRequired: input.isRequired,
        durationMinutes: input.durationMinutes,
        releaseAt: input.releaseAt,
        videoUrl: before.kind === "VIDEO" ? input.videoUrl : null,
        transcript: before.kind === "VIDEO" ? input.transcript : null,
        version: { increment: 1 },
      },
    });
    if (count === 0) {
      const current = await tx.lesson.findUniqueOrThrow({ where: { id: lessonId }, select: lessonForEditingSelect });
      return { ok: false, reason: "staleVersion", current } as const;
    }
    if (before.status !== input.status || before.isRequired !== input.isRequired) {
      await recountCourseCompletion({ tx, courseId, now });
    }
    return { ok: true, version: version + 1 } as const;
  });
}
