// Nudges: a short reminder mailed to learners at risk, from a cohort's at-risk list (admins) or a
// course's (its instructors). Each learner gets one plain-text mail in their own language, written
// to the outbox in the same transaction as the Nudge rows that point at it and the one audit entry,
// so either all of it happens or none. The wording is the sender's, with two placeholders filled per
// learner ({{name}}, {{link}} to their My learning page) and nothing else interpreted. A cohort
// keeps the wording last sent from it, to prefill the next time; a course always starts from the
// built-in wording (mail.json, "nudge").
//
// Only learners of the list's population may be nudged: a cohort's current LEARNER members, a
// course's ACTIVE learners (at risk or not at the moment of sending: a list a minute old must not
// refuse someone who just opened a lesson). One id outside it refuses the whole nudge.
import { can } from "~/auth/permissions";
import type { Locale, Role } from "~/generated/prisma/client";
import { fillNudgeTemplate, nudgeSchema, type NudgeMessage } from "~/lib/at-risk-forms";
import { Prisma, prisma } from "~/lib/db.server";
import { getMailT } from "~/lib/i18n.server";
import { defineRefusals } from "~/lib/refusal.server";
import { getLinkOrigin } from "~/lib/request.server";
import { isUuid } from "~/lib/uuid";
import { recordAuditEvent } from "~/models/audit-log.server";
import { getCourseTeachers } from "~/models/course.server";
import { enqueueEmails } from "~/models/email-outbox.server";
import { findSubmissionResult, oncePerSubmission } from "~/models/form-submission.server";

type Actor = { id: string; role: Role; ipAddress?: string | null };

export const NUDGE_REFUSALS = defineRefusals({
  notAllowed: { status: 403, messageKey: "error.forbidden" },
  notFound: { status: 404, messageKey: "error.notFound" },
  /** A subject or body the form's schema refuses (the route parses first; this is the model's own check). */
  invalid: { status: 400, messageKey: "error.badRequest" },
  tooMany: { status: 400, messageKey: "atRisk.nudge.tooMany", field: "learnerIds" },
  notInList: { status: 400, messageKey: "atRisk.nudge.notInList", field: "learnerIds" },
});

type NudgeRefusal = { ok: false; reason: keyof typeof NUDGE_REFUSALS };

const NUDGE_TRANSACTION_OPTIONS = { maxWait: 15_000, timeout: 60_000 } as const;

/** The built-in nudge in both languages, its placeholders as they are ("{{name}}"), to prefill the form. */
export async function builtInNudgeMessage(): Promise<NudgeMessage> {
  const [ko, en] = await Promise.all([getMailT("ko"), getMailT("en")]);
  const raw = { skipInterpolation: true } as const;
  return {
    subjectKo: ko("nudge.subject", raw),
    bodyKo: ko("nudge.body", raw),
    subjectEn: en("nudge.subject", raw),
    bodyEn: en("nudge.body", raw),
  };
}

/** What the nudge form starts with: the wording saved on the cohort, each part the built-in one where none is. */
export async function nudgeMessageToPrefill(
  saved: { [Key in keyof NudgeMessage]: string | null } | null,
): Promise<NudgeMessage> {
  const builtIn = await builtInNudgeMessage();
  return {
    subjectKo: saved?.subjectKo ?? builtIn.subjectKo,
    bodyKo: saved?.bodyKo ?? builtIn.bodyKo,
    subjectEn: saved?.subjectEn ?? builtIn.subjectEn,
    bodyEn: saved?.bodyEn ?? builtIn.bodyEn,
  };
}

type Audience = { cohortId: string; courseId?: undefined } | { courseId: string; cohortId?: undefined };

/**
 * Mails a nudge to each of `learnerIds` (at most MAX_NUDGE_LEARNERS) in their language, records a
 * Nudge per learner with its outbox mail, one "learner.nudged" audit entry, and, from a cohort, saves
 * the wording on it (a part equal to the built-in wording is saved as null, so it follows future
 * improvements). The form's one-time key makes a double submit send once: the repeat answers with
 * what the first did. Returns how many learners were nudged.
 */
export async function sendNudges({
  actor,
  learnerIds,
  submissionKey,
  now = new Date(),
  ...rest
}: Audience &
  NudgeMessage & {
    actor: Actor;
    learnerIds: readonly string[];
    submissionKey?: string;
    now?: Date;
  }): Promise<{ ok: true; count: number; isRepeat: boolean } | NudgeRefusal> {
  const audience: Audience = rest.cohortId !== undefined ? { cohortId: rest.cohortId } : { courseId: rest.courseId! };
  const allowed = await authorize(actor, audience);
  if (!allowed.ok) return allowed;

  const parsed = nudgeSchema.safeParse({
    learnerIds: [...learnerIds],
    subjectKo: rest.subjectKo,
    bodyKo: rest.bodyKo,
    subjectEn: rest.subjectEn,
    bodyEn: rest.bodyEn,
  });
  if (!parsed.success) {
    const isTooMany = parsed.error.issues.some((issue) => issue.message === "atRisk.nudge.tooMany");
    return { ok: false, reason: isTooMany ? "tooMany" : "invalid" };
  }
  const { learnerIds: ids, ...message } = parsed.data;

  const earlier = submissionKey ? await findSubmissionResult({ key: submissionKey, userId: actor.id }) : null;
  if (earlier) return { ok: true, count: await nudgedCountOf(earlier), isRepeat: true };

  const builtIn = await builtInNudgeMessage();
  const link = `${getLinkOrigin()}/learn`;

  return prisma.$transaction(async (tx) => {
    const learners =
      audience.cohortId !== undefined
        ? (
            await tx.cohortMember.findMany({
              where: {
                cohortId: audience.cohortId,
                userId: { in: ids },
                role: "LEARNER",
                leftAt: null,
                user: { deactivatedAt: null },
              },
              select: { user: { select: { id: true, name: true, email: true, locale: true } } },
            })
          ).map(({ user }) => user)
        : (
            await tx.enrollment.findMany({
              where: {
                courseId: audience.courseId,
                userId: { in: ids },
                status: "ACTIVE",
                user: { deactivatedAt: null },
              },
              select: { user: { select: { id: true, name: true, email: true, locale: true } } },
            })
          ).map(({ user }) => user);
    if (learners.length !== ids.length) return { ok: false, reason: "notInList" } as const;

    const { id, isRepeat } = await oncePerSubmission(tx, { key: submissionKey, userId: actor.id }, async () => {
      // In name order, so the outbox sends them in a predictable order.
      const ordered = [...learners].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
      const mails = ordered.map((learner) => {
        const wording = wordingFor(message, learner.locale);
        const values = { name: learner.name, link };
        const subject = fillNudgeTemplate(wording.subject, values).replace(/\s+/g, " ").trim();
        return { learner, to: learner.email, subject, text: fillNudgeTemplate(wording.body, values) };
      });
      // Addresses are unique per account, so each queued mail is found by its address.
      const queued = new Map((await enqueueEmails({ db: tx, mails })).map((mail) => [mail.toAddress, mail.id]));
      const nudges = mails.map(({ learner, to, subject }) => ({
        ...(audience.cohortId !== undefined ? { cohortId: audience.cohortId } : { courseId: audience.courseId }),
        userId: learner.id,
        sentById: actor.id,
        subject,
        emailId: queued.get(to) ?? null,
        createdAt: now,
      }));
      await tx.nudge.createMany({ data: nudges });
      if (audience.cohortId !== undefined) {
        await tx.cohort.update({
          where: { id: audience.cohortId },
          data: {
            nudgeSubjectKo: message.subjectKo === builtIn.subjectKo ? null : message.subjectKo,
            nudgeBodyKo: message.bodyKo === builtIn.bodyKo ? null : message.bodyKo,
            nudgeSubjectEn: message.subjectEn === builtIn.subjectEn ? null : message.subjectEn,
            nudgeBodyEn: message.bodyEn === builtIn.bodyEn ? null : message.bodyEn,
          },
          select: { id: true },
        });
      }
      const entry = await recordAuditEvent({
        db: tx,
        actorId: actor.id,
        action: "learner.nudged",
        entityType: audience.cohortId !== undefined ? "Cohort" : "Course",
        entityId: audience.cohortId ?? audience.courseId!,
        data: {
          ...(audience.cohortId !== undefined ? { cohortId: audience.cohortId } : { courseId: audience.courseId! }),
          count: ordered.length,
          learnerIds: ordered.map((learner) => learner.id),
          subjectKo: message.subjectKo,
          subjectEn: message.subjectEn,
        },
        ipAddress: actor.ipAddress,
      });
      return entry.id;
    });
    if (isRepeat) return { ok: true, count: await nudgedCountOf(id, tx), isRepeat: true } as const;
    return { ok: true, count: learners.length, isRepeat: false } as const;
  }, NUDGE_TRANSACTION_OPTIONS);
}

async function authorize(actor: Actor, audience: Audience): Promise<{ ok: true } | NudgeRefusal> {
  if (audience.cohortId !== undefined) {
    // The cohort's list is an admin's page, so is nudging from it.
    if (!can(actor, "cohort:manage") || !can(actor, "learner:nudge")) return { ok: false, reason: "notAllowed" };
    if (!isUuid(audience.cohortId)) return { ok: false, reason: "notFound" };
    const cohort = await prisma.cohort.findUnique({ where: { id: audience.cohortId }, select: { id: true } });
    return cohort ? { ok: true } : { ok: false, reason: "notFound" };
  }
  const teachers = await getCourseTeachers({ courseId: audience.courseId });
  if (!teachers) return { ok: false, reason: "notFound" };
  return can(actor, "learner:nudge", teachers) ? { ok: true } : { ok: false, reason: "notAllowed" };
}

function wordingFor(message: NudgeMessage, locale: Locale) {
  return locale === "en"
    ? { subject: message.subjectEn, body: message.bodyEn }
    : { subject: message.subjectKo, body: message.bodyKo };
}

/** How many learners the nudge audited as `auditId` reached (the answer to a repeated post). */
async function nudgedCountOf(auditId: string, db: Prisma.TransactionClient | typeof prisma = prisma) {
  const entry = await db.auditLog.findUnique({ where: { id: auditId }, select: { data: true } });
  const data = entry?.data as { count?: unknown } | undefined;
  return typeof data?.count === "number" ? data.count : 0;
}
