// A cohort's members imported from a CSV file, in two steps. The preview reads the file
// (app/lib/csv-upload.server.ts), checks every row (app/lib/member-import.ts for what a row must hold
// on its own; here, against the accounts that exist) and, when nothing is wrong, keeps the rows as a
// CohortImport for a day. Confirming claims that import once and, in one transaction: creates the
// missing accounts (learners without a password, invited by mail to set one), gives existing accounts
// that have no student number the file's, adds everyone as a learner (taking back someone who had
// left, as addCohortMember does), enrolls them in the cohort's assigned courses and writes the audit
// entry. Either all of it commits or none of it does.
//
// Bulk work is set-based: each step here, and the enrollments (enrollCohortLearners) and mails
// (enqueueEmails) it asks for, is one INSERT … SELECT FROM unnest for the whole file, so the
// statements sent do not grow with the rows (a test counts them). Measured here (embedded PostgreSQL
// 18, 2 cores, a test suite running beside it; the test "imports 5,000 rows"): a 5,000-row file
// previews in 0.3 s and confirms in 1.8 s. Through Prisma's createMany, the enrollments and mails
// alone had taken 4–11 s: most of it preparing the rows' parameters.
import { z } from "zod";
import { can } from "~/auth/permissions";
import { generateSessionToken, hashSessionToken } from "~/auth/session.server";
import type { Locale, Role } from "~/generated/prisma/client";
import { readCsvUpload } from "~/lib/csv-upload.server";
import { Prisma, prisma } from "~/lib/db.server";
import { formatDateTime } from "~/lib/format";
import { getMailT } from "~/lib/i18n.server";
import {
  MEMBER_IMPORT_MAX_ROWS,
  readMemberHeader,
  readMemberRows,
  type MemberRow,
  type MemberRowIssue,
} from "~/lib/member-import";
import { defineRefusals } from "~/lib/refusal.server";
import { getLinkOrigin } from "~/lib/request.server";
import { readSingleUpload } from "~/lib/upload.server";
import { isUuid, newUuidV7 } from "~/lib/uuid";
import { recordAuditEvent } from "~/models/audit-log.server";
import { enqueueEmails } from "~/models/email-outbox.server";
import { enrollCohortLearners } from "~/models/enrollment.server";

type Transaction = Prisma.TransactionClient;
type Actor = { id: string; role: Role; ipAddress?: string | null };

/** Messages take `line`, `column`, `position`, `max`, `maxSize` and `fileName` as each needs. */
export const COHORT_IMPORT_REFUSALS = defineRefusals({
  notAllowed: { status: 403, messageKey: "error.forbidden" },
  notFound: { status: 404, messageKey: "error.notFound" },
  // The upload itself (app/lib/upload.server.ts).
  noFile: { status: 400, messageKey: "cohorts.import.refusals.noFile" },
  emptyFile: { status: 400, messageKey: "cohorts.import.refusals.empty" },
  tooLarge: { status: 413, messageKey: "cohorts.import.refusals.tooLarge" },
  tooManyFiles: { status: 413, messageKey: "cohorts.import.refusals.tooManyFiles" },
  wrongType: { status: 415, messageKey: "cohorts.import.refusals.wrongType" },
  malformed: { status: 400, messageKey: "cohorts.import.refusals.uploadMalformed" },
  // The file as CSV.
  empty: { status: 400, messageKey: "cohorts.import.refusals.empty" },
  notText: { status: 415, messageKey: "cohorts.import.refusals.notText" },
  csvMalformed: { status: 400, messageKey: "cohorts.import.refusals.csvMalformed" },
  unknownColumn: { status: 400, messageKey: "cohorts.import.refusals.unknownColumn" },
  blankColumn: { status: 400, messageKey: "cohorts.import.refusals.blankColumn" },
  duplicateColumn: { status: 400, messageKey: "cohorts.import.refusals.duplicateColumn" },
  missingColumn: { status: 400, messageKey: "cohorts.import.refusals.missingColumn" },
  noRows: { status: 400, messageKey: "cohorts.import.refusals.noRows" },
  tooManyRows: { status: 400, messageKey: "cohorts.import.refusals.tooManyRows" },
  // Confirming.
  importNotFound: { status: 404, messageKey: "cohorts.import.refusals.importNotFound" },
  expired: { status: 410, messageKey: "cohorts.import.refusals.expired" },
  alreadyConfirmed: { status: 409, messageKey: "cohorts.import.refusals.alreadyConfirmed" },
  changed: { status: 409, messageKey: "cohorts.import.refusals.changed" },
  conflict: { status: 409, messageKey: "cohorts.import.refusals.conflict" },
});

type Reason = keyof typeof COHORT_IMPORT_REFUSALS;

/** A refusal, with the facts its message names. */
export type CohortImportRefusal = {
  ok: false;
  reason: Reason;
  line?: number;
  column?: string;
  position?: number;
  max?: number;
  fileName?: string;
  /** For `changed`: the rows that are now wrong, each with its messages. */
  rows?: CohortImportRow[];
};

/** How long a preview may be confirmed. */
export const COHORT_IMPORT_LIFETIME_MS = 24 * 60 * 60 * 1000;
/** How long an invited learner's link to set a password works. */
export const INVITATION_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;
/** Accounts made by an import: learners, in Korean until they choose otherwise. */
const NEW_ACCOUNT_LOCALE: Locale = "ko";

const IMPORT_TRANSACTION_OPTIONS = { maxWait: 15_000, timeout: 60_000 } as const;

export type CohortImportRowStatus = "new" | "existing" | "member" | "error";

export type CohortImportRow = {
  line: number;
  name: string;
  email: string;
  studentNumber: string | null;
  status: CohortImportRowStatus;
  /** The existing account's name, which an import leaves as it is. */
  accountName: string | null;
  issues: MemberRowIssue[];
};

export type CohortImportPreview = {
  /** Set when the rows may be imported: what the confirm form posts. */
  importId: string | null;
  fileName: string;
  rows: CohortImportRow[];
  counts: Record<CohortImportRowStatus, number>;
};

export type CohortImportResult = { created: number; added: number; skipped: number };

// ───────────────────────────── Preview ─────────────────────────────

/**
 * Reads the member list posted to the import page (one .csv of up to 2 MB, read by the upload parser,
 * which refuses a larger one before reading past the limit) and previews it. The file is not kept:
 * only its checked rows are, in the CohortImport.
 */
export async function previewCohortImportUpload({
  actor,
  cohortId,
  request,
  now = new Date(),
}: {
  actor: Actor;
  cohortId: string;
  request: Request;
  now?: Date;
}): Promise<{ ok: true; preview: CohortImportPreview } | CohortImportRefusal> {
  if (!can(actor, "cohort:manage")) return { ok: false, reason: "notAllowed" };
  if (!(await cohortExists(cohortId))) return { ok: false, reason: "notFound" };
  const upload = await readSingleUpload({ request, kind: "memberList" });
  if (!upload.ok) return upload;
  const { fileName, bytes } = upload;
  return previewCohortImport({ actor, cohortId, fileName, bytes, now });
}

/**
 * Checks a member list and tells, row by row, what confirming it would do: create an account, add an
 * existing one, skip someone already a member, or nothing, because the row is wrong (and why). When no
 * row is wrong and someone would be added, the rows are kept for confirmCohortImport; nothing else is
 * written. Five queries, however long the file.
 */
export async function previewCohortImport({
  actor,
  cohortId,
  fileName,
  bytes,
  now = new Date(),
}: {
  actor: Actor;
  cohortId: string;
  fileName: string;
  bytes: Uint8Array;
  now?: Date;
}): Promise<{ ok: true; preview: CohortImportPreview } | CohortImportRefusal> {
  if (!can(actor, "cohort:manage")) return { ok: false, reason: "notAllowed" };
  if (!(await cohortExists(cohortId))) return { ok: false, reason: "notFound" };
  const read = readCsvUpload(bytes);
  if (!read.ok) {
    if (read.reason === "malformed") return { ok: false, reason: "csvMalformed", line: read.line };
    return { ok: false, reason: read.reason };
  }
  const header = readMemberHeader(read.header);
  if (!header.ok) return header;
  if (read.rows.length === 0) return { ok: false, reason: "noRows" };
  if (read.rows.length > MEMBER_IMPORT_MAX_ROWS)
    return { ok: false, reason: "tooManyRows", max: MEMBER_IMPORT_MAX_ROWS };

  const rows = (
    await checkRowsAgainstAccounts({
      db: prisma,
      cohortId,
      rows: readMemberRows({ columns: header.columns, rows: read.rows }),
    })
  ).map(previewRow);
  const counts = countRows(rows);
  let importId: string | null = null;
  if (counts.error === 0 && counts.new + counts.existing > 0) {
    const stored = await prisma.cohortImport.create({
      data: {
        cohortId,
        createdById: actor.id,
        fileName,
        rows: rows.map(({ line, name, email, studentNumber }) => ({ line, name, email, studentNumber })),
        rowCount: rows.length,
        createdAt: now,
      },
      select: { id: true },
    });
    importId = stored.id;
  }
  return { ok: true, preview: { importId, fileName, rows, counts } };
}

/**
 * The preview of an import made by this admin for this cohort, its rows checked again against the
 * accounts as they are now (someone may have signed up or been added since). Its `importId` is null
 * when a row has since gone wrong.
 */
export async function getCohortImportPreview({
  actor,
  cohortId,
  importId,
  now = new Date(),
}: {
  actor: Actor;
  cohortId: string;
  importId: string;
  now?: Date;
}): Promise<{ ok: true; preview: CohortImportPreview } | CohortImportRefusal> {
  if (!can(actor, "cohort:manage")) return { ok: false, reason: "notAllowed" };
  if (!isUuid(cohortId)) return { ok: false, reason: "notFound" };
  if (!isUuid(importId)) return { ok: false, reason: "importNotFound" };
  const stored = await prisma.cohortImport.findFirst({
    where: { id: importId, cohortId, createdById: actor.id },
    select: { fileName: true, rows: true, createdAt: true, confirmedAt: true },
  });
  if (!stored) return { ok: false, reason: "importNotFound" };
  if (stored.confirmedAt) return { ok: false, reason: "alreadyConfirmed" };
  if (isExpired(stored.createdAt, now)) return { ok: false, reason: "expired" };
  const rows = (await checkRowsAgainstAccounts({ db: prisma, cohortId, rows: storedRows(stored.rows) })).map(
    previewRow,
  );
  const counts = countRows(rows);
  return {
    ok: true,
    preview: { importId: counts.error === 0 ? importId : null, fileName: stored.fileName, rows, counts },
  };
}

// ───────────────────────────── Confirm ─────────────────────────────

/** Thrown inside the transaction to undo what it did and answer with a refusal. */
class RollBack extends Error {
  constructor(readonly refusal: CohortImportRefusal) {
    super(refusal.reason);
  }
}

/**
 * Imports a previewed member list, once: the import is claimed by a conditional update, under the
 * cohort's lock, so a double click or a second tab waits for the first and is answered with the
 * first's result. The rows are checked again (an account or a student number may have appeared since
 * the preview); anything wrong then, or a conflicting account committed by someone else while this
 * runs, undoes everything and is refused as `changed` or `conflict`.
 */
export async function confirmCohortImport({
  actor,
  cohortId,
  importId,
  now = new Date(),
}: {
  actor: Actor;
  cohortId: string;
  importId: string;
  now?: Date;
}): Promise<({ ok: true; isRepeat: boolean } & CohortImportResult) | CohortImportRefusal> {
  if (!can(actor, "cohort:manage")) return { ok: false, reason: "notAllowed" };
  if (!isUuid(cohortId)) return { ok: false, reason: "notFound" };
  if (!isUuid(importId)) return { ok: false, reason: "importNotFound" };
  // Made before the transaction: the translator loads once, and nothing slow runs under the lock.
  const t = await getMailT(NEW_ACCOUNT_LOCALE);
  try {
    return await prisma.$transaction(async (tx) => {
      const cohort = await lockCohort({ tx, cohortId, inviterId: actor.id });
      if (!cohort) return { ok: false, reason: "notFound" } as const;
      const claimed = await tx.$queryRaw<{ fileName: string; rows: unknown }[]>`
        UPDATE "CohortImport" SET "confirmedAt" = ${now}
        WHERE "id" = ${importId}::uuid AND "cohortId" = ${cohortId}::uuid AND "createdById" = ${actor.id}::uuid
          AND "confirmedAt" IS NULL AND "createdAt" > ${new Date(now.getTime() - COHORT_IMPORT_LIFETIME_MS)}
        RETURNING "fileName", "rows"`;
      const [claim] = claimed;
      if (!claim) return explainUnclaimed({ tx, actor, cohortId, importId, now });

      const rows = await checkRowsAgainstAccounts({ db: tx, cohortId, rows: storedRows(claim.rows) });
      const wrong = rows.filter((row) => row.status === "error");
      if (wrong.length > 0) throw new RollBack({ ok: false, reason: "changed", rows: wrong.map(previewRow) });

      const created = await createLearnerAccounts({ tx, rows: rows.filter((row) => row.status === "new"), now });
      const existing = rows.filter((row) => row.status === "existing" || row.status === "member");
      const studentNumbersSet = await setMissingStudentNumbers({ tx, rows: existing, now });
      const joining = [...created, ...existing.filter((row) => row.status === "existing")];
      const added = await addLearners({ tx, cohortId, userIds: joining.map((row) => row.accountId!), now });
      const enrollmentIds = await enrollInAssignedCourses({ tx, cohortId, userIds: added, actorId: actor.id, now });
      await inviteNewLearners({ tx, t, learners: created, inviter: cohort.inviterName, cohort: cohort.name, now });

      const result: CohortImportResult = {
        created: created.length,
        added: added.length,
        skipped: rows.filter((row) => row.status === "member").length,
      };
      await recordAuditEvent({
        db: tx,
        actorId: actor.id,
        action: "cohort.members-imported",
        entityType: "Cohort",
        entityId: cohortId,
        data: {
          importId,
          fileName: claim.fileName,
          ...result,
          studentNumbersSet,
          enrollmentCount: enrollmentIds.length,
        },
        ipAddress: actor.ipAddress,
      });
      return { ok: true, isRepeat: false, ...result } as const;
    }, IMPORT_TRANSACTION_OPTIONS);
  } catch (error) {
    if (error instanceof RollBack) return error.refusal;
    // An account with one of these e-mails or student numbers, committed by someone else after the
    // rows were checked: the unique index refuses ours, and the transaction has undone everything.
    if (isUniqueViolation(error)) return { ok: false, reason: "conflict" };
    throw error;
  }
}

/** Why an import could not be claimed; a confirmed one answers with what confirming it did. */
async function explainUnclaimed({
  tx,
  actor,
  cohortId,
  importId,
  now,
}: {
  tx: Transaction;
  actor: Actor;
  cohortId: string;
  importId: string;
  now: Date;
}): Promise<({ ok: true; isRepeat: true } & CohortImportResult) | CohortImportRefusal> {
  const stored = await tx.cohortImport.findFirst({
    where: { id: importId, cohortId, createdById: actor.id },
    select: { createdAt: true, confirmedAt: true },
  });
  if (!stored) return { ok: false, reason: "importNotFound" };
  if (!stored.confirmedAt)
    return isExpired(stored.createdAt, now)
      ? { ok: false, reason: "expired" }
      : { ok: false, reason: "importNotFound" };
  // Under the cohort's lock the first confirmation has committed, so its audit entry is there.
  const entry = await tx.auditLog.findFirst({
    where: {
      action: "cohort.members-imported",
      entityType: "Cohort",
      entityId: cohortId,
      data: { path: ["importId"], equals: importId },
    },
    select: { data: true },
  });
  const counts = resultSchema.safeParse(entry?.data);
  return { ok: true, isRepeat: true, ...(counts.success ? counts.data : { created: 0, added: 0, skipped: 0 }) };
}

const resultSchema = z.object({ created: z.number(), added: z.number(), skipped: z.number() });

// ───────────────────────────── Private helpers ─────────────────────────────

async function cohortExists(cohortId: string) {
  if (!isUuid(cohortId)) return false;
  return (await prisma.cohort.findUnique({ where: { id: cohortId }, select: { id: true } })) !== null;
}

function isExpired(createdAt: Date, now: Date) {
  return now.getTime() - createdAt.getTime() >= COHORT_IMPORT_LIFETIME_MS;
}

const storedRowsSchema = z.array(
  z.object({ line: z.number().int(), name: z.string(), email: z.string(), studentNumber: z.string().nullable() }),
);

/** The rows a preview kept (checked then, so without issues of their own). */
function storedRows(json: unknown): MemberRow[] {
  return storedRowsSchema.parse(json).map((row) => ({ ...row, isEmailValid: true, issues: [] }));
}

function countRows(rows: readonly CohortImportRow[]): Record<CohortImportRowStatus, number> {
  const counts = { new: 0, existing: 0, member: 0, error: 0 };
  for (const row of rows) counts[row.status] += 1;
  return counts;
}

function rowIssue(code: string, values?: MemberRowIssue["values"]): MemberRowIssue {
  return values
    ? { messageKey: `cohorts.import.rowErrors.${code}`, values }
    : { messageKey: `cohorts.import.rowErrors.${code}` };
}

/** A row as checked against the accounts: with the account it names, when there is one. */
type CheckedRow = CohortImportRow & { accountId: string | null; accountStudentNumber: string | null };

/** A checked row as the page shows it: without the account's id. */
function previewRow({ accountId: _accountId, accountStudentNumber: _number, ...row }: CheckedRow): CohortImportRow {
  return row;
}

/**
 * Each row's status against the accounts that exist, in three queries (every e-mail, with the
 * account's membership of this cohort, and every student number): an e-mail of a deactivated
 * account, a student number another account holds, or one that differs from the account's own, is
 * wrong; an account already a current member is skipped.
 */
async function checkRowsAgainstAccounts({
  db,
  cohortId,
  rows,
}: {
  db: Transaction;
  cohortId: string;
  rows: readonly MemberRow[];
}): Promise<CheckedRow[]> {
  const emails = [...new Set(rows.filter((row) => row.isEmailValid).map((row) => row.email))];
  const numbers = [...new Set(rows.flatMap((row) => (row.studentNumber ? [row.studentNumber] : [])))];
  const accounts = emails.length
    ? await db.user.findMany({
        where: { email: { in: emails } },
        select: {
          id: true,
          email: true,
          name: true,
          studentNumber: true,
          deactivatedAt: true,
          cohortMemberships: { where: { cohortId }, select: { leftAt: true } },
        },
      })
    : [];
  const holders = numbers.length
    ? await db.user.findMany({ where: { studentNumber: { in: numbers } }, select: { id: true, studentNumber: true } })
    : [];
  const accountByEmail = new Map(accounts.map((account) => [account.email.toLowerCase(), account]));
  const holderByNumber = new Map(holders.map((holder) => [holder.studentNumber, holder.id]));

  return rows.map((row) => {
    const issues = [...row.issues];
    const account = row.isEmailValid ? accountByEmail.get(row.email) : undefined;
    if (account?.deactivatedAt) issues.push(rowIssue("accountDeactivated"));
    if (row.studentNumber) {
      const holderId = holderByNumber.get(row.studentNumber);
      if (holderId && holderId !== account?.id) issues.push(rowIssue("studentNumberTaken"));
      else if (account?.studentNumber && account.studentNumber !== row.studentNumber) {
        issues.push(rowIssue("studentNumberDiffers", { studentNumber: account.studentNumber }));
      }
    }
    const isMember = account?.cohortMemberships.some((membership) => membership.leftAt === null) ?? false;
    const status: CohortImportRowStatus = issues.length ? "error" : isMember ? "member" : account ? "existing" : "new";
    return {
      line: row.line,
      name: row.name,
      email: row.email,
      studentNumber: row.studentNumber,
      status,
      accountName: account?.name ?? null,
      issues,
      accountId: account?.id ?? null,
      accountStudentNumber: account?.studentNumber ?? null,
    };
  });
}

/** Learner accounts for the new rows, without a password, in one statement; the rows with their ids. */
async function createLearnerAccounts({
  tx,
  rows,
  now,
}: {
  tx: Transaction;
  rows: CheckedRow[];
  now: Date;
}): Promise<(CheckedRow & { accountId: string })[]> {
  if (rows.length === 0) return [];
  const created = rows.map((row) => ({ ...row, accountId: newUuidV7(now) }));
  await tx.$executeRaw`
    INSERT INTO "User" ("id", "email", "name", "role", "locale", "studentNumber", "createdAt", "updatedAt")
    SELECT "id", "email", "name", 'LEARNER'::"Role", ${NEW_ACCOUNT_LOCALE}::"Locale", "studentNumber", ${now}, ${now}
    FROM unnest(
      ${created.map((row) => row.accountId)}::uuid[],
      ${created.map((row) => row.email)}::text[],
      ${created.map((row) => row.name)}::text[],
      ${created.map((row) => row.studentNumber)}::text[]
    ) AS "row"("id", "email", "name", "studentNumber")`;
  return created;
}

/** The file's student number on existing accounts that have none (one statement); how many were set. */
async function setMissingStudentNumbers({ tx, rows, now }: { tx: Transaction; rows: CheckedRow[]; now: Date }) {
  const numbered = rows.filter((row) => row.accountId && row.studentNumber && !row.accountStudentNumber);
  if (numbered.length === 0) return 0;
  return tx.$executeRaw`
    UPDATE "User" AS "user" SET "studentNumber" = "row"."studentNumber", "updatedAt" = ${now}
    FROM unnest(
      ${numbered.map((row) => row.accountId)}::uuid[],
      ${numbered.map((row) => row.studentNumber)}::text[]
    ) AS "row"("id", "studentNumber")
    WHERE "user"."id" = "row"."id" AND "user"."studentNumber" IS NULL`;
}

/**
 * Makes each user a current learner of the cohort in one statement: a new membership, or, for someone
 * who had left, the old one taken back (leftAt cleared, role learner, joinedAt now), as addCohortMember
 * does. Returns the ids of the users added.
 */
async function addLearners({
  tx,
  cohortId,
  userIds,
  now,
}: {
  tx: Transaction;
  cohortId: string;
  userIds: string[];
  now: Date;
}): Promise<string[]> {
  if (userIds.length === 0) return [];
  const added = await tx.$queryRaw<{ userId: string }[]>`
    INSERT INTO "CohortMember" ("id", "cohortId", "userId", "role", "joinedAt")
    SELECT "row"."id", ${cohortId}::uuid, "row"."userId", 'LEARNER'::"CohortMemberRole", ${now}
    FROM unnest(${userIds.map(() => newUuidV7(now))}::uuid[], ${userIds}::uuid[]) AS "row"("id", "userId")
    ON CONFLICT ("cohortId", "userId") DO UPDATE
      SET "leftAt" = NULL, "role" = 'LEARNER'::"CohortMemberRole", "joinedAt" = EXCLUDED."joinedAt"
      WHERE "CohortMember"."leftAt" IS NOT NULL
    RETURNING "userId"`;
  return added.map((row) => row.userId);
}

/** Enrolls the added learners in every course assigned to the cohort, as addCohortMember does. */
async function enrollInAssignedCourses({
  tx,
  cohortId,
  userIds,
  actorId,
  now,
}: {
  tx: Transaction;
  cohortId: string;
  userIds: string[];
  actorId: string;
  now: Date;
}): Promise<string[]> {
  if (userIds.length === 0) return [];
  const assigned = await tx.cohortCourse.findMany({
    where: { cohortId },
    orderBy: { courseId: "asc" }, // one lock order for every writer, so two never deadlock
    select: { courseId: true },
  });
  const enrollmentIds: string[] = [];
  for (const { courseId } of assigned) {
    enrollmentIds.push(...(await enrollCohortLearners({ tx, cohortId, courseId, userIds, actorId, now })));
  }
  return enrollmentIds;
}

/**
 * A link to set a password for each new account (a password-reset token valid 7 days, stored hashed)
 * and the mail that carries it, in the account's language: who invited them to which cohort, and
 * until when the link works. Two statements for all of them.
 */
async function inviteNewLearners({
  tx,
  t,
  learners,
  inviter,
  cohort,
  now,
}: {
  tx: Transaction;
  t: Awaited<ReturnType<typeof getMailT>>;
  learners: (CheckedRow & { accountId: string })[];
  inviter: string;
  cohort: string;
  now: Date;
}) {
  if (learners.length === 0) return;
  const expiresAt = new Date(now.getTime() + INVITATION_LIFETIME_MS);
  const origin = getLinkOrigin();
  const invitations = learners.map((learner) => ({ learner, token: generateSessionToken() }));
  await tx.$executeRaw`
    INSERT INTO "PasswordResetToken" ("id", "userId", "expiresAt", "createdAt")
    SELECT "row"."id", "row"."userId", ${expiresAt}, ${now}
    FROM unnest(
      ${invitations.map(({ token }) => hashSessionToken(token))}::text[],
      ${invitations.map(({ learner }) => learner.accountId)}::uuid[]
    ) AS "row"("id", "userId")`;
  const expires = formatDateTime(expiresAt, NEW_ACCOUNT_LOCALE);
  const subject = t("cohortInvitation.subject", { cohort });
  await enqueueEmails({
    db: tx,
    mails: invitations.map(({ learner, token }) => ({
      to: learner.email,
      subject,
      text: t("cohortInvitation.body", {
        name: learner.name,
        inviter,
        cohort,
        link: `${origin}/reset-password/${token}`,
        expires,
      }),
    })),
  });
}

/**
 * Locks the cohort row until the transaction ends, as every write to a cohort's members does
 * (cohort.server.ts), and reads its name and the inviting admin's; null when there is no such cohort.
 */
async function lockCohort({ tx, cohortId, inviterId }: { tx: Transaction; cohortId: string; inviterId: string }) {
  const rows = await tx.$queryRaw<{ name: string; inviterName: string | null }[]>`
    SELECT "cohort"."name", (SELECT "name" FROM "User" WHERE "id" = ${inviterId}::uuid) AS "inviterName"
    FROM "Cohort" AS "cohort" WHERE "cohort"."id" = ${cohortId}::uuid
    FOR NO KEY UPDATE OF "cohort"`;
  const [row] = rows;
  return row ? { name: row.name, inviterName: row.inviterName ?? "" } : null;
}

function isUniqueViolation(error: unknown) {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return false;
  if (error.code === "P2002") return true;
  // A raw statement's failure carries PostgreSQL's own code.
  return error.code === "P2010" && JSON.stringify(error.meta ?? {}).includes("23505");
}
