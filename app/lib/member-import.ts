// A cohort's member list as a CSV file (docs in README, "Administration"): which columns it may have
// and what each row must hold, checked without the database. Universal, so the import page can show
// the same column names and limits the server applies. What needs the database (accounts, student
// numbers held by others, current members) is checked in app/models/cohort-import.server.ts.
import { z } from "zod";
import { normalizeEmail } from "~/lib/email-address";
import type { Language } from "~/lib/i18n";
import { UPLOAD_KINDS } from "~/lib/upload-limits";

/** More than any cohort has (200–300 trainees), so a wrong file is caught before a long preview. */
export const MEMBER_IMPORT_MAX_ROWS = 5000;
export const MEMBER_NAME_MAX_LENGTH = 100;
/** Letters, digits and hyphens, as student numbers are written (20261234, G2026-001). */
export const STUDENT_NUMBER_PATTERN = /^[0-9A-Za-z-]{1,30}$/;

/** The upload the import page takes: one .csv file up to 2 MB (the HTTP server's limit too). */
export const MEMBER_IMPORT_UPLOAD_LIMITS = UPLOAD_KINDS.memberList;

export const MEMBER_COLUMNS = ["name", "email", "studentNumber"] as const;
export type MemberColumn = (typeof MEMBER_COLUMNS)[number];
export const REQUIRED_MEMBER_COLUMNS: readonly MemberColumn[] = ["name", "email"];

/** Header names each column is recognised by, compared without case or spaces. */
export const MEMBER_COLUMN_HEADERS: Record<MemberColumn, readonly string[]> = {
  name: ["이름", "성명", "name"],
  email: ["이메일", "메일", "email", "e-mail"],
  studentNumber: ["학번", "student number", "student_number"],
};

/**
 * An e-mail address as the account forms accept one (emailField in app/auth/account-schemas.ts, which
 * app/lib may not import): at most 254 characters, zod's e-mail syntax, stored trimmed and lower-cased.
 */
const emailRule = z.string().max(254).email();

function headerKey(text: string) {
  return text.normalize("NFC").toLowerCase().replace(/\s+/g, "");
}

const COLUMN_BY_HEADER = new Map(
  MEMBER_COLUMNS.flatMap((column) => MEMBER_COLUMN_HEADERS[column].map((name) => [headerKey(name), column] as const)),
);

export type MemberHeaderRefusal =
  | { ok: false; reason: "unknownColumn"; column: string }
  | { ok: false; reason: "blankColumn"; position: number }
  | { ok: false; reason: "duplicateColumn"; column: string }
  | { ok: false; reason: "missingColumn"; column: MemberColumn };

/**
 * The column each header cell names, or why the header cannot be read: a column we do not know (named,
 * so the admin can rename or delete it), a blank title between others, a column twice, or no name or
 * e-mail column.
 */
export function readMemberHeader(
  header: readonly string[],
): { ok: true; columns: MemberColumn[] } | MemberHeaderRefusal {
  const columns: MemberColumn[] = [];
  const firstTitle = new Map<MemberColumn, string>();
  for (const [index, title] of header.entries()) {
    if (!title) return { ok: false, reason: "blankColumn", position: index + 1 };
    const column = COLUMN_BY_HEADER.get(headerKey(title));
    if (!column) return { ok: false, reason: "unknownColumn", column: title };
    if (firstTitle.has(column)) return { ok: false, reason: "duplicateColumn", column: title };
    firstTitle.set(column, title);
    columns.push(column);
  }
  const missing = REQUIRED_MEMBER_COLUMNS.find((column) => !firstTitle.has(column));
  if (missing) return { ok: false, reason: "missingColumn", column: missing };
  return { ok: true, columns };
}

/** A problem with one row: an i18n key (in `cohorts.import.rowErrors`) and the values its message takes. */
export type MemberRowIssue = { messageKey: string; values?: Record<string, string | number> };

export type MemberRow = {
  line: number;
  name: string;
  /** Normalised (trimmed, lower case) when valid; as written otherwise. */
  email: string;
  isEmailValid: boolean;
  studentNumber: string | null;
  issues: MemberRowIssue[];
};

function issue(code: string, values?: MemberRowIssue["values"]): MemberRowIssue {
  return values
    ? { messageKey: `cohorts.import.rowErrors.${code}`, values }
    : { messageKey: `cohorts.import.rowErrors.${code}` };
}

/**
 * Each row's name, e-mail and student number, with what is wrong with it on its own or against the
 * rows above it: a filled cell beyond the header's columns, a missing or too long name, a missing or
 * malformed e-mail, a malformed student number, and an e-mail or student number an earlier row
 * already has (the message names that row's line).
 */
export function readMemberRows({
  columns,
  rows,
}: {
  columns: readonly MemberColumn[];
  rows: readonly { line: number; cells: readonly string[] }[];
}): MemberRow[] {
  const indexOf = (column: MemberColumn) => columns.indexOf(column);
  const [nameAt, emailAt, numberAt] = [indexOf("name"), indexOf("email"), indexOf("studentNumber")];
  const lineOfEmail = new Map<string, number>();
  const lineOfNumber = new Map<string, number>();
  return rows.map(({ line, cells }) => {
    const issues: MemberRowIssue[] = [];
    if (cells.length > columns.length) issues.push(issue("unknownColumn", { position: columns.length + 1 }));

    const name = cells[nameAt] ?? "";
    if (!name) issues.push(issue("nameMissing"));
    else if (name.length > MEMBER_NAME_MAX_LENGTH) issues.push(issue("nameTooLong", { max: MEMBER_NAME_MAX_LENGTH }));

    let email = cells[emailAt] ?? "";
    let isEmailValid = false;
    if (!email) issues.push(issue("emailMissing"));
    else {
      if (!emailRule.safeParse(email).success) issues.push(issue("emailInvalid"));
      else {
        email = normalizeEmail(email);
        isEmailValid = true;
        const earlier = lineOfEmail.get(email);
        if (earlier) issues.push(issue("emailRepeated", { line: earlier }));
        else lineOfEmail.set(email, line);
      }
    }

    const studentNumber = (numberAt >= 0 ? cells[numberAt] : undefined) || null;
    if (studentNumber !== null) {
      if (!STUDENT_NUMBER_PATTERN.test(studentNumber)) issues.push(issue("studentNumberInvalid"));
      else {
        const earlier = lineOfNumber.get(studentNumber);
        if (earlier) issues.push(issue("studentNumberRepeated", { line: earlier }));
        else lineOfNumber.set(studentNumber, line);
      }
    }
    return { line, name, email, isEmailValid, studentNumber, issues };
  });
}

/** The example file the import page offers: the header in the reader's language and two rows. */
export function memberListExample(language: Language): { header: string[]; rows: string[][] } {
  if (language === "en") {
    return {
      header: ["name", "email", "student number"],
      rows: [
        ["Jiwoo Park", "jiwoo.park@example.com", "20260001"],
        ["Minjun Kim", "minjun.kim@example.com", ""],
      ],
    };
  }
  return {
    header: ["이름", "이메일", "학번"],
    rows: [
      ["홍길동", "gildong.hong@example.com", "20260001"],
      ["김하늘", "haneul.kim@example.com", ""],
    ],
  };
}
