import { prisma } from "~/lib/db.server";

/**
 * A published course with its syllabus (modules and published lessons) for its public page.
 * Returns null for unknown slugs and for courses that are not published.
 */
export async function getPublishedCourseSyllabus({ slug }: { slug: string }) {
  return prisma.course.findFirst({
    where: { slug, status: "PUBLISHED" },
    select: {
      id: true,
      slug: true,
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
      tags: true,
      prerequisites: {
        select: { prerequisite: { select: { slug: true, code: true, title: true, status: true } } },
      },
      program: { select: { slug: true, kind: true, nameKo: true, nameEn: true } },
      term: { select: { year: true, season: true } },
      instructors: {
        orderBy: { position: "asc" },
        select: { role: true, user: { select: { id: true, name: true } } },
      },
      modules: {
        orderBy: { position: "asc" },
        select: {
          id: true,
          position: true,
          title: true,
          summary: true,
          lessons: {
            where: { status: "PUBLISHED" },
            orderBy: { position: "asc" },
            select: { id: true, slug: true, title: true, kind: true, durationMinutes: true, isRequired: true },
          },
        },
      },
    },
  });
}
