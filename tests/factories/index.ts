// Test data builders: each test makes exactly the rows it asserts on, with unique names, so tests
// never depend on the demo seed or on each other.
import { randomBytes } from "node:crypto";
import { hashPassword } from "../../app/auth/password.server";
import type { Database } from "../../app/lib/prisma-client.server";
import type { CourseStatus, LessonKind, ProgramKind, Role } from "../../app/generated/prisma/client";

export function uniqueSuffix() {
  return randomBytes(4).toString("hex");
}

/** A user; with `password`, one who can log in with it (an Argon2 hash costs ~40 ms, so only when asked). */
export async function createUser(
  db: Database,
  overrides: { role?: Role; name?: string; email?: string; password?: string } = {},
) {
  const suffix = uniqueSuffix();
  return db.user.create({
    data: {
      email: overrides.email ?? `user-${suffix}@test.bitgoeul.example`,
      name: overrides.name ?? `Test User ${suffix}`,
      role: overrides.role ?? "LEARNER",
      passwordHash: overrides.password ? await hashPassword(overrides.password) : null,
    },
  });
}

export async function createProgram(db: Database, overrides: { kind?: ProgramKind; position?: number } = {}) {
  const suffix = uniqueSuffix();
  return db.program.create({
    data: {
      slug: `program-${suffix}`,
      kind: overrides.kind ?? "ACADEMY",
      nameKo: `테스트 프로그램 ${suffix}`,
      nameEn: `Test Program ${suffix}`,
      descriptionKo: "테스트용 프로그램입니다.",
      descriptionEn: "A program made by a test.",
      position: overrides.position ?? 100,
    },
  });
}

export async function createCourse(
  db: Database,
  { programId, status = "PUBLISHED", title }: { programId: string; status?: CourseStatus; title?: string },
) {
  const suffix = uniqueSuffix();
  return db.course.create({
    data: {
      programId,
      slug: `course-${suffix}`,
      code: `T${suffix.slice(0, 4).toUpperCase()}`,
      title: title ?? `Test Course ${suffix}`,
      summary: `Summary of test course ${suffix}.`,
      status,
      publishedAt: status === "PUBLISHED" ? new Date() : null,
    },
  });
}

export async function createModuleWithLessons(
  db: Database,
  {
    courseId,
    position = 1,
    lessons,
  }: {
    courseId: string;
    position?: number;
    lessons: { title: string; kind?: LessonKind; durationMinutes?: number; isPublished?: boolean }[];
  },
) {
  return db.$transaction(async (tx) => {
    const courseModule = await tx.module.create({
      data: { courseId, position, title: `Module ${position} ${uniqueSuffix()}` },
    });
    for (const [index, lesson] of lessons.entries()) {
      await tx.lesson.create({
        data: {
          courseId,
          moduleId: courseModule.id,
          slug: `lesson-${uniqueSuffix()}`,
          position: index + 1,
          title: lesson.title,
          kind: lesson.kind ?? "ARTICLE",
          durationMinutes: lesson.durationMinutes ?? 10,
          status: lesson.isPublished === false ? "DRAFT" : "PUBLISHED",
          markdown: `Notes for ${lesson.title}.`,
          html: `<p>Notes for ${lesson.title}.</p>`,
        },
      });
    }
    return courseModule;
  });
}
