// How this installation's demo places each course package (courses/<folder>/): its program and
// term, who teaches it, what it requires first, and which cohorts take it. These are installation
// data, not package data (see docs/course-package.md), so they live here and not in course.json.
import type { CourseInstructorRole, TermSeason } from "../../app/generated/prisma/enums";
import { INSTRUCTOR_EMAIL, INSTRUCTOR_EN_EMAIL } from "./people";

export type DemoCourseLinks = {
  /** The package's folder under courses/. */
  folder: string;
  programSlug: string;
  term?: { year: number; season: TermSeason };
  /** In the order the course page lists them. */
  instructors: { email: string; role: CourseInstructorRole }[];
  /** Folders of the courses to complete first. */
  prerequisites?: string[];
  cohorts?: { slug: string; startsOn: string; dueOn: string }[];
};

const FALL_2026 = { year: 2026, season: "FALL" } as const;

/** Every folder under courses/, in the order the seed imports them. */
export const COURSE_LINKS: readonly DemoCourseLinks[] = [
  {
    folder: "ai501",
    programSlug: "graduate-school-of-ai",
    term: FALL_2026,
    instructors: [{ email: INSTRUCTOR_EMAIL, role: "LEAD" }],
  },
  {
    folder: "ai502",
    programSlug: "graduate-school-of-ai",
    term: FALL_2026,
    instructors: [
      { email: INSTRUCTOR_EN_EMAIL, role: "LEAD" },
      { email: INSTRUCTOR_EMAIL, role: "CO_INSTRUCTOR" },
    ],
    prerequisites: ["ai501"],
  },
  {
    folder: "ai503",
    programSlug: "graduate-school-of-ai",
    term: FALL_2026,
    instructors: [{ email: INSTRUCTOR_EMAIL, role: "LEAD" }],
  },
  {
    folder: "aca101",
    programSlug: "ai-academy",
    instructors: [{ email: INSTRUCTOR_EMAIL, role: "LEAD" }],
    cohorts: [
      { slug: "academy-2026-spring-vision", startsOn: "2026-03-02", dueOn: "2026-08-21" },
      // The fall cohort's first course, due before its second begins in earnest.
      { slug: "academy-2026-fall-data", startsOn: "2026-10-05", dueOn: "2026-11-06" },
    ],
  },
  {
    folder: "aca201",
    programSlug: "ai-academy",
    instructors: [{ email: INSTRUCTOR_EMAIL, role: "LEAD" }],
    cohorts: [{ slug: "academy-2026-fall-data", startsOn: "2026-10-05", dueOn: "2026-12-11" }],
  },
  {
    folder: "aca301",
    programSlug: "ai-academy",
    instructors: [
      { email: INSTRUCTOR_EN_EMAIL, role: "LEAD" },
      { email: INSTRUCTOR_EMAIL, role: "CO_INSTRUCTOR" },
    ],
    cohorts: [{ slug: "academy-2026-fall-mlops", startsOn: "2026-10-12", dueOn: "2026-12-18" }],
  },
  {
    // A draft being written for next spring's cohort: it must not appear in any catalog.
    folder: "aca302",
    programSlug: "ai-academy",
    instructors: [{ email: INSTRUCTOR_EMAIL, role: "LEAD" }],
  },
];
