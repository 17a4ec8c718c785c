// A course's outline in the studio: modules and lessons added, renamed, reordered, moved between
// modules and removed. Every change locks the course row first, so changes to one outline happen one
// at a time, and rewrites positions within its transaction; the positions' unique constraints are
// checked at commit, so no committed order ever has two modules (or two lessons of a module) in one
// place. A module or lesson that learners have records in is archived, never deleted.
import { can } from "~/auth/permissions";
import type { LessonKind, Role } from "~/generated/prisma/client";
import { Prisma, prisma } from "~/lib/db.server";
import { defineRefusals } from "~/lib/refusal.server";
import { deleteStoredFiles } from "~/lib/storage.server";
import { isUuid } from "~/lib/uuid";
import { slugify } from "~/lib/slug";
import { getCourseTeachers } from "~/models/course.server";
import { LESSON_ORDER_IN_MODULE, MODULE_ORDER } from "~/models/lesson.server";
import { oncePerSubmission } from "~/models/form-submission.server";
import { recountCourseCompletion } from "~/models/progress.server";

type Transaction = Prisma.TransactionClient;
type Actor = { id: string; role: Role };

export const OUTLINE_REFUSALS = defineRefusals({
  notFound: { status: 404, messageKey: "error.notFound" },
  notAllowed: { status: 403, messageKey: "error.forbidden" },
  outlineChanged: { status: 409, messageKey: "studio.outlineChanged" },
  cannotMove: { status: 409, messageKey: "studio.cannotMove" },
});

type OutlineRefusal = { ok: false; reason: keyof typeof OUTLINE_REFUSALS };
type OutlineResult = { ok: true } | OutlineRefusal;

/**
 * Runs `change` in a transaction holding the course's row lock, when the actor may manage the
 * course. The course-level guard (the route's) and this check agree; this one also covers callers
 * that are not routes.
 */
async function changeOutline<T extends OutlineResult>(
  { actor, courseId }: { actor: Actor; courseId: string },
  change: (tx: Transaction) => Promise<T>,
): Promise<T | OutlineRefusal> {
  const teachers = await getCourseTeachers({ courseId });
  if (!teachers) return { ok: false, reason: "notFound" };
  if (!can(actor, "course:manage", teachers)) return { ok: false, reason: "notAllowed" };
  const result = await prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT 1 FROM "Course" WHERE "id" = ${courseId}::uuid FOR UPDATE`;
    return change(tx);
  });
  return result;
}

// ───────────────────────────── Reading ─────────────────────────────

/** The outline as the studio shows it: modules in order with their lessons, archived ones left out. */
export async function getStudioOutline({ courseId }: { courseId: string }) {
  const [modules, archivedLessonCount] = await Promise.all([
    prisma.module.findMany({
      where: { courseId, archivedAt: null },
      orderBy: MODULE_ORDER,
      select: {
        id: true,
        title: true,
        summary: true,
        lessons: {
          where: { status: { not: "ARCHIVED" } },
          orderBy: LESSON_ORDER_IN_MODULE,
          select: {
            id: true,
            slug: true,
            title: true,
            kind: true,
            status: true,
            isRequired: true,
            durationMinutes: true,
            releaseAt: true,
          },
        },
      },
    }),
    prisma.lesson.count({ where: { courseId, status: "ARCHIVED" } }),
  ]);
  return { modules, archivedLessonCount };
}

export type StudioOutline = Awaited<ReturnType<typeof getStudioOutline>>;

// ───────────────────────────── Modules ─────────────────────────────

/** A module at the end of the outline; a repeat of the same submission adds nothing more. */
export async function addModule({
  actor,
  courseId,
  title,
  submissionKey,
}: {
  actor: Actor;
  courseId: string;
  title: string;
  submissionKey?: string;
}) {
  return changeOutline({ actor, courseId }, async (tx) => {
    const { id } = await oncePerSubmission(tx, { key: submissionKey, userId: actor.id }, async () => {
      const last = await tx.module.aggregate({ where: { courseId }, _max: { position: true } });
      const created = await tx.module.create({
        data: { courseId, title, position: (last._max.position ?? 0) + 1 },
        select: { id: true },
      });
      return created.id;
    });
    return { ok: true, moduleId: id } as const;
  });
}

export async function renameModule({
  actor,
  courseId,
  moduleId,
  title,
}: {
  actor: Actor;
  courseId: string;
  moduleId: string;
  title: string;
}) {
  return changeOutline({ actor, courseId }, async (tx) => {
    if (!isUuid(moduleId)) return { ok: false, reason: "notFound" } as const;
    const { count } = await tx.module.updateMany({
      where: { id: moduleId, courseId, archivedAt: null },
      data: { title },
    });
    return count === 1 ? ({ ok: true } as const) : ({ ok: false, reason: "notFound" } as const);
  });
}

/** Removes a module: its lessons go the way removeLesson sends them, and the module is deleted or, if it kept any, archived. */
export async function removeModule({
  actor,
  courseId,
  moduleId,
  now = new Date(),
}: {
  actor: Actor;
  courseId: string;
  moduleId: string;
  now?: Date;
}) {
  const storedKeys: string[] = [];
  const result = await changeOutline({ actor, courseId }, async (tx) => {
    if (!isUuid(moduleId)) return { ok: false, reason: "notFound" } as const;
    const module = await tx.module.findFirst({
      where: { id: moduleId, courseId, archivedAt: null },
      select: { lessons: { select: { id: true } } },
    });
    if (!module) return { ok: false, reason: "notFound" } as const;
    const kept = await removeLessons({ tx, lessonIds: module.lessons.map((lesson) => lesson.id), storedKeys });
    if (kept > 0) {
      await tx.module.update({ where: { id: moduleId }, data: { archivedAt: now }, select: { id: true } });
    } else {
      await tx.module.delete({ where: { id: moduleId }, select: { id: true } });
    }
    await recountCourseCompletion({ tx, courseId, now });
    return { ok: true } as const;
  });
  if (result.ok) await deleteStoredFiles(storedKeys);
  return result;
}

/** Moves a module one place up or down among the course's modules. */
export async function moveModule({
  actor,
  courseId,
  moduleId,
  direction,
}: {
  actor: Actor;
  courseId: string;
  moduleId: string;
  direction: "up" | "down";
}) {
  return changeOutline({ actor, courseId }, async (tx) => {
    const modules = await activeModules(tx, courseId);
    const index = modules.findIndex((module) => module.id === moduleId);
    if (index === -1) return { ok: false, reason: "notFound" } as const;
    const target = direction === "up" ? index - 1 : index + 1;
    if (target < 0 || target >= modules.length) return { ok: false, reason: "cannotMove" } as const;
    const order = modules.map((module) => module.id);
    [order[index], order[target]] = [order[target]!, order[index]!];
    await writeModuleOrder(tx, courseId, order);
    return { ok: true } as const;
  });
}

// ───────────────────────────── Lessons ─────────────────────────────

export async function addLesson({
  actor,
  courseId,
  moduleId,
  title,
  kind,
  submissionKey,
}: {
  actor: Actor;
  courseId: string;
  moduleId: string;
  title: string;
  kind: LessonKind;
  submissionKey?: string;
}): Promise<{ ok: true; lessonId: string } | OutlineRefusal> {
  return changeOutline({ actor, courseId }, async (tx) => {
    if (!isUuid(moduleId)) return { ok: false, reason: "notFound" } as const;
    const module = await tx.module.findFirst({
      where: { id: moduleId, courseId, archivedAt: null },
      select: { id: true },
    });
    if (!module) return { ok: false, reason: "notFound" } as const;
    const { id } = await oncePerSubmission(tx, { key: submissionKey, userId: actor.id }, async () => {
      const last = await tx.lesson.aggregate({ where: { moduleId }, _max: { position: true } });
      const lesson = await tx.lesson.create({
        data: {
          courseId,
          moduleId,
          title,
          kind,
          slug: await findFreeLessonSlug(tx, courseId, title),
          position: (last._max.position ?? 0) + 1,
          status: "DRAFT",
        },
        select: { id: true },
      });
      // Quiz and assignment lessons complete through these; their questions and details come next.
      if (kind === "QUIZ") await tx.quiz.create({ data: { lessonId: lesson.id }, select: { id: true } });
      if (kind === "ASSIGNMENT") await tx.assignment.create({ data: { lessonId: lesson.id }, select: { id: true } });
      return lesson.id;
    });
    return { ok: true, lessonId: id } as const;
  });
}

/** Removes a lesson: deleted when no learner has a record in it, else archived (kept, never shown). */
export async function removeLesson({
  actor,
  courseId,
  lessonId,
  now = new Date(),
}: {
  actor: Actor;
  courseId: string;
  lessonId: string;
  now?: Date;
}) {
  const storedKeys: string[] = [];
  const result = await changeOutline({ actor, courseId }, async (tx) => {
    if (!isUuid(lessonId)) return { ok: false, reason: "notFound" } as const;
    const lesson = await tx.lesson.findFirst({
      where: { id: lessonId, courseId, status: { not: "ARCHIVED" } },
      select: { id: true },
    });
    if (!lesson) return { ok: false, reason: "notFound" } as const;
    await removeLessons({ tx, lessonIds: [lessonId], storedKeys });
    await recountCourseCompletion({ tx, courseId, now });
    return { ok: true } as const;
  });
  if (result.ok) await deleteStoredFiles(storedKeys);
  return result;
}

/**
 * Moves a lesson one place up or down. At the top or bottom of its module it crosses into the
 * neighbouring module (to its end going up, its start going down), so the buttons alone can
 * rearrange a whole outline.
 */
export async function moveLesson({
  actor,
  courseId,
  lessonId,
  direction,
}: {
  actor: Actor;
  courseId: string;
  lessonId: string;
  direction: "up" | "down";
}) {
  return changeOutline({ actor, courseId }, async (tx) => {
    const order = await currentOrder(tx, courseId);
    const moduleIndex = order.findIndex((module) => module.lessonIds.includes(lessonId));
    if (moduleIndex === -1) return { ok: false, reason: "notFound" } as const;
    const lessons = order[moduleIndex]!.lessonIds;
    const index = lessons.indexOf(lessonId);
    if (direction === "up" && index > 0) {
      [lessons[index - 1], lessons[index]] = [lessons[index]!, lessons[index - 1]!];
    } else if (direction === "down" && index < lessons.length - 1) {
      [lessons[index + 1], lessons[index]] = [lessons[index]!, lessons[index + 1]!];
    } else {
      const neighbour = order[direction === "up" ? moduleIndex - 1 : moduleIndex + 1];
      if (!neighbour) return { ok: false, reason: "cannotMove" } as const;
      lessons.splice(index, 1);
      if (direction === "up") neighbour.lessonIds.push(lessonId);
      else neighbour.lessonIds.unshift(lessonId);
    }
    await writeLessonOrder(tx, order);
    return { ok: true } as const;
  });
}

/** Moves a lesson to the end of another module of the same course. */
export async function moveLessonToModule({
  actor,
  courseId,
  lessonId,
  moduleId,
}: {
  actor: Actor;
  courseId: string;
  lessonId: string;
  moduleId: string;
}) {
  return changeOutline({ actor, courseId }, async (tx) => {
    const order = await currentOrder(tx, courseId);
    const from = order.find((module) => module.lessonIds.includes(lessonId));
    const to = order.find((module) => module.id === moduleId);
    if (!from || !to) return { ok: false, reason: "notFound" } as const;
    if (from === to) return { ok: true } as const;
    from.lessonIds.splice(from.lessonIds.indexOf(lessonId), 1);
    to.lessonIds.push(lessonId);
    await writeLessonOrder(tx, order);
    return { ok: true } as const;
  });
}

export type OutlineOrder = { id: string; lessonIds: string[] }[];

/**
 * Puts the whole outline in the given order (drag and drop sends it whole). Refused when the order
 * does not name exactly the course's current modules and lessons, as when another person changed
 * the outline since the page was loaded.
 */
export async function reorderOutline({
  actor,
  courseId,
  order,
}: {
  actor: Actor;
  courseId: string;
  order: OutlineOrder;
}) {
  return changeOutline({ actor, courseId }, async (tx) => {
    const current = await currentOrder(tx, courseId);
    const sorted = (ids: string[]) => [...ids].sort().join(",");
    const isSameOutline =
      sorted(current.map((module) => module.id)) === sorted(order.map((module) => module.id)) &&
      sorted(current.flatMap((module) => module.lessonIds)) === sorted(order.flatMap((module) => module.lessonIds)) &&
      new Set(order.flatMap((module) => module.lessonIds)).size === order.flatMap((module) => module.lessonIds).length;
    if (!isSameOutline) return { ok: false, reason: "outlineChanged" } as const;
    await writeModuleOrder(
      tx,
      courseId,
      order.map((module) => module.id),
    );
    await writeLessonOrder(tx, order);
    return { ok: true } as const;
  });
}

// ───────────────────────────── Internals ─────────────────────────────

async function activeModules(tx: Transaction, courseId: string) {
  return tx.module.findMany({ where: { courseId, archivedAt: null }, orderBy: MODULE_ORDER, select: { id: true } });
}

/** The outline's current order: active modules and their lessons that are not archived. */
async function currentOrder(tx: Transaction, courseId: string): Promise<OutlineOrder> {
  const modules = await tx.module.findMany({
    where: { courseId, archivedAt: null },
    orderBy: MODULE_ORDER,
    select: {
      id: true,
      lessons: { where: { status: { not: "ARCHIVED" } }, orderBy: LESSON_ORDER_IN_MODULE, select: { id: true } },
    },
  });
  return modules.map((module) => ({ id: module.id, lessonIds: module.lessons.map((lesson) => lesson.id) }));
}

/** Active modules at 1…n in the given order; archived ones after them, in their old order. */
async function writeModuleOrder(tx: Transaction, courseId: string, moduleIds: string[]) {
  const archived = await tx.module.findMany({
    where: { courseId, archivedAt: { not: null } },
    orderBy: MODULE_ORDER,
    select: { id: true },
  });
  await writePositions(tx, "Module", [...moduleIds, ...archived.map((module) => module.id)]);
}

/** Each module's lessons at 1…n in the given order, archived lessons after them. */
async function writeLessonOrder(tx: Transaction, order: OutlineOrder) {
  for (const module of order) {
    const archived = await tx.lesson.findMany({
      where: { moduleId: module.id, status: "ARCHIVED" },
      orderBy: LESSON_ORDER_IN_MODULE,
      select: { id: true },
    });
    const lessonIds = [...module.lessonIds, ...archived.map((lesson) => lesson.id)];
    if (lessonIds.length === 0) continue;
    await tx.$executeRaw`
      UPDATE "Lesson" l SET "moduleId" = ${module.id}::uuid
      WHERE l."id" = ANY(${lessonIds}::uuid[]) AND l."moduleId" <> ${module.id}::uuid`;
    await writePositions(tx, "Lesson", lessonIds);
  }
}

/** Sets each row's position to its place in `ids` (from 1), in one statement. */
async function writePositions(tx: Transaction, table: "Module" | "Lesson", ids: string[]) {
  if (ids.length === 0) return;
  await tx.$executeRaw`
    UPDATE ${Prisma.raw(`"${table}"`)} t SET "position" = o."position"
    FROM unnest(${ids}::uuid[]) WITH ORDINALITY AS o("id", "position")
    WHERE t."id" = o."id" AND t."position" <> o."position"`;
}

/**
 * Deletes the lessons no learner has a record in (with their quiz, assignment and attachments; the
 * attachments' stored files are collected in `storedKeys` to delete after commit) and archives the
 * rest. Returns how many were archived.
 */
async function removeLessons({
  tx,
  lessonIds,
  storedKeys,
}: {
  tx: Transaction;
  lessonIds: string[];
  storedKeys: string[];
}) {
  if (lessonIds.length === 0) return 0;
  const withRecords = await tx.$queryRaw<{ id: string }[]>`
    SELECT l."id"::text AS "id" FROM "Lesson" l
    WHERE l."id" = ANY(${lessonIds}::uuid[]) AND (
      EXISTS (SELECT 1 FROM "LessonProgress" p WHERE p."lessonId" = l."id")
      OR EXISTS (SELECT 1 FROM "Enrollment" e WHERE e."lastLessonId" = l."id")
      OR EXISTS (SELECT 1 FROM "Quiz" q JOIN "QuizAttempt" a ON a."quizId" = q."id" WHERE q."lessonId" = l."id")
      OR EXISTS (SELECT 1 FROM "Assignment" s JOIN "Submission" u ON u."assignmentId" = s."id" WHERE s."lessonId" = l."id")
    )`;
  const keep = withRecords.map((row) => row.id);
  const drop = lessonIds.filter((id) => !keep.includes(id));
  if (keep.length > 0) {
    await tx.lesson.updateMany({ where: { id: { in: keep } }, data: { status: "ARCHIVED" } });
  }
  if (drop.length > 0) {
    const attachments = await tx.lessonAttachment.findMany({
      where: { lessonId: { in: drop } },
      select: { storageKey: true },
    });
    storedKeys.push(...attachments.map((attachment) => attachment.storageKey));
    await tx.lessonAttachment.deleteMany({ where: { lessonId: { in: drop } } });
    await tx.question.deleteMany({ where: { quiz: { lessonId: { in: drop } } } });
    await tx.quiz.deleteMany({ where: { lessonId: { in: drop } } });
    await tx.assignment.deleteMany({ where: { lessonId: { in: drop } } });
    await tx.lesson.deleteMany({ where: { id: { in: drop } } });
  }
  return keep.length;
}

/** A slug for a new lesson, from its title where it has Latin letters, unique within the course. */
async function findFreeLessonSlug(tx: Transaction, courseId: string, title: string) {
  const stem = slugify(title) || "lesson";
  const taken = new Set(
    (await tx.lesson.findMany({ where: { courseId, slug: { startsWith: stem } }, select: { slug: true } })).map(
      (lesson) => lesson.slug,
    ),
  );
  if (!taken.has(stem)) return stem;
  for (let suffix = 2; ; suffix++) if (!taken.has(`${stem}-${suffix}`)) return `${stem}-${suffix}`;
}
