// A course as a course package (docs/course-package.md): read from the database and storage into a
// CoursePackage (which duplication also imports from), and written as the package's files. What a
// package does not hold stays behind: people, program and term, cohorts, learner activity, archived
// modules and lessons. The caller decides who may export; this module does not authorize.
import type { CoursePackage, CoursePackageFiles, PackageLesson, PackageQuestion } from "~/lib/course-package";
import { writeCoursePackage } from "~/lib/course-package-writer";
import { prisma } from "~/lib/db.server";
import { openStoredFile } from "~/lib/storage.server";
import { ATTACHMENT_ORDER, LESSON_ORDER_IN_MODULE, MODULE_ORDER } from "~/models/lesson.server";

/** The course's content as a package, attachments' bytes included, or null for an unknown course. */
export async function getCoursePackage({ courseId }: { courseId: string }): Promise<CoursePackage | null> {
  const course = await prisma.course.findUnique({
    where: { id: courseId },
    select: {
      slug: true,
      code: true,
      title: true,
      summary: true,
      descriptionMarkdown: true,
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
      modules: {
        where: { archivedAt: null },
        orderBy: MODULE_ORDER,
        select: {
          title: true,
          summary: true,
          lessons: {
            where: { status: { not: "ARCHIVED" } },
            orderBy: LESSON_ORDER_IN_MODULE,
            select: {
              slug: true,
              title: true,
              kind: true,
              durationMinutes: true,
              isRequired: true,
              status: true,
              releaseAt: true,
              markdown: true,
              videoUrl: true,
              transcript: true,
              quiz: {
                select: {
                  passingScore: true,
                  maxAttempts: true,
                  timeLimitMinutes: true,
                  shuffleQuestions: true,
                  shuffleChoices: true,
                  // Questions removed after learners answered them stay for their attempts, not in the course.
                  questions: {
                    where: { archivedAt: null },
                    orderBy: [{ position: "asc" }, { id: "asc" }],
                    select: { kind: true, prompt: true, choices: true, answer: true, points: true, explanation: true },
                  },
                },
              },
              assignment: {
                select: {
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
                select: { fileName: true, contentType: true, storageKey: true },
              },
            },
          },
        },
      },
    },
  });
  if (!course) return null;
  const { modules, descriptionMarkdown, publishedAt, ...details } = course;

  const packageModules = [];
  for (const module of modules) {
    const lessons: PackageLesson[] = [];
    for (const { quiz, attachments, status, ...lesson } of module.lessons) {
      lessons.push({
        ...lesson,
        // Archived lessons were filtered out above.
        status: status === "DRAFT" ? "DRAFT" : "PUBLISHED",
        quiz: quiz && {
          ...quiz,
          questions: quiz.questions.map((question) => ({
            ...question,
            // Written by the importer and the studio, both of which check the shapes (app/lib/quiz-questions.ts).
            choices: question.choices as PackageQuestion["choices"],
            answer: question.answer as PackageQuestion["answer"],
          })),
        },
        attachments: await Promise.all(
          attachments.map(async ({ fileName, contentType, storageKey }) => ({
            fileName,
            contentType,
            bytes: await readStoredBytes(storageKey),
          })),
        ),
      });
    }
    packageModules.push({ title: module.title, summary: module.summary, lessons });
  }
  return {
    course: { ...details, descriptionMarkdown, ...(publishedAt ? { publishedAt } : {}) },
    modules: packageModules,
  };
}

/**
 * The course's package files (path → bytes, the same bytes for the same course) and what to name
 * them, or null for an unknown course.
 */
export async function exportCoursePackage({
  courseId,
}: {
  courseId: string;
}): Promise<{ course: { slug: string; code: string; title: string }; files: CoursePackageFiles } | null> {
  const coursePackage = await getCoursePackage({ courseId });
  if (!coursePackage) return null;
  const { slug, code, title } = coursePackage.course;
  return { course: { slug, code, title }, files: writeCoursePackage(coursePackage) };
}

/** A stored file's bytes; a row whose file is gone from storage is an outage, not the user's doing. */
async function readStoredBytes(storageKey: string): Promise<Uint8Array> {
  const stored = await openStoredFile(storageKey);
  if (!stored) throw new Error(`Stored file ${storageKey} is missing`);
  return new Uint8Array(await new Response(stored.stream).arrayBuffer());
}
