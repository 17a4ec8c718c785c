// Course announcements: posted by a course's instructors, shown on the course page to its learners
// and on My learning, and mailed through the outbox to each learner in their language (the
// announcement itself stays in the words it was written in).
import { can } from "~/auth/permissions";
import type { Locale, Role } from "~/generated/prisma/client";
import { prisma } from "~/lib/db.server";
import { getMailT } from "~/lib/i18n.server";
import { renderMarkdown } from "~/lib/markdown.server";
import { defineRefusals } from "~/lib/refusal.server";
import { getLinkOrigin } from "~/lib/request.server";
import { getCourseTeachers } from "~/models/course.server";
import { enqueueEmails } from "~/models/email-outbox.server";
import { oncePerSubmission } from "~/models/form-submission.server";

export const ANNOUNCEMENT_REFUSALS = defineRefusals({
  notFound: { status: 404, messageKey: "error.notFound" },
  notAllowed: { status: 403, messageKey: "error.forbidden" },
});

/** Learners an announcement reaches: those in the course, finished or not. */
const REACHED_STATUSES = ["ACTIVE", "COMPLETED"] as const;

/**
 * Posts an announcement to a course and, in the same transaction, queues a mail to each of its
 * learners, so either both happen or neither.
 */
export async function postAnnouncement({
  actor,
  courseId,
  title,
  bodyMarkdown,
  submissionKey,
  now = new Date(),
}: {
  actor: { id: string; role: Role };
  courseId: string;
  title: string;
  bodyMarkdown: string;
  /** The form's one-time key: a repeat of the same post (a double click) posts and mails nothing more. */
  submissionKey?: string;
  now?: Date;
}): Promise<
  { ok: true; announcementId: string; mailedCount: number } | { ok: false; reason: keyof typeof ANNOUNCEMENT_REFUSALS }
> {
  const teachers = await getCourseTeachers({ courseId });
  if (!teachers) return { ok: false, reason: "notFound" };
  if (!can(actor, "course:manage", teachers)) return { ok: false, reason: "notAllowed" };
  const translators = { ko: await getMailT("ko"), en: await getMailT("en") } satisfies Record<Locale, unknown>;
  return prisma.$transaction(async (tx) => {
    let mailedCount = 0;
    const { id, isRepeat } = await oncePerSubmission(tx, { key: submissionKey, userId: actor.id }, async () => {
      const course = await tx.course.findUniqueOrThrow({
        where: { id: courseId },
        select: { title: true, slug: true },
      });
      const announcement = await tx.announcement.create({
        data: {
          courseId,
          authorId: actor.id,
          title,
          bodyMarkdown,
          bodyHtml: renderMarkdown(bodyMarkdown),
          publishedAt: now,
        },
        select: { id: true },
      });
      const learners = await tx.enrollment.findMany({
        where: { courseId, status: { in: [...REACHED_STATUSES] }, user: { deactivatedAt: null } },
        select: { user: { select: { email: true, name: true, locale: true } } },
      });
      const link = `${getLinkOrigin()}/courses/${course.slug}`;
      await enqueueEmails({
        db: tx,
        mails: learners.map(({ user }) => {
          const t = translators[user.locale];
          const vars = { name: user.name, courseTitle: course.title, title, body: bodyMarkdown, link };
          return { to: user.email, subject: t("announcement.subject", vars), text: t("announcement.body", vars) };
        }),
      });
      mailedCount = learners.length;
      return announcement.id;
    });
    // A repeat (the second post of a double click) tells the author what the first one did.
    if (isRepeat) {
      mailedCount = await tx.enrollment.count({
        where: { courseId, status: { in: [...REACHED_STATUSES] }, user: { deactivatedAt: null } },
      });
    }
    return { ok: true, announcementId: id, mailedCount } as const;
  });
}

const announcementSelect = {
  id: true,
  title: true,
  bodyHtml: true,
  publishedAt: true,
  author: { select: { name: true } },
} as const;

/** A course's latest announcements, newest first. */
export async function listCourseAnnouncements({ courseId, take = 5 }: { courseId: string; take?: number }) {
  return prisma.announcement.findMany({
    where: { courseId, publishedAt: { not: null } },
    orderBy: [{ publishedAt: "desc" }, { id: "desc" }],
    take,
    select: announcementSelect,
  });
}

/** The latest announcements of the courses a learner is taking, newest first, for My learning. */
export async function listAnnouncementsForLearner({ userId, take = 5 }: { userId: string; take?: number }) {
  return prisma.announcement.findMany({
    where: {
      publishedAt: { not: null },
      course: { enrollments: { some: { userId, status: { in: [...REACHED_STATUSES] } } } },
    },
    orderBy: [{ publishedAt: "desc" }, { id: "desc" }],
    take,
    select: { ...announcementSelect, course: { select: { slug: true, code: true, title: true } } },
  });
}
