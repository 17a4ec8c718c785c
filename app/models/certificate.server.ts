// Certificates of completion. One is issued when an enrollment becomes COMPLETED, in the same
// transaction as that change and exactly once per enrollment (the unique enrollmentId and ON CONFLICT
// DO NOTHING), so a double submit, a recount or a completion taken back and given again never issues
// a second. Each has an unguessable public code that anyone can check at /certificates/<code>.
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";
import { Prisma, prisma } from "~/lib/db.server";
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
