// Imports a course package (app/lib/course-package.ts) into the database: the course row, modules,
// lessons with their Markdown rendered as learners see it, quizzes, assignments and attachments.
//
// Importing makes the course what the files say, and writes only what differs, so importing the
// same package again changes no row (not even updatedAt). A lesson is found by its slug, a module
// and a question by their order. What the package no longer has is archived when learners may have
// touched it (lessons, questions learners answered) and removed when nothing refers to it (empty
// modules, unanswered questions, attachment rows). Who teaches the course, its program and term, cohorts and enrollments are the
// installation's, not the package's: the caller passes the program and term, and nothing else of
// theirs is touched. The caller decides who may import; this function does not authorize.
import type { Prisma } from "~/generated/prisma/client";
import type {
  CoursePackage,
  PackageAssignment,
  PackageAttachment,
  PackageLesson,
  PackageQuiz,
} from "~/lib/course-package";
import { renderMarkdown } from "~/lib/markdown.server";
import { openStoredFile, storeFile } from "~/lib/storage.server";
import { recountCourseCompletion } from "~/models/progress.server";
import { ATTACHMENT_ORDER } from "~/models/lesson.server";
import { QUESTION_ORDER, removeQuestions } from "~/models/quiz.server";

type Transaction = Prisma.TransactionClient;

export type CoursePackageChange = {
  action: "created" | "updated" | "archived" | "removed";
  item: "course" | "module" | "lesson" | "quiz" | "question" | "assignment" | "attachment";
  /** Which one: a slug, a title, or "lesson-slug/…" for what belongs to a lesson. */
  key: string;
};

export type ImportedCourse = {
  courseId: string;
  /** Lesson ids by slug, for the package's lessons. */
  lessonIds: ReadonlyMap<string, string>;
  /** Empty when the database already matched the package. */
  changes: CoursePackageChange[];
};

/**
 * Writes `coursePackage` into the course with its slug, creating it if needed, inside the caller's
 * transaction. `programId` and `termId` place the course in this installation.
 */
export async function importCoursePackage({
  tx,
  coursePackage,
  programId,
  termId = null,
  now = new Date(),
}: {
  tx: Transaction;
  coursePackage: CoursePackage;
  programId: string;
  termId?: string | null;
  now?: Date;
}): Promise<ImportedCourse> {
  const changes: CoursePackageChange[] = [];
  const { course: details } = coursePackage;

  // Two imports of one course would otherwise both add the modules they do not find.
  const [locked] = await tx.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "Course" WHERE "slug" = ${details.slug} FOR UPDATE`;
  const current = locked ? await findCourseContent({ tx, courseId: locked.id }) : null;

  const courseFields = {
    programId,
    termId,
    code: details.code,
    title: details.title,
    summary: details.summary,
    descriptionMarkdown: details.descriptionMarkdown,
    descriptionHtml: renderMarkdown(details.descriptionMarkdown),
    credits: details.credits,
    level: details.level,
    language: details.language,
    tags: details.tags,
    enrollmentPolicy: details.enrollmentPolicy,
    capacity: details.capacity,
    enrollmentOpensAt: details.enrollmentOpensAt,
    enrollmentClosesAt: details.enrollmentClosesAt,
    startsOn: details.startsOn,
    endsOn: details.endsOn,
    status: details.status,
    publishedAt: publishedAtFor({ details, storedPublishedAt: current?.publishedAt ?? null, now }),
  };
  let courseId: string;
  if (current) {
    courseId = current.id;
    const changed = changedFields(current, courseFields);
    if (hasAny(changed)) {
      await tx.course.update({ where: { id: courseId }, data: changed, select: { id: true } });
      changes.push({ action: "updated", item: "course", key: details.slug });
    }
  } else {
    ({ id: courseId } = await tx.course.create({
      data: { slug: details.slug, ...courseFields },
      select: { id: true },
    }));
    changes.push({ action: "created", item: "course", key: details.slug });
  }

  const currentModules = current?.modules ?? [];
  const moduleIds: string[] = [];
  for (const [position, packageModule] of coursePackage.modules.entries()) {
    const fields = { position, title: packageModule.title, summary: packageModule.summary };
    const existing = currentModules[position];
    if (existing) {
      const changed = changedFields(existing, fields);
      if (hasAny(changed)) {
        await tx.module.update({ where: { id: existing.id }, data: changed, select: { id: true } });
        changes.push({ action: "updated", item: "module", key: fields.title });
      }
      moduleIds.push(existing.id);
    } else {
      const created = await tx.module.create({ data: { courseId, ...fields }, select: { id: true } });
      changes.push({ action: "created", item: "module", key: fields.title });
      moduleIds.push(created.id);
    }
  }

  const currentLessons = new Map((current?.lessons ?? []).map((lesson) => [lesson.slug, lesson]));
  const lessonIds = new Map<string, string>();
  let lessonPosition = 0;
  let isCompletionChanged = false;
  for (const [moduleIndex, packageModule] of coursePackage.modules.entries()) {
    for (const lesson of packageModule.lessons) {
      const existing = currentLessons.get(lesson.slug);
      currentLessons.delete(lesson.slug);
      const fields = lessonFields({ lesson, moduleId: moduleIds[moduleIndex]!, position: lessonPosition++, details });
      let lessonId: string;
      if (existing) {
        lessonId = existing.id;
        const changed = changedFields(existing, fields);
        if (hasAny(changed)) {
          await tx.lesson.update({ where: { id: lessonId }, data: changed, select: { id: true } });
          changes.push({ action: "updated", item: "lesson", key: lesson.slug });
          isCompletionChanged ||= "status" in changed || "isRequired" in changed || "kind" in changed;
        }
      } else {
        ({ id: lessonId } = await tx.lesson.create({
          data: { courseId, slug: lesson.slug, ...fields },
          select: { id: true },
        }));
        changes.push({ action: "created", item: "lesson", key: lesson.slug });
        isCompletionChanged = true;
      }
      lessonIds.set(lesson.slug, lessonId);

      // A lesson that changed kind keeps its old quiz or assignment: attempts and submissions point at it.
      if (lesson.quiz) {
        await importQuiz({
          tx,
          lessonId,
          lessonSlug: lesson.slug,
          quiz: lesson.quiz,
          current: existing?.quiz,
          changes,
          now,
        });
      }
      if (lesson.assignment) {
        await importAssignment({
          tx,
          lessonId,
          lessonSlug: lesson.slug,
          assignment: lesson.assignment,
          current: existing?.assignment,
          changes,
        });
      }
      await importAttachments({
        tx,
        lessonId,
        lessonSlug: lesson.slug,
        attachments: lesson.attachments,
        current: existing?.attachments ?? [],
        changes,
      });
    }
  }

  // Lessons the package dropped keep their rows (learners' progress points at them), archived at
  // the end of the last module so no emptied module is left on the syllabus.
  for (const lesson of currentLessons.values()) {
    const fields = { moduleId: moduleIds.at(-1)!, position: lessonPosition++, status: "ARCHIVED" as const };
    const changed = changedFields(lesson, fields);
    if (!hasAny(changed)) continue;
    await tx.lesson.update({ where: { id: lesson.id }, data: changed, select: { id: true } });
    changes.push({ action: "status" in changed ? "archived" : "updated", item: "lesson", key: lesson.slug });
    isCompletionChanged ||= "status" in changed;
  }
  const emptiedModules = currentModules.slice(coursePackage.modules.length);
  if (emptiedModules.length > 0) {
    await tx.module.deleteMany({ where: { id: { in: emptiedModules.map((emptied) => emptied.id) } } });
    for (const emptied of emptiedModules) changes.push({ action: "removed", item: "module", key: emptied.title });
  }

  if (isCompletionChanged) {
    await recountCourseCompletion({ tx, courseId, now });
  }
  return { courseId, lessonIds, changes };
}

// ───────────────────────────── Reading what is there ─────────────────────────────

function findCourseContent({ tx, courseId }: { tx: Transaction; courseId: string }) {
  return tx.course.findUniqueOrThrow({
    where: { id: courseId },
    select: {
      id: true,
      programId: true,
      termId: true,
      code: true,
      title: true,
      summary: true,
      descriptionMarkdown: true,
      descriptionHtml: true,
      credits: true,
      level: true,
      language: true,
      tags: true,
      enrollmentPolicy: true,
      capacity: true,
      enrollmentOpensAt: true,
      enrollmentClosesAt: true,
      startsOn: true,
      endsOn: true,
      status: true,
      publishedAt: true,
      requiredLessonCount: true,
      modules: {
        orderBy: [{ position: "asc" }, { createdAt: "asc" }],
        select: { id: true, position: true, title: true, summary: true },
      },
      lessons: {
        orderBy: [{ position: "asc" }, { slug: "asc" }],
        select: {
          id: true,
          slug: true,
          moduleId: true,
          position: true,
          title: true,
          kind: true,
          markdown: true,
          html: true,
          videoUrl: true,
          transcript: true,
          durationMinutes: true,
          isRequired: true,
          releaseAt: true,
          status: true,
          quiz: {
            select: {
              id: true,
              passingScore: true,
              maxAttempts: true,
              timeLimitMinutes: true,
              shuffleQuestions: true,
              shuffleChoices: true,
              questions: {
                where: { archivedAt: null },
                orderBy: QUESTION_ORDER,
                select: {
                  id: true,
                  position: true,
                  kind: true,
                  prompt: true,
                  choices: true,
                  answer: true,
                  points: true,
                  explanation: true,
                },
              },
            },
          },
          assignment: {
            select: {
              id: true,
              dueAt: true,
              latePolicy: true,
              maxPoints: true,
              passingPoints: true,
              allowsText: true,
              allowsFile: true,
              maxFiles: true,
              maxFileMegabytes: true,
              fileExtensions: true,
            },
          },
          attachments: {
            orderBy: ATTACHMENT_ORDER,
            select: { id: true, fileName: true, contentType: true, byteSize: true, storageKey: true, position: true },
          },
        },
      },
    },
  });
}

type CurrentLesson = Awaited<ReturnType<typeof findCourseContent>>["lessons"][number];

// ───────────────────────────── Writing what differs ─────────────────────────────

/** A package may leave publishedAt out: the course then keeps the time it was first published. */
function publishedAtFor({
  details,
  storedPublishedAt,
  now,
}: {
  details: CoursePackage["course"];
  storedPublishedAt: Date | null;
  now: Date;
}): Date | null {
  if (details.status === "DRAFT") return null;
  return details.publishedAt ?? storedPublishedAt ?? (details.status === "PUBLISHED" ? now : null);
}

function lessonFields({
  lesson,
  moduleId,
  position,
  details,
}: {
  lesson: PackageLesson;
  moduleId: string;
  position: number;
  details: CoursePackage["course"];
}) {
  return {
    moduleId,
    position,
    title: lesson.title,
    kind: lesson.kind,
    markdown: lesson.markdown,
    html: renderMarkdown(lesson.markdown),
    videoUrl: lesson.videoUrl,
    transcript: lesson.transcript,
    durationMinutes: lesson.durationMinutes,
    isRequired: lesson.isRequired,
    releaseAt: lesson.releaseAt,
    status: lesson.status ?? (details.status === "DRAFT" ? "DRAFT" : "PUBLISHED"),
  };
}

async function importQuiz({
  tx,
  lessonId,
  lessonSlug,
  quiz,
  current,
  changes,
  now,
}: {
  tx: Transaction;
  lessonId: string;
  lessonSlug: string;
  quiz: PackageQuiz;
  current: CurrentLesson["quiz"] | undefined;
  changes: CoursePackageChange[];
  now: Date;
}) {
  const { questions, ...settings } = quiz;
  const changeCountBefore = changes.length;
  let quizId: string;
  if (current) {
    quizId = current.id;
    const changed = changedFields(current, settings);
    if (hasAny(changed)) {
      await tx.quiz.update({ where: { id: quizId }, data: changed, select: { id: true } });
      changes.push({ action: "updated", item: "quiz", key: lessonSlug });
    }
  } else {
    ({ id: quizId } = await tx.quiz.create({ data: { lessonId, ...settings }, select: { id: true } }));
    changes.push({ action: "created", item: "quiz", key: lessonSlug });
  }

  // Attempts record answers by question id, so a question is edited in place, never recreated.
  const currentQuestions = current?.questions ?? [];
  for (const [position, question] of questions.entries()) {
    const fields = { position, ...question };
    const key = `${lessonSlug}/${position + 1}`;
    const existing = currentQuestions[position];
    if (existing) {
      const changed = changedFields(existing, fields);
      if (!hasAny(changed)) continue;
      await tx.question.update({ where: { id: existing.id }, data: changed, select: { id: true } });
      changes.push({ action: "updated", item: "question", key });
    } else {
      await tx.question.create({ data: { quizId, ...fields }, select: { id: true } });
      changes.push({ action: "created", item: "question", key });
    }
  }
  // A question learners answered is archived (their attempts show it); one nobody answered is deleted.
  const removed = currentQuestions.slice(questions.length);
  if (removed.length > 0) {
    const { archivedIds } = await removeQuestions({ tx, questionIds: removed.map((question) => question.id), now });
    for (const question of removed) {
      const action = archivedIds.includes(question.id) ? "archived" : "removed";
      changes.push({ action, item: "question", key: `${lessonSlug}/${question.position + 1}` });
    }
  }
  // An editor open on the quiz in the studio must not save over what the import changed.
  if (current && changes.length > changeCountBefore) {
    await tx.quiz.update({ where: { id: quizId }, data: { version: { increment: 1 } }, select: { id: true } });
  }
}

async function importAssignment({
  tx,
  lessonId,
  lessonSlug,
  assignment,
  current,
  changes,
}: {
  tx: Transaction;
  lessonId: string;
  lessonSlug: string;
  assignment: PackageAssignment;
  current: CurrentLesson["assignment"] | undefined;
  changes: CoursePackageChange[];
}) {
  if (!current) {
    await tx.assignment.create({ data: { lessonId, ...assignment }, select: { id: true } });
    changes.push({ action: "created", item: "assignment", key: lessonSlug });
    return;
  }
  const changed = changedFields(current, assignment);
  if (!hasAny(changed)) return;
  await tx.assignment.update({ where: { id: current.id }, data: changed, select: { id: true } });
  changes.push({ action: "updated", item: "assignment", key: lessonSlug });
}

/**
 * Attachments are matched by file name and compared byte for byte with the stored file. Files are
 * written to storage before the transaction commits; if it rolls back they stay unreferenced on
 * disk, as do the files of replaced or removed attachments (storage has no delete yet).
 */
async function importAttachments({
  tx,
  lessonId,
  lessonSlug,
  attachments,
  current,
  changes,
}: {
  tx: Transaction;
  lessonId: string;
  lessonSlug: string;
  attachments: PackageAttachment[];
  current: CurrentLesson["attachments"];
  changes: CoursePackageChange[];
}) {
  const currentByName = new Map(current.map((attachment) => [attachment.fileName, attachment]));
  // The package's order is the download list's order (and an export's), so it is kept in `position`.
  for (const [position, attachment] of attachments.entries()) {
    const key = `${lessonSlug}/${attachment.fileName}`;
    const existing = currentByName.get(attachment.fileName);
    currentByName.delete(attachment.fileName);
    if (existing && (await isStoredFileEqual({ storageKey: existing.storageKey, bytes: attachment.bytes }))) {
      const changed = changedFields(existing, { contentType: attachment.contentType, position });
      if (!hasAny(changed)) continue;
      await tx.lessonAttachment.update({ where: { id: existing.id }, data: changed, select: { id: true } });
      changes.push({ action: "updated", item: "attachment", key });
      continue;
    }
    const fields = {
      position,
      contentType: attachment.contentType,
      byteSize: attachment.bytes.byteLength,
      storageKey: await storeFile(attachment.bytes),
    };
    if (existing) {
      await tx.lessonAttachment.update({ where: { id: existing.id }, data: fields, select: { id: true } });
      changes.push({ action: "updated", item: "attachment", key });
    } else {
      await tx.lessonAttachment.create({
        data: { lessonId, fileName: attachment.fileName, ...fields },
        select: { id: true },
      });
      changes.push({ action: "created", item: "attachment", key });
    }
  }
  if (currentByName.size > 0) {
    await tx.lessonAttachment.deleteMany({ where: { id: { in: [...currentByName.values()].map(({ id }) => id) } } });
    for (const fileName of currentByName.keys()) {
      changes.push({ action: "removed", item: "attachment", key: `${lessonSlug}/${fileName}` });
    }
  }
}

async function isStoredFileEqual({ storageKey, bytes }: { storageKey: string; bytes: Uint8Array }) {
  const stored = await openStoredFile(storageKey);
  if (!stored) return false;
  if (stored.size !== bytes.byteLength) {
    await stored.stream.cancel();
    return false;
  }
  const storedBytes = new Uint8Array(await new Response(stored.stream).arrayBuffer());
  return Buffer.compare(storedBytes, bytes) === 0;
}

/** The fields of `desired` that differ from `current`, so an unchanged row is not written at all. */
function changedFields<Fields extends Record<string, unknown>>(
  current: Record<string, unknown>,
  desired: Fields,
): Partial<Fields> {
  const changed: Partial<Fields> = {};
  for (const key of Object.keys(desired) as (keyof Fields & string)[]) {
    if (!isSameValue(current[key], desired[key])) changed[key] = desired[key];
  }
  return changed;
}

function hasAny(fields: object): boolean {
  return Object.keys(fields).length > 0;
}

function isSameValue(current: unknown, desired: unknown): boolean {
  if (current instanceof Date && desired instanceof Date) return current.getTime() === desired.getTime();
  if (typeof current === "object" && current !== null && typeof desired === "object" && desired !== null) {
    return stableJson(current) === stableJson(desired);
  }
  return current === desired;
}

/** JSON with object keys sorted: jsonb does not keep the order they were written in. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item && typeof item === "object" && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}
