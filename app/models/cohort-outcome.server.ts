// What a cohort's graduates went on to do: a job, a company of their own, graduate school, or still
// looking. The academy is judged by it, so the definitions are fixed here, once:
//
// - A graduate is a LEARNER member of the cohort who did not leave before it ended: never removed,
//   or removed on or after its last day (Korea's calendar), as admins tidy up once a cohort is over.
// - The employment and start-up rate (취업·창업률) = (EMPLOYED + STARTED_COMPANY) / graduates. A
//   graduate without a recorded outcome stays in the denominator, so the rate is never flattered by
//   what nobody asked; the rate over recorded outcomes is given beside it, labelled as such.
// - Outcomes are recorded only once the cohort has ended (from the day after its end date, in
//   Korea), one graduate at a time or from a CSV file, and never deleted: recording again replaces
//   the outcome (one per graduate and cohort, the table's unique key) and the audit log keeps both.
//
// Every write locks the cohort row first (as app/models/cohort.server.ts does), so two posts of one
// form, or a form and an import, take turns: the second finds the first's outcome and, when it says
// the same, changes nothing. Counts are aggregated in SQL; each read is a fixed number of statements
// whatever the cohort's size, and an import checks and writes its rows set by set.
import { can } from "~/auth/permissions";
import type { OutcomeKind, Role } from "~/generated/prisma/client";
import { academyCalendarDay, appTimeZone } from "~/lib/time-zone";
import { readCsvUpload } from "~/lib/csv-upload.server";
import { Prisma, prisma } from "~/lib/db.server";
import { normalizeEmail } from "~/lib/email-address";
import {
  calendarDayValue,
  needsOrganisation,
  OUTCOME_IMPORT_MAX_ROWS,
  OUTCOME_KINDS,
  ORGANISATION_MAX_LENGTH,
  parseCalendarDay,
  readOutcomeHeader,
  readOutcomeRows,
  readOutcomeWord,
  type OutcomeFileRow,
  type OutcomeInput,
  type OutcomeKindName,
} from "~/lib/outcome-forms";
import { pageWindow, toPaged } from "~/lib/pagination";
import { defineRefusals } from "~/lib/refusal.server";
import { readSingleUpload } from "~/lib/upload.server";
import { isUuid } from "~/lib/uuid";
import { recordAuditEvent } from "~/models/audit-log.server";
import { findCohortHeading } from "~/models/cohort.server";

type Transaction = Prisma.TransactionClient;
type Db = Transaction | typeof prisma;
type Actor = { id: string; role: Role; ipAddress?: string | null };

/** Messages take `line`, `max` and `maxSize` as each needs. */
export const COHORT_OUTCOME_REFUSALS = defineRefusals({
  notAllowed: { status: 403, messageKey: "error.forbidden" },
  notFound: { status: 404, messageKey: "error.notFound" },
  cohortNotEnded: { status: 409, messageKey: "outcomes.cohortNotEnded" },
  notGraduate: { status: 400, messageKey: "outcomes.notGraduate" },
  dateOutOfRange: { status: 400, messageKey: "outcomes.dateOutOfRange", field: "outcomeOn" },
  // The upload itself (app/lib/upload.server.ts).
  noFile: { status: 400, messageKey: "outcomes.import.refusals.noFile" },
  emptyFile: { status: 400, messageKey: "outcomes.import.refusals.empty" },
  tooLarge: { status: 413, messageKey: "outcomes.import.refusals.tooLarge" },
  tooManyFiles: { status: 413, messageKey: "outcomes.import.refusals.tooManyFiles" },
  wrongType: { status: 415, messageKey: "outcomes.import.refusals.wrongType" },
  malformed: { status: 400, messageKey: "outcomes.import.refusals.uploadMalformed" },
  // The file as CSV.
  empty: { status: 400, messageKey: "outcomes.import.refusals.empty" },
  notText: { status: 415, messageKey: "outcomes.import.refusals.notText" },
  csvMalformed: { status: 400, messageKey: "outcomes.import.refusals.csvMalformed" },
  missingPersonColumn: { status: 400, messageKey: "outcomes.import.refusals.missingPersonColumn" },
  missingOutcomeColumn: { status: 400, messageKey: "outcomes.import.refusals.missingOutcomeColumn" },
  noRows: { status: 400, messageKey: "outcomes.import.refusals.noRows" },
  tooManyRows: { status: 400, messageKey: "outcomes.import.refusals.tooManyRows" },
  // Confirming.
  rowsUnreadable: { status: 400, messageKey: "outcomes.import.refusals.rowsUnreadable" },
  changed: { status: 409, messageKey: "outcomes.import.refusals.changed" },
});

type Reason = keyof typeof COHORT_OUTCOME_REFUSALS;

export type OutcomeRefusal = {
  ok: false;
  reason: Reason;
  line?: number;
  max?: number;
  fileName?: string;
  /** For `changed`: the preview as it is now, each wrong row with its messages. */
  preview?: OutcomeImportPreview;
};

const OUTCOME_TRANSACTION_OPTIONS = { maxWait: 15_000, timeout: 30_000 } as const;

/** Graduates listed per page on the outcomes page. */
export const GRADUATES_PAGE_SIZE = 50;

/**
 * Whether member `m` of cohort `c` is a graduate: a learner who was still a member when the cohort
 * ended (leftAt is a UTC timestamp without zone; its day is taken in APP_TIME_ZONE). The one definition.
 */
function isGraduateSql() {
  return Prisma.sql`m."role" = 'LEARNER'
  AND (m."leftAt" IS NULL OR (m."leftAt" AT TIME ZONE 'UTC' AT TIME ZONE ${appTimeZone()}::text)::date >= c."endsOn")`;
}

/** The first day outcomes may be recorded: the day after the cohort's end date. */
function firstOutcomeDay(endsOn: Date) {
  return new Date(endsOn.getTime() + 24 * 60 * 60 * 1000);
}

function hasEnded(endsOn: Date, now: Date) {
  return academyCalendarDay(now) >= firstOutcomeDay(endsOn);
}

/**
 * The days an outcome may be dated: from the cohort's start (an offer can come before the end)
 * to a year from today (a job that begins after the summer). Anything else is a typing slip.
 */
export function outcomeDateBounds({ startsOn, now }: { startsOn: Date; now: Date }) {
  const today = academyCalendarDay(now);
  return {
    earliest: startsOn,
    latest: new Date(Date.UTC(today.getUTCFullYear() + 1, today.getUTCMonth(), today.getUTCDate())),
  };
}

function isWithin(day: Date, bounds: { earliest: Date; latest: Date }) {
  return day >= bounds.earliest && day <= bounds.latest;
}

// ───────────────────────────── Reading ─────────────────────────────

export type CohortOutcomeSummary = {
  graduates: number;
  recorded: number;
  unrecorded: number;
  byKind: Record<OutcomeKindName, number>;
  /** EMPLOYED + STARTED_COMPANY. */
  employedOrStarted: number;
  /** (EMPLOYED + STARTED_COMPANY) / graduates, in percent to one decimal; null without graduates. */
  employmentRate: number | null;
  /** The same over recorded outcomes only; null while none is recorded. */
  employmentRateOfRecorded: number | null;
};

/**
 * A cohort's outcome figures (see the definitions at the top), in one statement. Callers check
 * their own permission (`cohort:manage`), as for findCohortHeading: the cohort dashboard shows them.
 */
export async function getCohortOutcomeSummary({ cohortId }: { cohortId: string }): Promise<CohortOutcomeSummary> {
  if (!isUuid(cohortId)) return summaryOf(null);
  const [row] = await prisma.$queryRaw<SummaryRow[]>`
    SELECT count(*)::int AS "graduates",
           count(o."id")::int AS "recorded",
           count(*) FILTER (WHERE o."kind" = 'EMPLOYED')::int AS "EMPLOYED",
           count(*) FILTER (WHERE o."kind" = 'STARTED_COMPANY')::int AS "STARTED_COMPANY",
           count(*) FILTER (WHERE o."kind" = 'GRADUATE_SCHOOL')::int AS "GRADUATE_SCHOOL",
           count(*) FILTER (WHERE o."kind" = 'SEEKING')::int AS "SEEKING",
           round(100.0 * count(*) FILTER (WHERE o."kind" IN ('EMPLOYED', 'STARTED_COMPANY'))
             / nullif(count(*), 0), 1)::float8 AS "employmentRate",
           round(100.0 * count(*) FILTER (WHERE o."kind" IN ('EMPLOYED', 'STARTED_COMPANY'))
             / nullif(count(o."id"), 0), 1)::float8 AS "employmentRateOfRecorded"
    FROM "CohortMember" m
    JOIN "Cohort" c ON c."id" = m."cohortId"
    LEFT JOIN "CohortOutcome" o ON o."cohortId" = m."cohortId" AND o."userId" = m."userId"
    WHERE m."cohortId" = ${cohortId}::uuid AND ${isGraduateSql()}`;
  return summaryOf(row ?? null);
}

type SummaryRow = Record<OutcomeKindName, number> & {
  graduates: number;
  recorded: number;
  employmentRate: number | null;
  employmentRateOfRecorded: number | null;
};

function summaryOf(row: SummaryRow | null): CohortOutcomeSummary {
  const byKind = Object.fromEntries(OUTCOME_KINDS.map((kind) => [kind, row?.[kind] ?? 0])) as Record<
    OutcomeKindName,
    number
  >;
  const graduates = row?.graduates ?? 0;
  const recorded = row?.recorded ?? 0;
  return {
    graduates,
    recorded,
    unrecorded: graduates - recorded,
    byKind,
    employedOrStarted: byKind.EMPLOYED + byKind.STARTED_COMPANY,
    employmentRate: row?.employmentRate ?? null,
    employmentRateOfRecorded: row?.employmentRateOfRecorded ?? null,
  };
}

export type GraduateOutcome = {
  userId: string;
  name: string;
  email: string;
  studentNumber: string | null;
  kind: OutcomeKind | null;
  organisation: string | null;
  /** "2027-03-02", or null. */
  outcomeOn: string | null;
};

/** Which graduates the page lists: all, or those without an outcome yet. */
export const GRADUATE_FILTERS = ["all", "unrecorded"] as const;
export type GraduateFilter = (typeof GRADUATE_FILTERS)[number];

/**
 * The outcomes page: the cohort, its figures, whether outcomes may be recorded yet (and from when),
 * a page of its graduates (by name) with their outcomes, and the graduate whose form is open. Four
 * statements, whatever the cohort's size.
 */
export async function getCohortOutcomes({
  actor,
  cohortId,
  page = 1,
  filter = "all",
  editUserId,
  now = new Date(),
}: {
  actor: Actor;
  cohortId: string;
  page?: number;
  filter?: GraduateFilter;
  editUserId?: string | null;
  now?: Date;
}) {
  if (!can(actor, "cohort:manage")) return { ok: false, reason: "notAllowed" } as const;
  if (!isUuid(cohortId)) return { ok: false, reason: "notFound" } as const;
  const { skip, take } = pageWindow({ page, pageSize: GRADUATES_PAGE_SIZE });
  const [cohort, summary, rows, editing] = await Promise.all([
    findCohortHeading({ cohortId }),
    getCohortOutcomeSummary({ cohortId }),
    prisma.$queryRaw<GraduateOutcome[]>`
      ${graduatesSql({ cohortId })}
        ${filter === "unrecorded" ? Prisma.sql`AND o."id" IS NULL` : Prisma.empty}
      ORDER BY u."name", u."id"
      LIMIT ${take} OFFSET ${skip}`,
    editUserId && isUuid(editUserId)
      ? prisma.$queryRaw<GraduateOutcome[]>`${graduatesSql({ cohortId })} AND m."userId" = ${editUserId}::uuid`
      : Promise.resolve([]),
  ]);
  if (!cohort) return { ok: false, reason: "notFound" } as const;
  const totalCount = filter === "unrecorded" ? summary.unrecorded : summary.graduates;
  return {
    ok: true,
    cohort,
    summary,
    isOpen: hasEnded(cohort.endsOn, now),
    opensOn: calendarDayValue(firstOutcomeDay(cohort.endsOn)),
    bounds: outcomeDateBounds({ startsOn: cohort.startsOn, now }),
    graduates: toPaged(rows, { page, pageSize: GRADUATES_PAGE_SIZE, totalCount }),
    editing: editing[0] ?? null,
  } as const;
}

/** Graduates of a cohort with their outcomes: a query to add conditions and an order to. */
function graduatesSql({ cohortId }: { cohortId: string }) {
  return Prisma.sql`
    SELECT u."id" AS "userId", u."name", u."email", u."studentNumber",
           o."kind", o."organisation", to_char(o."outcomeOn", 'YYYY-MM-DD') AS "outcomeOn"
    FROM "CohortMember" m
    JOIN "Cohort" c ON c."id" = m."cohortId"
    JOIN "User" u ON u."id" = m."userId"
    LEFT JOIN "CohortOutcome" o ON o."cohortId" = m."cohortId" AND o."userId" = m."userId"
    WHERE m."cohortId" = ${cohortId}::uuid AND ${isGraduateSql()}`;
}

// ───────────────────────────── Recording one ─────────────────────────────

/**
 * Records (or replaces) one graduate's outcome, once the cohort has ended. Saving what is already
 * recorded changes nothing and writes no audit entry, so a double submit records once.
 */
export async function recordCohortOutcome({
  actor,
  cohortId,
  outcome,
  now = new Date(),
}: {
  actor: Actor;
  cohortId: string;
  outcome: OutcomeInput;
  now?: Date;
}): Promise<
  | { ok: true; isChanged: boolean }
  | { ok: false; reason: "notAllowed" | "notFound" | "cohortNotEnded" | "notGraduate" | "dateOutOfRange" }
> {
  if (!can(actor, "cohort:manage")) return { ok: false, reason: "notAllowed" };
  if (!isUuid(cohortId)) return { ok: false, reason: "notFound" };
  return prisma.$transaction(async (tx) => {
    const cohort = await lockCohort({ tx, cohortId });
    if (!cohort) return { ok: false, reason: "notFound" } as const;
    if (!hasEnded(cohort.endsOn, now)) return { ok: false, reason: "cohortNotEnded" } as const;
    if (outcome.outcomeOn && !isWithin(outcome.outcomeOn, outcomeDateBounds({ startsOn: cohort.startsOn, now }))) {
      return { ok: false, reason: "dateOutOfRange" } as const;
    }
    const [graduate] = await tx.$queryRaw<
      { kind: OutcomeKind | null; organisation: string | null; outcomeOn: string | null }[]
    >`
      SELECT o."kind", o."organisation", to_char(o."outcomeOn", 'YYYY-MM-DD') AS "outcomeOn"
      FROM "CohortMember" m
      JOIN "Cohort" c ON c."id" = m."cohortId"
      LEFT JOIN "CohortOutcome" o ON o."cohortId" = m."cohortId" AND o."userId" = m."userId"
      WHERE m."cohortId" = ${cohortId}::uuid AND m."userId" = ${outcome.userId}::uuid AND ${isGraduateSql()}`;
    if (!graduate) return { ok: false, reason: "notGraduate" } as const;
    const after = {
      kind: outcome.kind,
      organisation: outcome.organisation,
      outcomeOn: calendarDayValue(outcome.outcomeOn) || null,
    };
    const before = graduate.kind
      ? { kind: graduate.kind, organisation: graduate.organisation, outcomeOn: graduate.outcomeOn }
      : null;
    if (before && isSameOutcome(before, after)) return { ok: true, isChanged: false } as const;
    const data = {
      kind: outcome.kind,
      organisation: outcome.organisation,
      outcomeOn: outcome.outcomeOn,
      recordedById: actor.id,
    };
    await tx.cohortOutcome.upsert({
      where: { cohortId_userId: { cohortId, userId: outcome.userId } },
      create: { cohortId, userId: outcome.userId, ...data },
      update: data,
      select: { id: true },
    });
    await recordAuditEvent({
      db: tx,
      actorId: actor.id,
      action: "outcome.recorded",
      entityType: "Cohort",
      entityId: cohortId,
      data: { userId: outcome.userId, before, after },
      ipAddress: actor.ipAddress,
    });
    return { ok: true, isChanged: true } as const;
  }, OUTCOME_TRANSACTION_OPTIONS);
}

type OutcomeValues = { kind: OutcomeKind; organisation: string | null; outcomeOn: string | null };

function isSameOutcome(a: OutcomeValues, b: OutcomeValues) {
  return a.kind === b.kind && a.organisation === b.organisation && a.outcomeOn === b.outcomeOn;
}

// ───────────────────────────── Importing a file ─────────────────────────────

export type OutcomeRowIssue = { messageKey: string; values?: Record<string, string | number> };

/** What confirming would do with a row: record a new outcome, replace one, nothing, or nothing because it is wrong. */
export type OutcomeImportRowStatus = "new" | "changed" | "same" | "error";

export type OutcomeImportRow = OutcomeFileRow & {
  /** The account the row names, when there is one. */
  name: string | null;
  kind: OutcomeKindName | null;
  status: OutcomeImportRowStatus;
  issues: OutcomeRowIssue[];
};

export type OutcomeImportPreview = {
  fileName: string;
  rows: OutcomeImportRow[];
  counts: Record<OutcomeImportRowStatus, number>;
  /** The rows without issues, as written: what the confirm form carries back, checked again there. */
  checkedRows: OutcomeFileRow[];
};

/**
 * Reads the outcomes file posted to the page (one .csv of up to 1 MB: the upload parser refuses a
 * larger one before reading past the limit) and previews it. Nothing is written, and the file is
 * not kept.
 */
export async function previewOutcomeImportUpload({
  actor,
  cohortId,
  request,
  now = new Date(),
}: {
  actor: Actor;
  cohortId: string;
  request: Request;
  now?: Date;
}): Promise<{ ok: true; preview: OutcomeImportPreview } | OutcomeRefusal> {
  if (!can(actor, "cohort:manage")) return { ok: false, reason: "notAllowed" };
  if (!isUuid(cohortId)) return { ok: false, reason: "notFound" };
  const upload = await readSingleUpload({ request, kind: "outcomeList" });
  if (!upload.ok) return upload;
  const { fileName, bytes } = upload;
  return previewOutcomeImport({ actor, cohortId, fileName, bytes, now });
}

/**
 * Checks an outcomes file row by row (who it names, whether they graduated from this cohort, the
 * outcome, organisation and date, and repeats) and tells what confirming would do. Three statements,
 * however long the file.
 */
export async function previewOutcomeImport({
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
}): Promise<{ ok: true; preview: OutcomeImportPreview } | OutcomeRefusal> {
  if (!can(actor, "cohort:manage")) return { ok: false, reason: "notAllowed" };
  if (!isUuid(cohortId)) return { ok: false, reason: "notFound" };
  const cohort = await prisma.cohort.findUnique({ where: { id: cohortId }, select: { startsOn: true, endsOn: true } });
  if (!cohort) return { ok: false, reason: "notFound" };
  if (!hasEnded(cohort.endsOn, now)) return { ok: false, reason: "cohortNotEnded" };
  const read = readCsvUpload(bytes);
  if (!read.ok) {
    if (read.reason === "malformed") return { ok: false, reason: "csvMalformed", line: read.line };
    return { ok: false, reason: read.reason };
  }
  const header = readOutcomeHeader(read.header);
  if (!header.ok) return header;
  if (read.rows.length === 0) return { ok: false, reason: "noRows" };
  if (read.rows.length > OUTCOME_IMPORT_MAX_ROWS)
    return { ok: false, reason: "tooManyRows", max: OUTCOME_IMPORT_MAX_ROWS };
  const rows = await checkOutcomeRows({
    db: prisma,
    cohortId,
    bounds: outcomeDateBounds({ startsOn: cohort.startsOn, now }),
    rows: readOutcomeRows({ columns: header.columns, rows: read.rows }),
  });
  return { ok: true, preview: previewOf(fileName, rows) };
}

/**
 * Records the checked rows of a preview, carried back by the confirm form, in one transaction with
 * one audit entry. Nothing in them is trusted: every row is checked again under the cohort's lock,
 * and if any is wrong now (someone removed, an outcome word edited in the page) nothing is written
 * and the preview is answered again. A row saying what is already recorded changes nothing, so a
 * double submit records once.
 */
export async function confirmOutcomeImport({
  actor,
  cohortId,
  fileName,
  rows,
  now = new Date(),
}: {
  actor: Actor;
  cohortId: string;
  fileName: string;
  /** Null when the form's rows could not be read (parseOutcomeFileRows). */
  rows: OutcomeFileRow[] | null;
  now?: Date;
}): Promise<{ ok: true; created: number; updated: number; unchanged: number } | OutcomeRefusal> {
  if (!can(actor, "cohort:manage")) return { ok: false, reason: "notAllowed" };
  if (!isUuid(cohortId)) return { ok: false, reason: "notFound" };
  if (!rows) return { ok: false, reason: "rowsUnreadable" };
  return prisma.$transaction(async (tx) => {
    const cohort = await lockCohort({ tx, cohortId });
    if (!cohort) return { ok: false, reason: "notFound" } as const;
    if (!hasEnded(cohort.endsOn, now)) return { ok: false, reason: "cohortNotEnded" } as const;
    const checked = await checkOutcomeRows({
      db: tx,
      cohortId,
      bounds: outcomeDateBounds({ startsOn: cohort.startsOn, now }),
      rows,
    });
    if (checked.some((row) => row.status === "error")) {
      return { ok: false, reason: "changed", preview: previewOf(fileName, checked) } as const;
    }
    const toCreate = checked.filter((row) => row.status === "new");
    const toUpdate = checked.filter((row) => row.status === "changed");
    if (toCreate.length > 0) {
      await tx.cohortOutcome.createMany({
        data: toCreate.map((row) => ({ cohortId, userId: row.userId!, recordedById: actor.id, ...valuesOf(row) })),
      });
    }
    if (toUpdate.length > 0) {
      const values = toUpdate.map(valuesOf);
      await tx.$executeRaw`
        UPDATE "CohortOutcome" AS o
        SET "kind" = r."kind"::"OutcomeKind", "organisation" = r."organisation", "outcomeOn" = r."outcomeOn",
            "recordedById" = ${actor.id}::uuid, "updatedAt" = ${now}
        FROM unnest(
          ${toUpdate.map((row) => row.userId!)}::uuid[],
          ${values.map((value) => value.kind)}::text[],
          ${values.map((value) => value.organisation)}::text[],
          ${values.map((value) => (value.outcomeOn ? calendarDayValue(value.outcomeOn) : null))}::date[]
        ) AS r("userId", "kind", "organisation", "outcomeOn")
        WHERE o."cohortId" = ${cohortId}::uuid AND o."userId" = r."userId"`;
    }
    const result = {
      created: toCreate.length,
      updated: toUpdate.length,
      unchanged: checked.length - toCreate.length - toUpdate.length,
    };
    if (result.created + result.updated > 0) {
      await recordAuditEvent({
        db: tx,
        actorId: actor.id,
        action: "outcomes.imported",
        entityType: "Cohort",
        entityId: cohortId,
        data: { fileName, rowCount: checked.length, ...result },
        ipAddress: actor.ipAddress,
      });
    }
    return { ok: true, ...result } as const;
  }, OUTCOME_TRANSACTION_OPTIONS);
}

type CheckedOutcomeRow = OutcomeImportRow & {
  userId: string | null;
  organisationValue: string | null;
  day: Date | null;
};

function valuesOf(row: CheckedOutcomeRow) {
  return { kind: row.kind!, organisation: row.organisationValue, outcomeOn: row.day };
}

function previewOf(fileName: string, rows: CheckedOutcomeRow[]): OutcomeImportPreview {
  const counts = { new: 0, changed: 0, same: 0, error: 0 };
  for (const row of rows) counts[row.status] += 1;
  return {
    fileName,
    rows: rows.map(({ userId: _userId, organisationValue: _organisation, day: _day, ...row }) => row),
    counts,
    checkedRows: rows
      .filter((row) => row.status !== "error")
      .map(({ line, email, studentNumber, outcome, organisation, date }) => ({
        line,
        email,
        studentNumber,
        outcome,
        organisation,
        date,
      })),
  };
}

function rowIssue(code: string, values?: OutcomeRowIssue["values"]): OutcomeRowIssue {
  return values
    ? { messageKey: `outcomes.import.rowErrors.${code}`, values }
    : { messageKey: `outcomes.import.rowErrors.${code}` };
}

/**
 * Each row checked on its own and against the database, in two statements (the accounts the rows
 * name, each with whether they graduated from this cohort and their outcome there):
 * - the person: an e-mail, else a student number, of an account; a graduate of this cohort; named once
 *   in the file (a later row naming them again is a repeat of the first's line);
 * - the outcome: one of the accepted words; an organisation for a job, company or school (at most 200
 *   characters; ignored for someone still looking); a date, when given, a real day within the bounds.
 */
async function checkOutcomeRows({
  db,
  cohortId,
  bounds,
  rows,
}: {
  db: Db;
  cohortId: string;
  bounds: { earliest: Date; latest: Date };
  rows: readonly OutcomeFileRow[];
}): Promise<CheckedOutcomeRow[]> {
  const emails = [...new Set(rows.map((row) => normalizeEmail(row.email)).filter(Boolean))];
  const numbers = [...new Set(rows.map((row) => row.studentNumber).filter(Boolean))];
  const accounts = await db.$queryRaw<
    {
      id: string;
      email: string;
      studentNumber: string | null;
      name: string;
      isGraduate: boolean;
      kind: OutcomeKind | null;
      organisation: string | null;
      outcomeOn: string | null;
    }[]
  >`
    SELECT u."id", lower(u."email") AS "email", u."studentNumber", u."name",
           coalesce(m."id" IS NOT NULL AND ${isGraduateSql()}, false) AS "isGraduate",
           o."kind", o."organisation", to_char(o."outcomeOn", 'YYYY-MM-DD') AS "outcomeOn"
    FROM "User" u
    LEFT JOIN "CohortMember" m ON m."userId" = u."id" AND m."cohortId" = ${cohortId}::uuid
    LEFT JOIN "Cohort" c ON c."id" = m."cohortId"
    LEFT JOIN "CohortOutcome" o ON o."cohortId" = ${cohortId}::uuid AND o."userId" = u."id"
    WHERE u."email" = ANY(${emails}::citext[]) OR u."studentNumber" = ANY(${numbers}::text[])`;
  const byEmail = new Map(accounts.map((account) => [account.email, account]));
  const byNumber = new Map(
    accounts.filter((account) => account.studentNumber).map((account) => [account.studentNumber!, account]),
  );
  const lineOfUser = new Map<string, number>();

  return rows.map((row) => {
    const issues: OutcomeRowIssue[] = [];
    const email = normalizeEmail(row.email);
    const account = email ? byEmail.get(email) : row.studentNumber ? byNumber.get(row.studentNumber) : undefined;
    if (!email && !row.studentNumber) issues.push(rowIssue("personMissing"));
    else if (!account) issues.push(rowIssue(email ? "unknownEmail" : "unknownStudentNumber"));
    else if (email && row.studentNumber && byNumber.get(row.studentNumber)?.id !== account.id) {
      issues.push(rowIssue("personMismatch"));
    } else if (!account.isGraduate) issues.push(rowIssue("notGraduate"));
    else {
      const earlier = lineOfUser.get(account.id);
      if (earlier) issues.push(rowIssue("repeated", { line: earlier }));
      else lineOfUser.set(account.id, row.line);
    }

    const kind = row.outcome ? readOutcomeWord(row.outcome) : null;
    if (!row.outcome) issues.push(rowIssue("outcomeMissing"));
    else if (!kind) issues.push(rowIssue("unknownOutcome"));
    const organisationValue = kind && needsOrganisation(kind) ? row.organisation || null : null;
    if (kind && needsOrganisation(kind) && !row.organisation) issues.push(rowIssue("organisationMissing"));
    if (organisationValue && organisationValue.length > ORGANISATION_MAX_LENGTH) {
      issues.push(rowIssue("organisationTooLong", { max: ORGANISATION_MAX_LENGTH }));
    }
    const day = row.date ? parseCalendarDay(row.date) : null;
    if (row.date && !day) issues.push(rowIssue("dateInvalid"));
    else if (day && !isWithin(day, bounds)) {
      issues.push(
        rowIssue("dateOutOfRange", { from: calendarDayValue(bounds.earliest), to: calendarDayValue(bounds.latest) }),
      );
    }

    let status: OutcomeImportRowStatus = "error";
    if (issues.length === 0 && account && kind) {
      const after = { kind, organisation: organisationValue, outcomeOn: calendarDayValue(day) || null };
      status = !account.kind
        ? "new"
        : isSameOutcome({ kind: account.kind, organisation: account.organisation, outcomeOn: account.outcomeOn }, after)
          ? "same"
          : "changed";
    }
    return {
      ...row,
      name: account?.name ?? null,
      kind,
      status,
      issues,
      userId: account?.id ?? null,
      organisationValue,
      day,
    };
  });
}

// ───────────────────────────── Private helpers ─────────────────────────────

/**
 * Locks the cohort row until the transaction ends (the lock every write to a cohort's members,
 * courses and outcomes takes) and reads its dates; null when there is no such cohort.
 */
async function lockCohort({ tx, cohortId }: { tx: Transaction; cohortId: string }) {
  const [cohort] = await tx.$queryRaw<{ startsOn: Date; endsOn: Date }[]>`
    SELECT "startsOn", "endsOn" FROM "Cohort" WHERE "id" = ${cohortId}::uuid FOR NO KEY UPDATE`;
  return cohort ?? null;
}
