import { parseWithZod } from "@conform-to/zod";
import { describe, expect, test } from "vitest";
import {
  findQuestionProblems,
  gradeResponse,
  newQuestionFormDefaults,
  normalizeShortAnswer,
  parseNumber,
  questionFormDefaults,
  questionFormSchema,
  readResponse,
  type QuestionContent,
} from "./quiz-questions";

const single = {
  kind: "SINGLE_CHOICE",
  choices: [
    { id: "a", text: "(-∞, ∞)" },
    { id: "b", text: "(0, 1)" },
  ],
  answer: ["b"],
  points: 2,
} as const;

const multiple = {
  kind: "MULTIPLE_CHOICE",
  choices: [
    { id: "a", text: "정확도" },
    { id: "b", text: "재현율" },
    { id: "c", text: "정밀도" },
  ],
  answer: ["b", "c"],
  points: 3,
} as const;

const shortAnswer = { kind: "SHORT_ANSWER", choices: [], answer: ["pandas", "머신 러닝"], points: 1 } as const;
const numeric = { kind: "NUMERIC", choices: [], answer: { value: 3.14, tolerance: 0.01 }, points: 5 } as const;

describe("grading", () => {
  test("a single choice is right only with the correct choice", () => {
    expect(gradeResponse(single, ["b"])).toEqual({ isCorrect: true, points: 2 });
    expect(gradeResponse(single, ["a"])).toEqual({ isCorrect: false, points: 0 });
    expect(gradeResponse(single, null)).toEqual({ isCorrect: false, points: 0 });
    expect(gradeResponse(single, "b")).toEqual({ isCorrect: false, points: 0 });
  });

  test("multiple choice is all or nothing, in any order", () => {
    expect(gradeResponse(multiple, ["c", "b"]).isCorrect).toBe(true);
    expect(gradeResponse(multiple, ["b"]).isCorrect).toBe(false);
    expect(gradeResponse(multiple, ["a", "b", "c"]).isCorrect).toBe(false);
  });

  test("TRUE_FALSE is graded like a single choice", () => {
    const trueFalse = {
      kind: "TRUE_FALSE",
      choices: [
        { id: "true", text: "참" },
        { id: "false", text: "거짓" },
      ],
      answer: ["false"],
      points: 1,
    } as const;
    expect(gradeResponse(trueFalse, ["false"]).isCorrect).toBe(true);
    expect(gradeResponse(trueFalse, ["true"]).isCorrect).toBe(false);
  });

  test.each([
    ["pandas", true],
    ["  Pandas ", true],
    ["ＰＡＮＤＡＳ", true], // full-width Latin
    ["ｐａｎｄａｓ", true],
    ["머신 러닝", true],
    ["머신　러닝", true], // an ideographic (full-width) space
    ["머신   러닝 ", true], // extra spaces
    ["머신 러닝".normalize("NFD"), true], // decomposed Hangul, as some keyboards send it
    ["머신\u200B 러닝", true], // a zero-width space pasted along
    ["머신러닝", false], // spacing inside a word is an answer of its own
    ["numpy", false],
    ["", false],
  ])("a short answer %j is right: %s", (typed, isCorrect) => {
    expect(gradeResponse(shortAnswer, typed).isCorrect).toBe(isCorrect);
  });

  test("half-width and full-width Korean compatibility letters read the same", () => {
    // U+FFA1 is the half-width form of ㄱ (U+3131); NFKC takes both to the same letter.
    expect(normalizeShortAnswer("\uFFA1")).toBe(normalizeShortAnswer("\u3131"));
    expect(gradeResponse({ ...shortAnswer, answer: ["ㄱ"] }, "\uFFA1").isCorrect).toBe(true);
  });

  test.each([
    ["3.14", true],
    ["3.15", true], // exactly at the tolerance, despite binary floating point
    ["3.13", true],
    ["3.16", false],
    ["３．１４", true], // full-width digits
    [" +3.140 ", true],
    ["314e-2", true],
    ["3,14", false], // a comma groups thousands; it is not a decimal point
    ["pi", false],
  ])("a number %j is right: %s", (typed, isCorrect) => {
    expect(gradeResponse(numeric, typed).isCorrect).toBe(isCorrect);
  });

  test("an answer of the wrong shape is never right", () => {
    expect(gradeResponse({ kind: "NUMERIC", answer: ["3.14"], points: 1 }, "3.14").isCorrect).toBe(false);
    expect(gradeResponse({ kind: "SHORT_ANSWER", answer: { value: 1, tolerance: 0 }, points: 1 }, "1").isCorrect).toBe(
      false,
    );
  });
});

describe("reading numbers", () => {
  test.each([
    ["1,000", 1000],
    ["12,345.5", 12345.5],
    ["−2.5", -2.5],
    ["-0.5", -0.5],
    [".5", 0.5],
    ["1 000", 1000],
    ["1e3", 1000],
    ["3,14", null],
    ["1,00", null],
    ["0x10", null],
    ["Infinity", null],
    ["", null],
    ["1.2.3", null],
  ])("%j is %s", (typed, expected) => {
    expect(parseNumber(typed)).toBe(expected);
  });
});

describe("reading a learner's form values", () => {
  test("choice ids come back in the question's order; unknown ids and two for one are refused", () => {
    expect(readResponse(multiple, ["c", "a"])).toEqual({ ok: true, response: ["a", "c"] });
    expect(readResponse(multiple, [])).toEqual({ ok: true, response: null });
    expect(readResponse(multiple, ["z"])).toEqual({ ok: false });
    expect(readResponse(single, ["a", "b"])).toEqual({ ok: false });
  });

  test("typed text is trimmed; nothing typed is no response", () => {
    expect(readResponse(shortAnswer, ["  판다스 "])).toEqual({ ok: true, response: "판다스" });
    expect(readResponse(numeric, ["   "])).toEqual({ ok: true, response: null });
    expect(readResponse(numeric, ["1".repeat(501)])).toEqual({ ok: false });
  });
});

describe("the rules a question keeps", () => {
  test("a valid question of every kind has none", () => {
    for (const question of [single, multiple, shortAnswer, numeric]) expect(findQuestionProblems(question)).toEqual([]);
  });

  test("each broken rule is named where it is", () => {
    expect(
      findQuestionProblems({ kind: "SINGLE_CHOICE", choices: [{ id: "a" }, { id: "a" }], answer: ["a", "z"] }),
    ).toEqual([
      { path: ["choices", 1, "id"], code: "duplicateChoiceId", values: { value: "a" } },
      { path: ["answer"], code: "oneAnswer", values: { kind: "SINGLE_CHOICE" } },
      { path: ["answer", 1], code: "unknownChoice", values: { value: "z" } },
    ]);
    expect(findQuestionProblems({ kind: "NUMERIC", choices: [], answer: ["3"] })).toEqual([
      { path: ["answer"], code: "numericAnswer" },
    ]);
    expect(findQuestionProblems({ kind: "NUMERIC", choices: [], answer: { value: 1, tolerance: -1 } })).toEqual([
      { path: ["answer", "tolerance"], code: "numericAnswer" },
    ]);
    expect(findQuestionProblems({ kind: "SHORT_ANSWER", choices: [], answer: { value: 1, tolerance: 0 } })).toEqual([
      { path: ["answer"], code: "answerList", values: { kind: "SHORT_ANSWER" } },
    ]);
    expect(findQuestionProblems({ kind: "SHORT_ANSWER", choices: [{ id: "a" }], answer: [] })).toEqual([
      { path: ["answer"], code: "noAnswer" },
      { path: ["choices"], code: "choicesNotAllowed", values: { kind: "SHORT_ANSWER" } },
    ]);
  });
});

function formData(entries: [string, string][]) {
  const data = new FormData();
  for (const [name, value] of entries) data.append(name, value);
  return data;
}

function errorsOf(submission: { status?: string; error?: unknown }) {
  return submission.status === "error" ? submission.error : undefined;
}

describe("the studio's question form", () => {
  test("choice slots become choices: existing ids kept, new ones given free letters, empty slots dropped", () => {
    const submission = parseWithZod(
      formData([
        ["kind", "MULTIPLE_CHOICE"],
        ["prompt", "알맞은 지표를 모두 고르세요."],
        ["points", "3"],
        ["choices[0].id", "b"],
        ["choices[0].text", "재현율"],
        ["choices[1].id", ""],
        ["choices[1].text", ""],
        ["choices[2].id", ""],
        ["choices[2].text", "정밀도"],
        ["choices[3].id", ""],
        ["choices[3].text", "정확도"],
        ["correct", "0"],
        ["correct", "2"],
      ]),
      { schema: questionFormSchema },
    );
    expect(submission.status).toBe("success");
    expect(submission.status === "success" ? submission.value : null).toEqual({
      kind: "MULTIPLE_CHOICE",
      prompt: "알맞은 지표를 모두 고르세요.",
      points: 3,
      explanation: "",
      choices: [
        { id: "b", text: "재현율" },
        { id: "a", text: "정밀도" },
        { id: "c", text: "정확도" },
      ],
      answer: ["b", "a"],
    });
  });

  test("mistakes come back beside their fields, as message keys", () => {
    const submission = parseWithZod(
      formData([
        ["kind", "SINGLE_CHOICE"],
        ["prompt", ""],
        ["points", "-1"],
        ["choices[0].text", "only one"],
        ["choices[1].text", ""],
        ["correct", "1"],
      ]),
      { schema: questionFormSchema },
    );
    expect(errorsOf(submission)).toMatchObject({
      prompt: ["validation.required"],
      points: ["validation.numberTooSmall"],
    });
    const numeric = parseWithZod(
      formData([
        ["kind", "NUMERIC"],
        ["prompt", "π?"],
        ["value", "3,14"],
        ["tolerance", "-1"],
      ]),
      { schema: questionFormSchema },
    );
    expect(errorsOf(numeric)).toEqual({
      value: ["studio.quizEditor.notANumber"],
      tolerance: ["studio.quizEditor.toleranceInvalid"],
    });
    const noCorrect = parseWithZod(
      formData([
        ["kind", "SINGLE_CHOICE"],
        ["prompt", "?"],
        ["choices[0].text", "A"],
        ["choices[1].text", "B"],
      ]),
      { schema: questionFormSchema },
    );
    expect(errorsOf(noCorrect)).toEqual({ correct: ["studio.quizEditor.problem.noAnswer"] });
  });

  test("a short answer lists its accepted answers one per line; a number reads like a learner's", () => {
    const shortForm = parseWithZod(
      formData([
        ["kind", "SHORT_ANSWER"],
        ["prompt", "표 데이터 라이브러리는?"],
        ["accepted", "pandas\r\n\r\n Pandas \npandas"],
      ]),
      { schema: questionFormSchema },
    );
    expect(shortForm.status === "success" && shortForm.value.answer).toEqual(["pandas", "Pandas"]);
    const numericForm = parseWithZod(
      formData([
        ["kind", "NUMERIC"],
        ["prompt", "π?"],
        ["value", "３.１４"],
        ["tolerance", ""],
      ]),
      { schema: questionFormSchema },
    );
    expect(numericForm.status === "success" && numericForm.value.answer).toEqual({ value: 3.14, tolerance: 0 });
  });

  test("a stored question's form, sent back unchanged, gives the same question", () => {
    const stored: QuestionContent[] = [
      {
        ...multiple,
        prompt: "?",
        explanation: "왜냐하면",
        choices: [...multiple.choices],
        answer: [...multiple.answer],
      },
      { ...numeric, prompt: "π?", explanation: "", choices: [], answer: { ...numeric.answer } },
      { ...shortAnswer, prompt: "?", explanation: "", choices: [], answer: [...shortAnswer.answer] },
    ];
    for (const question of stored) {
      const defaults = questionFormDefaults(question, { blankChoices: 2 });
      const entries: [string, string][] = [
        ["kind", defaults.kind],
        ["prompt", defaults.prompt],
        ["points", defaults.points],
        ["explanation", defaults.explanation],
        ["accepted", defaults.accepted],
        ["value", defaults.value],
        ["tolerance", defaults.tolerance],
        ...defaults.choices.flatMap((choice, index): [string, string][] => [
          [`choices[${index}].id`, choice.id],
          [`choices[${index}].text`, choice.text],
        ]),
        ...defaults.correct.map((index): [string, string] => ["correct", index]),
      ];
      const submission = parseWithZod(formData(entries), { schema: questionFormSchema });
      expect(submission.status === "success" ? submission.value : submission.error).toEqual(question);
    }
  });

  test("a new TRUE_FALSE question starts with its two choices in the course's language", () => {
    expect(newQuestionFormDefaults("TRUE_FALSE", "ko").choices).toEqual([
      { id: "true", text: "참" },
      { id: "false", text: "거짓" },
    ]);
    expect(newQuestionFormDefaults("SINGLE_CHOICE", "en").choices).toHaveLength(4);
  });
});
