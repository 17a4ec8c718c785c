// Certificates of completion. One is issued when an enrollment becomes COMPLETED, in the same
// transaction as that change and exactly once per enrollment (the unique enrollmentId and ON CONFLICT
// DO NOTHING), so a double submit, a recount or a completion taken back and given again never issues
// a second. Each has an unguessable public code that anyone can check at /certificates/<code>.
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";
import { can } from "~/auth/permissions";
import type { CertificateKind, Role } from "~/generated/prisma/client";
import { Prisma, prisma } from "~/lib/db.server";
import { defineRefusals } from "~/lib/refusal.server";
import { recordAuditEvent } from "~/models/audit-log.server";
import { isUuid, newUuidV7 } from "~/lib/uuid";

type Transaction = Prisma.TransactionClient;

/** 20 random bytes (160 bits), base32: as unguessable as a session token, and easy to read aloud. */
function newVerificationCode() {
  return encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(20)));
}

/** A public code has this shape; anything else is not looked up. */
const VERIFICATION_CODE_PATTERN = /^[a-z2-7]{32}$/;

/**
 * Issues the enrollment's certificate unless it has one, and then the program certificate of every
 * cohort whose assigned courses the learner has now all completed. Call inside the transaction that
 * marks the enrollment COMPLETED. Returns whether a course certificate was issued now.
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
  const issued = await tx.$queryRaw<{ userId: string }[]>`
    INSERT INTO "Certificate" ("id", "kind", "userId", "courseId", "enrollmentId", "verificationCode", "issuedAt")
    SELECT ${newUuidV7(now)}::uuid, 'COURSE', e."userId", e."courseId", e."id", ${newVerificationCode()}, ${now}
    FROM "Enrollment" e
    WHERE e."id" = ${enrollmentId}::uuid AND e."status" = 'COMPLETED'
    ON CONFLICT DO NOTHING
    RETURNING "userId"`;
  const learner = issued[0];
  if (!learner) return false;
  await issueCohortCertificates({ tx, userId: learner.userId, now });
  return true;
}

/**
 * The cohorts (still a member, as a learner) whose every assigned course the learner has completed,
 * and who hold no certificate for them yet.
 */
function cohortsCompletedBy(db: Transaction | typeof prisma, userId: string | null) {
  return db.$queryRaw<{ userId: string; cohortId: string }[]>`
    SELECT m."userId", m."cohortId"
    FROM "CohortMember" m
    WHERE (${userId}::uuid IS NULL OR m."userId" = ${userId}::uuid)
      AND m."role" = 'LEARNER' AND m."leftAt" IS NULL
      AND EXISTS (SELECT 1 FROM "CohortCourse" cc WHERE cc."cohortId" = m."cohortId")
      AND NOT EXISTS (
        SELECT 1 FROM "CohortCourse" cc
        WHERE cc."cohortId" = m."cohortId"
          AND NOT EXISTS (
            SELECT 1 FROM "Enrollment" e
            WHERE e."userId" = m."userId" AND e."courseId" = cc."courseId" AND e."status" = 'COMPLETED'
          )
      )
      AND NOT EXISTS (SELECT 1 FROM "Certificate" c WHERE c."userId" = m."userId" AND c."cohortId" = m."cohortId")`;
}

async function issueCohortCertificates({ tx, userId, now }: { tx: Transaction; userId: string; now: Date }) {
  for (const { cohortId } of await cohortsCompletedBy(tx, userId)) {
    await tx.$executeRaw`
      INSERT INTO "Certificate" ("id", "kind", "userId", "cohortId", "verificationCode", "issuedAt")
      VALUES (${newUuidV7(now)}::uuid, 'COHORT', ${userId}::uuid, ${cohortId}::uuid, ${newVerificationCode()}, ${now})
      ON CONFLICT DO NOTHING`;
  }
}

/**
 * Issues a certificate for every COMPLETED enrollment without one (enrollments completed before
 * certificates existed, and the demo's, which the seed writes as completed), then the program
 * certificates those completions earn. Returns how many were issued.
 */
export async function issueMissingCertificates({ db = prisma }: { db?: Transaction | typeof prisma } = {}) {
  const enrollments = await db.enrollment.findMany({
    where: { status: "COMPLETED", certificate: null },
    select: { id: true, userId: true, courseId: true, completedAt: true, updatedAt: true },
  });
  const courseCertificates = await db.certificate.createMany({
    data: enrollments.map((enrollment) => {
      const issuedAt = enrollment.completedAt ?? enrollment.updatedAt;
      return {
        id: newUuidV7(issuedAt),
        kind: "COURSE" as const,
        userId: enrollment.userId,
        courseId: enrollment.courseId,
        enrollmentId: enrollment.id,
        verificationCode: newVerificationCode(),
        issuedAt,
      };
    }),
    skipDuplicates: true,
  });
  const now = new Date();
  const cohortCertificates = await db.certificate.createMany({
    data: (await cohortsCompletedBy(db, null)).map(({ userId, cohortId }) => ({
      id: newUuidV7(now),
      kind: "COHORT" as const,
      userId,
      cohortId,
      verificationCode: newVerificationCode(),
      issuedAt: now,
    })),
    skipDuplicates: true,
  });
  return courseCertificates.count + cohortCertificates.count;
}

/** A certificate with what it attests, its program and (for a course) its instructors: one row. */
type CertificateRow = {
  id: string;
  kind: CertificateKind;
  verificationCode: string;
  statusListIndex: number;
  issuedAt: Date;
  revokedAt: Date | null;
  revokedReason: string | null;
  learnerId: string;
  learnerName: string;
  achievementId: string;
  achievementCode: string | null;
  achievementNameKo: string;
  achievementNameEn: string;
  credits: number | null;
  programNameKo: string;
  programNameEn: string;
  instructorIds: string[];
};

/**
 * Certificates matching `where`, each with its course, cohort or degree track and that one's
 * program, in one statement whatever the kind (Prisma's nested select sent one per relation).
 */
function selectCertificates(where: Prisma.Sql, limit: number) {
  return prisma.$queryRaw<CertificateRow[]>`
    SELECT c."id", c."kind"::text AS "kind", c."verificationCode", c."statusListIndex", c."issuedAt",
           c."revokedAt", c."revokedReason", u."id" AS "learnerId", u."name" AS "learnerName",
           COALESCE(co."id", k."id", t."id") AS "achievementId", co."code" AS "achievementCode",
           COALESCE(co."title", k."name", t."nameKo") AS "achievementNameKo",
           COALESCE(co."title", k."name", t."nameEn") AS "achievementNameEn",
           co."credits", p."nameKo" AS "programNameKo", p."nameEn" AS "programNameEn",
           COALESCE(
             (SELECT array_agg(ci."userId"::text ORDER BY ci."userId") FROM "CourseInstructor" ci
              WHERE ci."courseId" = co."id"),
             ARRAY[]::text[]
           ) AS "instructorIds"
    FROM "Certificate" c
    JOIN "User" u ON u."id" = c."userId"
    LEFT JOIN "Course" co ON co."id" = c."courseId"
    LEFT JOIN "Cohort" k ON k."id" = c."cohortId"
    LEFT JOIN "DegreeTrack" t ON t."id" = c."degreeTrackId"
    JOIN "Program" p ON p."id" = COALESCE(co."programId", k."programId", t."programId")
    WHERE ${where}
    ORDER BY c."issuedAt" DESC, c."id" DESC
    LIMIT ${limit}`;
}

/**
 * What a certificate attests, whatever its kind: the achievement's name in each language (a
 * course's own title in both), its catalog code and credits for a course, and its program.
 */
function toCertificateView(row: CertificateRow) {
  return {
    id: row.id,
    kind: row.kind,
    verificationCode: row.verificationCode,
    statusListIndex: row.statusListIndex,
    issuedAt: row.issuedAt,
    revokedAt: row.revokedAt,
    revokedReason: row.revokedReason,
    learner: { id: row.learnerId, name: row.learnerName },
    achievement: {
      id: row.achievementId,
      code: row.achievementCode,
      nameKo: row.achievementNameKo,
      nameEn: row.achievementNameEn,
      credits: row.credits,
    },
    program: { nameKo: row.programNameKo, nameEn: row.programNameEn },
    /** Who may revoke besides admins: the course's instructors (none for program certificates). */
    instructorIds: row.instructorIds,
  };
}

export type CertificateView = ReturnType<typeof toCertificateView>;

/**
 * A certificate as its public page, PDF and badge show it: who, what, which program, when, and
 * whether it still stands (with when and why it was revoked). Null for an unknown or malformed
 * code. Anyone may look. One statement.
 */
export async function findCertificateByCode({ code }: { code: string }): Promise<CertificateView | null> {
  if (!VERIFICATION_CODE_PATTERN.test(code)) return null;
  const [row] = await selectCertificates(Prisma.sql`c."verificationCode" = ${code}`, 1);
  return row ? toCertificateView(row) : null;
}

/** The learner's own certificates, newest first, for My learning. One statement. */
export async function listCertificatesForLearner({ userId }: { userId: string }) {
  const rows = await selectCertificates(Prisma.sql`c."userId" = ${userId}::uuid`, 50);
  return rows.map((row) => {
    const { verificationCode, kind, issuedAt, revokedAt, achievement } = toCertificateView(row);
    return { verificationCode, kind, issuedAt, revokedAt, achievement };
  });
}

export const CERTIFICATE_REFUSALS = defineRefusals({
  notAllowed: { status: 403, messageKey: "error.forbidden" },
  notFound: { status: 404, messageKey: "error.notFound" },
  alreadyRevoked: { status: 409, messageKey: "certificates.alreadyRevoked" },
  noDegreeTrack: { status: 409, messageKey: "certificates.noDegreeTrack" },
  creditsShort: { status: 409, messageKey: "certificates.creditsShort" },
  alreadyIssued: { status: 409, messageKey: "certificates.alreadyIssued" },
});

type CertificateRefusal = { ok: false; reason: keyof typeof CERTIFICATE_REFUSALS };

/**
 * Revokes a certificate with a reason, shown on its public page and published in the revocation
 * list its badge points to; audited with who, why and from where. Admins may revoke any; a course's
 * instructors those of their course. A certificate is revoked once: a second attempt (a double
 * click, another tab) is refused and changes nothing.
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
}): Promise<{ ok: true } | CertificateRefusal> {
  const certificate = await findCertificateByCode({ code });
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

/**
 * Whether the learner may be issued their degree track's certificate: the track, the credits earned
 * toward it (confirmed passing letters on credit courses), and the certificate if already issued.
 * Null for an unknown learner.
 */
export async function getDegreeCertificateStatus({ userId }: { userId: string }) {
  if (!isUuid(userId)) return null;
  const learner = await prisma.user.findUnique({
    where: { id: userId },
    select: {
      degreeTrack: { select: { id: true, nameKo: true, nameEn: true, requiredCredits: true } },
      certificates: { where: { kind: "DEGREE_TRACK" }, select: { degreeTrackId: true, verificationCode: true } },
    },
  });
  if (!learner) return null;
  const track = learner.degreeTrack;
  if (!track) return { track: null, creditsEarned: 0, certificateCode: null };
  const [earned] = await prisma.$queryRaw<{ credits: number }[]>`
    SELECT COALESCE(SUM(c."credits"), 0)::int AS "credits"
    FROM "FinalGrade" f JOIN "Course" c ON c."id" = f."courseId"
    WHERE f."userId" = ${userId}::uuid AND f."letter" NOT IN ('F', 'NP') AND c."credits" IS NOT NULL`;
  const held = learner.certificates.find((certificate) => certificate.degreeTrackId === track.id);
  return { track, creditsEarned: earned?.credits ?? 0, certificateCode: held?.verificationCode ?? null };
}

/**
 * An admin issues a graduate student their degree track's certificate, once they have earned its
 * required credits. Once per learner and track: a second attempt is refused. Audited.
 */
export async function issueDegreeCertificate({
  actor,
  userId,
  now = new Date(),
}: {
  actor: { id: string; role: Role; ipAddress?: string | null };
  userId: string;
  now?: Date;
}): Promise<{ ok: true; code: string } | CertificateRefusal> {
  if (!can(actor, "certificate:issue")) return { ok: false, reason: "notAllowed" };
  const status = await getDegreeCertificateStatus({ userId });
  if (!status) return { ok: false, reason: "notFound" };
  if (!status.track) return { ok: false, reason: "noDegreeTrack" };
  if (status.certificateCode) return { ok: false, reason: "alreadyIssued" };
  if (status.creditsEarned < status.track.requiredCredits) return { ok: false, reason: "creditsShort" };
  const track = status.track;
  const code = newVerificationCode();
  return prisma.$transaction(async (tx) => {
    const id = newUuidV7(now);
    const inserted = await tx.$executeRaw`
      INSERT INTO "Certificate" ("id", "kind", "userId", "degreeTrackId", "issuedById", "verificationCode", "issuedAt")
      VALUES (${id}::uuid, 'DEGREE_TRACK', ${userId}::uuid, ${track.id}::uuid, ${actor.id}::uuid, ${code}, ${now})
      ON CONFLICT DO NOTHING`;
    if (inserted === 0) return { ok: false, reason: "alreadyIssued" } as const;
    await recordAuditEvent({
      db: tx,
      actorId: actor.id,
      action: "certificate.issued",
      entityType: "Certificate",
      entityId: id,
      data: { code, userId, degreeTrackId: track.id, creditsEarned: status.creditsEarned },
      ipAddress: actor.ipAddress ?? null,
    });
    return { ok: true, code } as const;
  });
}
