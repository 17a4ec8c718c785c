// Builders for catalog tests: terms, and courses with every field the catalog shows or filters on.
import type { Database } from "../../app/lib/prisma-client.server";
import type { CourseLevel, CourseStatus, Locale, TermSeason } from "../../app/generated/prisma/client";
import { uniqueSuffix } from "./index";

export async function createTerm(
  db: Database,
  { programId, year, season }: { programId: string; year: number; season: TermSeason },
) {
  const seasonStartMonth = { SPRING: 2, SUMMER: 5, FALL: 8, WINTER: 11 }[season];
  return db.term.create({
    data: {
      programId,
      year,
      season,
      startsOn: new Date(Date.UTC(year, seasonStartMonth, 1)),
      endsOn: new Date(Date.UTC(year, seasonStartMonth + 3, 0)),
    },
  });
}

export type CatalogCourseOverrides = {
  programId: string;
  termId?: string | null;
  code?: string;
  title?: string;
  summary?: string;
  status?: CourseStatus;
  level?: CourseLevel;
  language?: Locale;
  tags?: string[];
  credits?: number | null;
  capacity?: number | null;
  seatsTakenCount?: number;
  publishedAt?: Date | null;
  /** Instructor user ids in display order; the first is the lead. */
  instructorIds?: string[];
};

export async function createCatalogCourse(db: Database, overrides: CatalogCourseOverrides) {
  const suffix = uniqueSuffix();
  const status = overrides.status ?? "PUBLISHED";
  return db.course.create({
    data: {
      programId: overrides.programId,
      termId: overrides.termId ?? null,
      slug: `course-${suffix}`,
      code: overrides.code ?? `T${suffix.slice(0, 4).toUpperCase()}`,
      title: overrides.title ?? `Test Course ${suffix}`,
      summary: overrides.summary ?? `Summary of test course ${suffix}.`,
      status,
      level: overrides.level ?? "BEGINNER",
      language: overrides.language ?? "ko",
      tags: overrides.tags ?? [],
      credits: overrides.credits ?? null,
      capacity: overrides.capacity ?? null,
      seatsTakenCount: overrides.seatsTakenCount ?? 0,
      publishedAt:
        overrides.publishedAt !== undefined ? overrides.publishedAt : status === "PUBLISHED" ? new Date() : null,
      instructors: {
        create: (overrides.instructorIds ?? []).map((userId, position) => ({
          userId,
          position,
          role: position === 0 ? "LEAD" : "CO_INSTRUCTOR",
        })),
      },
    },
  });
}
