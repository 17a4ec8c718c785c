// Letter grades on Korean university scales, and the cut-offs that suggest one from a course score.
// Universal: the studio's settings form validates cut-offs with the same schema in the browser and on
// the server, and the final-grades page shows the same suggestion the server confirms.
//
// A program chooses its scale (Program.gradeScale): 4.5, the most common in Korea (A+ 4.5, A0 4.0,
// … D0 1.0, F 0), or 4.3 (A+ 4.3, A0 4.0, A- 3.7, … D- 0.7, F 0) as some universities use. A
// pass/fail course gives P or NP on either scale, with no grade point. A course keeps its own
// cut-offs (Course.gradeCutoffs: the lowest score of each letter but the last, e.g. { "A+": 95, … })
// or, when it has none, the scale's defaults below.
import { z } from "zod";
import type { GradeScale } from "~/generated/prisma/client";

export const GRADE_SCALES = ["KR_4_5", "KR_4_3"] as const satisfies readonly GradeScale[];
export type GradeScaleName = (typeof GRADE_SCALES)[number];

/** What decides a course's letters: its program's scale, and whether it is graded pass/fail. */
export type LetterSystem = { scale: GradeScaleName; isPassFail: boolean };

/** A letter, its grade point (null for P and NP), and the default lowest score for it (none for the last). */
type LetterSpec = { letter: string; gradePoint: number | null; defaultCutoff: number | null };

// The 4.5 scale's default cut-offs are the common "95/90/85/…/60" steps of Korean syllabi; the 4.3
// scale's, the thirds of each ten (97/93/90, …, 67/63/60) that +, 0 and - divide it into. F and NP
// are everything below the last cut-off.
const LETTERS = {
  KR_4_5: [
    { letter: "A+", gradePoint: 4.5, defaultCutoff: 95 },
    { letter: "A0", gradePoint: 4.0, defaultCutoff: 90 },
    { letter: "B+", gradePoint: 3.5, defaultCutoff: 85 },
    { letter: "B0", gradePoint: 3.0, defaultCutoff: 80 },
    { letter: "C+", gradePoint: 2.5, defaultCutoff: 75 },
    { letter: "C0", gradePoint: 2.0, defaultCutoff: 70 },
    { letter: "D+", gradePoint: 1.5, defaultCutoff: 65 },
    { letter: "D0", gradePoint: 1.0, defaultCutoff: 60 },
    { letter: "F", gradePoint: 0, defaultCutoff: null },
  ],
  KR_4_3: [
    { letter: "A+", gradePoint: 4.3, defaultCutoff: 97 },
    { letter: "A0", gradePoint: 4.0, defaultCutoff: 93 },
    { letter: "A-", gradePoint: 3.7, defaultCutoff: 90 },
    { letter: "B+", gradePoint: 3.3, defaultCutoff: 87 },
    { letter: "B0", gradePoint: 3.0, defaultCutoff: 83 },
    { letter: "B-", gradePoint: 2.7, defaultCutoff: 80 },
    { letter: "C+", gradePoint: 2.3, defaultCutoff: 77 },
    { letter: "C0", gradePoint: 2.0, defaultCutoff: 73 },
    { letter: "C-", gradePoint: 1.7, defaultCutoff: 70 },
    { letter: "D+", gradePoint: 1.3, defaultCutoff: 67 },
    { letter: "D0", gradePoint: 1.0, defaultCutoff: 63 },
    { letter: "D-", gradePoint: 0.7, defaultCutoff: 60 },
    { letter: "F", gradePoint: 0, defaultCutoff: null },
  ],
  PASS_FAIL: [
    { letter: "P", gradePoint: null, defaultCutoff: 60 },
    { letter: "NP", gradePoint: null, defaultCutoff: null },
  ],
} as const satisfies Record<GradeScaleName | "PASS_FAIL", readonly LetterSpec[]>;

/** The lowest course score (percent) of each letter that has one, e.g. { "A+": 95, "A0": 90, … }. */
export type GradeCutoffs = Record<string, number>;

function lettersFor({ scale, isPassFail }: LetterSystem): readonly LetterSpec[] {
  return isPassFail ? LETTERS.PASS_FAIL : LETTERS[scale];
}

export function isGradeScale(value: unknown): value is GradeScaleName {
  return typeof value === "string" && (GRADE_SCALES as readonly string[]).includes(value);
}

/** Every letter the course may give, best first (the last is F or NP). */
export function gradeLetters(system: LetterSystem): string[] {
  return lettersFor(system).map(({ letter }) => letter);
}

/** The letters that have a cut-off, best first: every letter but the last. */
export function cutoffLetters(system: LetterSystem): string[] {
  return lettersFor(system).flatMap(({ letter, defaultCutoff }) => (defaultCutoff === null ? [] : [letter]));
}

export function isGradeLetter(system: LetterSystem, letter: string) {
  return gradeLetters(system).includes(letter);
}

export function defaultCutoffs(system: LetterSystem): GradeCutoffs {
  return Object.fromEntries(
    lettersFor(system).flatMap(({ letter, defaultCutoff }) =>
      defaultCutoff === null ? [] : [[letter, defaultCutoff]],
    ),
  );
}

/**
 * The letter's grade point on the scale: A+ is 4.5 or 4.3, F is 0; null for P and NP (a pass/fail
 * course counts in credits but not in the grade point average), and for a letter the scale lacks.
 */
export function gradePointOf({ scale, letter }: { scale: GradeScaleName; letter: string }): number | null {
  return LETTERS[scale].find((spec) => spec.letter === letter)?.gradePoint ?? null;
}

const cutoffValue = z
  .number({ required_error: "validation.required", invalid_type_error: "grades.cutoffNotNumber" })
  .min(0, "grades.cutoffOutOfRange")
  .max(100, "grades.cutoffOutOfRange");

/**
 * Cut-offs for the letter system: one number from 0 to 100 per letter that has one, each strictly
 * lower than the letter above it (two letters with one cut-off would make the upper one unreachable).
 * Messages are i18n keys, each at the letter it concerns.
 */
export function gradeCutoffsSchema(system: LetterSystem) {
  const letters = cutoffLetters(system);
  return z
    .object(Object.fromEntries(letters.map((letter) => [letter, cutoffValue])) as Record<string, typeof cutoffValue>)
    .strict()
    .superRefine((cutoffs, context) => {
      letters.forEach((letter, index) => {
        const above = index > 0 ? cutoffs[letters[index - 1]!] : undefined;
        const value = cutoffs[letter];
        if (above !== undefined && value !== undefined && value >= above) {
          context.addIssue({ code: z.ZodIssueCode.custom, path: [letter], message: "grades.cutoffNotDescending" });
        }
      });
    });
}

/**
 * The cut-offs a course uses: its own when they fit its letter system, else the defaults. Stored
 * cut-offs stop fitting when the program changes scale or the course turns pass/fail; the studio then
 * shows the defaults, marked as such, until someone saves new ones.
 */
export function resolveCutoffs(system: LetterSystem, stored: unknown): { cutoffs: GradeCutoffs; isDefault: boolean } {
  const parsed = stored === null || stored === undefined ? null : gradeCutoffsSchema(system).safeParse(stored);
  return parsed?.success
    ? { cutoffs: parsed.data, isDefault: false }
    : { cutoffs: defaultCutoffs(system), isDefault: true };
}

/**
 * A course score rounded as the gradebook shows and FinalGrade stores it (two decimals), so the
 * letter suggested is the one a reader of the score would expect: 89.996 shows as 90.00 and is A0.
 */
export function roundScore(scorePercent: number) {
  return Math.round(scorePercent * 100) / 100;
}

/**
 * The letter a score earns: the first letter, best first, whose cut-off the rounded score reaches;
 * below every cut-off, F (or NP). Null when there is no score yet.
 */
export function suggestLetter(
  system: LetterSystem,
  { scorePercent, cutoffs }: { scorePercent: number | null; cutoffs: GradeCutoffs },
): string | null {
  if (scorePercent === null || !Number.isFinite(scorePercent)) return null;
  const score = roundScore(scorePercent);
  const letters = gradeLetters(system);
  return letters.find((letter) => cutoffs[letter] !== undefined && score >= cutoffs[letter]) ?? letters.at(-1)!;
}
