// Certificates of completion. One is issued when an enrollment becomes COMPLETED, in the same
// transaction as that change and exactly once per enrollment (the unique enrollmentId and ON CONFLICT
// DO NOTHING), so a double submit, a recount or a completion taken back and given again never issues
// a second. Each has an unguessable public code that anyone can check at /certificates/<code>.
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";
import { can } from "~/auth/permissions";
import type { Role } from "~/generated/prisma/client";
import { Prisma, prisma } from "~/lib/db.server";
import { defineRefusals } from "~/lib/refusal.server";
import { recordAuditEvent } from "~/models/audit-log.server";
import { newUuidV7 } from "~/lib/uuid";

type Transaction = Prisma.TransactionClient;

/** 20 random bytes (160 bits), base32: as unguessable as a session token, and easy to read aloud. */
function newVerificationCode() {
  return encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(20)));
}

/** A public code has this shape; anything else is not looked up. */
const VERIFICATION_CODE_PATTERN = /^[a-z2-7]{32}$/;

/**
 * Issues the enrollment's certificate unless it has one. Call inside the transaction that marks the
 * enrollment COMPLETED. Returns whether one was issued now.
 */
export async function issueCertificate({
  tx,
  enrollmentId,
  now,
}: {
  tx: Transaction;
  enrollmentId: string;
  now: Date;
}): Promise<boolean> {
  const issued = await tx.$executeRaw`
    INSERT INTO "Certificate" ("id", "userId", "courseId", "enrollmentId", "verificationCode", "issuedAt")
    SELECT ${newUuidV7(now)}::uuid, e."userId", e."courseId", e."id", ${newVerificationCode()}, ${now}
    FROM "Enrollment" e
    WHERE e."id" = ${enrollmentId}::uuid AND e."status" = 'COMPLETED'
    ON CONFLICT DO NOTHING`;
  return issued === 1;
}

/**
 * Issues a certificate for every COMPLETED enrollment without one (enrollments completed before
 * certificates existed, and the demo's, which the seed writes as completed). One statement.
 */
export async function issueMissingCertificates({ db = prisma }: { db?: Transaction | typeof prisma } = {}) {
  const enrollments = await db.enrollment.findMany({
    where: { status: "COMPLETED", certificate: null },
    select: { id: true, userId: true, courseId: true, completedAt: true, updatedAt: true },
  });
  if (enrollments.length === 0) return 0;
  return db.certificate
    .createMany({
      data: enrollments.map((enrollment) => {
        const issuedAt = enrollment.completedAt ?? enrollment.updatedAt;
        return {
          id: newUuidV7(issuedAt),
          userId: enrollment.userId,
          courseId: enrollment.courseId,
          enrollmentId: enrollment.id,
          verificationCode: newVerificationCode(),
          issuedAt,
        };
      }),
      skipDuplicates: true,
    })
    .then((result) => result.count);
}

/**
 * What a certificate's public page shows: who, which course and program, when, and whether it still
 * stands (with when and why it was revoked). Null for an unknown or malformed code. Anyone may look.
 */
export async function findCertificateByCode({ code }: { code: string }) {
  if (!VERIFICATION_CODE_PATTERN.test(code)) return null;
  return prisma.certificate.findUnique({
    where: { verificationCode: code },
    select: {
      verificationCode: true,
      issuedAt: true,
      revokedAt: true,
      revokedReason: true,
      user: { select: { name: true } },
      course: {
        select: {
          code: true,
          title: true,
          credits: true,
          program: { select: { nameKo: true, nameEn: true } },
        },
      },
    },
  });
}

/** The learner's own certificates, newest first, for My learning. */
export async function listCertificatesForLearner({ userId }: { userId: string }) {
  return prisma.certificate.findMany({
    where: { userId },
    orderBy: [{ issuedAt: "desc" }, { id: "desc" }],
    take: 20,
    select: {
      verificationCode: true,
      issuedAt: true,
      revokedAt: true,
      course: { select: { code: true, title: true } },
    },
  });
}

export const CERTIFICATE_REFUSALS = defineRefusals({
  notAllowed: { status: 403, messageKey: "error.forbidden" },
  notFound: { status: 404, messageKey: "error.notFound" },
  alreadyRevoked: { status: 409, messageKey: "certificates.alreadyRevoked" },
});

/**
 * Who may revoke a certificate: admins, and the instructors of its course. Null for an unknown code.
 * The public page asks, to show the revoke form only to them; revokeCertificate asks again.
 */
export async function findCertificateRevoker({ code }: { code: string }) {
  if (!VERIFICATION_CODE_PATTERN.test(code)) return null;
  const found = await prisma.certificate.findUnique({
    where: { verificationCode: code },
    select: { id: true, course: { select: { instructors: { select: { userId: true } } } } },
  });
  return found ? { id: found.id, instructorIds: found.course.instructors.map((i) => i.userId) } : null;
}

/**
 * Revokes a certificate with a reason, shown on its public page; audited with who, why and from
 * where. A certificate is revoked once: a second attempt (a double click, another tab) is refused
 * and changes nothing.
 */
export async function revokeCertificate({
  actor,
  code,
  reason,
  now = new Date(),
}: {
  actor: { id: string; role: Role; ipAddress?: string | null };
  code: string;
  reason: string;
  now?: Date;
}): Promise<{ ok: true } | { ok: false; reason: keyof typeof CERTIFICATE_REFUSALS }> {
  const certificate = await findCertificateRevoker({ code });
  if (!certificate) return { ok: false, reason: "notFound" };
  if (!can(actor, "certificate:revoke", { instructorIds: certificate.instructorIds })) {
    return { ok: false, reason: "notAllowed" };
  }
  return prisma.$transaction(async (tx) => {
    const revoked = await tx.certificate.updateMany({
      where: { id: certificate.id, revokedAt: null },
      data: { revokedAt: now, revokedReason: reason },
    });
    if (revoked.count === 0) return { ok: false, reason: "alreadyRevoked" } as const;
    await recordAuditEvent({
      db: tx,
      actorId: actor.id,
      action: "certificate.revoked",
      entityType: "Certificate",
      entityId: certificate.id,
      data: { code, reason },
      ipAddress: actor.ipAddress ?? null,
    });
    return { ok: true } as const;
  });
}
