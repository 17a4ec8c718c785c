// The instructor studio's courses: the list an instructor teaches, creating a draft, and the
// building blocks that import and duplication share (a free slug, the lead instructor).
import type { Prisma } from "~/generated/prisma/client";

type Transaction = Prisma.TransactionClient;

/** Lower-case ASCII letters, digits and dashes: what a course slug may hold. */
export function slugify(text: string) {
  return text
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
}

/**
 * `base` as a slug if no course has it, else with the first free `-2`, `-3`… suffix. Run inside the
 * transaction that creates the course; the unique index settles a race between two.
 */
export async function findFreeCourseSlug({ tx, base }: { tx: Transaction; base: string }) {
  const stem = slugify(base) || "course";
  const taken = await tx.course.findMany({
    where: { slug: { startsWith: stem } },
    select: { slug: true },
  });
  const takenSlugs = new Set(taken.map((course) => course.slug));
  if (!takenSlugs.has(stem)) return stem;
  for (let suffix = 2; ; suffix++) {
    const candidate = `${stem}-${suffix}`;
    if (!takenSlugs.has(candidate)) return candidate;
  }
}

/** Makes `userId` the course's LEAD instructor (first in the list), in the caller's transaction. */
export async function addLeadInstructor({
  tx,
  courseId,
  userId,
}: {
  tx: Transaction;
  courseId: string;
  userId: string;
}) {
  await tx.courseInstructor.upsert({
    where: { courseId_userId: { courseId, userId } },
    create: { courseId, userId, role: "LEAD", position: 0 },
    update: { role: "LEAD" },
    select: { courseId: true },
  });
}
