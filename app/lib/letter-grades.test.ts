import { describe, expect, test } from "vitest";
import {
  cutoffLetters,
  defaultCutoffs,
  gradeCutoffsSchema,
  gradeLetters,
  gradePointOf,
  resolveCutoffs,
  suggestLetter,
  type LetterSystem,
} from "~/lib/letter-grades";

const SCALE_4_5: LetterSystem = { scale: "KR_4_5", isPassFail: false };
const SCALE_4_3: LetterSystem = { scale: "KR_4_3", isPassFail: false };
const PASS_FAIL: LetterSystem = { scale: "KR_4_5", isPassFail: true };

describe("the scales", () => {
  test("4.5: nine letters from A+ 4.5 to F 0", () => {
    expect(gradeLetters(SCALE_4_5)).toEqual(["A+", "A0", "B+", "B0", "C+", "C0", "D+", "D0", "F"]);
    expect(gradeLetters(SCALE_4_5).map((letter) => gradePointOf({ scale: "KR_4_5", letter }))).toEqual([
      4.5, 4.0, 3.5, 3.0, 2.5, 2.0, 1.5, 1.0, 0,
    ]);
  });

  test("4.3: thirteen letters from A+ 4.3 to F 0, with minus grades", () => {
    expect(gradeLetters(SCALE_4_3)).toEqual([
      "A+",
      "A0",
      "A-",
      "B+",
      "B0",
      "B-",
      "C+",
      "C0",
      "C-",
      "D+",
      "D0",
      "D-",
      "F",
    ]);
    expect(gradeLetters(SCALE_4_3).map((letter) => gradePointOf({ scale: "KR_4_3", letter }))).toEqual([
      4.3, 4.0, 3.7, 3.3, 3.0, 2.7, 2.3, 2.0, 1.7, 1.3, 1.0, 0.7, 0,
    ]);
  });

  test("P and NP have no grade point; a letter of the other scale has none either", () => {
    expect(gradeLetters(PASS_FAIL)).toEqual(["P", "NP"]);
    expect(gradePointOf({ scale: "KR_4_5", letter: "P" })).toBeNull();
    expect(gradePointOf({ scale: "KR_4_5", letter: "A-" })).toBeNull();
  });

  test("every letter but the last has a default cut-off, descending, the lowest 60", () => {
    for (const system of [SCALE_4_5, SCALE_4_3, PASS_FAIL]) {
      const cutoffs = defaultCutoffs(system);
      expect(Object.keys(cutoffs)).toEqual(cutoffLetters(system));
      expect(cutoffLetters(system)).toEqual(gradeLetters(system).slice(0, -1));
      const values = Object.values(cutoffs);
      expect(values).toEqual([...values].sort((a, b) => b - a));
      expect(values.at(-1)).toBe(60);
    }
    expect(defaultCutoffs(SCALE_4_5)).toEqual({
      "A+": 95,
      A0: 90,
      "B+": 85,
      B0: 80,
      "C+": 75,
      C0: 70,
      "D+": 65,
      D0: 60,
    });
    expect(defaultCutoffs(PASS_FAIL)).toEqual({ P: 60 });
  });
});

describe("suggesting a letter from a score", () => {
  const cutoffs45 = defaultCutoffs(SCALE_4_5);

  test.each([
    [100, "A+"],
    [95, "A+"],
    [94.99, "A0"],
    [90, "A0"],
    [89.994, "B+"], // shown as 89.99
    [89.996, "A0"], // shown as 90.00: the letter follows the score as shown
    [81.67, "B0"],
    [75, "C+"],
    [60, "D0"],
    [59.99, "F"],
    [0, "F"],
  ])("4.5 defaults: %s → %s", (scorePercent, letter) => {
    expect(suggestLetter(SCALE_4_5, { scorePercent, cutoffs: cutoffs45 })).toBe(letter);
  });

  test.each([
    [97, "A+"],
    [96.5, "A0"],
    [92, "A-"],
    [80, "B-"],
    [71, "C-"],
    [60.5, "D-"],
    [59, "F"],
  ])("4.3 defaults: %s → %s", (scorePercent, letter) => {
    expect(suggestLetter(SCALE_4_3, { scorePercent, cutoffs: defaultCutoffs(SCALE_4_3) })).toBe(letter);
  });

  test("pass/fail: P from the cut-off up, NP below", () => {
    expect(suggestLetter(PASS_FAIL, { scorePercent: 60, cutoffs: { P: 60 } })).toBe("P");
    expect(suggestLetter(PASS_FAIL, { scorePercent: 59.99, cutoffs: { P: 60 } })).toBe("NP");
    expect(suggestLetter(PASS_FAIL, { scorePercent: 72, cutoffs: { P: 75 } })).toBe("NP");
  });

  test("a course's own cut-offs are used, and no score suggests nothing", () => {
    const own = { ...cutoffs45, "A+": 98, A0: 93 };
    expect(suggestLetter(SCALE_4_5, { scorePercent: 96, cutoffs: own })).toBe("A0");
    expect(suggestLetter(SCALE_4_5, { scorePercent: null, cutoffs: own })).toBeNull();
  });
});

describe("the cut-offs schema", () => {
  test("accepts descending cut-offs from 0 to 100, decimals included", () => {
    const cutoffs = { "A+": 94.5, A0: 89.5, "B+": 84.5, B0: 79.5, "C+": 74.5, C0: 69.5, "D+": 64.5, D0: 0 };
    expect(gradeCutoffsSchema(SCALE_4_5).safeParse(cutoffs)).toMatchObject({ success: true, data: cutoffs });
  });

  test("refuses a value out of 0..100 and one not below the letter above, each at its letter", () => {
    const result = gradeCutoffsSchema(SCALE_4_5).safeParse({
      ...defaultCutoffs(SCALE_4_5),
      "A+": 101,
      B0: 85,
      D0: -1,
    });
    expect(result.success).toBe(false);
    expect(result.error?.flatten().fieldErrors).toEqual({
      "A+": ["grades.cutoffOutOfRange"],
      B0: ["grades.cutoffNotDescending"],
      D0: ["grades.cutoffOutOfRange"],
    });
  });

  test("refuses a missing letter and a letter of another scale", () => {
    const { D0: _missing, ...withoutD0 } = defaultCutoffs(SCALE_4_5);
    expect(gradeCutoffsSchema(SCALE_4_5).safeParse(withoutD0).success).toBe(false);
    expect(gradeCutoffsSchema(SCALE_4_5).safeParse({ ...defaultCutoffs(SCALE_4_5), "A-": 91 }).success).toBe(false);
  });

  test("a course's stored cut-offs that no longer fit its letter system give way to the defaults", () => {
    const own = { ...defaultCutoffs(SCALE_4_5), "A+": 97 };
    expect(resolveCutoffs(SCALE_4_5, own)).toEqual({ cutoffs: own, isDefault: false });
    expect(resolveCutoffs(SCALE_4_3, own)).toEqual({ cutoffs: defaultCutoffs(SCALE_4_3), isDefault: true });
    expect(resolveCutoffs(PASS_FAIL, own)).toEqual({ cutoffs: { P: 60 }, isDefault: true });
    expect(resolveCutoffs(SCALE_4_5, null)).toEqual({ cutoffs: defaultCutoffs(SCALE_4_5), isDefault: true });
  });
});
