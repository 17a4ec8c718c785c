// Quiz questions as data: the kinds and their answer shapes, the rules a question must keep (shared
// by the course package reader and the studio), how a learner's response is read and graded, and
// the studio's question form. Universal and pure: the studio form validates with it in the browser,
// and the server grades with the same functions.
//
// Decisions:
// - A short answer matches an accepted answer after both are normalized: Unicode NFKC (full-width
//   "ＰＡＮＤＡＳ" becomes "PANDAS", the ideographic space U+3000 a space, decomposed Hangul is
//   composed), zero-width characters removed, lower case, every run of white space one space, no space at either end.
//   Spaces inside are kept: "머신 러닝" and "머신러닝" are different answers (list both if both are right).
// - A number is read with a dot for decimals; a comma only groups thousands ("1,000", "12,345.5"),
//   so "3,14" is not read as a number at all (and is wrong) rather than guessed at. Full-width digits,
//   a leading + or −, spaces and exponents ("1e-3") are read. Right means within the tolerance, with
//   a hair of slack for binary floating point (3.15 is within 0.01 of 3.14).
// - Choice questions are all or nothing: a multiple-choice response is right when it names exactly
//   the correct choices.
import { z } from "zod";
import type { QuestionKind } from "~/generated/prisma/enums";

export const QUESTION_KINDS = [
  "SINGLE_CHOICE",
  "MULTIPLE_CHOICE",
  "TRUE_FALSE",
  "SHORT_ANSWER",
  "NUMERIC",
] as const satisfies readonly QuestionKind[];

export type ChoiceKind = "SINGLE_CHOICE" | "MULTIPLE_CHOICE" | "TRUE_FALSE";

export function isChoiceKind(kind: QuestionKind): kind is ChoiceKind {
  return kind === "SINGLE_CHOICE" || kind === "MULTIPLE_CHOICE" || kind === "TRUE_FALSE";
}

export type Choice = { id: string; text: string };
export type NumericAnswer = { value: number; tolerance: number };
/** Correct choice ids (choice kinds), accepted answers (SHORT_ANSWER), or a number and its tolerance (NUMERIC). */
export type QuestionAnswer = string[] | NumericAnswer;

/** A question's content as stored, authored and written in a package. */
export type QuestionContent = {
  kind: QuestionKind;
  prompt: string;
  choices: Choice[];
  answer: QuestionAnswer;
  points: number;
  explanation: string;
};

/** What a learner gave: choice ids (choice kinds), the text typed (SHORT_ANSWER, NUMERIC), or null for nothing. */
export type QuestionResponse = string[] | string | null;

export const MAX_CHOICES = 10;
export const MAX_POINTS = 1000;
export const MAX_PROMPT_LENGTH = 5000;
export const MAX_CHOICE_LENGTH = 500;
/** The longest short answer or number a learner may type. */
export const MAX_TYPED_RESPONSE_LENGTH = 500;

/** A TRUE_FALSE question's choices as the studio first writes them, in the course's language. */
export const TRUE_FALSE_CHOICES = {
  ko: [
    { id: "true", text: "참" },
    { id: "false", text: "거짓" },
  ],
  en: [
    { id: "true", text: "True" },
    { id: "false", text: "False" },
  ],
} as const satisfies Record<string, readonly Choice[]>;

// ───────────────────────────── The rules a question keeps ─────────────────────────────

export const QUESTION_PROBLEM_CODES = [
  "choicesNotAllowed",
  "trueFalseChoices",
  "tooFewChoices",
  "tooManyChoices",
  "duplicateChoiceId",
  "noAnswer",
  "oneAnswer",
  "unknownChoice",
  "numericAnswer",
  "answerList",
] as const;

export type QuestionProblemCode = (typeof QUESTION_PROBLEM_CODES)[number];

/** What is wrong with a question: where (relative to the question), and a code with its values. */
export type QuestionProblem = {
  path: (string | number)[];
  code: QuestionProblemCode;
  values?: Record<string, string | number>;
};

/** A number and a tolerance (of any sign: findQuestionProblems refuses a negative one). */
function isNumericShape(answer: unknown): answer is NumericAnswer {
  if (typeof answer !== "object" || answer === null || Array.isArray(answer)) return false;
  const { value, tolerance } = answer as Partial<NumericAnswer>;
  return (
    typeof value === "number" && Number.isFinite(value) && typeof tolerance === "number" && Number.isFinite(tolerance)
  );
}

function isNumericAnswer(answer: unknown): answer is NumericAnswer {
  return isNumericShape(answer) && answer.tolerance >= 0;
}

function isStringList(answer: unknown): answer is string[] {
  return Array.isArray(answer) && answer.every((item) => typeof item === "string");
}

/**
 * Every rule a question's choices and answer break, in the order a reader fixes them: choices only
 * on choice questions (two or more, exactly two for TRUE_FALSE, ids unique), and an answer of the
 * kind's shape naming existing choices (one, unless MULTIPLE_CHOICE).
 */
export function findQuestionProblems(question: {
  kind: QuestionKind;
  choices: readonly { id: string }[];
  answer: unknown;
}): QuestionProblem[] {
  const problems: QuestionProblem[] = [];
  const { kind } = question;
  const choiceIds = question.choices.map((choice) => choice.id);
  if (kind === "NUMERIC") {
    if (choiceIds.length > 0) problems.push({ path: ["choices"], code: "choicesNotAllowed", values: { kind } });
    if (!isNumericShape(question.answer)) problems.push({ path: ["answer"], code: "numericAnswer" });
    else if (question.answer.tolerance < 0) problems.push({ path: ["answer", "tolerance"], code: "numericAnswer" });
    return problems;
  }
  if (!isStringList(question.answer)) return [{ path: ["answer"], code: "answerList", values: { kind } }];
  const answer = question.answer;
  if (answer.length === 0) problems.push({ path: ["answer"], code: "noAnswer" });
  if (!isChoiceKind(kind)) {
    if (choiceIds.length > 0) problems.push({ path: ["choices"], code: "choicesNotAllowed", values: { kind } });
    return problems;
  }
  if (kind === "TRUE_FALSE" ? choiceIds.length !== 2 : choiceIds.length < 2) {
    problems.push({
      path: ["choices"],
      code: kind === "TRUE_FALSE" ? "trueFalseChoices" : "tooFewChoices",
      values: { kind },
    });
  }
  if (choiceIds.length > MAX_CHOICES) {
    problems.push({ path: ["choices"], code: "tooManyChoices", values: { maximum: MAX_CHOICES } });
  }
  const seen = new Set<string>();
  choiceIds.forEach((id, index) => {
    if (seen.has(id))
      problems.push({ path: ["choices", index, "id"], code: "duplicateChoiceId", values: { value: id } });
    seen.add(id);
  });
  if (kind !== "MULTIPLE_CHOICE" && answer.length > 1) {
    problems.push({ path: ["answer"], code: "oneAnswer", values: { kind } });
  }
  answer.forEach((id, index) => {
    if (!choiceIds.includes(id))
      problems.push({ path: ["answer", index], code: "unknownChoice", values: { value: id } });
  });
  return problems;
}

// ───────────────────────────── Reading and grading a response ─────────────────────────────

/** A short answer as it is compared (see the decisions at the top). */
export function normalizeShortAnswer(text: string): string {
  return text
    .normalize("NFKC")
    .replace(/[\u200B-\u200D\u2060\uFEFF]/g, "")
    .toLowerCase()
    .replace(/\s+/gu, " ")
    .trim();
}

const NUMBER_PATTERN = /^[+-]?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;

/** The number a learner typed, or null when it is not read as one (see the decisions at the top). */
export function parseNumber(text: string): number | null {
  const compact = text
    .normalize("NFKC")
    .replace(/[\u2212\u2012\u2013\uFE63]/g, "-")
    .replace(/\s+/gu, "");
  if (!NUMBER_PATTERN.test(compact)) return null;
  const value = Number(compact.replace(/,/g, ""));
  return Number.isFinite(value) ? value : null;
}

/** Whether `value` is within `tolerance` of `target`, allowing for binary floating point. */
export function isWithinTolerance(value: number, { value: target, tolerance }: NumericAnswer): boolean {
  const slack = 1e-9 * Math.max(1, Math.abs(target), Math.abs(tolerance));
  return Math.abs(value - target) <= tolerance + slack;
}

/**
 * A learner's form values for one question as the response to store: choice ids in the question's
 * own order (so equal responses compare equal), or the text typed, trimmed. Refused when it names a
 * choice the question does not have, names two for a one-answer question, or is too long.
 */
export function readResponse(
  question: { kind: QuestionKind; choices: readonly Choice[] },
  values: readonly string[],
): { ok: true; response: QuestionResponse } | { ok: false } {
  if (isChoiceKind(question.kind)) {
    const given = new Set(values.filter((value) => value !== ""));
    const known = question.choices.map((choice) => choice.id);
    if ([...given].some((id) => !known.includes(id))) return { ok: false };
    if (question.kind !== "MULTIPLE_CHOICE" && given.size > 1) return { ok: false };
    const ordered = known.filter((id) => given.has(id));
    return { ok: true, response: ordered.length > 0 ? ordered : null };
  }
  if (values.length > 1) return { ok: false };
  const text = (values[0] ?? "").trim();
  if (text.length > MAX_TYPED_RESPONSE_LENGTH) return { ok: false };
  return { ok: true, response: text === "" ? null : text };
}

/** Whether a stored response is right for the question, and the points it earns. Pure. */
export function gradeResponse(
  question: { kind: QuestionKind; answer: unknown; points: number },
  response: QuestionResponse,
): { isCorrect: boolean; points: number } {
  const isCorrect = isCorrectResponse(question, response);
  return { isCorrect, points: isCorrect ? question.points : 0 };
}

function isCorrectResponse(question: { kind: QuestionKind; answer: unknown }, response: QuestionResponse): boolean {
  if (response === null) return false;
  const { kind, answer } = question;
  if (kind === "NUMERIC") {
    if (typeof response !== "string" || !isNumericAnswer(answer)) return false;
    const value = parseNumber(response);
    return value !== null && isWithinTolerance(value, answer);
  }
  if (!isStringList(answer)) return false;
  if (kind === "SHORT_ANSWER") {
    if (typeof response !== "string") return false;
    const given = normalizeShortAnswer(response);
    return given !== "" && answer.some((accepted) => normalizeShortAnswer(accepted) === given);
  }
  if (!Array.isArray(response)) return false;
  const correct = new Set(answer);
  const chosen = new Set(response);
  return chosen.size === correct.size && [...chosen].every((id) => correct.has(id));
}

// ───────────────────────────── The studio's question form ─────────────────────────────

/**
 * A question as the studio's form sends it. Choice questions come as slots (`choices[i].id` keeps
 * an existing choice's id, `choices[i].text` its text; an empty slot is no choice) and `correct`
 * names the right slots by index; a short answer lists its accepted answers one per line; a number
 * has its value and tolerance as typed. Messages are i18n keys. The schema's output is the question
 * as stored (`QuestionContent`), with new choices given the first free ids a, b, c, …
 */
export const questionFormSchema = z
  .object({
    kind: z.enum(QUESTION_KINDS),
    prompt: z
      .string({ required_error: "validation.required" })
      .trim()
      .min(1, "validation.required")
      .max(MAX_PROMPT_LENGTH, "validation.tooLong"),
    points: z.coerce
      .number({ invalid_type_error: "validation.wholeNumber" })
      .int("validation.wholeNumber")
      .min(0, "validation.numberTooSmall")
      .max(MAX_POINTS, "validation.numberTooLarge")
      .default(1),
    explanation: z.string().trim().max(MAX_PROMPT_LENGTH, "validation.tooLong").optional().default(""),
    choices: z
      .array(
        z.object({
          id: z.string().trim().max(100).optional(),
          text: z.string().trim().max(MAX_CHOICE_LENGTH, "validation.tooLong").optional(),
        }),
      )
      .max(MAX_CHOICES)
      .optional()
      .default([]),
    correct: z.array(z.string()).optional().default([]),
    accepted: z.string().max(MAX_PROMPT_LENGTH, "validation.tooLong").optional().default(""),
    value: z.string().max(100).optional(),
    tolerance: z.string().max(100).optional(),
  })
  .transform((form, context): QuestionContent => {
    const base = { kind: form.kind, prompt: form.prompt, points: form.points, explanation: form.explanation };
    if (form.kind === "NUMERIC") {
      const value = parseNumber(form.value ?? "");
      const tolerance = form.tolerance ? parseNumber(form.tolerance) : 0;
      if (value === null) {
        context.addIssue({
          code: "custom",
          path: ["value"],
          message: form.value ? "studio.quizEditor.notANumber" : "validation.required",
        });
      }
      if (tolerance === null || tolerance < 0) {
        context.addIssue({ code: "custom", path: ["tolerance"], message: "studio.quizEditor.toleranceInvalid" });
      }
      return { ...base, choices: [], answer: { value: value ?? 0, tolerance: tolerance ?? 0 } };
    }
    if (form.kind === "SHORT_ANSWER") {
      const accepted = [
        ...new Set(
          form.accepted
            .split("\n")
            .map((line) => line.trim())
            .filter(Boolean),
        ),
      ];
      const question = { ...base, choices: [], answer: accepted };
      reportProblems(context, question);
      return question;
    }
    // Slots keep their index, so `correct` can name them; empty ones are dropped afterwards.
    const slots = form.choices.map((slot) => ({ id: slot.id ?? "", text: slot.text ?? "" }));
    const taken = new Set(slots.filter((slot) => slot.text && slot.id).map((slot) => slot.id));
    const filled = slots.flatMap((slot, index) =>
      slot.text ? [{ index, id: slot.id || nextFreeId(taken), text: slot.text }] : [],
    );
    for (const index of form.correct) {
      if (!filled.some((slot) => String(slot.index) === index)) {
        context.addIssue({ code: "custom", path: ["correct"], message: "studio.quizEditor.correctIsEmpty" });
        break;
      }
    }
    const question = {
      ...base,
      choices: filled.map(({ id, text }) => ({ id, text })),
      answer: filled.filter((slot) => form.correct.includes(String(slot.index))).map((slot) => slot.id),
    };
    reportProblems(context, question);
    return question;
  });

export type QuestionForm = z.input<typeof questionFormSchema>;

/** The first of a, b, … z (then choice-27, …) not in `taken`, which it joins. */
function nextFreeId(taken: Set<string>): string {
  for (let index = 0; ; index++) {
    const id = index < 26 ? String.fromCharCode(97 + index) : `choice-${index + 1}`;
    if (!taken.has(id)) {
      taken.add(id);
      return id;
    }
  }
}

/** Each problem beside the form field it is about, in the reader's language. */
function reportProblems(context: z.RefinementCtx, question: QuestionContent) {
  for (const problem of findQuestionProblems(question)) {
    const isAboutAnswer = problem.path[0] === "answer";
    const field = !isAboutAnswer ? "choices" : question.kind === "SHORT_ANSWER" ? "accepted" : "correct";
    context.addIssue({ code: "custom", path: [field], message: `studio.quizEditor.problem.${problem.code}` });
  }
}

/** The form's values for a stored question, as the studio's question form shows it. */
export function questionFormDefaults(question: QuestionContent, { blankChoices }: { blankChoices: number }) {
  const answer = question.answer;
  const choices = question.choices.map((choice) => ({ id: choice.id, text: choice.text }));
  const slots =
    question.kind === "TRUE_FALSE"
      ? choices
      : [...choices, ...Array.from({ length: blankChoices }, () => ({ id: "", text: "" }))];
  return {
    kind: question.kind,
    prompt: question.prompt,
    points: String(question.points),
    explanation: question.explanation,
    choices: slots.slice(0, Math.max(MAX_CHOICES, choices.length)),
    correct: Array.isArray(answer)
      ? choices.flatMap((choice, index) => (answer.includes(choice.id) ? [String(index)] : []))
      : [],
    accepted: question.kind === "SHORT_ANSWER" && Array.isArray(answer) ? answer.join("\n") : "",
    value: !Array.isArray(answer) ? String(answer.value) : "",
    tolerance: !Array.isArray(answer) ? String(answer.tolerance) : "",
  };
}

/** A new question's form values: TRUE_FALSE starts with its two choices in the course's language. */
export function newQuestionFormDefaults(kind: QuestionKind, courseLanguage: keyof typeof TRUE_FALSE_CHOICES) {
  const defaults = questionFormDefaults(
    {
      kind,
      prompt: "",
      choices: kind === "TRUE_FALSE" ? TRUE_FALSE_CHOICES[courseLanguage].map((choice) => ({ ...choice })) : [],
      answer: kind === "NUMERIC" ? { value: 0, tolerance: 0 } : [],
      points: 1,
      explanation: "",
    },
    { blankChoices: isChoiceKind(kind) && kind !== "TRUE_FALSE" ? 4 : 0 },
  );
  return { ...defaults, value: "" };
}
