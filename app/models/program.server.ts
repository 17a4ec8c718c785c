import { prisma } from "~/lib/db.server";

/** Every program, in display order, with its published courses for the catalog on the home page. */
export async function listProgramsWithPublishedCourses() {
  return prisma.program.findMany({
    orderBy: [{ position: "asc" }, { nameEn: "asc" }],
    select: {
      id: true,
      slug: true,
      kind: true,
      nameKo: true,
      nameEn: true,
      descriptionKo: true,
      descriptionEn: true,
      courses: {
        where: { status: "PUBLISHED" },
        orderBy: [{ code: "asc" }, { title: "asc" }],
        select: {
          id: true,
          slug: true,
          code: true,
          title: true,
          summary: true,
          credits: true,
          level: true,
          language: true,
          term: { select: { year: true, season: true } },
        },
      },
    },
  });
}
