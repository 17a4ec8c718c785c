// What a cohort's graduates went on to do, as the outcomes page's forms and the outcomes CSV take it,
// shared by the browser (Conform) and the server. Messages are i18n keys; dates are calendar days
// ("2027-03-02" → UTC midnight, as @db.Date stores them). What needs the database (who is a graduate,
// the cohort's dates) is checked in app/models/cohort-outcome.server.ts.
import { z } from "zod";
import { UPLOAD_KINDS } from "~/lib/upload-limits";

export const OUTCOME_KINDS = ["EMPLOYED", "STARTED_COMPANY", "GRADUATE_SCHOOL", "SEEKING"] as const;
export type OutcomeKindName = (typeof OUTCOME_KINDS)[number];

/** A job, a company or a school is named; someone still looking has none. */
export function needsOrganisation(kind: OutcomeKindName) {
  return kind !== "SEEKING";
}

export const ORGANISATION_MAX_LENGTH = 200;

/** "2027-03-02" as the UTC midnight a @db.Date holds, or null when it is no such day. */
export function parseCalendarDay(value: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const day = new Date(`${value}T00:00:00.000Z`);
  return Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== value ? null : day;
}

/** "2027-03-02" for a date input or a file, from a calendar day stored as UTC midnight. */
export function calendarDayValue(day: Date | string | null) {
  return day ? new Date(day).toISOString().slice(0, 10) : "";
}

/**
 * One graduate's outcome, as the page's form posts it: the graduate, what they went on to do, the
 * organisation (required for a job, a company or a school; dropped for someone still looking) and,
 * optionally, the day it began.
 */
export const recordOutcomeSchema = z
  .object({
    userId: z.string({ required_error: "validation.required" }).uuid("validation.required"),
    kind: z.enum(OUTCOME_KINDS, { errorMap: () => ({ message: "outcomes.kindRequired" }) }),
    organisation: z
      .string()
      .trim()
      .max(ORGANISATION_MAX_LENGTH, "validation.tooLong")
      .optional()
      .transform((value) => value || null),
    outcomeOn: z
      .string()
      .trim()
      .optional()
      .transform((value, context) => {
        if (!value) return null;
        const day = parseCalendarDay(value);
        if (!day) context.addIssue({ code: z.ZodIssueCode.custom, message: "validation.dateInvalid" });
        return day ?? z.NEVER;
      }),
  })
  .superRefine((value, context) => {
    if (needsOrganisation(value.kind) && !value.organisation) {
      context.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["organisation"],
        message: "outcomes.organisationRequired",
      });
    }
  })
  .transform((value) => (needsOrganisation(value.kind) ? value : { ...value, organisation: null }));

export type OutcomeInput = z.output<typeof recordOutcomeSchema>;

// ───────────────────────────── The outcomes CSV ─────────────────────────────

/** More than any cohort has graduates (2,000 at most), so a wrong file is caught early. */
export const OUTCOME_IMPORT_MAX_ROWS = 5000;

/** The upload the outcomes page takes: one .csv file up to 1 MB (the HTTP server's limit too). */
export const OUTCOME_IMPORT_UPLOAD_LIMITS = UPLOAD_KINDS.outcomeList;

export const OUTCOME_COLUMNS = ["email", "studentNumber", "outcome", "organisation", "date"] as const;
export type OutcomeColumn = (typeof OUTCOME_COLUMNS)[number];

/** Header names each column is recognised by, compared without case or spaces. */
export const OUTCOME_COLUMN_HEADERS: Record<OutcomeColumn, readonly string[]> = {
  email: ["이메일", "메일", "email", "e-mail"],
  studentNumber: ["학번", "student number", "student_number", "studentNumber"],
  outcome: ["진로", "결과", "수료 후 진로", "outcome", "kind"],
  organisation: ["기관", "기관명", "회사", "학교", "organisation", "organization", "company"],
  date: ["날짜", "일자", "시작일", "date"],
};

/**
 * The words an outcome may be written as, compared without case or spaces: Korean, English, and the
 * names the app's exports use.
 */
export const OUTCOME_WORDS: Record<OutcomeKindName, readonly string[]> = {
  EMPLOYED: ["취업", "employed", "job", "EMPLOYED"],
  STARTED_COMPANY: ["창업", "started a company", "started company", "start-up", "startup", "STARTED_COMPANY"],
  GRADUATE_SCHOOL: ["진학", "대학원 진학", "graduate school", "GRADUATE_SCHOOL"],
  SEEKING: ["구직 중", "구직", "still looking", "seeking", "looking", "SEEKING"],
};

function wordKey(text: string) {
  return text
    .normalize("NFC")
    .toLowerCase()
    .replace(/[\s_]+/g, "");
}

const KIND_BY_WORD = new Map(
  OUTCOME_KINDS.flatMap((kind) => OUTCOME_WORDS[kind].map((word) => [wordKey(word), kind] as const)),
);
const COLUMN_BY_HEADER = new Map(
  OUTCOME_COLUMNS.flatMap((column) => OUTCOME_COLUMN_HEADERS[column].map((name) => [wordKey(name), column] as const)),
);

/** The outcome a cell names, or null. */
export function readOutcomeWord(text: string): OutcomeKindName | null {
  return KIND_BY_WORD.get(wordKey(text)) ?? null;
}

/**
 * Which column each header cell is (null for one we do not use, which is ignored), or what is
 * missing: a person (an e-mail or a student number column) or the outcome column.
 */
export function readOutcomeHeader(
  header: readonly string[],
):
  | { ok: true; columns: (OutcomeColumn | null)[] }
  | { ok: false; reason: "missingPersonColumn" | "missingOutcomeColumn" } {
  const seen = new Set<OutcomeColumn>();
  const columns = header.map((title) => {
    const column = COLUMN_BY_HEADER.get(wordKey(title)) ?? null;
    // A column named twice: the first one counts.
    if (column === null || seen.has(column)) return null;
    seen.add(column);
    return column;
  });
  if (!seen.has("email") && !seen.has("studentNumber")) return { ok: false, reason: "missingPersonColumn" };
  if (!seen.has("outcome")) return { ok: false, reason: "missingOutcomeColumn" };
  return { ok: true, columns };
}

/** A row of the file as written, by column: what the preview keeps and the confirm form posts back. */
export type OutcomeFileRow = {
  line: number;
  email: string;
  studentNumber: string;
  outcome: string;
  organisation: string;
  date: string;
};

/** The rows of the file by column, every cell as written (a missing one is ""). */
export function readOutcomeRows({
  columns,
  rows,
}: {
  columns: readonly (OutcomeColumn | null)[];
  rows: readonly { line: number; cells: readonly string[] }[];
}): OutcomeFileRow[] {
  const cellOf = (cells: readonly string[], column: OutcomeColumn) => {
    const index = columns.indexOf(column);
    return index >= 0 ? (cells[index] ?? "") : "";
  };
  return rows.map(({ line, cells }) => ({
    line,
    email: cellOf(cells, "email"),
    studentNumber: cellOf(cells, "studentNumber"),
    outcome: cellOf(cells, "outcome"),
    organisation: cellOf(cells, "organisation"),
    date: cellOf(cells, "date"),
  }));
}

const fileCell = z.string().max(1000);

/**
 * The checked rows the confirm form carries back (hidden JSON), read as untrusted input: the server
 * checks every row again before anything is written.
 */
export const outcomeFileRowsSchema = z
  .array(
    z.object({
      line: z.number().int().min(1),
      email: fileCell,
      studentNumber: fileCell,
      outcome: fileCell,
      organisation: fileCell,
      date: fileCell,
    }),
  )
  .min(1)
  .max(OUTCOME_IMPORT_MAX_ROWS);

/** The hidden field's JSON read with outcomeFileRowsSchema, or null when it is not that. */
export function parseOutcomeFileRows(json: unknown): OutcomeFileRow[] | null {
  if (typeof json !== "string") return null;
  try {
    const parsed = outcomeFileRowsSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
