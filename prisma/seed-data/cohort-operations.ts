// The academy's day-to-day records in the demo: a full fall cohort with attendance and learners at
// every stage (some of them at risk, for each reason the dashboard names), and a spring cohort that
// has finished, with its graduates' outcomes. Names are made up; organisations are fictional.
import type { OutcomeKind } from "../../app/generated/prisma/enums";

/** The running cohort that gets generated trainees, class days and attendance. */
export const RUNNING_COHORT_SLUG = "academy-2026-fall-data";

/** The finished cohort (in programs.ts, with its course in course-links.ts). */
export const FINISHED_COHORT_SLUG = "academy-2026-spring-vision";

const FAMILY_NAMES = ["김", "이", "박", "최", "정", "강", "조", "윤", "장", "임", "한", "오", "서", "신", "권", "황"];
const GIVEN_NAMES = [
  "서준",
  "하은",
  "도현",
  "지우",
  "민서",
  "예준",
  "수아",
  "시우",
  "지민",
  "유진",
  "현우",
  "서윤",
  "준호",
  "채원",
  "지호",
  "다은",
  "건우",
  "소율",
  "우진",
  "하린",
];

/** A trainee's made-up Korean name, the same on every run. */
function traineeName(index: number) {
  return `${FAMILY_NAMES[index % FAMILY_NAMES.length]}${GIVEN_NAMES[(index * 7) % GIVEN_NAMES.length]}`;
}

/**
 * The running cohort's generated trainees: how far each got (a share of each course's lessons that
 * complete by viewing) and how many days ago they were last active, chosen so that most keep up and
 * a few are inactive, behind or often absent: every at-risk reason shows, on a minority.
 */
export const RUNNING_TRAINEES = Array.from({ length: 36 }, (_, i) => {
  // Most keep up; one in four is behind or has not started.
  const shares = [1, 1, 0.85, 1, 1, 0.6, 1, 1, 1, 0.35, 1, 0];
  return {
    email: `trainee${String(i + 1).padStart(2, "0")}@bitgoeul.example`,
    name: traineeName(i),
    completedShare: shares[i % shares.length]!,
    // Every seventh trainee has not been seen for two weeks; the rest within the last few days.
    lastActiveDaysAgo: i % 7 === 3 ? 14 : i % 4,
    // Every ninth trainee misses about one class day in three: below an 80 % threshold.
    isOftenAbsent: i % 9 === 4,
  };
});

export type DemoOutcome = { kind: OutcomeKind; organisation: string | null; monthsAfterEnd: number } | null;

const OUTCOMES: DemoOutcome[] = [
  { kind: "EMPLOYED", organisation: "빛고을데이터랩", monthsAfterEnd: 1 },
  { kind: "EMPLOYED", organisation: "무등AI솔루션", monthsAfterEnd: 2 },
  { kind: "STARTED_COMPANY", organisation: "주식회사 영산강비전", monthsAfterEnd: 2 },
  { kind: "EMPLOYED", organisation: "광주에너지테크", monthsAfterEnd: 1 },
  { kind: "GRADUATE_SCHOOL", organisation: "AI 대학원", monthsAfterEnd: 0 },
  { kind: "EMPLOYED", organisation: "남도모빌리티", monthsAfterEnd: 3 },
  { kind: "SEEKING", organisation: null, monthsAfterEnd: 1 },
  { kind: "EMPLOYED", organisation: "빛고을데이터랩", monthsAfterEnd: 2 },
  { kind: "STARTED_COMPANY", organisation: "비전팜", monthsAfterEnd: 3 },
  { kind: "EMPLOYED", organisation: "첨단헬스케어", monthsAfterEnd: 1 },
  { kind: "SEEKING", organisation: null, monthsAfterEnd: 2 },
  null,
  { kind: "EMPLOYED", organisation: "광주스마트시티센터", monthsAfterEnd: 2 },
  { kind: "GRADUATE_SCHOOL", organisation: "AI 대학원", monthsAfterEnd: 0 },
  { kind: "EMPLOYED", organisation: "무등AI솔루션", monthsAfterEnd: 1 },
  { kind: "SEEKING", organisation: null, monthsAfterEnd: 1 },
  { kind: "STARTED_COMPANY", organisation: "데이터숲", monthsAfterEnd: 2 },
  { kind: "EMPLOYED", organisation: "남도모빌리티", monthsAfterEnd: 2 },
  null,
  { kind: "SEEKING", organisation: null, monthsAfterEnd: 1 },
];

/** The finished cohort's graduates: all finished the course; most have an outcome recorded. */
export const GRADUATES = OUTCOMES.map((outcome, i) => ({
  email: `graduate${String(i + 1).padStart(2, "0")}@bitgoeul.example`,
  name: traineeName(i + 50),
  outcome,
}));

/** Why an excused absence was excused, in the demo. */
export const EXCUSE_REASONS = ["병원 진료", "예비군 훈련", "가족 행사"] as const;

/** Graduate students of the M.S. track (최유나 holds the demo's confirmed A0 in AI501). */
export const GRADUATE_STUDENTS = [
  { email: "yuna.choi@bitgoeul.example", studentNumber: "20265001", trackSlug: "ms-artificial-intelligence" },
  { email: "learner@bitgoeul.example", studentNumber: "20265002", trackSlug: "ms-artificial-intelligence" },
] as const;
