// What demo learners handed in and how it was graded, written once by prisma/seed-grading.ts through
// the app's own model functions (so the grades, late marks, completions and audit entries follow
// the app's rules): AI501's assignments waiting in the grading queue, some late and one returned
// and handed in again; quiz attempts passed and failed; and AI501's gradebook with manual grades and
// one confirmed letter grade.
import { INSTRUCTOR_EMAIL, LEARNER_EMAIL } from "./people";

/**
 * When something happened: hours after (negative: before) the assignment's due time, which keeps
 * a late hand-in late whenever the seed runs; or days before the seed ran, for an assignment not due
 * yet and for quizzes, which have no due time. Never later than the seed's run.
 */
export type DemoMoment = { hoursAfterDue: number } | { daysAgo: number };

export type DemoReview =
  | { kind: "grade"; points: number; feedback: string; at: DemoMoment }
  | { kind: "return"; feedback: string; at: DemoMoment };

export type DemoSubmission = {
  /** The course's package folder under courses/, and the ASSIGNMENT lesson's slug in it. */
  folder: string;
  lessonSlug: string;
  learnerEmail: string;
  /** Each attempt in order; an attempt without a review waits in the grading queue. */
  attempts: { at: DemoMoment; body: string; review?: DemoReview }[];
};

export type DemoQuizAttempts = {
  folder: string;
  lessonSlug: string;
  learnerEmail: string;
  /** Each attempt in order: how many questions, from the first, it answers right (the rest wrong). */
  attempts: { daysAgo: number; rightCount: number }[];
};

export type DemoGradebook = {
  folder: string;
  /** Who sets it up, grades and confirms: one of the course's instructors. */
  instructorEmail: string;
  categories: {
    name: string;
    weightPercent: number;
    items: ({ lessonSlug: string; quizScoreRule?: "BEST" | "LAST" } | { title: string; maxPoints: number })[];
  }[];
  /** Points on manual items, by the item's title. */
  manualGrades: { title: string; learnerEmail: string; points: number }[];
  /** Learners whose suggested letter the instructor confirms. */
  confirmedLearnerEmails: string[];
};

/** Who grades the demo's submissions. */
export const GRADER_EMAIL = INSTRUCTOR_EMAIL;

const YUNA = "yuna.choi@bitgoeul.example";
const DOYOON = "doyoon.han@bitgoeul.example";
const SEOJUN = "seojun.kang@bitgoeul.example";
const HAEUN = "haeun.yoon@bitgoeul.example";
const TAEOH = "taeoh.lim@bitgoeul.example";

const GRADIENT_DESCENT = { folder: "ai501", lessonSlug: "assignment-gradient-descent" } as const;
const APARTMENT_PRICES = { folder: "ai501", lessonSlug: "assignment-gwangju-apartment-prices" } as const;

export const SUBMISSIONS: readonly DemoSubmission[] = [
  {
    ...GRADIENT_DESCENT,
    learnerEmail: LEARNER_EMAIL,
    attempts: [
      {
        at: { hoursAfterDue: -20 },
        body: [
          "저장소: https://github.com/jihoon-park/gd-from-scratch",
          "",
          "배치 경사 하강법과 미니배치 SGD를 구현했고, 수치 미분과의 기울기 차이는 최대 3e-8이었습니다.",
          "학습률 0.5에서는 10번 만에 발산했고, 0.001에서는 1,000번을 반복해도 손실이 충분히 줄지 않았습니다.",
          "표준화한 뒤에는 같은 학습률 0.1에서 수렴까지의 반복 횟수가 약 8분의 1로 줄었습니다.",
        ].join("\n"),
        review: {
          kind: "grade",
          points: 85,
          feedback:
            "기울기 검증이 꼼꼼하고 학습률 실험도 잘 정리했습니다. 표준화 전후 비교는 반복 횟수만 적었는데, " +
            "손실 곡선을 함께 보여 주면 훨씬 설득력이 있습니다. 과제 2에서는 미니배치 크기도 바꿔 보세요.",
          at: { hoursAfterDue: 40 },
        },
      },
    ],
  },
  {
    ...GRADIENT_DESCENT,
    learnerEmail: YUNA,
    attempts: [
      {
        at: { hoursAfterDue: -52 },
        body: [
          "노트북: https://github.com/yuna-choi/ai501-hw1/blob/main/gradient_descent.ipynb",
          "",
          "학습률별 손실 곡선과 표준화 전후 비교를 노트북 마지막 절에 정리했습니다.",
          "학습률 0.5에서 손실이 진동하다가 발산하는 과정을 반복마다 기록해 두었습니다.",
        ].join("\n"),
        review: {
          kind: "grade",
          points: 95,
          feedback:
            "구현과 실험 모두 훌륭합니다. 발산하는 학습률에서 손실이 어떻게 진동하다 커지는지 단계별로 " +
            "보여 준 부분이 특히 좋았습니다.",
          at: { hoursAfterDue: 38 },
        },
      },
    ],
  },
  {
    ...GRADIENT_DESCENT,
    learnerEmail: DOYOON,
    attempts: [
      {
        at: { hoursAfterDue: -30 },
        body: "코드 저장소: https://github.com/doyoon-han/gd\n\n학습률 네 가지로 실험했고, 결과 그래프는 저장소의 README에 있습니다.",
        review: {
          kind: "return",
          feedback:
            "수치 미분으로 기울기를 검증하는 부분(요구 사항 1)이 빠져 있습니다. 그 부분을 더하고, 학습률 0.5에서 " +
            "발산하는 이유도 한두 문장으로 설명해 다시 제출해 주세요.",
          at: { hoursAfterDue: 36 },
        },
      },
      {
        at: { hoursAfterDue: 60 },
        body: [
          "코드 저장소: https://github.com/doyoon-han/gd",
          "",
          "수치 미분 검증을 추가했습니다(상대 오차 1e-7 이하).",
          "학습률 0.5에서는 한 번의 업데이트가 최솟값을 지나쳐 반대편으로 더 멀리 가기 때문에 손실이 커집니다.",
        ].join("\n"),
      },
    ],
  },
  {
    ...GRADIENT_DESCENT,
    learnerEmail: SEOJUN,
    attempts: [
      {
        at: { hoursAfterDue: -3 },
        body: "노트북 링크: https://colab.research.google.com/drive/seojun-kang-gd\n\n요구 사항 1–4를 모두 노트북에 담았습니다.",
      },
    ],
  },
  {
    ...GRADIENT_DESCENT,
    learnerEmail: HAEUN,
    attempts: [
      {
        at: { hoursAfterDue: 14 },
        body: "늦어서 죄송합니다. 저장소: https://github.com/haeun-yoon/ai501-gd\n\n미니배치 크기 16, 64, 256도 비교해 보았습니다.",
      },
    ],
  },
  {
    ...GRADIENT_DESCENT,
    learnerEmail: TAEOH,
    attempts: [
      {
        at: { hoursAfterDue: 50 },
        body: "저장소: https://github.com/taeoh-lim/gradient-descent\n\n표준화 전후 비교는 아직 진행 중이라 결과만 먼저 올립니다.",
      },
    ],
  },
  {
    ...APARTMENT_PRICES,
    learnerEmail: YUNA,
    attempts: [
      {
        at: { daysAgo: 3 },
        body: [
          "노트북: https://github.com/yuna-choi/ai501-hw2/blob/main/gwangju_apartments.ipynb",
          "",
          "5-폴드 교차 검증 RMSE는 직접 구현한 경사 하강법 0.412억 원, LinearRegression 0.409억 원입니다.",
          "잔차는 전용면적 135㎡ 이상 대형 평형에서 크게 벌어져, 로그 가격으로 다시 학습한 결과를 함께 적었습니다.",
        ].join("\n"),
        review: {
          kind: "grade",
          points: 88,
          feedback:
            "두 구현의 결과가 거의 같게 나와 구현을 믿을 수 있습니다. 대형 평형의 잔차를 로그 변환으로 다룬 시도가 " +
            "좋았습니다. 자치구별 잔차도 나눠 보았다면 더 좋았을 것입니다.",
          at: { daysAgo: 1 },
        },
      },
    ],
  },
  {
    ...APARTMENT_PRICES,
    learnerEmail: SEOJUN,
    attempts: [
      {
        at: { daysAgo: 1 },
        body: "노트북: https://github.com/seojun-kang/ai501-hw2\n\n교차 검증 RMSE와 잔차 그래프를 노트북 끝에 정리했습니다.",
      },
    ],
  },
];

const CLASSIFICATION_QUIZ = { folder: "ai501", lessonSlug: "classification-quiz" } as const;

// The demo learner's own attempts are left for whoever tries the demo.
export const QUIZ_ATTEMPTS: readonly DemoQuizAttempts[] = [
  { ...CLASSIFICATION_QUIZ, learnerEmail: YUNA, attempts: [{ daysAgo: 8, rightCount: 3 }] },
  {
    ...CLASSIFICATION_QUIZ,
    learnerEmail: DOYOON,
    attempts: [
      { daysAgo: 7, rightCount: 2 },
      { daysAgo: 6, rightCount: 3 },
    ],
  },
  { ...CLASSIFICATION_QUIZ, learnerEmail: SEOJUN, attempts: [{ daysAgo: 3, rightCount: 1 }] },
  { ...CLASSIFICATION_QUIZ, learnerEmail: HAEUN, attempts: [{ daysAgo: 4, rightCount: 3 }] },
  {
    folder: "aca201",
    lessonSlug: "checkpoint-quiz",
    learnerEmail: "minho.jung@bitgoeul.example",
    attempts: [
      { daysAgo: 2, rightCount: 2 },
      { daysAgo: 1, rightCount: 3 },
    ],
  },
  // Two of the fall cohort's generated trainees (seed-data/cohort-operations.ts) keep failing the
  // checkpoint: the at-risk list's "quiz not passed" reason.
  ...["trainee06@bitgoeul.example", "trainee10@bitgoeul.example"].map((learnerEmail) => ({
    folder: "aca201",
    lessonSlug: "checkpoint-quiz",
    learnerEmail,
    attempts: [
      { daysAgo: 5, rightCount: 1 },
      { daysAgo: 3, rightCount: 1 },
    ],
  })),
];

export const GRADEBOOKS: readonly DemoGradebook[] = [
  {
    folder: "ai501",
    instructorEmail: INSTRUCTOR_EMAIL,
    categories: [
      { name: "퀴즈", weightPercent: 20, items: [{ lessonSlug: "classification-quiz", quizScoreRule: "BEST" }] },
      {
        name: "과제",
        weightPercent: 40,
        items: [{ lessonSlug: GRADIENT_DESCENT.lessonSlug }, { lessonSlug: APARTMENT_PRICES.lessonSlug }],
      },
      { name: "기말 프로젝트", weightPercent: 40, items: [{ title: "기말 프로젝트 보고서와 발표", maxPoints: 100 }] },
    ],
    manualGrades: [
      { title: "기말 프로젝트 보고서와 발표", learnerEmail: YUNA, points: 91 },
      { title: "기말 프로젝트 보고서와 발표", learnerEmail: HAEUN, points: 84.5 },
    ],
    // 최유나 finished early: quiz 100, assignments 95 and 88, project 91, so 93.0, an A0.
    confirmedLearnerEmails: [YUNA],
  },
];
