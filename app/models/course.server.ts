import { Prisma, prisma } from "~/lib/db.server";
import { isUuid } from "~/lib/uuid";
import { LESSON_ORDER_IN_MODULE, MODULE_ORDER } from "~/models/lesson.server";

export type CourseRef = { courseId: string } | { slug: string };

/** What a course card shows (app/components/course-card.tsx). */
export const courseCardSelect = {
  id: true,
  slug: true,
  code: true,
  title: true,
  summary: true,
  credits: true,
  level: true,
  language: true,
  term: { select: { year: true, season: true } },
} satisfies Prisma.CourseSelect;

/**
 * A course's identifiers and everyone who teaches it, leads apart (for permission checks), or null. One query:
 * Prisma would fetch the instructors with a second (relationJoins is still a preview).
 */
export async function getCourseTeachers(ref: CourseRef) {
  let where: Prisma.Sql;
  if ("courseId" in ref) {
    if (!isUuid(ref.courseId)) return null;
    where = Prisma.sql`c."id" = CAST(${ref.courseId} AS uuid)`;
  } else {
    where = Prisma.sql`c."slug" = ${ref.slug}`;
  }
  const [course] = await prisma.$queryRaw<
    { id: string; slug: string; instructorIds: string[]; leadInstructorIds: string[] }[]
  >`
    SELECT c."id", c."slug", array_remove(array_agg(ci."userId"::text), NULL) AS "instructorIds",
           array_remove(array_agg(ci."userId"::text) FILTER (WHERE ci."role" = 'LEAD'), NULL) AS "leadInstructorIds"
    FROM "Course" c
    LEFT JOIN "CourseInstructor" ci ON ci."courseId" = c."id"
    WHERE ${where}
    GROUP BY c."id"`;
  return course ?? null;
}

/**
 * A course with its syllabus (modules and published lessons) for its page, whatever its status: the
 * page shows published courses to everyone and the others only to their instructors, as a preview.
 * Its admission fields and prerequisites are what getEnrollmentState needs. Null for an unknown
 * slug. One statement (relation joins).
 */
export async function getCourseSyllabus({ slug }: { slug: string }) {
  return prisma.course.findUnique({
    where: { slug },
    select: {
      id: true,
      slug: true,
      status: true,
      coverImageKey: true,
      code: true,
      title: true,
      summary: true,
      descriptionHtml: true,
      credits: true,
      level: true,
      language: true,
      startsOn: true,
      endsOn: true,
      enrollmentPolicy: true,
      enrollmentOpensAt: true,
      enrollmentClosesAt: true,
      capacity: true,
      seatsTakenCount: true,
      tags: true,
      prerequisites: {
        orderBy: [{ prerequisite: { code: "asc" } }, { prerequisiteId: "asc" }],
        select: {
          prerequisite: { select: { id: true, programId: true, slug: true, code: true, title: true, status: true } },
        },
      },
      program: { select: { slug: true, kind: true, nameKo: true, nameEn: true } },
      term: { select: { year: true, season: true } },
      instructors: {
        orderBy: { position: "asc" },
        select: { role: true, user: { select: { id: true, name: true } } },
      },
      modules: {
        where: { archivedAt: null },
        orderBy: MODULE_ORDER,
        select: {
          id: true,
          position: true,
          title: true,
          summary: true,
          lessons: {
            where: { status: "PUBLISHED" },
            orderBy: LESSON_ORDER_IN_MODULE,
            select: { id: true, slug: true, title: true, kind: true, durationMinutes: true, isRequired: true },
          },
        },
      },
    },
  });
}
