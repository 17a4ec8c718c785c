import { prisma, type Prisma } from "~/lib/db.server";
import { courseCardSelect } from "~/models/course.server";

/** How many courses each program shows on the home page; the catalog lists the rest. */
export const HOME_COURSES_PER_PROGRAM = 6;

// What a program's heading shows, on the home page and its own page.
const programSummarySelect = {
  id: true,
  slug: true,
  kind: true,
  nameKo: true,
  nameEn: true,
  descriptionKo: true,
  descriptionEn: true,
} satisfies Prisma.ProgramSelect;

/**
 * Every program not archived, in display order, with its first published courses (by code) and how
 * many it has, for the home page. The number shown is capped so the page stays small however large
 * the catalog.
 */
export async function listProgramsWithPublishedCourses() {
  return prisma.program.findMany({
    where: { archivedAt: null },
    orderBy: [{ position: "asc" }, { nameEn: "asc" }],
    select: {
      ...programSummarySelect,
      _count: { select: { courses: { where: { status: "PUBLISHED" } } } },
      courses: {
        where: { status: "PUBLISHED" },
        orderBy: [{ code: "asc" }, { title: "asc" }],
        take: HOME_COURSES_PER_PROGRAM,
        select: courseCardSelect,
      },
    },
  });
}

/**
 * A program's page: for the graduate school its degree tracks and its terms with their credit
 * courses, for the academy its cohorts with their schedules and assigned courses. Archived programs,
 * tracks, terms and cohorts are left out (an archived program's page is not found): null for an
 * unknown slug or an archived program.
 */
export async function getProgramOverview({ slug }: { slug: string }) {
  return prisma.program.findUnique({
    where: { slug, archivedAt: null },
    select: {
      ...programSummarySelect,
      degreeTracks: {
        where: { archivedAt: null },
        orderBy: [{ position: "asc" }, { nameEn: "asc" }],
        select: {
          id: true,
          slug: true,
          nameKo: true,
          nameEn: true,
          descriptionKo: true,
          descriptionEn: true,
          requiredCredits: true,
        },
      },
      terms: {
        where: { archivedAt: null },
        orderBy: [{ year: "desc" }, { startsOn: "desc" }],
        select: {
          id: true,
          year: true,
          season: true,
          startsOn: true,
          endsOn: true,
          courses: {
            where: { status: "PUBLISHED" },
            orderBy: { code: "asc" },
            select: { id: true, slug: true, code: true, title: true, credits: true, language: true, level: true },
          },
        },
      },
      cohorts: {
        where: { archivedAt: null },
        orderBy: [{ startsOn: "desc" }, { name: "asc" }],
        select: {
          id: true,
          slug: true,
          name: true,
          startsOn: true,
          endsOn: true,
          _count: { select: { members: { where: { leftAt: null, role: "LEARNER" } } } },
          courses: {
            where: { course: { status: "PUBLISHED" } },
            orderBy: [{ dueOn: "asc" }],
            select: {
              startsOn: true,
              dueOn: true,
              course: { select: { id: true, slug: true, code: true, title: true, language: true } },
            },
          },
        },
      },
      courses: {
        where: { status: "PUBLISHED", termId: null },
        orderBy: { code: "asc" },
        select: { id: true, slug: true, code: true, title: true, credits: true, language: true, level: true },
      },
    },
  });
}
